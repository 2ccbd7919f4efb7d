"""A page's printed lines → reading order, with columns found from where lines sit.

Gutters are vertical strips that (almost) no line piece crosses, with column text on
both sides: many pieces start right after the strip, and the pieces on each side are
wide for their column (text set in a column fills it; table cells do not, so a table
keeps its rows). Lines that cross a gutter (a title, an abstract, a wide figure's
caption) cut the page into bands; within a band the columns are read left to right,
each top to bottom. Two, three or more columns, a sidebar beside the text and a
full-width top above two columns all come out of the same rule; nothing assumes the
page's middle.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from assay.text.pdf_beside import (
    MIN_GUTTER,
    MIN_STARTS,
    REACH,
    beside_stream,
    between_crossings,
    margin_notes,
)
from assay.text.pdf_blocks import centred_over, read_blocks_down
from assay.text.pdf_rows import labelled_rows, rows_around_crossings
from assay.text.pdf_words import Piece, PrintedLine, line_of

_BIN = 1.0  # points per coverage bin
_EDGE_SHARE = 0.08  # gutters keep this share of the text width from its edges
_ALIGNED = 2.5  # points: a column's lines start this close to its left edge
_SPLIT_SHARE = 0.15  # of a page's lines must have a wide space at a gutter
_CROSSING_SHARE = 0.3  # of a typical strip's pieces may cross a gutter
_ENUMERATOR = re.compile(r"[\[(]?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)\]]|[•◦▪‣●■□➢►–—-]")
_EVEN_GAPS = 1.5  # points: gaps this alike are stretched spaces of justified text
_GUTTER_SPACE = 1.5  # times a line's usual space: a space this wide may be a gutter
_CORE_SLACK = 2  # pieces above a run's least cover still in its core
_SPACE_VALLEY = 0.75  # of a typical strip's pieces at most where wide spaces mark a gutter
_CELL_FILL = 0.8  # median share of its slot a cell fills; prose fills its column
_CELL_ALIGN = 3  # points: cells of one table column start this close together
_WIDE = 0.7  # a piece wider than this share of the text width spans columns
_TEXT_COLUMN = 0.17  # of the text width: the least median width of a column's lines
_FLAGGED_RUN = re.compile(rb"\x01+")  # a run of flagged bins


@dataclass(frozen=True, slots=True)
class _Gutter:
    start: float
    end: float
    cut: float  # where the columns part: the middle of its widest empty stretch


def reading_order(lines: list[PrintedLine], first_column_id: int) -> list[PrintedLine]:
    """The page's lines in reading order; each gets a column id (a change of id is a
    break in the flow) and `cells` when it holds several pieces inside one column."""
    tables = _table_lines(lines)
    gutters = _gutters([line for line in lines if id(line) not in tables])
    if gutters:
        gutters = _columns([p for line in lines for p in line.pieces], gutters)
    if not gutters:
        return _without_gutters(lines, first_column_id, tables)
    return _by_gutters(lines, first_column_id, gutters, tables)


def _without_gutters(
    lines: list[PrintedLine], first_column_id: int, tables: set[int]
) -> list[PrintedLine]:
    """A page in one column, perhaps with notes in its margin or a short text beside it."""
    column_id = first_column_id
    body, margin = margin_notes(lines)
    beside = beside_stream(body, tables)
    if beside:
        margin = [line for line in body if id(line) in beside] + margin
        body = [line for line in body if id(line) not in beside]
    for line in body:
        line.column = column_id
        line.cells = len(line.pieces) > 1
    for line in margin:
        line.column = column_id + 1
        line.cells = False
    _confirm_cells(body, tables)
    return read_blocks_down(body) + margin


def _by_gutters(
    lines: list[PrintedLine], first_column_id: int, gutters: list[_Gutter], tables: set[int]
) -> list[PrintedLine]:
    """Columns read one after the other, band by band between the lines that cross them."""
    column_id = first_column_id
    middles = [g.cut for g in gutters]
    ordered: list[PrintedLine] = []
    band: list[list[PrintedLine]] = [[] for _ in range(len(middles) + 1)]

    full_width = False  # the last line placed crossed the gutters
    wide_from: int | None = None  # where in `ordered` a run of full-width lines starts

    def flush_wide() -> None:
        # A run of lines that cross the page's gutters may hold columns of its own (an
        # article-info sidebar beside the abstract, above the body's two columns).
        nonlocal column_id, wide_from
        if wide_from is None:
            return
        run = ordered[wide_from:]
        if 2 * MIN_STARTS <= len(run) < len(lines):
            start, end, own = _side_by_side(run)
            if own:
                first, last = wide_from + start, wide_from + end
                own_tables = _table_lines(run[start:end])
                ordered[first:last] = _by_gutters(run[start:end], column_id, own, own_tables)
                column_id = max(line.column for line in ordered[first:last]) + 1
                for line in ordered[last:]:  # the crossing lines after: a block of their own
                    line.column = column_id
        wide_from = None

    def flush() -> None:
        nonlocal column_id, full_width
        for column_lines in band:
            if column_lines:
                column_id += 1
                full_width = False
                for line in column_lines:
                    line.column = column_id
                ordered.extend(column_lines)
            column_lines.clear()

    last_full: PrintedLine | None = None
    across = labelled_rows(lines, middles)
    # Each line cut into columns up front: a line crossing a gutter between cut lines
    # may make its block rows (pdf_rows).
    parts_of = {id(ln): _split_by_column(ln, middles) for ln in lines if id(ln) not in across}
    across |= rows_around_crossings(lines, parts_of)
    across |= between_crossings(lines, parts_of, across, [(g.start, g.end) for g in gutters])
    for line in lines:
        parts = None if id(line) in across else parts_of[id(line)]
        if (
            parts is not None
            and full_width
            and last_full is not None
            and len(parts) == 1
            and abs(line.left - last_full.left) <= _ALIGNED
            and not any(band)
        ):
            parts = None  # a short line of a full-width paragraph ("Dublin 2, Ireland")
        if parts is None:  # crosses a gutter: full width
            last_full = line
            flush()
            if not full_width:
                column_id += 1
                full_width = True
                wide_from = len(ordered)
            line.column = column_id
            line.cells = len(line.pieces) > 1
            ordered.append(line)
            continue
        flush_wide()
        for index, part in parts:
            band[index].append(part)
    flush_wide()
    flush()
    _confirm_cells(ordered, tables)
    return read_blocks_down(ordered)


def _side_by_side(run: list[PrintedLine]) -> tuple[int, int, list[_Gutter]]:
    """Where a run of lines that cross the page's gutters holds text set side by side
    (its start, end and gutters): columns of its own across the whole run, or a short
    text beside the rest (an article-info sidebar beside the abstract, on other
    baselines, under a full-width title) with the lines around it that keep to a side."""
    tables = _table_lines(run)
    gutters = _gutters([line for line in run if id(line) not in tables])
    columns = _columns([p for line in run for p in line.pieces], gutters) if gutters else []
    if columns:
        return 0, len(run), columns
    beside = beside_stream(run, tables)
    if not beside:
        return 0, 0, []
    marked = [index for index, line in enumerate(run) if id(line) in beside]
    start, end = marked[0], marked[-1] + 1
    gutters = _gutters(run[start:end])
    if not gutters or len(run[start:end]) < 2 * MIN_STARTS:
        return 0, 0, []

    def apart(line: PrintedLine) -> bool:  # no piece crosses where the columns part
        return not any(p.left < g.cut < p.right for p in line.pieces for g in gutters)

    while start > 0 and apart(run[start - 1]):
        start -= 1
    while end < len(run) and apart(run[end]):
        end += 1
    return start, end, gutters


def _table_lines(lines: list[PrintedLine]) -> set[int]:
    """Ids of lines in runs that read as a table: consecutive lines whose pieces start at
    the same few places, most of them cut into several pieces, with cells that fill
    their slot far less than lines of prose fill a column. Their gaps are a table's
    columns, not the page's gutters."""
    found: set[int] = set()
    run: list[PrintedLine] = []  # the lines of the run so far: empty, or from a line of cells
    starts: list[float] = []  # where the pieces of the run's first line start
    slots: list[tuple[float, float | None]] = []  # the starts with their cells' reach

    def close() -> None:
        if len(run) >= MIN_STARTS and _reads_as_table(run, sorted(starts)):
            found.update(id(line) for line in run)

    for line in lines:
        pieces = line.pieces
        if run and _fits(pieces, slots):
            run.append(line)
            continue
        if len(run) >= MIN_STARTS:  # asked here: shorter runs are never tables
            close()
        if len(pieces) >= 2:
            starts, run = [p.left for p in pieces], [line]
            slots = _slots(starts)
        elif run:
            starts, run, slots = [], [], []
    close()
    return found


def _slots(starts: list[float]) -> list[tuple[float, float | None]]:
    """Each start of a table's columns with how far a cell that starts there may reach:
    to the next column's start (None: no column after it). Once per run, not per cell."""
    slots: list[tuple[float, float | None]] = []
    for index, start in enumerate(starts):
        later = [s for s in starts[index + 1 :] if s > start + _CELL_ALIGN]
        slots.append((start, min(later) + _CELL_ALIGN if later else None))
    return slots


def _fits(pieces: list[Piece], slots: list[tuple[float, float | None]]) -> bool:
    """Each piece starts where a column of the table starts and ends before the next
    (one call per line, not per piece: this is asked of most lines of a page)."""
    for piece in pieces:
        for start, reach in slots:
            if abs(piece.left - start) <= _CELL_ALIGN:
                if reach is not None and not piece.right <= reach:
                    return False
                break
        else:
            return False
    return True


def _reads_as_table(run: list[PrintedLine], starts: list[float]) -> bool:
    """A third of the run's lines or more cut into cells, and the cells short for their
    slots (prose set in columns fills each column: those are the page's columns)."""
    if len(starts) < 2 or sum(1 for line in run if len(line.pieces) >= 2) * 3 < len(run):
        return False
    fills: list[float] = []
    for line in run:
        for piece in line.pieces:
            following = bisect_right(starts, piece.left + _CELL_ALIGN)  # starts: sorted
            if following < len(starts):  # a cell with a next column: how much it fills
                slot = max(starts[following] - piece.left, 1.0)
                fills.append((piece.right - piece.left) / slot)
    return bool(fills) and _median(fills) < _CELL_FILL


def _confirm_cells(lines: list[PrintedLine], tables: set[int]) -> None:
    """Several pieces in one column make a table row only when a neighbouring line of
    the same column has cells starting at the same place, or the line is in a run read
    as a table (`tables`: ids; its rows may be apart, their cells wrapping between);
    otherwise the gap was a stretched space of justified text, and the pieces are one
    line again."""
    rows: list[int] = []  # indexes of the lines still read as cells
    for index, line in enumerate(lines):
        if not line.cells:
            continue
        if len(line.pieces) == 2 and _ENUMERATOR.fullmatch(line.pieces[0].text):
            line.cells = False  # "12.  Author…": a numbered entry, not a two-cell row
            line.set_pieces([Piece(line.words)])
            continue
        rows.append(index)
    # Where each row's cells after the first start, before any row is judged (only rows:
    # they are few among a page's lines).
    starts = {index: {round(p.left) for p in lines[index].pieces[1:]} for index in rows}
    for index in rows:
        line = lines[index]
        if id(line) in tables:
            continue
        mine = starts[index]
        needed = max(1, (len(mine) + 1) // 2)
        aligned = not _evenly_spread(line) and any(
            other in starts  # a neighbouring row: other lines have no cells to align with
            and lines[other].column == line.column
            and _shared_starts(mine, starts[other]) >= needed
            for other in (index - 1, index + 1)
        )
        if not aligned:
            line.cells = False
            if not any(
                0 <= other < len(lines) and centred_over(line, lines[other])
                for other in (index - 1, index + 1)
            ):
                line.set_pieces([Piece(line.words)])  # kept apart: pdf_blocks reads them


def _shared_starts(mine: set[int], theirs: set[int]) -> int:
    """How many of one row's cell starts another row's cells start close to."""
    return sum(1 for x in mine if any(abs(x - y) <= _CELL_ALIGN for y in theirs))


def _evenly_spread(line: PrintedLine) -> bool:
    """Justified text stretches every space of a line alike; a table's gaps differ."""
    pieces = line.pieces
    if len(pieces) < 3:
        return False  # a single gap: nothing to compare it with
    gaps = [b.left - a.right for a, b in zip(pieces, pieces[1:], strict=False)]
    return max(gaps) - min(gaps) <= _EVEN_GAPS


def _gutters(lines: list[PrintedLine]) -> list[_Gutter]:
    """Strips between columns, from two kinds of evidence: the gaps that split many
    printed lines at the same place, and strips that (almost) no narrow piece covers
    (columns whose baselines do not line up). Kept when pieces start at the strip's
    right edge, and when the columns either side hold text rather than table cells."""
    pieces = [piece for line in lines for piece in line.pieces]
    if len(pieces) < 2 * MIN_STARTS:
        return []
    left = min([p.left for p in pieces])
    right = max([p.right for p in pieces])
    width = right - left
    if width <= 0:
        return []
    bins = int(width / _BIN) + 2
    narrow = [p for p in pieces if p.right - p.left < _WIDE * width]
    gap_level = _levels(_wide_spaces(lines, left), bins)
    cover_level = _levels([(p.left - left, p.right - left) for p in narrow], bins)
    need_gaps = max(MIN_STARTS, int(len(lines) * _SPLIT_SHARE))
    # A valley: far fewer pieces than the columns it parts hold (a few short centred
    # lines, such as a title and authors, may cross it).
    ordered = sorted(cover_level)
    zeros = bisect_right(ordered, 0)  # levels are counts: the rest are the busy bins
    typical = ordered[zeros + (len(ordered) - zeros) // 2] if zeros < len(ordered) else 0
    tolerance = max(3, len(lines) // 15, int(typical * _CROSSING_SHARE))
    # A gutter: where few pieces lie, or where many lines have a wide space and fewer
    # pieces lie than in a column (lines of a middle column set on other baselines fill
    # the spaces between its neighbours). One byte per bin: runs found by a pattern.
    valley = typical * _SPACE_VALLEY
    flags = bytes(
        [
            cover <= tolerance or (gap >= need_gaps and cover <= valley)
            for gap, cover in zip(gap_level, cover_level, strict=True)
        ]
    )
    runs = [_core(run.span(), cover_level) for run in _FLAGGED_RUN.finditer(flags)]
    found: list[_Gutter] = []
    for start, end in runs:
        cut = left + sum(_widest_stretch(start, end, cover_level)) * _BIN / 2
        gutter = _Gutter(left + start * _BIN, left + end * _BIN, cut)
        if (
            gutter.end - gutter.start < MIN_GUTTER
            or gutter.start <= left + width * _EDGE_SHARE
            or gutter.end >= right - width * _EDGE_SHARE
            or not _is_column_edge(gutter, narrow)
        ):
            continue
        if found and gutter.start <= found[-1].end + MIN_GUTTER:
            continue  # overlaps the one before
        found.append(gutter)
    return found


def _wide_spaces(lines: list[PrintedLine], left: float) -> list[tuple[float, float]]:
    """Every wide space between two words of a line (its ends measured from `left`): in
    a tight layout the gutter is barely wider than a stretched space, but only a gutter
    lines up from line to line."""
    spaces: list[tuple[float, float]] = []
    for line in lines:
        words = iter(line.words)
        before = next(words)
        for after in words:  # each word once: this runs per word of the page
            if after.left - before.right >= MIN_GUTTER:
                spaces.append((before.right - left, after.left - left))
            before = after
    return spaces


def _core(run: tuple[int, int], cover: list[int]) -> tuple[int, int]:
    """The part of a run where the fewest pieces lie (ragged lines end before it)."""
    start, end = run
    most = min(cover[start:end]) + _CORE_SLACK
    first = next(i for i in range(start, end) if cover[i] <= most)
    last = next(i for i in range(end - 1, first - 1, -1) if cover[i] <= most)
    return first, last + 1


def _widest_stretch(start: int, end: int, cover: list[int]) -> tuple[int, int]:
    """The widest stretch of a gutter's core where its least cover lies. Entry numbers
    hung into the gutter ("14." before a reference of the right column) part two such
    stretches; a label sits closer to its own column's text than to the other column,
    so the wider stretch is the one between the columns."""
    most = min(cover[start:end]) + _CORE_SLACK
    best = (start, end)
    widest = 0
    first: int | None = None
    for index in range(start, end + 1):
        if index < end and cover[index] <= most:
            if first is None:
                first = index
        elif first is not None:
            if index - first > widest:
                best, widest = (first, index), index - first
            first = None
    return best


def _levels(spans: list[tuple[float, float]], bins: int) -> list[int]:
    """How many spans cover each _BIN-wide bin: +1 over [start, end) of each span in
    a difference array, then running sums (one pass over the bins, not one per span)."""
    differences = [0] * (bins + 1)
    for start, end in spans:
        first = int(start / _BIN) + 1
        last = int(end / _BIN)
        if first < 0:
            first = 0
        if last > bins:
            last = bins
        if last > first:
            differences[first] += 1
            differences[last] -= 1
    return list(accumulate(differences[:bins]))


def _is_column_edge(gutter: _Gutter, pieces: list[Piece]) -> bool:
    starts = sum(1 for p in pieces if gutter.end - 1 <= p.left <= gutter.end + _ALIGNED * 6)
    return starts >= MIN_STARTS


def _columns(pieces: list[Piece], gutters: list[_Gutter]) -> list[_Gutter]:
    """Gutters between text columns; a gutter between table cells is dropped (a table
    keeps its rows together). Text set in a column fills it: the pieces that end at a
    gutter and those that start after it are long; table cells are short."""
    left = min([p.left for p in pieces])
    right = max([p.right for p in pieces])
    least = _TEXT_COLUMN * (right - left)
    kept: list[_Gutter] = []
    for gutter in gutters:
        before = [
            p.right - p.left for p in pieces if gutter.start - REACH <= p.right <= gutter.start + 1
        ]
        after = [p.right - p.left for p in pieces if gutter.end - 1 <= p.left <= gutter.end + REACH]
        if before and after and _upper(before) >= least and _upper(after) >= least:
            kept.append(gutter)
    return kept


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _upper(values: list[float]) -> float:
    """The upper quartile: most of a text column's lines are long, whatever short
    pieces (entry numbers, last lines) sit beside them."""
    ordered = sorted(values)
    return ordered[(3 * len(ordered)) // 4]


def _cut_at_gutters(piece: Piece, middles: list[float]) -> list[Piece]:
    """A piece that spans a gutter's middle cut at a space across it (columns set close
    together give one piece per printed line), when that space is wider than the line's
    other spaces: a full-width justified line has an even space there by chance."""
    pairs = zip(piece.words, piece.words[1:], strict=False)
    spaces = sorted(b.left - a.right for a, b in pairs)
    usual = spaces[len(spaces) // 2] if spaces else 0.0
    result: list[Piece] = []
    current: list = [piece.words[0]]
    for before, after in zip(piece.words, piece.words[1:], strict=False):
        space = after.left - before.right
        if space >= _GUTTER_SPACE * usual and any(
            before.right <= middle <= after.left for middle in middles
        ):
            result.append(Piece(current))
            current = []
        current.append(after)
    result.append(Piece(current))
    return result


def _split_by_column(
    line: PrintedLine, middles: list[float]
) -> list[tuple[int, PrintedLine]] | None:
    """The line's pieces per column, or None when a piece crosses a gutter. `middles`
    ascend (gutters are found left to right), so a piece's column is a bisection."""
    groups: dict[int, list[Piece]] = {}
    whole = True  # no piece was cut
    for piece in line.pieces:
        index = bisect_right(middles, piece.left)  # the middles at or before its left
        if index == len(middles) or middles[index] >= piece.right:
            groups.setdefault(index, []).append(piece)  # within one column: nothing to cut
            continue
        whole = False
        for part in _cut_at_gutters(piece, middles):
            if any(part.left + 1 < middle < part.right - 1 for middle in middles):
                return None
            index = sum(1 for middle in middles if middle <= part.left)
            groups.setdefault(index, []).append(part)
    if len(groups) == 1:
        ((index, pieces),) = groups.items()
        if not whole:  # else the line keeps the very pieces (and words) it has
            line.set_pieces(pieces)
        line.cells = len(pieces) > 1
        return [(index, line)]
    parts: list[tuple[int, PrintedLine]] = []
    for index, pieces in sorted(groups.items()):
        part = line_of(pieces, line.page)
        part.cells = len(pieces) > 1
        parts.append((index, part))
    return parts
