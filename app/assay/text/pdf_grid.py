"""Tables ruled as a grid (every cell boxed, as Word and Excel export them): rows and
cells from the drawn rules, not from where the text happens to sit.

Read by position alone, a grid table's wrapped cells run down the page as columns of
prose ("Airport with scheduled commercial flights that also serves…") or interleave
row by row. With its rules, each row is the band between two horizontal rules and
each cell the stretch of the band between two vertical rules that cross it; the words
whose middles lie in a cell are that cell, read top to bottom. A table ruled by
horizontal rules alone (top, middle and bottom rules) is no grid: `pdf_columns` reads
those from the text's alignment.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from assay.text.pdf_words import PdfWord, Piece, PrintedLine, line_of, printed_lines

Box = tuple[float, float, float, float]  # left, bottom, right, top
Rule = tuple[float, float, float]  # from, to (along the rule), where (across it)

_TOUCH = 2.0  # points: rules this close meet
_SAME = 3.0  # points: rules this close are one (a double rule)
_MIN_ROWS = 2  # bands between horizontal rules
_MIN_COLUMNS = 2  # cells of the widest band
_MIN_SIDE = 20.0  # points: a smaller grid is a mark, not a table
_FILLED = 0.6  # of a grid's cells hold text when it lies over a figure
_MAX_PAIRS = 250_000  # rule pairs compared on a page (time): more is a drawing


@dataclass(frozen=True, slots=True)
class Grid:
    box: Box
    across: list[Rule]  # horizontal rules: left, right, y
    down: list[Rule]  # vertical rules: bottom, top, x


def find_grids(rules: list[Box]) -> list[Grid]:
    """The grids made by the page's rules (thin drawn boxes): clusters of horizontal
    and vertical rules that meet, with two rows of two cells at least."""
    across = [(left, right, (bottom + top) / 2) for left, bottom, right, top in rules
              if right - left > top - bottom]  # fmt: skip
    down = [(bottom, top, (left + right) / 2) for left, bottom, right, top in rules
            if top - bottom >= right - left]  # fmt: skip
    if len(across) < _MIN_ROWS + 1 or len(down) < _MIN_COLUMNS + 1:
        return []
    if len(across) * len(down) > _MAX_PAIRS:
        return []
    grids = []
    for members_across, members_down in _clusters(across, down):
        ys = _distinct([rule[2] for rule in members_across])
        xs = _distinct([rule[2] for rule in members_down])
        if len(ys) < _MIN_ROWS + 1 or len(xs) < _MIN_COLUMNS + 1:
            continue
        box = (
            min(rule[0] for rule in members_across),
            min(rule[0] for rule in members_down),
            max(rule[1] for rule in members_across),
            max(rule[1] for rule in members_down),
        )
        if box[2] - box[0] >= _MIN_SIDE and box[3] - box[1] >= _MIN_SIDE:
            grids.append(Grid(box, members_across, members_down))
    return grids


def _clusters(across: list[Rule], down: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Rules that meet, joined (union-find over horizontal and vertical rules). Each
    vertical rule is compared only with the horizontal rules within its height."""
    across = sorted(across, key=lambda rule: rule[2])
    heights = [rule[2] for rule in across]
    parent = list(range(len(across) + len(down)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    # Each horizontal rule's reach along its length, once, not per vertical rule.
    reach_from = [rule[0] - _TOUCH for rule in across]
    reach_to = [rule[1] + _TOUCH for rule in across]
    for j, (bottom, top, x) in enumerate(down, start=len(across)):
        first = bisect_left(heights, bottom - _TOUCH)
        # j stays a root: the rules it meets are put under it.
        for i in range(first, bisect_right(heights, top + _TOUCH, first)):
            if reach_from[i] <= x <= reach_to[i]:
                parent[i if parent[i] == i else root(i)] = j
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, rule in enumerate(across):
        groups.setdefault(root(i), ([], []))[0].append(rule)
    for j, rule in enumerate(down, start=len(across)):
        groups.setdefault(root(j), ([], []))[1].append(rule)
    return list(groups.values())


def _distinct(values: list[float]) -> list[float]:
    """The values ascending, those within _SAME of the one before dropped."""
    result: list[float] = []
    for value in sorted(values):
        if not result or value - result[-1] > _SAME:
            result.append(value)
    return result


def ruled_rows(
    grids: list[Grid], words: list[PdfWord], figures: list[Box], page: int
) -> tuple[list[PdfWord], list[list[PrintedLine]], list[Box]]:
    """The words outside the grids' tables, each table's rows top to bottom (a line
    per row whose pieces are its cells, `slots` saying which: rows are never joined), and the
    figures that are no table. A grid is a table when rows of it hold two cells of
    text; one over a figure (boxed cells look like a chart's bars) when most of its
    cells hold text, as a table's do and a chart's bars do not."""
    tables: list[list[PrintedLine]] = []
    rest = words
    for grid in grids:
        left, bottom, right, top = grid.box
        inside = [w for w in rest if left <= (w.left + w.right) / 2 <= right
                  and bottom <= (w.bottom + w.top) / 2 <= top]  # fmt: skip
        if not inside:
            continue
        over = [box for box in figures if _overlap(box, grid.box)]
        rows, filled, cells = _rows(grid, inside, page)
        if sum(len(row.pieces) > 1 for row in rows) < _MIN_ROWS:
            continue
        if over and filled < _FILLED * cells:
            continue
        taken = set(map(id, inside))
        rest = [w for w in rest if id(w) not in taken]
        figures = [box for box in figures if box not in over]
        tables.append(rows)
    return rest, tables, figures


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _rows(grid: Grid, words: list[PdfWord], page: int) -> tuple[list[PrintedLine], int, int]:
    """The grid's rows, how many of its cells hold words and how many cells it has."""
    ys = _distinct([rule[2] for rule in grid.across])[::-1]  # top first
    bands = [(high, low) for high, low in zip(ys, ys[1:], strict=False) if high - low > _SAME]
    edges_of = _edges(grid, bands)
    lows = [-low for _, low in bands]  # ascending, for _nearest
    cells: dict[tuple[int, int], list[PdfWord]] = {}
    for word in words:
        middle_y, middle_x = (word.bottom + word.top) / 2, (word.left + word.right) / 2
        band = _nearest(bands, lows, middle_y)
        edges = edges_of[band]
        cell = bisect_right(edges, middle_x, 1, max(len(edges) - 1, 1)) - 1 if edges else 0
        cells.setdefault((band, max(cell, 0)), []).append(word)
    result: list[PrintedLine] = []
    for band in range(len(bands)):
        filled = [cell for cell in range(max(len(edges_of[band]) - 1, 1)) if (band, cell) in cells]
        if not filled:
            continue
        pieces = [Piece(_cell_words(cells[band, cell])) for cell in filled]
        row = line_of(pieces, page)
        # A row of the grid's cells even with one cell filled: its empty cells are kept.
        row.cells, row.slots = len(edges_of[band]) > 2, tuple(filled)
        result.append(row)
    total = sum(max(len(edges) - 1, 1) for edges in edges_of)
    return result, len(cells), total


def _cell_words(words: list[PdfWord]) -> list[PdfWord]:
    """A cell's words line by line, top to bottom (most cells hold one word)."""
    if len(words) == 1:
        return words
    return [word for line in printed_lines(words) for word in line.words]


def _edges(grid: Grid, bands: list[tuple[float, float]]) -> list[list[float]]:
    """Per band, where the vertical rules crossing its middle stand, left to right."""
    middles = [(high + low) / 2 for high, low in bands][::-1]  # ascending
    crossing: list[list[float]] = [[] for _ in bands]
    for bottom, top, x in grid.down:
        first = bisect_left(middles, bottom - _TOUCH)
        for index in range(first, bisect_right(middles, top + _TOUCH, first)):
            crossing[len(bands) - 1 - index].append(x)
    return [_distinct(xs) for xs in crossing]


def _nearest(bands: list[tuple[float, float]], lows: list[float], y: float) -> int:
    """The band holding y, or the nearest one (a word on a double rule's gap)."""
    # Bands run top to bottom without overlapping: the first whose low edge is at or
    # below y is the only one that can hold it (found by bisection over the lows,
    # negated: ascending).
    index = bisect_left(lows, -y)
    if index < len(bands) and bands[index][0] >= y:
        return index
    return min(range(len(bands)), key=lambda i: min(abs(y - bands[i][0]), abs(y - bands[i][1])))


def place_rows(ordered: list[PrintedLine], tables: list[list[PrintedLine]]) -> list[PrintedLine]:
    """The page's lines in reading order with each grid's rows put where the grid
    stands in it: before the first line of its column below it, else after the last
    one above it, else before the first line of a column to its right (a table that
    fills its column), else at the end. The rows take the column id of their place."""
    for rows in tables:
        ordered = _placed(ordered, rows)
    return ordered


def _placed(ordered: list[PrintedLine], rows: list[PrintedLine]) -> list[PrintedLine]:
    top = max(row.top for row in rows)
    left = min(row.left for row in rows)
    right = max(row.right for row in rows)
    beside = [i for i, line in enumerate(ordered) if line.left < right and line.right > left]
    below = [i for i in beside if ordered[i].baseline < top]
    if below:
        at, neighbour = below[0], below[0]
    elif beside:
        at = beside[-1] + 1
        neighbour = beside[-1]
    else:
        after = [i for i, line in enumerate(ordered) if line.left >= right]
        at = after[0] if after else len(ordered)
        neighbour = at if after else len(ordered) - 1
    column = ordered[neighbour].column if ordered else 0
    for row in rows:
        row.column = column
    return ordered[:at] + rows + ordered[at:]
