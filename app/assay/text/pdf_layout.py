"""A PDF's words → blocks in reading order, each of the kind a reader sees.

The pipeline: printed lines from the words' positions (pdf_words); running headers,
footers and page numbers dropped by repetition (pdf_running); columns and reading
order from where the lines sit (pdf_columns); a figure's labels apart (pdf_figures);
then here, lines grouped into units at a paragraph gap, an indent after a full stop, a
short last line, a change of font size or weight, a bullet, a displayed equation or a
line that opens a caption or a note; units classed as title, heading, caption, note,
formula, table row, list item or paragraph; a paragraph cut by a column or page break
joined; the reference list split into entries (pdf_references); the units' text
(pdf_units).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import TypeVar

from assay.core.model import BlockKind
from assay.text.blocks import RawBlocks
from assay.text.pdf_columns import reading_order
from assay.text.pdf_figures import figure_pieces
from assay.text.pdf_grid import place_rows, ruled_rows
from assay.text.pdf_hyphens import HyphenJudge
from assay.text.pdf_kinds import (
    AFFILIATION,
    AUTHORS,
    ONE_NAME,
    TERMINAL,
    abstract_label,
    is_caption,
    is_formula,
    is_note,
    is_numbered_formula,
    is_section_name,
    is_wordless,
)
from assay.text.pdf_line_numbers import without_line_numbers
from assay.text.pdf_margin_labels import margin_labels
from assay.text.pdf_references import reference_entries
from assay.text.pdf_running import without_running_matter
from assay.text.pdf_units import BULLET_START, CELL_SLACK, Unit, raw_blocks
from assay.text.pdf_words import PageWords, PdfWord, PrintedLine, printed_lines

Check = Callable[[int, int, str], None]
T = TypeVar("T")
_COUNT = itemgetter(1)
_BLOCK_STARTS = ("✓",)  # reference entries in the samples: each one its own block
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_INDENT_STEP = 4.0  # points: bullets this close are at one list level
_FLOATS = (BlockKind.CAPTION, BlockKind.NOTE, BlockKind.TABLE_ROW, BlockKind.FORMULA)
_FORMULA_LINES = 4
_INITIAL = re.compile(r"\b[A-Z]\.(?:\s|-)")
_ENUMERATED = re.compile(r"(?:[A-Z]|\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5})[.)]?\s")
_WRAP_ROOM = 12  # font sizes: a heading line ending this close to the column's edge wrapped
_HEADING_RATIO = 1.12
_SMALL_RATIO = 0.9  # notes and footnotes are set smaller than the body
_HEADING_CHARS = 160
_SAME_SIZE = 0.08  # relative size difference still read as the same font size


def blocks_from_pages(pages: list[PageWords], check: Check | None = None) -> RawBlocks:
    """`check(done, total, stage)` is called per page while lines and columns are
    found (the longest part): progress, and the place a cancel is honoured. The notes
    say which pages' line numbers were left out."""
    numbered: list[int] = []
    flow = _flow(pages, check or _no_check, numbered)
    if not flow:
        return RawBlocks()
    units = _units(flow)
    judge = HyphenJudge(line.text for line in flow)
    blocks = RawBlocks(raw_blocks(units, judge, pages))
    if numbered:
        shown = ", ".join(map(str, numbered[:12])) + ("…" if len(numbered) > 12 else "")
        where = f"page {shown}" if len(numbered) == 1 else f"pages {shown}"
        blocks.notes.append(f"The line numbers in the margin of {where} were left out of the text")
    return blocks


def words_in_reading_order(pages: list[PageWords]) -> dict[int, list[PdfWord]]:
    """Page number → its words in the order the blocks give their text (for placing
    sentences on the page: pdf_boxes)."""
    flow = _flow(pages, _no_check)
    ordered: dict[int, list[PdfWord]] = {}
    for unit in _units(flow) if flow else []:
        if unit.kind == BlockKind.FORMULA and unit.page == unit.last_page:
            words = sorted((w for line in unit.lines for w in line.words), key=lambda w: w.start)
            ordered.setdefault(unit.page, []).extend(words)  # as pdf_units gives its text
            continue
        for line in unit.lines:
            ordered.setdefault(line.page, []).extend(line.words)
    return ordered


def _units(flow: list[PrintedLine]) -> list[Unit]:
    body = _body_size(flow)
    edges = _column_edges(flow)
    units = _group(flow, body, edges)
    _classify(units, body, edges)
    units = _join_broken(units)
    units = reference_entries(units)
    _list_levels(units, edges)
    return units


def _no_check(done: int, total: int, stage: str) -> None:
    return None


def _flow(
    pages: list[PageWords], check: Check, numbered: list[int] | None = None
) -> list[PrintedLine]:
    """The pages' printed lines in reading order; `numbered` gets the pages whose line
    numbers were taken out."""
    page_lines: list[list[PrintedLine]] = []
    total = 2 * len(pages)
    tables: list[list[list[PrintedLine]]] = []  # each page's grid tables, as rows
    figures: list[list[tuple[float, float, float, float]]] = []  # and figures, tables out
    for index, page in enumerate(pages):
        check(index, total, "finding lines and columns")
        words, ruled, drawn = page.words, [], page.figures
        if page.grids:
            words, ruled, drawn = ruled_rows(page.grids, words, drawn, page.number)
        tables.append(ruled)
        figures.append(drawn)
        printed = printed_lines(words) if words else []
        lines = without_line_numbers(printed)
        if lines is not printed and numbered is not None:
            numbered.append(page.number)
        for line in lines:
            line.page = page.number
        page_lines.append(lines)
    flow: list[PrintedLine] = []
    column = 0
    for index, lines in enumerate(without_running_matter(page_lines)):
        check(len(pages) + index, total, "finding lines and columns")
        ordered = figure_pieces(reading_order(lines, column), figures[index])
        ordered = place_rows(margin_labels(ordered), tables[index])
        if ordered:
            column = max(line.column for line in ordered) + 1
        flow.extend(ordered)
    return flow


def _body_size(lines: list[PrintedLine]) -> float:
    sizes: dict[float, int] = {}
    for line in lines:
        size = round(line.size, 0)
        sizes[size] = sizes.get(size, 0) + len(line.text)
    return _most_common(sizes) or 10.0


def _most_common(counts: dict[T, int]) -> T:
    """The key counted most, the first of them in the order met (Counter.most_common's
    choice; plain dicts, as a Counter's missing keys cost a Python call each)."""
    return max(counts.items(), key=_COUNT)[0]


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= _SAME_SIZE * max(a, b, 1.0)


def _leading(lines: list[PrintedLine]) -> dict[float, float]:
    """The usual distance between baselines of one paragraph's lines, per font size."""
    steps: dict[int, dict[int, int]] = {}  # per size, how often each step is taken
    for previous, line in zip(lines, lines[1:], strict=False):
        step = previous.baseline - line.baseline
        same = previous.column == line.column and _same_size(previous.size, line.size)
        if same and 0 < step < 3 * line.size:
            counts = steps.setdefault(round(line.size), {})
            rounded = round(step)
            counts[rounded] = counts.get(rounded, 0) + 1
    return {size: _most_common(counts) for size, counts in steps.items()}


def _column_edges(lines: list[PrintedLine]) -> dict[int, tuple[float, float, bool]]:
    """Per column: its usual left edge, its right edge, and whether it is justified
    (most lines end at the right edge, so a short line ends a paragraph)."""
    lefts: dict[int, dict[int, int]] = {}  # per column, how often each left edge is
    ends: dict[int, list[float]] = {}
    for line in lines:
        column = line.column
        counts = lefts.get(column)
        if counts is None:
            counts = lefts[column] = {}
            ends[column] = []
        left = round(line.left)
        counts[left] = counts.get(left, 0) + 1
        ends[column].append(line.right)
    edges: dict[int, tuple[float, float, bool]] = {}
    for column, counts in lefts.items():
        right = max(ends[column])
        flush = sum(1 for end in ends[column] if end >= right - 2)
        edges[column] = (_most_common(counts), right, flush >= 0.5 * len(ends[column]))
    return edges


def _group(
    flow: list[PrintedLine], body: float, edges: dict[int, tuple[float, float, bool]]
) -> list[Unit]:
    leading = _leading(flow)
    facts = _LineFacts(body, edges)
    units: list[Unit] = []
    previous: PrintedLine | None = None
    for line in flow:
        if line.figure:
            units.append(Unit([line], BlockKind.NOTE))  # a figure's label, alone
        elif previous is not None and previous.figure:
            units.append(Unit([line]))
        elif previous is not None and _continues_row(units[-1], previous, line, leading):
            units[-1].lines.append(line)
        elif (
            previous is None
            or _starts_unit(previous, line, leading, edges, facts)
            or _leaves_list_item(units[-1].lines[0], line)
        ):
            units.append(Unit([line]))
        else:
            units[-1].lines.append(line)
        previous = line
    return units


def _continues_row(
    unit: Unit, previous: PrintedLine, line: PrintedLine, leading: dict[float, float]
) -> bool:
    """A line of a table row whose cells wrap: its pieces start where the row's cells
    do, but its first cell is empty (the next row would fill it)."""
    row = unit.lines[0]
    if not row.cells or line.column != row.column or line.slots:
        return False
    if previous.baseline - line.baseline > 1.6 * leading.get(round(line.size), 1.2 * line.size):
        return False
    starts = [piece.left for piece in row.pieces]
    if line.left <= starts[0] + CELL_SLACK:
        return False
    return all(any(abs(p.left - s) <= CELL_SLACK for s in starts[1:]) for p in line.pieces)


class _LineFacts:
    """Answers about one line that grouping asks twice, once of the line and once of
    the line after it (as the one before): the last answer is kept for that second
    question, so each is worked out once."""

    def __init__(self, body: float, edges: dict[int, tuple[float, float, bool]]) -> None:
        self.body = body
        self.edges = edges
        self._heading: tuple[PrintedLine | None, bool] = (None, False)
        self._display: tuple[PrintedLine | None, bool] = (None, False)

    def heading(self, line: PrintedLine) -> bool:
        known, answer = self._heading
        if known is not line:
            answer = _standalone_heading(line, self.body)
            self._heading = (line, answer)
        return answer

    def display(self, line: PrintedLine) -> bool:
        """A displayed equation's line, measured from its column's left edge."""
        known, answer = self._display
        if known is not line:
            answer = _display_line(line, _left_edge(line, self.edges))
            self._display = (line, answer)
        return answer


def _starts_unit(
    previous: PrintedLine,
    line: PrintedLine,
    leading: dict[float, float],
    edges: dict[int, tuple[float, float, bool]],
    facts: _LineFacts,
) -> bool:
    text = line.text
    if (
        previous.column != line.column
        or line.cells
        or previous.cells
        or line.slots  # a ruled grid's row: a unit of its own
        or previous.slots
        or line.baseline > previous.baseline  # moved up: a new flow
        or not _same_size(line.size, previous.size)
        or line.bold != previous.bold
        or BULLET_START.match(text)
        or text.startswith(_BLOCK_STARTS)
        or is_caption(text)
        or is_note(text)
    ):
        return True
    step = previous.baseline - line.baseline
    if step > leading.get(round(line.size), 1.2 * line.size) + 0.35 * line.size:
        return True
    before = previous.text
    ended = _SENTENCE_END.search(before) is not None
    left, right, justified = edges.get(line.column, (line.left, line.right, False))
    if facts.display(previous) != facts.display(line):  # the line before first: kept
        return True  # a displayed equation (all its lines) is a unit of its own
    indented = line.left > left + 0.8 * line.size and previous.left <= left + 0.5 * line.size
    if ended and indented and not BULLET_START.match(before):
        return True  # an indented first line
    short = justified and previous.right < right - 3 * line.size
    if ended and short and line.left <= left + line.size:
        return True  # the short last line of a paragraph
    if facts.heading(previous):
        return True
    # A section name or a line of capitals alone on its line, unless it is the last
    # line of a bold heading that runs on into it ("… × Restoring Drive &" |
    # "Motivation").
    return facts.heading(line) and not (line.bold and not ended)


def _leaves_list_item(first: PrintedLine, line: PrintedLine) -> bool:
    """A line set further left than its list item's bullet is the text after the list."""
    return bool(BULLET_START.match(first.text)) and line.left < first.left - 1


def _standalone_heading(line: PrintedLine, body: float) -> bool:
    """A section name or an all-capitals title alone on its line."""
    text = line.text.strip()
    if len(text) > 60 or TERMINAL.search(text) and not text.endswith(":"):
        return False
    capitals = text.isupper() and sum(ch.isalpha() for ch in text) >= 4
    return is_section_name(text) or (capitals and line.size >= body * 0.95)


def _classify(units: list[Unit], body: float, edges: dict[int, tuple[float, float, bool]]) -> None:
    first_heading_seen = False
    largest = max((u.lines[0].size for u in units if u.page == 1), default=body)
    for index, unit in enumerate(units):
        if unit.kind in (BlockKind.HEADING, BlockKind.NOTE):
            continue  # decided already: abstract labels, a figure's labels
        text = unit.text
        first_heading_seen = first_heading_seen or unit.page > 1 or bool(abstract_label(text))
        first = unit.lines[0]
        if first.cells:
            unit.kind = BlockKind.TABLE_ROW
        elif BULLET_START.match(text):
            unit.kind = BlockKind.LIST_ITEM
        elif text.startswith(_BLOCK_STARTS):
            unit.kind = BlockKind.PARAGRAPH
        elif is_caption(text):
            unit.kind = BlockKind.CAPTION
        elif is_note(text) and not is_section_name(text):
            unit.kind = BlockKind.NOTE
        elif not first_heading_seen and unit.page == 1 and _author_line(text, first, largest):
            unit.kind = BlockKind.NOTE  # the author line above the abstract
        elif not first_heading_seen and _name_over_affiliation(units, index):
            unit.kind = BlockKind.NOTE  # one author's name over their affiliation
        elif _is_heading(unit, body):
            unit.kind = BlockKind.HEADING
        elif _displayed_formula(unit, text, edges):
            unit.kind = BlockKind.FORMULA
            first_heading_seen = first_heading_seen or is_section_name(text)
        elif first.size < body * _SMALL_RATIO and (
            _at_page_foot(units, index) or (not first_heading_seen and unit.page == 1)
        ):
            unit.kind = BlockKind.NOTE  # footnotes; affiliations above the text
        elif (
            unit.page == 1
            and not first_heading_seen
            and AFFILIATION.search(text)
            and (len(text) < 300 and not TERMINAL.search(text))
        ):
            unit.kind = BlockKind.NOTE
    _heading_levels(units, body)


def _displayed_formula(unit: Unit, text: str, edges: dict[int, tuple[float, float, bool]]) -> bool:
    """An equation set apart from the text: indented or centred in its column (a
    short sentence with "n = 12" at the column's edge stays prose), or numbered; or
    lines that are each a displayed equation's, one of them with its signs."""
    first = unit.lines[0]
    set_apart = first.left >= _left_edge(first, edges) + first.size or is_numbered_formula(text)
    if len(unit.lines) <= _FORMULA_LINES and is_formula(text) and set_apart:
        return True
    return all(_display_line(line, _left_edge(line, edges)) for line in unit.lines) and any(
        is_formula(line.text) for line in unit.lines
    )


def _left_edge(line: PrintedLine, edges: dict[int, tuple[float, float, bool]]) -> float:
    """Where the line's column usually starts (the line's own start if unknown)."""
    edge = edges.get(line.column)
    return edge[0] if edge is not None else line.left


def _display_line(line: PrintedLine, left: float) -> bool:
    """A line of a displayed equation: set in from the column's edge, with
    mathematical signs and hardly a word, or with no word at all ("dt", "i=1")."""
    if line.left < left + 2 * line.size:
        return False
    return is_formula(line.text, words=1) or is_wordless(line.text)


def _author_line(text: str, first: PrintedLine, largest: float) -> bool:
    """Names joined by commas and "and", with initials or several commas, set smaller
    than the title ("Magnesium Glycinate and Sleep Quality" is not one)."""
    text = text.strip()
    named = text.count(",") >= 2 or _INITIAL.search(text) is not None
    return named and first.size < 0.9 * largest and AUTHORS.fullmatch(text) is not None


def _name_over_affiliation(units: list[Unit], index: int) -> bool:
    """A one-line name on page 1 with an affiliation right under it (authors set one
    block each: pdf_blocks)."""
    unit = units[index]
    if unit.page != 1 or len(unit.lines) != 1 or index + 1 >= len(units):
        return False
    below = units[index + 1]
    return ONE_NAME.fullmatch(unit.text) is not None and bool(AFFILIATION.search(below.text))


def _is_heading(unit: Unit, body: float) -> bool:
    text = unit.text.strip()
    if len(unit.lines) > 3 or len(text) > _HEADING_CHARS or not any(c.isalpha() for c in text):
        return False
    first = unit.lines[0]
    if first.size >= body * _HEADING_RATIO:
        return not text.endswith(".") or len(text) < 80
    if TERMINAL.search(text) and not text.endswith(":"):
        return False
    return all(line.bold for line in unit.lines) or _standalone_heading(first, body)


def _at_page_foot(units: list[Unit], index: int) -> bool:
    """Nothing but smaller text follows on this page: a footnote."""
    unit = units[index]
    for later in units[index + 1 :]:
        if later.page != unit.page:
            return True
        if later.lines[0].size >= unit.lines[0].size * 1.05:
            return False
    return True


def _heading_levels(units: list[Unit], body: float) -> None:
    headings = [u for u in units if u.kind == BlockKind.HEADING and u.level == 0]
    sizes = sorted({round(u.lines[0].size) for u in headings}, reverse=True)
    for unit in headings:
        unit.level = min(6, sizes.index(round(unit.lines[0].size)) + 1)
    # The title: the first of the largest headings on page 1, set larger than the body.
    first_page = [u for u in headings if u.page == 1 and u.lines[0].size > body * _HEADING_RATIO]
    if first_page:
        largest = max(u.lines[0].size for u in first_page)
        title = max(
            (u for u in first_page if u.lines[0].size >= largest - 0.5),
            key=lambda u: (all(line.bold for line in u.lines), len(u.text)),
        )
        title.kind = BlockKind.TITLE


def _join_broken(units: list[Unit]) -> list[Unit]:
    """A paragraph cut by a column or page break goes on in the next column's first
    unit: same font, same kind, and no full stop before the break or a continuation
    that opens in lower case. Captions and notes between them are stepped over."""
    result: list[Unit] = []
    firsts: dict[int, int] = {}
    lasts: dict[int, int] = {}
    rights: dict[int, float] = {}
    for unit in units:
        if unit.kind in _FLOATS:
            continue  # notes and captions at a column's foot or head: the flow runs past
        for line in unit.lines:
            firsts.setdefault(line.column, id(line))
            lasts[line.column] = id(line)
            rights[line.column] = max(rights.get(line.column, line.right), line.right)
    for unit in units:
        head = unit.lines[0]
        at_top = firsts.get(head.column) == id(head)
        target = _open_paragraph(result, unit, lasts, rights) if at_top else None
        if target is not None:
            if unit.page != target.last_page:
                target.page_breaks.append(len(target.lines))
            target.lines.extend(unit.lines)
            continue
        result.append(unit)
    return result


def _open_paragraph(
    result: list[Unit], unit: Unit, lasts: dict[int, int], rights: dict[int, float]
) -> Unit | None:
    if not result:
        return None
    if unit.kind == BlockKind.HEADING:
        return _open_heading(result[-1], unit, lasts, rights)
    if unit.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        return None
    # The unit this one may continue: the last paragraph, stepping over floats
    # (captions, notes, table rows) placed at the foot or head of a column.
    for candidate in reversed(result[-6:]):
        if candidate.kind in _FLOATS:
            continue
        tail = candidate.lines[-1]
        if (
            candidate.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            or tail.column == unit.lines[0].column
            or lasts.get(tail.column) != id(tail)  # not cut by a break: ended mid-column
        ):
            return None
        last, first = candidate.lines[-1], unit.lines[0]
        if not _same_size(last.size, first.size) or last.bold != first.bold:
            return None
        opening = first.text[:1]
        if TERMINAL.search(last.text) and not (
            opening.islower() or opening.isdigit() or opening in "(,;"
        ):
            return None
        if unit.kind == BlockKind.LIST_ITEM:
            return None  # a new item, not the rest of one
        return candidate
    return None


def _open_heading(
    before: Unit, unit: Unit, lasts: dict[int, int], rights: dict[int, float]
) -> Unit | None:
    """A heading whose second line went to the top of the next column: the line
    before the break was full (it wrapped)."""
    tail, head = before.lines[-1], unit.lines[0]
    if (
        before.kind == BlockKind.HEADING
        and tail.right >= rights[tail.column] - _WRAP_ROOM * tail.size
        and not _ENUMERATED.match(head.text)
        and lasts.get(tail.column) == id(tail)
        and _same_size(tail.size, head.size)
        and tail.bold == head.bold
        and not TERMINAL.search(tail.text)
    ):
        return before
    return None


def _list_levels(units: list[Unit], edges: dict[int, tuple[float, float, bool]]) -> None:
    """A list item's nesting level from how far its bullet sits from its column's
    left edge: the items set furthest left are level 1, the next indent level 2…"""
    items = [u for u in units if u.kind == BlockKind.LIST_ITEM]
    offsets = {id(u): _indent(u, edges) for u in items}
    steps = sorted(set(offsets.values()))
    for unit in items:
        unit.level = min(6, steps.index(offsets[id(unit)]) + 1)


def _indent(unit: Unit, edges: dict[int, tuple[float, float, bool]]) -> int:
    first = unit.lines[0]
    return round(max(0.0, first.left - _left_edge(first, edges)) / _INDENT_STEP)
