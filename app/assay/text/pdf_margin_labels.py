"""Labels set flush right at the end of a line, after a wide space: notes of their own.

A manual marks each definition with its kind at the right margin ("int asn1_read_value
(asn1 node root, ... [Function]"): read into the line, the label lands inside the
sentence it stands beside ("... const char * [Function] src_name)"). A label is the
last one to three words of a line, letters only (in brackets or not: no figures, signs
or sentence ends, so an equation's "(3)" or "2 ln 2σ." and a contents page's numbers stay
where they are), at most a few characters, ending at its column's right edge after the
line's only wide space — far wider than its other spaces (justified text stretches all
of a line's spaces alike; a table row has several) — with the text before it running
at least half way across. It becomes a note of its own, read before its line.
"""

from __future__ import annotations

import re
from statistics import median

from assay.text.pdf_words import Piece, PrintedLine, line_of

_ALIGNED = 2.5  # points: a label ends this close to its column's right edge
_MAX_WORDS = 3
_MAX_CHARS = 24
_MIN_GAP = 1.4  # font sizes: the space before a label
_WIDER = 3.0  # times the line's usual space
_MIN_SPACES = 2  # spaces of the line besides the label's, to know its usual one
_LABEL = re.compile(r"[\[(]?[^\W\d_]+(?: [^\W\d_]+){0,2}[\])]?")  # letters, maybe bracketed
_BEFORE = 0.5  # of the way to the column's right edge: the text before a label reaches


def margin_labels(lines: list[PrintedLine]) -> list[PrintedLine]:
    """The page's lines (in reading order) with each margin label a line of its own,
    marked as a figure's label is (a note, alone), before the line it ends."""
    rights: dict[int, float] = {}
    for line in lines:
        rights[line.column] = max(rights.get(line.column, line.right), line.right)
    result: list[PrintedLine] = []
    for line in lines:
        cut = _label_start(line, rights[line.column])
        if cut is None:
            result.append(line)
            continue
        label = line_of([Piece(line.words[cut:])], line.page)
        label.column, label.figure = line.column, True
        line.set_pieces([Piece(line.words[:cut])])
        result.extend((label, line))
    return result


def _label_start(line: PrintedLine, column_right: float) -> int | None:
    """Where the line's margin label starts (an index into its words), or None."""
    words = line.words
    if line.cells or line.figure or len(words) < _MIN_SPACES + 2:
        return None
    if line.right < column_right - _ALIGNED:
        return None
    for cut in range(len(words) - 1, max(len(words) - 1 - _MAX_WORDS, 0), -1):
        gap = words[cut].left - words[cut - 1].right
        if gap < _MIN_GAP * line.size:
            continue
        others = [b.left - a.right for a, b in zip(words, words[1:], strict=False)]
        del others[cut - 1]
        label = " ".join(word.text for word in words[cut:])
        reach = words[cut - 1].right - line.left
        if (
            len(others) >= _MIN_SPACES
            and max(others) < _MIN_GAP * line.size  # the line's only wide space
            and gap >= _WIDER * max(median(others), 0.1)
            and reach >= _BEFORE * (column_right - line.left)
            and len(label) <= _MAX_CHARS
            and _LABEL.fullmatch(label)
        ):
            return cut
        return None  # the widest space near the end is no label's
    return None
