"""The report's charts painted with QPainter, from the same geometry the HTML writes as
SVG (`exchange.report_charts`): into the PDF, or into an image."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from assay.exchange.report_charts import Box, Chart, Label, Rule

FAMILY = "Helvetica"  # fontconfig and Windows map it to their sans-serif, as the SVG does


def paint_chart(painter: QPainter, chart: Chart, origin: QPointF, scale: float = 1.0) -> None:
    """Paint `chart` with its top left at `origin`, one chart unit = `scale` device units."""
    painter.save()
    painter.translate(origin)
    painter.scale(scale, scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for shape in chart.shapes:
        if isinstance(shape, Box):
            painter.fillRect(QRectF(shape.x, shape.y, shape.w, shape.h), QColor(shape.fill))
        elif isinstance(shape, Rule):
            pen = QPen(QColor(shape.stroke), 0.8)
            if shape.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(shape.x1, shape.y1), QPointF(shape.x2, shape.y2))
        else:
            _label(painter, shape)
    painter.restore()


def _label(painter: QPainter, label: Label) -> None:
    font = QFont(FAMILY)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(max(1, round(label.size)))  # chart units, as the SVG's font-size
    font.setBold(label.bold)
    painter.setFont(font)
    painter.setPen(QColor(label.fill))
    width = QFontMetricsF(font).horizontalAdvance(label.text)
    shift = {"start": 0.0, "middle": width / 2, "end": width}[label.anchor]
    painter.drawText(QPointF(label.x - shift, label.y), label.text)


def chart_image(chart: Chart, scale: float = 3.0) -> QImage:
    """The chart on white at `scale` pixels a unit (3: sharp when printed at its width)."""
    image = QImage(
        round(chart.width * scale), round(chart.height * scale), QImage.Format.Format_RGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_chart(painter, chart, QPointF(0, 0), scale)
    finally:
        painter.end()
    return image
