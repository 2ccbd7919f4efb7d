"""Line numbers in a page's margin (a manuscript under review, a preprint as its
authors submitted it: Word's and LaTeX's `lineno` numbering) are no part of the text.

Left in, each printed line begins with its number and the page reads as a table of
"12 | the line's text" rows, every sentence cut at every line. A page has them when
most of its lines (70 %, ten at least) begin (or end) with a bare number set apart
from the line's text, the numbers aligned on one edge and counting up one by one down
the page, in the margin (no other line reaches out to them). Then every such number
goes, and nothing else: a table's numbered rows or a numbered list cover a part of the
page, sit where the page's prose starts, and rarely count line by line.
"""

from __future__ import annotations

import re

from assay.text.pdf_words import PdfWord, Piece, PrintedLine

_NUMBER = re.compile(r"\d{1,5}")
_MIN_LINES = 10  # numbered lines on a page for it to be numbered at all
_SHARE = 0.7  # of the page's lines (those with more than a number) numbered
_STEPS = 0.9  # of the steps from one number to the next exactly one
_ALIGNED = 1.5  # points: the numbers' right (or left) edges this close
_APART = 0.6  # font sizes at least between a number and the line's text


def without_line_numbers(lines: list[PrintedLine]) -> list[PrintedLine]:
    """The page's lines with the margin's line numbers taken out (lines holding nothing
    else dropped), or the lines as they are when the page has none."""
    if len(lines) < _MIN_LINES:
        return lines
    for first in (True, False):  # numbers left of the text, then right of it
        found = _numbers(lines, first)
        if found is not None:
            return _stripped(lines, found)
    return lines


def _numbers(lines: list[PrintedLine], first: bool) -> dict[int, PdfWord] | None:
    """Each numbered line's number (by the line's id), when the page is numbered."""
    found: dict[int, PdfWord] = {}
    texts = 0  # lines with text besides a number
    for line in lines:
        words = line.words
        number = words[0] if first else words[-1]
        if len(words) > 1:
            texts += 1
        if _NUMBER.fullmatch(number.text) is None:
            continue
        if len(words) > 1:
            neighbour = words[1] if first else words[-2]
            gap = neighbour.left - number.right if first else number.left - neighbour.right
            if gap < _APART * line.size:
                continue  # a number inside the text ("3 of the 12 patients")
        found[id(line)] = number
    found = _in_line(found)  # a page number or a figure elsewhere is no line number
    if len(found) < _MIN_LINES or len(found) < _SHARE * texts:
        return None
    numbers = list(found.values())
    # In the margin: no other line reaches out to the numbers (a numbered table's rows
    # sit in the text, and the prose around them starts where the numbers do).
    others = [line for line in lines if id(line) not in found]
    if first and any(line.left < max(w.right for w in numbers) for line in others):
        return None
    if not first and any(line.right > min(w.left for w in numbers) for line in others):
        return None
    values = [int(w.text) for w in numbers]  # top to bottom, as the lines come
    ones = sum(1 for a, b in zip(values, values[1:], strict=False) if b == a + 1)
    if ones < _STEPS * (len(values) - 1):
        return None
    return found


def _in_line(found: dict[int, PdfWord]) -> dict[int, PdfWord]:
    """The numbers aligned with most of the others, on their right edges (numbers set
    flush right, as in a margin) or else their left edges."""
    best: dict[int, PdfWord] = {}
    for edge in (lambda w: w.right, lambda w: w.left):
        ordered = sorted(edge(word) for word in found.values())
        if not ordered:
            return {}
        middle = ordered[len(ordered) // 2]
        kept = {key: w for key, w in found.items() if abs(edge(w) - middle) <= _ALIGNED}
        if len(kept) > len(best):
            best = kept
    return best


def _stripped(lines: list[PrintedLine], found: dict[int, PdfWord]) -> list[PrintedLine]:
    kept: list[PrintedLine] = []
    for line in lines:
        number = found.get(id(line))
        if number is None:
            kept.append(line)
            continue
        pieces = [
            Piece(rest)
            for piece in line.pieces
            if (rest := [word for word in piece.words if word is not number])
        ]
        if pieces:
            line.set_pieces(pieces)
            kept.append(line)
    return kept
