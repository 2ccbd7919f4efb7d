"""Colours that read well in light and dark mode, and the dark palette itself.

Verdict tints are translucent so the palette's own background shows through; their
strength differs between the light and the dark palette so that every tint stays far
from the others (CIELAB distance, `tint_distance`) and the text on it keeps a WCAG AA
contrast (`contrast_ratio`). tests/ui/test_laptop_contrast.py checks both, for both
palettes, from the palettes the window really uses.
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from assay.core.colours import DARK_TINT_ALPHA, LIGHT_TINT_ALPHA, VERDICT_HUES

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QWidget

VERDICT_COLOUR_NAMES: dict[str, str] = {
    "supported": "Green",
    "overstated": "Orange",
    "lacks_context": "Blue",
    "unsupported": "Red",
    "contradicted": "Purple",
    "unverifiable": "Grey",
}

NOT_A_CLAIM_ALPHA = 35
# WCAG 2.1 AA for normal text; muted text is darkened (lightened) until it reaches it.
MIN_CONTRAST = 4.5
THEME_VARIABLE = "ASSAY_THEME"  # "dark" or "light"; unset: the platform's choice

Role = QPalette.ColorRole


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(Role.Window).lightness() < 128


# --- the palettes --------------------------------------------------------------------------


def dark_palette() -> QPalette:
    """Assay's dark palette (ASSAY_THEME=dark, or a platform in dark mode without one
    of its own): text and backgrounds chosen for contrast, not copied from a style."""
    palette = QPalette()
    colours = {
        Role.Window: "#2b2b2b",
        Role.WindowText: "#e8e8e8",
        Role.Base: "#1e1e1e",
        Role.AlternateBase: "#262626",
        Role.ToolTipBase: "#3a3a3a",
        Role.ToolTipText: "#f0f0f0",
        Role.PlaceholderText: "#a0a0a0",
        Role.Text: "#e8e8e8",
        Role.Button: "#353535",
        Role.ButtonText: "#e8e8e8",
        Role.BrightText: "#ff6b6b",
        Role.Light: "#4a4a4a",
        Role.Midlight: "#3e3e3e",
        Role.Mid: "#2f2f2f",
        Role.Dark: "#1a1a1a",
        Role.Shadow: "#000000",
        Role.Highlight: "#2f74c0",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#6cb4ff",
        Role.LinkVisited: "#c39bff",
    }
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(disabled, role, QColor("#8c8c8c"))
    return palette


def requested_scheme() -> str | None:
    value = os.environ.get(THEME_VARIABLE, "").strip().lower()
    return value if value in ("dark", "light") else None


def apply_color_scheme(app: QGuiApplication) -> None:
    """Before the first paint: ASSAY_THEME=dark gives the dark palette whatever the
    platform says (Fusion style, which follows a palette faithfully); unset keeps the
    platform's own, made readable by `make_palette_accessible` after the first paint."""
    if requested_scheme() == "dark":
        from PySide6.QtWidgets import QApplication

        if isinstance(app, QApplication):
            app.setStyle("Fusion")
        app.setPalette(accessible_palette(dark_palette()))


def make_palette_accessible() -> None:
    """Placeholder text and selected rows at WCAG AA in the application's palette.
    Called once the window completes (its fields and table use them); the first paint
    shows only the text, which needs neither."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        app.setPalette(accessible_palette(app.palette()))


def accessible_palette(palette: QPalette) -> QPalette:
    """`palette` with the two pairs styles often leave below 4.5:1 fixed: placeholder
    text on a field (Fusion: 3.9:1) and selected text on the selection (Fusion's light
    highlight with white text: 3.6:1). Changes `palette` itself and returns it (the
    copy constructor costs 20 ms at start: PySide builds its overloads then)."""
    fixed = palette
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        base, window = fixed.color(group, Role.Base), fixed.color(group, Role.Window)
        text = fixed.color(group, Role.Text)
        placeholder = over(fixed.color(group, Role.PlaceholderText), base)
        fixed.setColor(group, Role.PlaceholderText, readable(placeholder, [base, window], text))
        selected_text = fixed.color(group, Role.HighlightedText)
        # Away from the selected text's lightness: darker under white text.
        away = QColor("#000000") if selected_text.lightness() >= 128 else QColor("#ffffff")
        highlight = fixed.color(group, Role.Highlight)
        fixed.setColor(group, Role.Highlight, readable(highlight, [selected_text], away))
    return fixed


# --- contrast ------------------------------------------------------------------------------


def relative_luminance(color: QColor) -> float:
    """WCAG 2.1 relative luminance of an opaque colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.red())
        + 0.7152 * linear(color.green())
        + 0.0722 * linear(color.blue())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def over(color: QColor, background: QColor) -> QColor:
    """A translucent `color` as it shows on an opaque `background`."""
    alpha = color.alphaF()
    return QColor.fromRgbF(
        color.redF() * alpha + background.redF() * (1 - alpha),
        color.greenF() * alpha + background.greenF() * (1 - alpha),
        color.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def _lab(color: QColor) -> tuple[float, float, float]:
    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = linear(color.redF()), linear(color.greenF()), linear(color.blueF())
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def tint_distance(first: QColor, second: QColor) -> float:
    """CIELAB ΔE*76 between two opaque colours: about 2 is just noticeable, 10 is
    clearly another colour at a glance."""
    return math.dist(_lab(first), _lab(second))


def readable(color: QColor, backgrounds: list[QColor], towards: QColor) -> QColor:
    """`color`, moved towards `towards` (the palette's text colour, or black or white)
    in small steps until it has MIN_CONTRAST against every one of `backgrounds`."""
    for step in range(21):
        share = step / 20
        candidate = QColor.fromRgbF(
            color.redF() + (towards.redF() - color.redF()) * share,
            color.greenF() + (towards.greenF() - color.greenF()) * share,
            color.blueF() + (towards.blueF() - color.blueF()) * share,
        )
        if all(contrast_ratio(candidate, bg) >= MIN_CONTRAST + 0.05 for bg in backgrounds):
            return candidate
    return QColor(towards)


# --- colours the widgets use ------------------------------------------------------------------


def verdict_tint(verdict: str | None, palette: QPalette | None = None) -> QColor | None:
    """Background for a sentence with this verdict, or None for no tint."""
    if verdict is None or verdict not in VERDICT_HUES:
        return None
    color = QColor(VERDICT_HUES[verdict])
    color.setAlpha(DARK_TINT_ALPHA if is_dark(palette) else LIGHT_TINT_ALPHA)
    return color


def verdict_swatch(verdict: str) -> QColor:
    """The tint as it shows on the text's background: what the legend shows."""
    palette = QGuiApplication.palette()
    tint = verdict_tint(verdict)
    if tint is None:
        return QColor("#888888")
    return over(tint, palette.color(Role.Base))


def verdict_icon(verdict: str, size: int = 12) -> QIcon:
    """A small square of the verdict's tint, framed: the legend on its button."""
    # Imported here: PySide sets these classes up on first import (~6 ms), and the
    # first paint needs none of them.
    from PySide6.QtGui import QIcon, QPainter, QPixmap

    pixmap = QPixmap(size, size)
    pixmap.fill(verdict_swatch(verdict))
    painter = QPainter(pixmap)
    painter.setPen(muted_text_color())
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


def current_sentence_color() -> QColor:
    """The highlight for the sentence under review: the palette's own highlight."""
    color = QGuiApplication.palette().color(Role.Highlight)
    color.setAlpha(110)
    return color


def highlight_phrase_color() -> QColor:
    """A highlighted phrase (`H`): the current sentence's tint, stronger, so the words
    stand out inside it; they are underlined as well, for eyes that miss the tint."""
    color = QGuiApplication.palette().color(Role.Highlight)
    color.setAlpha(170)
    return color


def muted_text_color(palette: QPalette | None = None) -> QColor:
    """Secondary text (section trails, references, notes): the palette's placeholder
    colour, darkened or lightened until it reads on every background it is shown on."""
    palette = palette or QGuiApplication.palette()
    key = palette.cacheKey()  # the table asks once per row painted
    if key not in _muted_cache:
        roles = (Role.Window, Role.Base, Role.AlternateBase)
        backgrounds = [palette.color(role) for role in roles]
        text = palette.color(Role.Text)
        _muted_cache[key] = readable(palette.color(Role.PlaceholderText), backgrounds, text)
    return QColor(_muted_cache[key])


_muted_cache: dict[int, QColor] = {}


def error_text_color(palette: QPalette | None = None) -> QColor:
    """Red text for a message that something is wrong, readable on the window."""
    palette = palette or QGuiApplication.palette()
    window = palette.color(Role.Window)
    start = QColor("#ff7b72") if is_dark(palette) else QColor("#c0392b")
    return readable(start, [window], palette.color(Role.WindowText))


# Text and background of the read-only notice above the page (fixed: it must stand out
# the same way in both palettes) and of a changed spelling in the References panel.
NOTICE_COLORS = ("#ffffff", "#7a5f00")
MARK_COLORS = ("#000000", "#f6d55c")


def table_row_background() -> QColor:
    return QGuiApplication.palette().color(Role.AlternateBase)


def set_muted(widget: QWidget) -> None:
    """Secondary text on a widget, readable (in place of setEnabled(False), whose
    grey is about 1.6:1 on the window)."""
    palette = widget.palette()
    color = muted_text_color()
    for role in (Role.WindowText, Role.Text):
        palette.setColor(QPalette.ColorGroup.Active, role, color)
        palette.setColor(QPalette.ColorGroup.Inactive, role, color)
    widget.setPalette(palette)
