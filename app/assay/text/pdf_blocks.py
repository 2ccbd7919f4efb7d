"""Blocks of text set side by side on a title page, each centred: the authors' names over
their affiliations and addresses, one block per author (as IEEE and ACM set them).

Their printed lines cross from one author to the next; a reader reads each block down.
They are told from a table by where they sit (page 1, a few short rows) and by their
pieces being centred over each other rather than starting at the same place.
"""

from __future__ import annotations

import re

from assay.text.pdf_words import PrintedLine, line_of

_LETTER = re.compile(r"[^\W\d_]{2}")
_CENTRED = 6.0  # points: centres of one block's lines lie this close
_MAX_ROWS = 6  # name, department, institution, address, e-mail…: a table has more
_MAX_BLOCKS = 5


def centred_over(upper: PrintedLine, lower: PrintedLine) -> bool:
    """Each piece of one line centred over a piece of the other, two to five of them."""
    count = len(upper.pieces)
    if not 2 <= count <= _MAX_BLOCKS or len(lower.pieces) != count:
        return False
    if upper.page != 1 or lower.page != 1 or upper.column != lower.column:
        return False
    pieces = upper.pieces + lower.pieces
    if not all(_LETTER.search(piece.text) for piece in pieces):
        return False  # a line number beside its line, a column of figures
    return all(
        abs(a.left + a.right - b.left - b.right) <= 2 * _CENTRED
        for a, b in zip(upper.pieces, lower.pieces, strict=True)
    )


def read_blocks_down(lines: list[PrintedLine]) -> list[PrintedLine]:
    """`lines` in reading order, with each run of side-by-side blocks read block by
    block; every block gets a column id of its own (a break in the flow), ids renumbered
    in order from the first line's."""
    if not lines or lines[0].page != 1:
        return lines
    tagged: list[tuple[tuple[int, int], PrintedLine]] = []
    index = 0
    while index < len(lines):
        end = index
        while end + 1 < len(lines) and centred_over(lines[end], lines[end + 1]):
            end += 1
        run = lines[index : end + 1]
        if len(run) < 2 or len(run) > _MAX_ROWS:
            tagged.extend(((line.column, -1), line) for line in run)
        else:
            for block in range(len(run[0].pieces)):
                for line in run:
                    piece_line = line_of([line.pieces[block]], line.page)
                    tagged.append(((line.column, block), piece_line))
        index = end + 1
    column = lines[0].column
    previous = tagged[0][0]
    result: list[PrintedLine] = []
    for key, line in tagged:
        if key != previous:
            column += 1
            previous = key
        line.column = column
        result.append(line)
    return result
