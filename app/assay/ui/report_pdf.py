"""The report as a PDF, painted by Qt: the HTML report's body laid out in a QTextDocument
(A4, a footer with the review and the page number on every page). Each chart keeps its
place in the text as a blank image and is painted over it as vectors, from the chart's
geometry, with QPainter. (A QTextObjectInterface would be the natural way, but PySide6
does not pass a Python handler to the layout: it is never called.)

Deterministic for a pinned export time: the document id is derived from the review and
the time, and the dates Qt stamps (Info dictionary and XMP) are rewritten to the export
time, in place and at the same length, so the cross-reference offsets stay right.
Safe on a worker thread (no QPixmap, no widget): QGuiApplication must exist.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, QUrl, QUuid
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from assay.exchange.report_charts import VERDICT_HUES, Chart
from assay.exchange.report_html import report_body
from assay.exchange.report_model import ReportContent, shown_time
from assay.ui.report_charts import FAMILY, paint_chart

CHART_URL = "assay-chart:"  # a blank image keeps each chart's place; the chart is painted over it
QT_DEFAULT_DPI = 96
RESOLUTION = 300  # dots per inch of the layout: text positions to 1/300 inch
MARGINS_MM = QMarginsF(18, 16, 18, 14)
FOOTER_MM = 8.0

STYLE = """
body { font-family: Georgia, "DejaVu Serif", serif; font-size: 10pt; color: #1d1d1d; }
h1 { font-family: Helvetica, sans-serif; font-size: 22pt; }
h2 { font-family: Helvetica, sans-serif; font-size: 15pt; margin-top: 14pt; }
h3 { font-family: Helvetica, sans-serif; font-size: 10.5pt; margin-top: 10pt; }
h4 { font-family: Helvetica, sans-serif; font-size: 11pt; margin-top: 12pt; }
th { background-color: #eeeeee; font-family: Helvetica, sans-serif; }
td.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; }
.subtitle { font-size: 14pt; color: #444444; }
.meta, .where { color: #555555; }
.caption { font-family: Helvetica, sans-serif; font-weight: bold; margin-top: 10pt; }
blockquote { font-style: italic; margin-left: 12pt; }
dt { font-weight: bold; color: #444444; margin-top: 2pt; }
dd { margin-left: 14pt; }
.chip { font-family: Helvetica, sans-serif; font-weight: bold; }
.chip.disputed { background-color: #dddddd; }
"""
# QTextDocument knows div, not HTML5's sectioning elements: the same blocks, renamed.
_RENAMED = [
    (re.compile(r"<(/?)(?:section|article|header)\b"), r"<\1div"),
    (re.compile(r"<figure>"), "<div>"),
    (re.compile(r"</figure>"), "</div>"),
    (re.compile(r"<figcaption>(.*?)</figcaption>"), r'<p class="caption">\1</p>'),
    (re.compile(r"<table>"), '<table border="1" cellspacing="0" cellpadding="3" width="100%">'),
]


def report_pdf(content: ReportContent) -> bytes:
    if QGuiApplication.instance() is None:
        QGuiApplication([])  # kept alive by Qt itself until exit
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                    MARGINS_MM, QPageLayout.Unit.Millimeter)
    )  # fmt: skip
    writer.setTitle(f"Review report: {content.review_name}")
    writer.setCreator("Assay")
    writer.setDocumentId(QUuid(str(_document_id(content))))
    _paint(writer, content)
    buffer.close()
    return _pinned_dates(bytes(buffer.data()), content.exported_at)


def _paint(writer: QPdfWriter, content: ReportContent) -> None:
    dots_per_mm = RESOLUTION / 25.4
    page_width, page_height = writer.width(), writer.height()  # inside the margins
    footer = FOOTER_MM * dots_per_mm
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(QFont("Georgia", 10))
    document.setDefaultStyleSheet(STYLE + _chip_css())
    document.setPageSize(QSizeF(page_width, page_height - footer))
    document.setDocumentMargin(0)
    charts: list[Chart] = []
    width = page_width * 0.98
    css_width = width * QT_DEFAULT_DPI / RESOLUTION  # <img> sizes are 96-dpi pixels

    def figure(number: int, chart: Chart) -> str:
        charts.append(chart)
        height = css_width * chart.height / chart.width
        return (
            f'<p><img src="{CHART_URL}{number}" width="{css_width:.1f}" height="{height:.1f}"></p>'
        )

    body = report_body(content, figure, page_break="page-break-before: always")
    for pattern, replacement in _RENAMED:
        body = pattern.sub(replacement, body)
    blank = QImage(1, 1, QImage.Format.Format_RGB32)
    blank.fill(QColor("white"))
    for number in range(len(charts)):
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"{CHART_URL}{number}"), blank
        )
    document.setHtml(f"<html><body>{body}</body></html>")
    places = _chart_places(document)
    pages = document.pageCount()
    painter = QPainter(writer)
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            _paint_page(painter, document, page, page_width, page_height, footer)
            _paint_charts(painter, charts, places, page, page_height - footer)
            _paint_footer(painter, content, page, pages, page_width, page_height)
    finally:
        painter.end()


def _paint_page(
    painter: QPainter, document: QTextDocument, page: int, width: float, height: float,
    footer: float,
) -> None:  # fmt: skip
    top = page * (height - footer)
    painter.save()
    painter.translate(0, -top)
    document.drawContents(painter, QRectF(0, top, width, height - footer))
    painter.restore()


def _paint_footer(
    painter: QPainter, content: ReportContent, page: int, pages: int, width: float, height: float
) -> None:
    font = QFont(FAMILY, 7)
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    line = f"Review report: {content.review_name} · {shown_time(content.exported_at)}"
    number = f"{page + 1} / {pages}"
    metrics = painter.fontMetrics()
    painter.drawText(QPointF(0, height - metrics.descent()), line)
    painter.drawText(QPointF(width - metrics.horizontalAdvance(number), height - metrics.descent()),
                     number)  # fmt: skip


def _chart_places(document: QTextDocument) -> dict[int, QRectF]:
    """Chart number -> where its placeholder image lies, in document coordinates."""
    places: dict[int, QRectF] = {}
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            image = fragment.charFormat().toImageFormat()
            if image.isValid() and image.name().startswith(CHART_URL):
                line = block.layout().lineAt(0)
                top_left = layout.blockBoundingRect(block).topLeft() + line.position()
                size = QSizeF(line.naturalTextWidth(), line.ascent())
                places[int(image.name()[len(CHART_URL) :])] = QRectF(top_left, size)
            fragments += 1
        block = block.next()
    return places


def _paint_charts(
    painter: QPainter, charts: list[Chart], places: dict[int, QRectF], page: int, height: float
) -> None:
    top = page * height
    for number, place in places.items():
        if top <= place.top() < top + height:
            chart = charts[number]
            origin = QPointF(place.left(), place.top() - top)
            paint_chart(painter, chart, origin, place.width() / chart.width)


def _chip_css() -> str:
    return "".join(
        f".chip.v-{value} {{ background-color: {hue}; }}\n" for value, hue in VERDICT_HUES.items()
    )


def _document_id(content: ReportContent) -> uuid.UUID:
    return uuid.uuid5(
        uuid.NAMESPACE_URL, f"assay-report:{content.review_name}:{content.exported_at}"
    )


def _pinned_dates(data: bytes, exported_at: str) -> bytes:
    """Qt writes the time it ran; the report says the export time, in the same formats."""
    moment = datetime.fromisoformat(exported_at.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    info, xmp = f"{moment:%Y%m%d%H%M%S}".encode(), f"{moment:%Y-%m-%dT%H:%M:%S}".encode()
    # Keep each stamp's length: UTC written in the zone's shape ("Z", or "+00'00'").
    data = re.sub(
        rb"\(D:\d{14}(Z|[+-]\d\d'\d\d'?)\)",
        lambda m: b"(D:" + info + _utc_like(m.group(1)) + b")",
        data,
    )
    return re.sub(
        rb'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)"',
        lambda m: b'"' + xmp + _utc_like(m.group(1)) + b'"',
        data,
    )


def _utc_like(zone: bytes) -> bytes:
    return zone if zone == b"Z" else b"+" + re.sub(rb"\d", b"0", zone[1:])
