"""Colours that read well in light and dark mode.

Verdict tints are translucent so the palette's own background shows through: the
same values work on a white page and on a dark one, and text keeps its contrast.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# Hues chosen to be told apart by colour-blind readers too (Okabe–Ito palette).
VERDICT_HUES: dict[str, str] = {
    "supported": "#009E73",
    "overstated": "#E69F00",
    "lacks_context": "#F0E442",
    "unsupported": "#D55E00",
    "contradicted": "#CC79A7",
    "unverifiable": "#56B4E9",
}

TINT_ALPHA = 70
NOT_A_CLAIM_ALPHA = 35


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def verdict_tint(verdict: str | None) -> QColor | None:
    """Background for a sentence with this verdict, or None for no tint."""
    if verdict is None or verdict not in VERDICT_HUES:
        return None
    color = QColor(VERDICT_HUES[verdict])
    color.setAlpha(TINT_ALPHA)
    return color


def verdict_swatch(verdict: str) -> QColor:
    return QColor(VERDICT_HUES.get(verdict, "#888888"))


def current_sentence_color() -> QColor:
    """The highlight for the sentence under review: the palette's own highlight."""
    color = QGuiApplication.palette().color(QPalette.ColorRole.Highlight)
    color.setAlpha(110)
    return color


def muted_text_color() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def table_row_background() -> QColor:
    color = QGuiApplication.palette().color(QPalette.ColorRole.AlternateBase)
    return color
