"""Short labels for places with little room (status bar, panel header)."""

from __future__ import annotations


def elide(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"
