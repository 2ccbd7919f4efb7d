"""A PDF's units (the printed lines that make one block) and their text as blocks.

A unit's lines are joined with the words broken at line ends put back (pdf_hyphens
decides each hyphen); a table row's cells are kept apart by tabs, a wrapped cell's
lines joined within it; a structured abstract's labels become headings of their own;
a "\\f" goes where each page starts, for ParsedDocument.pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assay.core.model import BlockKind
from assay.text.blocks import RawBlock
from assay.text.pdf_hyphens import HyphenJudge
from assay.text.pdf_kinds import LABEL_IN_TEXT, abstract_label, is_section_name
from assay.text.pdf_words import PageWords, PrintedLine

BULLET_START = re.compile(r"^[•◦▪‣●■□➢►]\s*")
CELL_SLACK = 3.0  # points: pieces of one table column start this close together
_LAST_WORD = re.compile(r"[^\W\d_][\w\-]*$")
_NEXT_WORD = re.compile(r"^([^\W_][\w\-]*)")


@dataclass(slots=True)
class Unit:
    """Printed lines that make one block, before its kind is final."""

    lines: list[PrintedLine]
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    page_breaks: list[int] = field(default_factory=list)  # line indexes starting a page

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def last_page(self) -> int:
        return self.lines[-1].page

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def raw_blocks(units: list[Unit], judge: HyphenJudge, pages: list[PageWords]) -> list[RawBlock]:
    result: list[RawBlock] = []
    last_page = 0
    front_matter = True  # until the first section: a structured abstract's labels split
    side = {page.number: page.side_text for page in pages if page.side_text}
    for unit in units:
        for number in [n for n in side if n < unit.page]:
            result.extend(_side_notes(side.pop(number), number, last_page))
            last_page = max(last_page, number)
        front_matter = front_matter and unit.page <= 2
        marks = "\f" * max(0, unit.page - last_page)
        last_page = max(last_page, unit.last_page)
        text = unit_text(unit, judge)
        if unit.kind == BlockKind.HEADING and is_section_name(text):
            front_matter = front_matter and text.strip().lower().startswith(("abstract", "summary"))
        if front_matter and unit.kind == BlockKind.PARAGRAPH and abstract_label(text):
            result.extend(_labelled_parts(marks + text))
            continue
        if unit.kind == BlockKind.TABLE_ROW:
            text = _row_text(unit)
        elif unit.kind == BlockKind.FORMULA and unit.page == unit.last_page:
            text = _drawing_order(unit)
        elif unit.kind == BlockKind.LIST_ITEM:
            text = BULLET_START.sub("", text)
        result.append(RawBlock(unit.kind, marks + text, level=unit.level))
    for number, labels in sorted(side.items()):
        result.extend(_side_notes(labels, number, last_page))
        last_page = max(last_page, number)
    return result


def _side_notes(labels: list[str], page: int, last_page: int) -> list[RawBlock]:
    """Text printed turned on a page (a margin stamp, axis titles, a sideways table) as
    notes at the end of that page, one per label or line."""
    marks = "\f" * max(0, page - last_page)
    return [RawBlock(BlockKind.NOTE, (marks if i == 0 else "") + t) for i, t in enumerate(labels)]


def _drawing_order(unit: Unit) -> str:
    """A formula's symbols in the order the PDF draws them: sorting them by position
    scatters sub- and superscripts, limits and fraction bars; the typesetter's order
    keeps each term together."""
    words = sorted((w for line in unit.lines for w in line.words), key=lambda w: w.start)
    return " ".join(word.text for word in words)


def _row_text(unit: Unit) -> str:
    """Cells joined by tabs; the lines of a wrapped cell joined within it."""
    starts = [piece.left for piece in unit.lines[0].pieces]
    cells: list[list[str]] = [[] for _ in starts]
    for line in unit.lines:
        for piece in line.pieces:
            reached = [i for i, start in enumerate(starts) if start <= piece.left + CELL_SLACK]
            index = reached[-1] if reached else 0
            cells[index].append(piece.text)
    return "\t".join(" ".join(parts) for parts in cells)


def _labelled_parts(text: str) -> list[RawBlock]:
    """A structured abstract: each label ("Methods.") a unit, its text a paragraph."""
    parts: list[RawBlock] = []
    marks = text[: len(text) - len(text.lstrip("\f"))]
    text = text[len(marks) :]
    position = 0
    for match in LABEL_IN_TEXT.finditer(text):
        before = text[position : match.start()].strip(" ")
        if before.strip():
            parts.append(RawBlock(BlockKind.PARAGRAPH, before))
        parts.append(RawBlock(BlockKind.HEADING, match.group(1), level=6))
        position = match.end()
    rest = text[position:].strip(" ")
    if rest.strip():
        parts.append(RawBlock(BlockKind.PARAGRAPH, rest))
    first = parts[0]
    parts[0] = RawBlock(first.kind, marks + first.source, first.level)
    return parts


def unit_text(unit: Unit, judge: HyphenJudge) -> str:
    """The unit's lines joined: words broken at a line end put back together."""
    out = ""
    for index, line in enumerate(unit.lines):
        text = line.text
        if not out:
            out = text
            continue
        page_break = "\f" if index in unit.page_breaks else ""
        out = join_lines(out, text, judge, page_break)
    return out


def join_lines(before: str, after: str, judge: HyphenJudge, page_break: str = "") -> str:
    if before.endswith(("-", "\u00ad")) and after[:1].isalnum():
        # Only the line's last few characters are searched: a regex anchored at the
        # end would otherwise be tried from every position of a long line.
        tail = before[-80:-1]
        broken = _LAST_WORD.search(tail)
        following = _NEXT_WORD.match(after)
        if broken is not None and following is not None:
            left, right = broken.group(), following.group(1)
            stem = before[:-1]
            soft = before.endswith("\u00ad")
            if (soft or right[:1].islower()) and not judge.keeps_hyphen(left, right):
                return stem + page_break + after
            return stem + "-" + page_break + after
    return before.removesuffix("\u00ad") + page_break + " " + after
