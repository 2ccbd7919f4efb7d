"""Character-level normalisation of a whole source text, before any parsing."""

from __future__ import annotations

import re
import unicodedata

# NBSP and the other Unicode space separators become a plain space.
_ODD_SPACE_CHARS = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ODD_SPACES = re.compile(f"[{_ODD_SPACE_CHARS}]")
# Zero-width characters and soft hyphen: invisible, they only break matching.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_ODD_OR_INVISIBLE = re.compile(f"[{_ODD_SPACE_CHARS}{_INVISIBLE_CHARS}]")
_RUNS_OF_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_RUNS_OF_BLANKS = re.compile(r" {2,}")


def normalise_source(text: str) -> str:
    """NFC, CRLF/CR → LF, odd spaces → space, zero-width characters removed."""
    if text.isascii():  # a flag of the string: nothing to compose, no odd character
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Both replacements go character by character: the text before the first odd or
    # invisible character (most often all of it) is left as it is, read once.
    first = _ODD_OR_INVISIBLE.search(text)
    if first is None:
        return text
    head, rest = text[: first.start()], text[first.start() :]
    return head + _INVISIBLE.sub("", _ODD_SPACES.sub(" ", rest))


def collapse_whitespace(text: str) -> str:
    """All whitespace runs inside a block become one space; ends trimmed."""
    return _RUNS_OF_SPACE.sub(" ", text).strip()


def collapse_cell(text: str) -> str:
    """Like collapse_whitespace, for a table cell (which never holds a tab)."""
    return _RUNS_OF_BLANKS.sub(" ", text.replace("\t", " ").replace("\n", " ")).strip()
