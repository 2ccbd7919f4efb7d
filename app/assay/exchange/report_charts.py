"""The report's charts as geometry: boxes, labels and rules in a chart's own units.

One geometry, two painters: `svg()` here writes it as inline SVG for the HTML report
(no Qt, so `assay report --format html` stays headless), and `ui.report_charts` paints
the same shapes with QPainter into the PDF. Pure and deterministic: coordinates are
rounded, nothing depends on fonts installed (label widths are estimated, and long
labels shortened).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assay.core.colours import VERDICT_HUES
from assay.core.vocabulary import VERDICTS
from assay.exchange.report_model import (
    AgreementFigure,
    ReportContent,
    verdicts_by_claim_type,
    verdicts_by_document,
)

INK = "#222222"
MUTED = "#555555"
TRACK = "#E4E4E4"
DONE = "#0072B2"  # Okabe–Ito blue: progress and agreement bars
WIDTH = 640
LABEL_WIDTH = 190
ROW = 22
BAR = 14
FONT = 11
MAX_ROWS = 30  # a chart of 3,000 documents reads as none: the rest are counted


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float  # the baseline
    text: str
    size: float = FONT
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    fill: str = INK


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = MUTED
    dashed: bool = False


Shape = Box | Label | Rule


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    description: str  # what the chart says, for screen readers and as alt text
    width: float
    height: float
    shapes: tuple[Shape, ...]


def shortened(text: str, size: float = FONT, room: float = LABEL_WIDTH - 12) -> str:
    """`text` cut with "…" to fit `room` at `size` (about 0.55 em a character)."""
    fits = max(4, int(room / (size * 0.55)))
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "…"


def _legend(verdicts: Sequence[str], y: float) -> list[Shape]:
    shapes: list[Shape] = []
    x = LABEL_WIDTH
    for value in verdicts:
        label = next(term.label for term in VERDICTS if term.value == value)
        shapes += [Box(x, y - 9, 10, 10, VERDICT_HUES[value]), Label(x + 14, y, label, 10)]
        x += 14 + len(label) * 6 + 14
    return shapes


def verdict_bars(title: str, rows: Sequence[tuple[str, Counter[str]]]) -> Chart:
    """One stacked bar per row (claim type or document), a segment per verdict."""
    order = [term.value for term in VERDICTS]
    used = [v for v in order if any(counts.get(v) for _, counts in rows)]
    shown, hidden = list(rows[:MAX_ROWS]), len(rows) - MAX_ROWS
    most = max((sum(counts.values()) for _, counts in shown), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 50
    shapes: list[Shape] = _legend(used, 14)
    y = 28.0
    for label, counts in shown:
        shapes.append(Label(LABEL_WIDTH - 8, y + 11, shortened(label), anchor="end"))
        x = float(LABEL_WIDTH)
        for value in used:
            if counts.get(value):
                width = round(room * counts[value] / most, 1)
                shapes.append(Box(x, y + 1, width, BAR, VERDICT_HUES[value]))
                x += width
        shapes.append(Label(x + 6, y + 11, f"{sum(counts.values()):,}", fill=MUTED))
        y += ROW
    if not shown:
        shapes.append(Label(LABEL_WIDTH, y + 11, "No decided verdict yet.", fill=MUTED))
        y += ROW
    if hidden > 0:
        shapes.append(Label(LABEL_WIDTH, y + 11, f"… and {hidden:,} more", fill=MUTED))
        y += ROW
    described = "; ".join(
        f"{label}: " + ", ".join(f"{_verdict_label(v)} {counts[v]}" for v in used if counts.get(v))
        for label, counts in shown
    )
    return Chart(title, described or "No decided verdict yet.", WIDTH, y + 6, tuple(shapes))


def progress_bars(title: str, rows: Sequence[tuple[str, int, int]]) -> Chart:
    """Per document: reviewed of reviewable, as a filled track."""
    shown, hidden = list(rows[:MAX_ROWS]), len(rows) - MAX_ROWS
    room = WIDTH - LABEL_WIDTH - 130
    shapes: list[Shape] = []
    y = 4.0
    for label, done, total in shown:
        share = done / total if total else 0.0
        shapes += [
            Label(LABEL_WIDTH - 8, y + 11, shortened(label), anchor="end"),
            Box(LABEL_WIDTH, y + 1, room, BAR, TRACK),
        ]
        if done:
            shapes.append(Box(LABEL_WIDTH, y + 1, round(room * share, 1), BAR, DONE))
        shapes.append(
            Label(LABEL_WIDTH + room + 6, y + 11, f"{done:,} / {total:,} ({share:.0%})", fill=MUTED)
        )
        y += ROW
    if hidden > 0:
        shapes.append(Label(LABEL_WIDTH, y + 11, f"… and {hidden:,} more", fill=MUTED))
        y += ROW
    described = "; ".join(f"{label}: {done} of {total} reviewed" for label, done, total in shown)
    return Chart(title, described or "No document.", WIDTH, y + 6, tuple(shapes))


def agreement_bars(title: str, figures: Sequence[AgreementFigure]) -> Chart:
    """Krippendorff's alpha per measure on a 0–1 scale, with the usual marks at 0.667
    (tentative conclusions) and 0.8 (reliable); a negative alpha shows as 0 with its value."""
    room = WIDTH - LABEL_WIDTH - 150
    shapes: list[Shape] = []
    y = 4.0
    for figure in figures:
        shapes += [
            Label(LABEL_WIDTH - 8, y + 11, shortened(figure.measure), anchor="end"),
            Box(LABEL_WIDTH, y + 1, room, BAR, TRACK),
        ]
        if figure.alpha is not None and figure.alpha > 0:
            shapes.append(Box(LABEL_WIDTH, y + 1, round(room * min(figure.alpha, 1.0), 1), BAR,
                              DONE))  # fmt: skip
        value = "n/a" if figure.alpha is None else f"{figure.alpha:.2f}"
        shapes.append(
            Label(LABEL_WIDTH + room + 6, y + 11, f"{value} ({figure.sentences:,} sentences)",
                  fill=MUTED)
        )  # fmt: skip
        y += ROW
    for mark in (0.667, 0.8):
        x = round(LABEL_WIDTH + room * mark, 1)
        shapes += [Rule(x, 0, x, y, dashed=True), Label(x, y + 12, f"{mark:g}", 9, "middle")]
    shapes += [Label(LABEL_WIDTH, y + 12, "0", 9, "middle"),
               Label(LABEL_WIDTH + room, y + 12, "1", 9, "middle")]  # fmt: skip
    described = "; ".join(
        f"{f.measure}: alpha {'n/a' if f.alpha is None else f'{f.alpha:.2f}'}" for f in figures
    )
    return Chart(title, described or "Nothing coded by two reviewers.", WIDTH, y + 18,
                 tuple(shapes))  # fmt: skip


def _verdict_label(value: str) -> str:
    return next((term.label for term in VERDICTS if term.value == value), value)


# -- SVG ------------------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def svg(chart: Chart) -> str:
    """The chart as an inline <svg> element (HTML5 gives it the SVG namespace: no xmlns,
    so the page names no URL at all)."""
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {_n(chart.width)} {_n(chart.height)}" '
        f'width="{_n(chart.width)}" height="{_n(chart.height)}" '
        'font-family="Helvetica, Arial, sans-serif">',
        f"<title>{html.escape(chart.title)}</title>",
        f"<desc>{html.escape(chart.description)}</desc>",
    ]
    for shape in chart.shapes:
        if isinstance(shape, Box):
            parts.append(
                f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
                f'height="{_n(shape.h)}" fill="{shape.fill}"/>'
            )
        elif isinstance(shape, Rule):
            dash = ' stroke-dasharray="3 3"' if shape.dashed else ""
            parts.append(
                f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
                f'y2="{_n(shape.y2)}" stroke="{shape.stroke}"{dash}/>'
            )
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            parts.append(
                f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
                f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>'
                f"{html.escape(shape.text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def summary_charts(content: ReportContent) -> list[Chart]:
    """The summary's charts, in the order every format shows them."""
    charts = [
        verdict_bars("Decided verdicts per claim type", verdicts_by_claim_type(content.reports)),
        verdict_bars("Decided verdicts per document", verdicts_by_document(content)),
        progress_bars(
            "Reviewed sentences per document",
            [(d.title, d.reviewed, d.reviewable) for d in content.documents],
        ),
    ]
    if content.agreement:
        charts.append(
            agreement_bars("Agreement between reviewers (Krippendorff's alpha)", content.agreement)
        )
    return charts
