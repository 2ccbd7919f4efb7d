"""The original PDF page beside the claim panel: the page as printed, the current
sentence's boxes highlighted and the other sentences tinted by their verdict.

Pages are rendered by PDFium (pypdfium2) straight into a QImage (no PIL) at the
screen's device pixel ratio, a few kept for going back and forth. Where a sentence
sits comes from `text.pdf_boxes`: its text is matched in the page's text once per
document and its boxes fetched when a page is first shown. A click on a box selects
its sentence. Fit width by default; zoom in and out from there.
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict
from collections.abc import Callable, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QStackedLayout,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from assay.text.pdf_boxes import SentenceLocator
from assay.ui import theme
from assay.ui.plain_text import plain_label

# A sentence of the shown document for the page view: (id, text, page).
PageSentence = tuple[int, str, int | None]
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0
CACHED_PAGES = 4
PAGE_MARGIN = 8  # logical pixels around the page


class PageCanvas(QWidget):
    """One rendered page and the sentence rectangles on it (logical pixels)."""

    clicked = Signal(int)  # sentence id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.rects: list[tuple[int, QRectF]] = []  # (sentence id, rect), in page order
        self.current: int | None = None
        self.verdict_of: Callable[[int], str | None] = lambda _id: None
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_page(self, image: QImage, rects: list[tuple[int, QRectF]]) -> None:
        self.image, self.rects = image, rects
        size = image.deviceIndependentSize().toSize()
        self.setFixedSize(size + QSize(2 * PAGE_MARGIN, 2 * PAGE_MARGIN))
        self.update()

    def sentence_at(self, point: QPointF) -> int | None:
        local = point - QPointF(PAGE_MARGIN, PAGE_MARGIN)
        for sentence_id, rect in self.rects:
            if rect.adjusted(-1, -1, 1, 1).contains(local):
                return sentence_id
        return None

    def current_rects(self) -> list[QRectF]:
        return [rect for sentence_id, rect in self.rects if sentence_id == self.current]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.translate(PAGE_MARGIN, PAGE_MARGIN)
        if not self.image.isNull():
            painter.fillRect(
                QRectF(QPointF(2, 2), self.image.deviceIndependentSize()), QColor(0, 0, 0, 60)
            )
            painter.drawImage(QPointF(0, 0), self.image)
        # Multiply keeps the print legible under a tint (white paper takes the colour).
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        painter.setPen(Qt.PenStyle.NoPen)
        for sentence_id, rect in self.rects:
            if sentence_id == self.current:
                continue
            tint = theme.verdict_tint(self.verdict_of(sentence_id))
            if tint is not None:
                painter.fillRect(rect, tint)
        current = self.current_rects()
        if current:
            highlight = theme.current_sentence_color()
            for rect in current:
                painter.fillRect(rect, highlight)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            edge = QColor(highlight)
            edge.setAlpha(255)
            painter.setPen(QPen(edge, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in current:
                painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            sentence_id = self.sentence_at(event.position())
            if sentence_id is not None:
                self.clicked.emit(sentence_id)
                return
        super().mousePressEvent(event)


class PageView(QWidget):
    """The shown document's PDF, one page at a time; or why there is none."""

    sentence_clicked = Signal(int)
    attach_requested = Signal()
    page_shown = Signal(int)  # 1-based page number, after it is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setAccessibleName("Original page")
        self.canvas = PageCanvas()
        self.canvas.clicked.connect(self.sentence_clicked)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("pageScroll")
        self.scroll.setWidget(self.canvas)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)
        self.page_label = plain_label()
        self.page_label.setObjectName("pageLabel")
        pages_side = QWidget()
        pages_layout = QVBoxLayout(pages_side)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        pages_layout.addWidget(self.scroll, 1)
        pages_layout.addWidget(self.page_label)

        self.message = plain_label()
        self.message.setObjectName("pageMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.attach_button = QPushButton("Attach original &PDF…")  # Alt+A opens Annotate
        self.attach_button.setObjectName("attachOriginal")
        self.attach_button.clicked.connect(self.attach_requested)
        message_side = QWidget()
        message_layout = QVBoxLayout(message_side)
        message_layout.addStretch(1)
        message_layout.addWidget(self.message)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.attach_button)
        button_row.addStretch(1)
        message_layout.addLayout(button_row)
        message_layout.addStretch(2)

        self.stack = QStackedLayout(self)
        self.stack.addWidget(message_side)
        self.stack.addWidget(pages_side)
        self.document_key: object = None
        self._pdf: pdfium.PdfDocument | None = None
        self._locator: SentenceLocator | None = None
        self._ids: list[int] = []
        self._index_of: dict[int, int] = {}
        self._pages: dict[int, int | None] = {}  # sentence id -> its page in the text
        self._images: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self.page: int | None = None
        self.zoom = 1.0  # relative to fit width

    # --- content -------------------------------------------------------------------

    @property
    def has_pages(self) -> bool:
        return self._pdf is not None

    def set_verdict_source(self, verdict_of: Callable[[int], str | None]) -> None:
        self.canvas.verdict_of = verdict_of

    def show_message(self, key: object, text: str, *, can_attach: bool) -> None:
        """No page to show: say why; offer to attach the PDF when that would help."""
        self._close_pdf()
        self.document_key = key
        self.message.setText(text)
        self.attach_button.setVisible(can_attach)
        self.stack.setCurrentIndex(0)

    def show_document(self, key: object, pdf: bytes, sentences: Sequence[PageSentence]) -> None:
        """A document's PDF; its sentences are placed now, boxes fetched per page."""
        self._close_pdf()
        self.document_key = key
        self._pdf = pdfium.PdfDocument(pdf)
        self._ids = [sentence_id for sentence_id, _text, _page in sentences]
        self._index_of = {sentence_id: i for i, sentence_id in enumerate(self._ids)}
        self._pages = {sentence_id: page for sentence_id, _text, page in sentences}
        self._locator = SentenceLocator(self._pdf, [(text, page) for _id, text, page in sentences])
        self.stack.setCurrentIndex(1)

    def clear(self) -> None:
        self.show_message(None, "", can_attach=False)

    def _close_pdf(self) -> None:
        self._images.clear()
        self._locator = None
        self.page = None
        self.canvas.set_page(QImage(), [])
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    # --- following the review ----------------------------------------------------------

    def set_current(self, sentence_id: int | None) -> None:
        """Show the page of `sentence_id` with its boxes highlighted and in view."""
        self.canvas.current = sentence_id
        if self._pdf is None or self._locator is None or sentence_id is None:
            return
        page = self._page_of(sentence_id)
        if page is not None and page != self.page:
            self.show_page(page)
        self.canvas.update()
        self._bring_current_into_view()

    def _page_of(self, sentence_id: int) -> int | None:
        index = self._index_of.get(sentence_id)
        if index is not None and self._locator is not None and self._locator.pieces_of(index):
            return self._locator.pieces_of(index)[0].page
        return self._pages.get(sentence_id) or self.page or 1

    def _bring_current_into_view(self) -> None:
        rects = self.canvas.current_rects()
        if not rects:
            return
        first = rects[0].translated(PAGE_MARGIN, PAGE_MARGIN)
        margin_y = max(20, self.scroll.viewport().height() // 3)
        self.scroll.ensureVisible(int(first.center().x()), int(first.center().y()), 40, margin_y)

    def refresh(self) -> None:
        """Verdicts changed: repaint the tints."""
        self.canvas.update()

    # --- pages ---------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        assert self._pdf is not None and self._locator is not None
        page = max(1, min(page, len(self._pdf)))
        ratio = self.devicePixelRatioF()
        scale = self._scale(page)
        key = (page, round(scale * ratio, 4))
        image = self._images.get(key)
        pdf_page = self._pdf[page - 1]
        try:
            if image is None:
                image = _render(pdf_page, scale * ratio)
                image.setDevicePixelRatio(ratio)
                self._images[key] = image
                while len(self._images) > CACHED_PAGES:
                    self._images.popitem(last=False)
            else:
                self._images.move_to_end(key)
            rects = self._page_rects(pdf_page, page, image, ratio)
        finally:
            pdf_page.close()
        self.page = page
        self.canvas.set_page(image, rects)
        self.page_label.setText(
            f"Page {page} of {len(self._pdf)}  ·  {round(self.zoom * 100)}% of the width"
        )
        self.page_shown.emit(page)

    def _scale(self, page: int) -> float:
        """Pixels per point: the page fits the view's width, times the zoom."""
        assert self._pdf is not None
        width_pt = self._pdf.get_page_size(page - 1)[0]
        # The widest the viewport gets, less a vertical scroll bar (a fitted page is taller
        # than the view): fit width never needs a horizontal one.
        bar = self.scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        available = max(200, self.scroll.maximumViewportSize().width() - bar - 2 * PAGE_MARGIN)
        return available / width_pt * self.zoom

    def _page_rects(
        self, pdf_page: pdfium.PdfPage, page: int, image: QImage, ratio: float
    ) -> list[tuple[int, QRectF]]:
        """Every placed sentence's boxes on this page, in the image's logical pixels."""
        assert self._locator is not None
        width, height = image.width(), image.height()
        out: list[tuple[int, QRectF]] = []
        for index, rects in self._locator.page_boxes(page).items():
            for left, bottom, right, top in rects:
                x1, y1 = _to_device(pdf_page, width, height, left, bottom)
                x2, y2 = _to_device(pdf_page, width, height, right, top)
                rect = QRectF(QPointF(x1, y1), QPointF(x2, y2)).normalized()
                out.append((self._ids[index], QRectF(rect.topLeft() / ratio, rect.size() / ratio)))
        return out

    # --- zoom ----------------------------------------------------------------------------

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        if self._pdf is not None and self.page is not None:
            self.show_page(self.page)
            self._bring_current_into_view()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if (
            self._pdf is not None
            and self.page is not None
            and event.size().width() != event.oldSize().width()
        ):
            self.show_page(self.page)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self._close_pdf()
        super().closeEvent(event)


def _render(pdf_page: pdfium.PdfPage, scale: float) -> QImage:
    """The page at `scale` pixels per point, as a QImage that owns its pixels."""
    bitmap = pdf_page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRx)
    try:
        # BGRx bytes are Qt's RGB32 on a little-endian machine (every platform Qt ships on).
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
        )
        return image.copy()  # the bitmap's memory goes with it
    finally:
        bitmap.close()


def _to_device(
    pdf_page: pdfium.PdfPage, width: int, height: int, x: float, y: float
) -> tuple[float, float]:
    """A point in PDF points to the rendered bitmap's pixels (PDFium's own mapping, so
    rotated pages and crop boxes land where the render put them)."""
    device_x, device_y = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(
        pdf_page.raw, 0, 0, width, height, 0, x, y, ctypes.byref(device_x), ctypes.byref(device_y)
    )
    return float(device_x.value), float(device_y.value)
