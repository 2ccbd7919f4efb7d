"""Short labels for places with little room (status bar, panel header)."""

from __future__ import annotations

# Mnemonics of the claim panel and filter bar: none may take a menu's letter (F E V D G
# A T H), or Alt+that letter would stop opening the menu (tests/ui/test_laptop_keys.py).
EVIDENCE_TAB_TITLE = "Ev&idence"


def elide(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def verdict_legend_text() -> str:
    """What the tints in the text and the table mean, one verdict a line."""
    from assay.core.vocabulary import VERDICTS
    from assay.ui.keymap import VERDICT_KEYS
    from assay.ui.theme import VERDICT_COLOUR_NAMES

    lines = ["Colours in the text and the table (the square on each button):"]
    lines += [
        f"{VERDICT_COLOUR_NAMES[term.value]}: {term.label} ({VERDICT_KEYS[term.value]})"
        for term in VERDICTS
    ]
    return "\n".join(lines)
