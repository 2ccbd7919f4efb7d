"""Where a PDF page holds figures: images, embedded drawings and clusters of paths.

Text inside a figure (a chart's axis labels, a legend, a flowchart's boxes) is the
author's, but it is not prose: read line by line into paragraphs it makes sentences
the document never wrote ("3 Sequential 3 Sequential List Scheduling"). The layout
keeps each of its pieces as a note of its own instead. A figure is an image or a
form XObject of a fair size (not a full-page background or a page wrapped whole in a
form), or a cluster of drawn paths (a chart's bars joined by its axes; a cluster of
rules alone, a ruled table, is not one). Boxes are in the page's own
space, as PDFium reports object bounds; `figure_pieces` marks the lines within them.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_right
from itertools import compress, repeat
from operator import itemgetter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from assay.text.pdf_chars import object_bounds, object_type, page_object, pointer_of
from assay.text.pdf_kinds import is_caption
from assay.text.pdf_words import PdfWord, Piece, PrintedLine, line_of

Box = tuple[float, float, float, float]  # left, bottom, right, top

_PATH, _IMAGE, _FORM = 2, 3, 5  # FPDF_PAGEOBJ_* types
_DRAWN = frozenset((_PATH, _IMAGE, _FORM))
_MIN_SIDE = 30.0  # points: a smaller image or drawing is an icon or a mark
_MAX_SHARE = 0.6  # of the page's area: larger is a background or a wrapper
_RULE = 2.0  # points: a path this thin is a rule (an axis, a table's line)
_CELL = 12.0  # points: the grid paths are clustered on
_MIN_PATHS = 8  # paths in a cluster for it to be a drawing
_FULL_CELLS = 64  # a path covering more grid cells marks only its border
_MIN_SOLID = 3  # of them with an area (bars, marks, curves), not rules alone
_LABEL_GAP = 1.1  # font sizes: a wider space parts two labels of a chart
_FIGURE_SLACK = 10.0  # points around a figure's box still in it (axis labels, ticks)
_MAX_OBJECTS = 20_000  # a page with more is not searched (time)
_SOLID_AREA = _RULE * _RULE * 4  # a path with this area or more is no rule

_BOTTOM, _TOP = itemgetter(1), itemgetter(3)


def figure_boxes(page: pdfium.PdfPage, visible: Box) -> tuple[list[Box], list[Box]]:
    """The page's figures, and its rules (thin drawn paths and the sides of others:
    a table's grid lines, its cells' boxes)."""
    raw = pointer_of(page)
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if count > _MAX_OBJECTS:
        return [], []
    x0, y0, x1, y1 = visible
    page_area = max((x1 - x0) * (y1 - y0), 1.0)
    # PDFium asked object by object through map(): the calls, not their work, cost here.
    handles = list(map(page_object, repeat(raw, count), range(count)))
    kinds = list(map(object_type, handles))
    drawn = list(map(_DRAWN.__contains__, kinds))  # most objects are text
    drawn_kinds = list(compress(kinds, drawn))
    drawn_bounds = _bounds(list(compress(handles, drawn)))
    boxes: list[Box] = []
    paths: list[Box] = []
    rules: list[Box] = []
    for kind, box in zip(drawn_kinds, drawn_bounds, strict=True):
        if box is None:
            continue
        width, height = box[2] - box[0], box[3] - box[1]
        if width * height > _MAX_SHARE * page_area:
            continue
        if kind == _PATH:
            paths.append(box)  # axes and grid lines join a chart's parts
            if (width <= _RULE) != (height <= _RULE):
                rules.append(box)
            elif width > _RULE:  # a box's sides may be a table's cell borders (pdf_grid)
                left, bottom, right, top = box
                rules += [
                    (left, bottom, right, bottom),
                    (left, top, right, top),
                    (left, bottom, left, top),
                    (right, bottom, right, top),
                ]
        elif width >= _MIN_SIDE and height >= _MIN_SIDE:
            boxes.append(box)
    return boxes + _drawings(paths, page_area), rules


def _bounds(handles: list[int]) -> list[Box | None]:
    """Each page object's bounds (None where PDFium has none), written by PDFium into
    one array of floats: four per object."""
    corners = (ctypes.c_float * (4 * len(handles)))()
    start, size = ctypes.addressof(corners), ctypes.sizeof(ctypes.c_float)
    end = start + 4 * size * len(handles)
    lefts, bottoms, rights, tops = (range(start + side * size, end, 4 * size) for side in range(4))
    found = list(map(object_bounds, handles, lefts, bottoms, rights, tops))
    values = iter(corners[:])
    boxes = zip(values, values, values, values, strict=True)
    return [box if ok else None for box, ok in zip(boxes, found, strict=True)]


def _drawings(paths: list[Box], page_area: float) -> list[Box]:
    """Clusters of paths on a coarse grid: connected cells covered by path boxes. A
    cluster of rules only (a ruled table) is not a drawing: it needs paths with area."""
    if len(paths) < _MIN_PATHS:
        return []
    grid = _Grid(paths)
    cells, firsts = grid.covered(paths)
    # Each path's cells touch one another (all of a small box, the border of a large
    # one), so one cell of it tells its cluster; clusters come in their first path's order.
    clusters: dict[int, list[Box]] = {}
    for box, cluster in zip(paths, grid.clusters(cells, firsts), strict=True):
        if cluster is not None:
            clusters.setdefault(cluster, []).append(box)
    found: list[Box] = []
    for members in clusters.values():
        if len(members) < _MIN_PATHS:
            continue
        if not _enough_solid(members):
            continue
        lefts, bottoms, rights, tops = zip(*members, strict=True)
        box = (min(lefts), min(bottoms), max(rights), max(tops))
        wide, tall = box[2] - box[0] >= _MIN_SIDE, box[3] - box[1] >= _MIN_SIDE
        if wide and tall and _area(box) <= _MAX_SHARE * page_area:
            found.append(box)
    return found


class _Grid:
    """The grid paths are clustered on, a cell numbered column * stride + row (rows
    counted from one below the lowest path): a neighbour is one addition away, cheaper
    than a pair of ints to build and hash. A row apart above and below keeps a column's
    neighbours out of the next column."""

    def __init__(self, paths: list[Box]) -> None:
        # The cell of the lowest bottom is the lowest cell (a floor keeps the order).
        self.low = int(min(map(_BOTTOM, paths)) // _CELL) - 1
        self.stride = int(max(map(_TOP, paths)) // _CELL) - self.low + 2

    def covered(self, paths: list[Box]) -> tuple[set[int], list[int | None]]:
        """The cells the paths cover, and one cell of each path (None: an upside-down
        box covers none). Only the border of a large path counts (a frame or a panel's
        background joins what touches its edges, and costs no more than that)."""
        stride, low = self.stride, self.low
        cells: set[int] = set()
        add_cells = cells.update  # a column's or a row's cells at a time
        firsts: list[int | None] = []
        for left, bottom, right, top in paths:
            x0, x1 = int(left // _CELL), int(right // _CELL)
            y0, y1 = int(bottom // _CELL) - low, int(top // _CELL) - low
            if x1 < x0 or y1 < y0:
                firsts.append(None)
                continue
            first = x0 * stride + y0
            firsts.append(first)
            if x0 == x1:  # most paths: one column of cells
                add_cells(range(first, first + y1 - y0 + 1))
            elif y0 == y1:  # a horizontal rule: one row of cells
                add_cells(range(first, x1 * stride + y0 + 1, stride))
            elif (x1 - x0 + 1) * (y1 - y0 + 1) <= _FULL_CELLS:
                for column in range(first, x1 * stride + y0 + 1, stride):
                    add_cells(range(column, column + y1 - y0 + 1))
            else:
                add_cells(range(first, x1 * stride + y0 + 1, stride))  # bottom row
                add_cells(range(x0 * stride + y1, x1 * stride + y1 + 1, stride))  # top
                add_cells(range(first + 1, first + y1 - y0))  # left side
                add_cells(range(x1 * stride + y0 + 1, x1 * stride + y1))  # right side
        return cells, firsts

    def clusters(self, cells: set[int], of: list[int | None]) -> list[int | None]:
        """The cluster (touching cells) of each cell in `of` (None stays None), as a
        number unique to the cluster.

        Labelled by runs, not cell by cell: the cells of a column one above another
        make a run (the free rows above and below keep a run in its column), and runs
        of neighbouring columns that share a row are joined. A table or a chart covers
        thousands of cells but only tens of runs."""
        if not cells:  # every box upside down
            return [None] * len(of)
        order = sorted(cells)
        breaks = [index for index in range(1, len(order)) if order[index] != order[index - 1] + 1]
        starts = [order[0]] + [order[index] for index in breaks]
        ends = [order[index - 1] for index in breaks] + [order[-1]]
        parent = list(range(len(starts)))

        def root(run: int) -> int:
            while parent[run] != run:
                parent[run] = parent[parent[run]]
                run = parent[run]
            return run

        stride = self.stride
        columns = [start // stride for start in starts]
        # Runs in column order, each column's from the bottom: one sweep over two
        # neighbouring columns at a time joins the runs that share a row.
        firsts = [0] + [run for run in range(1, len(starts)) if columns[run] != columns[run - 1]]
        firsts.append(len(starts))  # each column's first run, and the end
        for at in range(len(firsts) - 2):
            left, right, right_end = firsts[at], firsts[at + 1], firsts[at + 2]
            if columns[right] != columns[left] + 1:
                continue  # no neighbouring column
            left_end = right
            while left < left_end and right < right_end:
                if ends[left] + stride < starts[right]:
                    left += 1  # below the other's run: no shared row
                elif ends[right] < starts[left] + stride:
                    right += 1
                else:
                    parent[root(right)] = root(left)
                    if ends[left] + stride < ends[right]:
                        left += 1
                    else:
                        right += 1

        labels = [root(run) for run in range(len(starts))]
        return [None if cell is None else labels[bisect_right(starts, cell) - 1] for cell in of]


def _enough_solid(paths: list[Box]) -> bool:
    """Whether enough of the paths have an area (bars, marks, curves): not rules alone.
    Counted only as far as enough."""
    solid = 0
    for box in paths:
        if _area(box) >= _SOLID_AREA:
            solid += 1
            if solid == _MIN_SOLID:
                return True
    return False


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def figure_pieces(
    lines: list[PrintedLine], figures: list[tuple[float, float, float, float]]
) -> list[PrintedLine]:
    """Each piece of text inside a figure as a line of its own, marked: a chart's
    labels are read one by one, never into sentences. Table rows and captions stay."""
    if not figures:
        return lines
    areas = [_with_slack(figure) for figure in figures]  # once per page, not per line
    result: list[PrintedLine] = []
    for line in lines:
        # The cheap tests first: most lines of a page with a figure are outside it.
        inside = not line.cells and _in_figure(line, areas) and not is_caption(line.text)
        if not inside:
            result.append(line)
            continue
        for words in _label_runs(line):
            part = line_of([Piece(words)], line.page)
            part.column, part.figure = line.column, True
            result.append(part)
    return result


def _with_slack(figure: Box) -> Box:
    left, bottom, right, top = figure
    return (
        left - _FIGURE_SLACK,
        bottom - _FIGURE_SLACK,
        right + _FIGURE_SLACK,
        top + _FIGURE_SLACK,
    )


def _label_runs(line: PrintedLine) -> list[list[PdfWord]]:
    """The line's words cut at every wide space: each label of a chart on its own."""
    runs: list[list[PdfWord]] = [[line.words[0]]]
    for before, word in zip(line.words, line.words[1:], strict=False):
        if word.left - before.right > _LABEL_GAP * line.size:
            runs.append([])
        runs[-1].append(word)
    return runs


def _in_figure(line: PrintedLine, areas: list[Box]) -> bool:
    """Whether the line's middle is in one of the figures' areas (slack included)."""
    x = (line.left + line.right) / 2  # its first piece's left, its last piece's right
    y = (line.top + line.bottom) / 2
    return any(left <= x <= right and bottom <= y <= top for left, bottom, right, top in areas)
