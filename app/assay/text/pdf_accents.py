"""Accents that a PDF draws as glyphs of their own, put back on their letters.

TeX's classic fonts set "é" as an acute accent glyph over an "e", and other producers
draw the letter first and the accent after: PDFium gives "Gr´egory", "Franc¸ois",
"Ageˆncia". Shown as they come, a reviewer reads those, and a search for "Grégory"
fails. Which letter an accent belongs to is read from the page: the one its glyph sits
over. The accent becomes that letter's combining mark (NFC makes "é" of it later, in
normalise_source), only where the two make one letter ("don´t", an accent used as an
apostrophe, stays). The word keeps its length, so its PDFium character indexes still
line up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Spacing accent → the combining mark it stands for.
_MARKS = {
    "\u00b4": "\u0301",  # ´ acute
    "\u02cb": "\u0300",  # ˋ grave (modifier letter)
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u02da": "\u030a",  # ˚ ring
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve
    "\u00af": "\u0304",  # ¯ macron
    "\u02d9": "\u0307",  # ˙ dot above
    "\u02dd": "\u030b",  # ˝ double acute
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02db": "\u0328",  # ˛ ogonek
}
SPACING_ACCENT = re.compile("[" + "".join(_MARKS) + "]")

# Given the accent's position in the word: -1 (it sits over the letter before it),
# +1 (over the one after) or 0 (neither: leave it).
Side = Callable[[int], int]


def compose_accents(text: str, side: Side) -> str:
    """The word with each accent moved onto its letter as a combining mark."""
    chars = list(text)
    for index, char in enumerate(text):
        mark = _MARKS.get(char)
        if mark is None:
            continue
        step = side(index)
        other = index + step
        if step == 0 or not 0 <= other < len(chars) or not chars[other].isalpha():
            continue
        letter = "i" if chars[other] == "ı" else chars[other]  # TeX's dotless i
        if len(unicodedata.normalize("NFC", letter + mark)) != 1:
            continue  # no such letter: the accent stays as printed
        low, high = sorted((index, other))
        chars[low], chars[high] = letter, mark  # letter first, then its mark
    return "".join(chars)
