"""Whether a hyphen at a line end belongs to the word or only to the typesetting.

Decided from the document's own words, in this order: the hyphenated form written
elsewhere on one line ("long-term") keeps the hyphen; the joined form written elsewhere
("restorative", or "depression" after "anxiety-depre-") drops it; a capital or digit
after the break ("anti-Xa", "COVID-19") or a mixed-case or digit-ending first part
("pH-", "5-") keeps it, and so does a compound broken after a linking word
("language-to-", "stop-the-"); two parts that the document writes as words of their own
("count-based", "stop-the-world", "language-to-meaning") keep it; anything else is a
word broken to fit the line ("magne-sium", "placebo-contr-olled") and is joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*")
_MIN_PART = 3
# Short words that sit inside hyphenated compounds: a compound already hyphenated up to
# one of them goes on with a hyphen ("stop-the-world", "up-to-date").
_LINKING_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "de", "for", "in", "into", "of", "on", "or"}
    | {"over", "per", "the", "to", "up", "vs", "with"}
)
_BROKEN_END = re.compile(r"[^\W_][\w-]*[-\u00ad]$")
_BROKEN_START = re.compile(r"[\w-]*")


def _without_broken_words(lines: Iterable[str]) -> list[str]:
    """The lines in lower case, less the two halves of each word broken at a line end
    (only lines ending in a hyphen are searched: a document-wide pattern costs more than
    the rest of the judge)."""
    kept: list[str] = []
    broken = False  # the previous line ended in half a word: this one starts with the rest
    for line in lines:
        line = line.lower().replace("‐", "-")
        if broken:
            line = line[_BROKEN_START.match(line).end() :]  # type: ignore[union-attr]
        broken = False
        if line.endswith(("-", "\u00ad")):
            head, _, last = line.rpartition(" ")
            half = _BROKEN_END.search(last)
            if half is not None:
                line = head + " " + last[: half.start()]
                broken = True
        kept.append(line)
    return kept


class HyphenJudge:
    """The document's words, learnt when the first line-end hyphen is judged (many
    documents have none: Word and web exports rarely hyphenate)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines: list[str] | None = list(lines)
        self.compounds: set[str] = set()
        self.words: set[str] = set()  # written on their own

    def _learn(self, lines: list[str]) -> None:
        # Words broken at a line end are left out: their halves are not the
        # document's words, and the joined form is what is being decided.
        # Searched once per distinct run of non-spaces (a word never spans a space):
        # a paper's 80,000 words are some 15,000 distinct runs.
        runs = set("\n".join(_without_broken_words(lines)).split())
        tokens = {token for run in runs for token in _WORD.findall(run)}
        self.compounds = {token for token in tokens if "-" in token}
        self.words = tokens - self.compounds

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """`left` is the word before the line-end hyphen, `right` the one after."""
        if self._lines is not None:
            lines, self._lines = self._lines, None
            self._learn(lines)
        head, tail = left.lower(), right.lower()
        if f"{head}-{tail}" in self.compounds:
            return True
        last_part = head.rsplit("-", 1)[-1]
        if last_part + tail in self.words:
            return False
        if right[:1].isupper() or right[:1].isdigit() or left[-1:].isdigit():
            return True
        if any(ch.isupper() for ch in left[1:]):
            return True
        if "-" in head and last_part in _LINKING_WORDS:
            return True  # "language-to-" + "meaning", "state-of-the-" + "art"
        return (
            len(last_part) >= _MIN_PART - 1
            and len(tail) >= _MIN_PART
            and last_part in self.words
            and tail in self.words
        )
