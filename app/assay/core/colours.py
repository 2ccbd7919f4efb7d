"""The verdict colours, one table for every place that shows them: the window's tints
(ui/theme.py), the report's charts and chips, the XLSX fills and the REFI-QDA codebook.
Qt-free, so that the exports can use them headless.

Hues from the Okabe–Ito palette (told apart by colour-blind readers too), one per
family of verdict: green holds, orange and vermillion claim too much or too little,
blue lacks context, purple is contradicted, neutral grey cannot be verified.
"""

from __future__ import annotations

VERDICT_HUES: dict[str, str] = {
    "supported": "#009E73",
    "overstated": "#E69F00",
    "lacks_context": "#56B4E9",
    "unsupported": "#D55E00",
    "contradicted": "#CC79A7",
    "unverifiable": "#999999",
}
LIGHT_TINT_ALPHA = 130  # of 255: a verdict's tint over a light page
DARK_TINT_ALPHA = 110  # and over a dark one (a stronger tint glares there)


def tint_on_white(hue: str, alpha: int = LIGHT_TINT_ALPHA) -> str:
    """`hue` ("#RRGGBB") laid over white at `alpha`: the tint as a light page shows it,
    as "RRGGBB" (for a file format that has no transparency, e.g. an XLSX fill)."""
    channels = (int(hue[i : i + 2], 16) for i in (1, 3, 5))
    return "".join(f"{round(255 + (c - 255) * alpha / 255):02X}" for c in channels)
