"""Character-level normalisation of a whole source text, before any parsing."""

from __future__ import annotations

import re
import unicodedata

# NBSP and the other Unicode space separators become a plain space.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width characters and soft hyphen: invisible, they only break matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_RUNS_OF_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_RUNS_OF_BLANKS = re.compile(r" {2,}")


def normalise_source(text: str) -> str:
    """NFC, CRLF/CR → LF, odd spaces → space, zero-width characters removed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD_SPACES.sub(" ", text)
    return _INVISIBLE.sub("", text)


def collapse_whitespace(text: str) -> str:
    """All whitespace runs inside a block become one space; ends trimmed."""
    return _RUNS_OF_SPACE.sub(" ", text).strip()


def collapse_cell(text: str) -> str:
    """Like collapse_whitespace, for a table cell (which never holds a tab)."""
    return _RUNS_OF_BLANKS.sub(" ", text.replace("\t", " ").replace("\n", " ")).strip()
