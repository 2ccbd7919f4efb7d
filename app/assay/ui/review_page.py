"""The review page: document text and claim panel side by side, the table below.

The page is built in two steps so that the document can be painted first: the text
side at once, the claim panel and table (`install`) right after the first paint.
Until then, empty slots of the same size hold their places, so nothing moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assay.ui import theme
from assay.ui.plain_text import plain_label
from assay.ui.source_view import SourceView

if TYPE_CHECKING:
    from assay.ui.claim_panel import ClaimPanel
    from assay.ui.sentence_table import SentenceTable

PANEL_MIN_WIDTH = 340
# Text : claim panel, and top : table. Relative weights; Qt scales them to the window.
TOP_SIZES = [3000, 2000]
PAGE_SIZES = [3000, 1000]


class ReviewPage(QWidget):
    page_view_toggled = Signal(bool)  # the original page shown in place of the text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = plain_label()  # why the review is read-only: it names files
        self.notice.setObjectName("readOnlyNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "QLabel#readOnlyNotice {{ background: {1}; color: {0}; padding: 6px 10px; }}".format(
                *theme.NOTICE_COLORS
            )
        )
        self.notice.hide()

        self.document_combo = QComboBox()
        self.document_combo.setObjectName("documentCombo")
        self.document_combo.setAccessibleName("Document")
        # Sized to a short title, not the longest one: twelve long titles must not widen
        # the window past a laptop screen (the list that opens shows them whole).
        self.document_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.document_combo.setMinimumContentsLength(12)
        # Alt+D opens the Document menu; M is free in the menus and the claim panel.
        document_label = QLabel("Docu&ment:")
        document_label.setBuddy(self.document_combo)
        self.document_bar = document_bar = QHBoxLayout()
        document_bar.addWidget(document_label)
        document_bar.addWidget(self.document_combo, 1)

        self.source_view = SourceView()
        self.claim_panel: ClaimPanel | None = None
        self.table: SentenceTable | None = None
        panel_slot = QWidget()
        panel_slot.setMinimumWidth(PANEL_MIN_WIDTH)

        text_side = QWidget()
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addLayout(document_bar)
        # The text, or the original PDF page in its place (View ▸ Original page).
        self.text_stack = QStackedWidget()
        self.text_stack.addWidget(self.source_view)
        text_layout.addWidget(self.text_stack, 1)

        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.addWidget(text_side)
        self.top_splitter.addWidget(panel_slot)
        self.top_splitter.setStretchFactor(0, 3)
        self.top_splitter.setStretchFactor(1, 2)
        self.top_splitter.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.top_splitter)
        self.splitter.addWidget(QWidget())
        self.top_splitter.setSizes(TOP_SIZES)
        self.splitter.setSizes(PAGE_SIZES)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        # Set by the window when the splitters came back as the reviewer left them.
        self.sizes_restored = False

    def splitters(self) -> dict[str, QSplitter]:
        """The splitters whose sizes the window keeps between starts, by name."""
        return {"top": self.top_splitter, "page": self.splitter}

    def install(self, claim_panel: ClaimPanel, table: SentenceTable) -> None:
        """Put the claim panel and the table in their slots, keeping every size."""
        # Held on self: PySide's replaceWidget does not take the new widget from Python.
        self.panel_scroll = panel_scroll = QScrollArea()
        panel_scroll.setWidget(claim_panel)
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The form scrolls with the mouse wheel; Tab goes to its fields, never to the
        # scroll area itself (an invisible stop).
        panel_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # "Reviewed" and "Mark reviewed & next" stay below the form, outside the scroll
        # area: reachable at 768 px (and 125%) however tall the form is.
        self.panel_side = panel_side = QWidget()
        panel_side.setObjectName("claimPanelSide")
        panel_side.setMinimumWidth(PANEL_MIN_WIDTH)
        side_layout = QVBoxLayout(panel_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(panel_scroll, 1)
        side_layout.addWidget(claim_panel.action_bar)
        pairs = ((self.top_splitter, panel_side, TOP_SIZES), (self.splitter, table, PAGE_SIZES))
        for splitter, widget, default_sizes in pairs:
            sizes = splitter.sizes()
            splitter.replaceWidget(1, widget).deleteLater()
            splitter.setSizes(sizes if sum(sizes) > 0 else default_sizes)
        # A page not shown yet (first run: the empty page came first) has placeholder
        # sizes only; it takes the default proportions when it is first shown.
        self._needs_default_sizes = not self.isVisible() and not self.sizes_restored
        self.claim_panel, self.table = claim_panel, table

    def install_page_view(self, view: QWidget) -> None:
        self.text_stack.addWidget(view)

    @property
    def page_view_shown(self) -> bool:
        return self.text_stack.currentIndex() == 1

    def show_page_view(self, shown: bool) -> None:
        if self.text_stack.count() > 1 and shown != self.page_view_shown:
            self.text_stack.setCurrentIndex(1 if shown else 0)
            self.page_view_toggled.emit(shown)

    def add_to_document_bar(self, widget: QWidget) -> None:
        """Widgets made after the first paint (whose annotations are shown)."""
        self.document_bar.addWidget(widget)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if getattr(self, "_needs_default_sizes", False):
            self._needs_default_sizes = False
            for splitter, weights in ((self.top_splitter, TOP_SIZES), (self.splitter, PAGE_SIZES)):
                horizontal = splitter.orientation() == Qt.Orientation.Horizontal
                total = splitter.width() if horizontal else splitter.height()
                splitter.setSizes([total * w // sum(weights) for w in weights])

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))


class EmptyPage(QWidget):
    """What the window shows with no review open: what to do next, with the keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(
            "<h2>No review open</h2>"
            "<p>Open a review with <b>Ctrl+O</b>, create one with <b>Ctrl+N</b>,<br>"
            "or drop a review file or a document on this window.</p>"
            "<p>Press <b>F1</b> for the keyboard map.</p>"
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
