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

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from assay.text.pdf_chars import address_of, object_bounds, object_type, page_object
from assay.text.pdf_kinds import is_caption
from assay.text.pdf_words import PdfWord, Piece, PrintedLine, line_of

Box = tuple[float, float, float, float]  # left, bottom, right, top

_PATH, _IMAGE, _FORM = 2, 3, 5  # FPDF_PAGEOBJ_* types
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


def figure_boxes(page: pdfium.PdfPage, visible: Box) -> list[Box]:
    raw = address_of(page)
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if count > _MAX_OBJECTS:
        return []
    x0, y0, x1, y1 = visible
    page_area = max((x1 - x0) * (y1 - y0), 1.0)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    addresses = [ctypes.addressof(v) for v in (left, bottom, right, top)]
    boxes: list[Box] = []
    paths: list[Box] = []
    for index in range(count):
        handle = page_object(raw, index)
        kind = object_type(handle)
        if kind not in (_PATH, _IMAGE, _FORM):
            continue
        if not object_bounds(handle, *addresses):
            continue
        box = (left.value, bottom.value, right.value, top.value)
        width, height = box[2] - box[0], box[3] - box[1]
        if width * height > _MAX_SHARE * page_area:
            continue
        if kind == _PATH:
            paths.append(box)  # axes and grid lines join a chart's parts
        elif width >= _MIN_SIDE and height >= _MIN_SIDE:
            boxes.append(box)
    return boxes + _drawings(paths, page_area)


def _drawings(paths: list[Box], page_area: float) -> list[Box]:
    """Clusters of paths on a coarse grid: connected cells covered by path boxes. A
    cluster of rules only (a ruled table) is not a drawing: it needs paths with area."""
    if len(paths) < _MIN_PATHS:
        return []
    cells: dict[tuple[int, int], list[int]] = {}
    for number, box in enumerate(paths):
        for cell in _cells(box):
            cells.setdefault(cell, []).append(number)
    seen: set[tuple[int, int]] = set()
    found: list[Box] = []
    for start in cells:
        if start in seen:
            continue
        seen.add(start)
        stack, members = [start], set()
        while stack:
            cx, cy = stack.pop()
            members.update(cells[(cx, cy)])
            for near in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                if near in cells and near not in seen:
                    seen.add(near)
                    stack.append(near)
        solid = sum(1 for i in members if _area(paths[i]) >= _RULE * _RULE * 4)
        if len(members) < _MIN_PATHS or solid < _MIN_SOLID:
            continue
        box = (
            min(paths[i][0] for i in members),
            min(paths[i][1] for i in members),
            max(paths[i][2] for i in members),
            max(paths[i][3] for i in members),
        )
        wide, tall = box[2] - box[0] >= _MIN_SIDE, box[3] - box[1] >= _MIN_SIDE
        if wide and tall and _area(box) <= _MAX_SHARE * page_area:
            found.append(box)
    return found


def _cells(box: Box) -> list[tuple[int, int]]:
    """The grid cells a path covers; only the border of a large one (a frame or a
    panel's background joins what touches its edges, and costs no more than that)."""
    x0, x1 = int(box[0] // _CELL), int(box[2] // _CELL)
    y0, y1 = int(box[1] // _CELL), int(box[3] // _CELL)
    if (x1 - x0 + 1) * (y1 - y0 + 1) <= _FULL_CELLS:
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    rows = [(x, y) for x in range(x0, x1 + 1) for y in (y0, y1)]
    return rows + [(x, y) for x in (x0, x1) for y in range(y0 + 1, y1)]


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def figure_pieces(
    lines: list[PrintedLine], figures: list[tuple[float, float, float, float]]
) -> list[PrintedLine]:
    """Each piece of text inside a figure as a line of its own, marked: a chart's
    labels are read one by one, never into sentences. Table rows and captions stay."""
    if not figures:
        return lines
    result: list[PrintedLine] = []
    for line in lines:
        inside = not line.cells and not is_caption(line.text) and _in_figure(line, figures)
        if not inside:
            result.append(line)
            continue
        for words in _label_runs(line):
            part = line_of([Piece(words)], line.page)
            part.column, part.figure = line.column, True
            result.append(part)
    return result


def _label_runs(line: PrintedLine) -> list[list[PdfWord]]:
    """The line's words cut at every wide space: each label of a chart on its own."""
    runs: list[list[PdfWord]] = [[line.words[0]]]
    for before, word in zip(line.words, line.words[1:], strict=False):
        if word.left - before.right > _LABEL_GAP * line.size:
            runs.append([])
        runs[-1].append(word)
    return runs


def _in_figure(line: PrintedLine, figures: list[tuple[float, float, float, float]]) -> bool:
    x = (line.left + line.right) / 2
    y = (line.top + line.bottom) / 2
    return any(
        left - _FIGURE_SLACK <= x <= right + _FIGURE_SLACK
        and bottom - _FIGURE_SLACK <= y <= top + _FIGURE_SLACK
        for left, bottom, right, top in figures
    )
