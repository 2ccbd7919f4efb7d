"""Whether a hyphen at a line end belongs to the word or only to the typesetting.

Decided from the document's own words, in this order: the hyphenated form written
elsewhere on one line ("long-term") keeps the hyphen; the joined form written elsewhere
("restorative", or "depression" after "anxiety-depre-") drops it; a capital or digit
after the break ("anti-Xa", "COVID-19") or a mixed-case or digit-ending first part
("pH-", "5-") keeps it; two parts that the document writes as words of their own
("count-based", "stop-the-world", "language-to-meaning") keep it; anything else is a
word broken to fit the line ("magne-sium", "placebo-contr-olled") and is joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*")
_MIN_PART = 3


class HyphenJudge:
    def __init__(self, lines: Iterable[str]) -> None:
        self.words: set[str] = set()  # written on their own, not as part of a compound
        self.compounds: set[str] = set()
        after_break = False
        for line in lines:
            broken = line.endswith(("-", "\u00ad"))
            for number, match in enumerate(_WORD.finditer(line)):
                word = match.group().lower().replace("‐", "-")
                if broken and match.end() >= len(line.rstrip("-\u00ad")):
                    continue  # the first half of a word broken at the line end
                if after_break and number == 0:
                    continue  # and its second half, opening the next line
                (self.compounds if "-" in word else self.words).add(word)
            after_break = broken

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """`left` is the word before the line-end hyphen, `right` the one after."""
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
        return (
            len(last_part) >= _MIN_PART - 1
            and len(tail) >= _MIN_PART
            and last_part in self.words
            and tail in self.words
        )
