"""Table rows set across a page's gutter, read as full-width rows (`pdf_columns`).

A page with two columns may hold a table or a list whose rows cross the gutter: cut
into the two columns, the labels would be read first and then their cells or
descriptions ("-b, --benchmark -s, --strict perform a benchmark on decoding use
strict DER decoding"), a sentence the document never wrote. Two kinds of evidence
mark such rows, each from where the lines are printed: labels left of the gutter with
cells right of it (`labelled_rows`), and a line of the block that runs across the
gutter between lines cut by it (`rows_around_crossings`).
"""

from __future__ import annotations

import re

from assay.text.pdf_words import Piece, PrintedLine

_ALIGNED = 2.5  # points: lines of one block start this close to one left edge
_MIN_ROWS = 3  # rows in a run for a table set across the columns' gutter
_JUSTIFIED = 0.75  # of a run's labels ending at one edge: justified prose, not labels
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_ROW_STEP = 1.6  # font sizes: rows of one block follow each other at most this far apart
_SAME_STEP = 0.15  # of a step: rows of one block are set at one line step
_SAME_SIZE = 0.5  # points: rows of one block are set in one size

Parts = list[tuple[int, PrintedLine]] | None  # a line cut into columns; None: crosses


def labelled_rows(lines: list[PrintedLine], middles: list[float]) -> set[int]:
    """Ids of a table's rows set across the columns' gutter (a label left of it, figures
    in cells right of it): read as full-width rows, not cut into the two columns. A run
    of such lines, each with one piece left of a gutter that ends no sentence and two or
    more right of it, all within the two columns beside that gutter; their labels ragged
    (lines of justified prose beside a table all end at the column's edge)."""

    bounds = [float("-inf"), *middles, float("inf")]

    def label_of(line: PrintedLine) -> Piece | None:
        if len(line.pieces) < 3:
            return None  # a label and two cells at least
        for index, middle in enumerate(middles):
            # Only the two columns beside this gutter: prose in a third one is no row.
            if line.left < bounds[index] or line.right > bounds[index + 2]:
                continue
            left = [p for p in line.pieces if p.right < middle]
            right = [p for p in line.pieces if p.left > middle]
            if not left or len(right) < 2 or len(left) + len(right) != len(line.pieces):
                continue
            if len(left) > 1:
                # Cells on both sides: one table only if the gutter is no wider than
                # the row's other spaces (two tables side by side are set further apart).
                pieces = line.pieces
                gaps = [b.left - a.right for a, b in zip(pieces, pieces[1:], strict=False)]
                across = right[0].left - left[-1].right
                others = [g for a, b, g in zip(pieces, pieces[1:], gaps, strict=False)
                          if a is not left[-1]]  # fmt: skip
                if not others or across > max(others):
                    continue
            return None if _SENTENCE_END.search(left[-1].text) else left[-1]
        return None

    rows: set[int] = set()
    run: list[tuple[PrintedLine, Piece]] = []
    for line in [*lines, None]:
        label = label_of(line) if line is not None else None
        if label is not None and line is not None:
            run.append((line, label))
            continue
        if len(run) >= _MIN_ROWS:
            # One piece left of the gutter on most rows: labels, or a column of prose?
            single = [label for row, label in run if row.pieces[0] is label]
            ends = [label.right for label in single]
            flush = sum(1 for end in ends if end >= max(ends, default=0) - _ALIGNED)
            if len(single) * 2 < len(run) or flush < _JUSTIFIED * len(single):
                rows.update(id(row) for row, _ in run)
        run = []
    return rows


def rows_around_crossings(lines: list[PrintedLine], parts_of: dict[int, Parts]) -> set[int]:
    """Ids of the rows of a list or table that one of its lines crosses the gutter in
    (a long option in an option list, its description run on): the crossing line
    between lines cut into columns (`parts_of`: by id, as the reading order cuts them),
    all on one line step, one size and one left edge, and the parts left of the gutter
    ragged labels. Columns of prose are not read so: what spans a two-column page
    stands apart from them, and a column's lines end at its edge (justified)."""
    rows: set[int] = set()
    for index in range(1, len(lines) - 1):
        above, line, below = lines[index - 1], lines[index], lines[index + 1]
        if id(line) in rows or not _sandwiched(above, line, below, parts_of):
            continue
        step = above.baseline - line.baseline
        block = [above, line, below]
        for other in reversed(lines[: index - 1]):  # upwards, while the block goes on
            if not (_in_rows(other, parts_of) and _one_block(other, block[0], step)):
                break
            block.insert(0, other)
        for other in lines[index + 2 :]:  # downwards
            if not (_in_rows(other, parts_of) and _one_block(block[-1], other, step)):
                break
            block.append(other)
        if _labels_and_descriptions([parts_of.get(id(row)) for row in block]):
            rows.update(id(row) for row in block)
    return rows


def _sandwiched(
    above: PrintedLine, line: PrintedLine, below: PrintedLine, parts_of: dict[int, Parts]
) -> bool:
    return (
        len(line.pieces) == 1  # one run of words from the block's left edge across
        and id(line) in parts_of
        and parts_of[id(line)] is None
        and _cut(above, parts_of)
        and _cut(below, parts_of)
        and _one_block(above, line)
        and _one_block(line, below, above.baseline - line.baseline)
    )


def _cut(line: PrintedLine, parts_of: dict[int, Parts]) -> bool:
    parts = parts_of.get(id(line), [])
    return parts is not None and len(parts) >= 2


def _in_rows(line: PrintedLine, parts_of: dict[int, Parts]) -> bool:
    """Cut into columns, or crossing them: a row of the block either way."""
    return id(line) in parts_of and (parts_of[id(line)] is None or _cut(line, parts_of))


def _labels_and_descriptions(block_parts: list[Parts]) -> bool:
    """The parts left of the gutter end raggedly (labels, not a justified column) and
    those right of it start at one edge (descriptions or cells, set in one column)."""
    cut = [parts for parts in block_parts if parts is not None and len(parts) >= 2]
    if not cut:
        return False
    ends = [parts[0][1].right for parts in cut]
    flush = sum(1 for end in ends if end >= max(ends) - _ALIGNED)
    starts = [parts[1][1].left for parts in cut]
    return flush < _JUSTIFIED * len(ends) and max(starts) - min(starts) <= _ALIGNED


def _one_block(upper: PrintedLine, lower: PrintedLine, step: float | None = None) -> bool:
    """Two lines that follow each other in one block: the next line step (like `step`
    if given), one size and one left edge."""
    gap = upper.baseline - lower.baseline
    if not 0 < gap <= _ROW_STEP * upper.size or abs(upper.size - lower.size) > _SAME_SIZE:
        return False
    if step is not None and abs(gap - step) > _SAME_STEP * step:
        return False
    return abs(upper.left - lower.left) <= _ALIGNED
