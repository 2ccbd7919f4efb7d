"""A PDF's units (the printed lines that make one block) and their text as blocks.

A unit's lines are joined with the words broken at line ends put back (pdf_hyphens
decides each hyphen); a table row's cells are kept apart by tabs, a wrapped cell's
lines joined within it; a structured abstract's labels become headings of their own;
a "\\f" goes where each page starts, for ParsedDocument.pages.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
_WORD_CHARS = re.compile(r"[\w\-]*")
# Chinese, Japanese and Korean ideographs, kana and their punctuation: set without
# spaces, so a line break between two of them is no space.
_CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
# Kinds compared per unit: a member read through the enum class costs ~80 ns.
_HEADING, _PARAGRAPH, _TABLE_ROW, _FORMULA, _LIST_ITEM = (
    BlockKind.HEADING,
    BlockKind.PARAGRAPH,
    BlockKind.TABLE_ROW,
    BlockKind.FORMULA,
    BlockKind.LIST_ITEM,
)


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
        return " ".join([line.text for line in self.lines])  # a list joins faster


def raw_blocks(units: list[Unit], judge: HyphenJudge, pages: list[PageWords]) -> list[RawBlock]:
    result: list[RawBlock] = []
    last_page = 0
    front_matter = True  # until the first section: a structured abstract's labels split
    side = {page.number: page.side_text for page in pages if page.side_text}
    first_side = min(side, default=0)  # side text's first page left: asked once a unit
    for unit in units:
        page = unit.page
        if side and first_side < page:
            for number in [n for n in side if n < page]:
                result.extend(_side_notes(side.pop(number), number, last_page))
                last_page = max(last_page, number)
            first_side = min(side, default=0)
        front_matter = front_matter and page <= 2
        marks = "\f" * (page - last_page) if page > last_page else ""
        unit_last_page = unit.last_page
        if unit_last_page > last_page:
            last_page = unit_last_page
        kind = unit.kind
        # A table row's and a one-page formula's text come from their pieces and words:
        # their lines are not joined for nothing.
        if kind == _TABLE_ROW:
            text = _row_text(unit)
        elif kind == _FORMULA and page == unit_last_page:
            text = _drawing_order(unit)
        else:
            text = unit_text(unit, judge)
            if kind == _HEADING and is_section_name(text):
                front_matter = front_matter and text.strip().lower().startswith(
                    ("abstract", "summary")
                )
            if front_matter and kind == _PARAGRAPH and abstract_label(text):
                result.extend(_labelled_parts(marks + text))
                continue
            if kind == _LIST_ITEM:
                text = BULLET_START.sub("", text)
        result.append(RawBlock(kind, marks + text, level=unit.level))
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
    """Cells joined by tabs; the lines of a wrapped cell joined within it. A row of a
    ruled grid knows its cells: an empty one between two others stays (a tab more)."""
    first = unit.lines[0]
    if first.slots:
        texts = [""] * (max(first.slots) + 1)
        for slot, piece in zip(first.slots, first.pieces, strict=True):
            texts[slot] = piece.text
        return "\t".join(texts)
    starts = [piece.left for piece in first.pieces]
    cells: list[list[str]] = [[] for _ in starts]
    ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
    for line in unit.lines:
        for piece in line.pieces:
            # The last column starting at or before the piece (the first if none does).
            reach = piece.left + CELL_SLACK
            if ordered:  # as a row's cells usually are: a binary search finds it
                index = max(bisect_right(starts, reach) - 1, 0)
            else:
                reached = [i for i, start in enumerate(starts) if start <= reach]
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
    texts = [line.text for line in unit.lines]
    if not unit.page_breaks and all(texts):
        joined = " ".join(texts)
        # No line ends with a hyphen (it would be followed by the joining space): each
        # join_lines would have added a space and the next line, nothing else.
        if "- " not in joined and "\u00ad " not in joined and not _cjk_joins(texts, joined):
            return joined
    out = ""
    for index, text in enumerate(texts):
        if not out:
            out = text
            continue
        page_break = "\f" if index in unit.page_breaks else ""
        if out.endswith(("-", "\u00ad")):
            out = join_lines(out, text, judge, page_break)
        elif _CJK.match(out[-1]) and _CJK.match(text[:1]):
            out = f"{out}{page_break}{text}"  # "病原菌" broken after "病": no space
        else:  # what join_lines does here, with the text before copied once, not thrice
            out = f"{out}{page_break} {text}"
    return out


def _cjk_joins(texts: list[str], joined: str) -> bool:
    """Whether a line ends and the next starts with a CJK character."""
    if joined.isascii():
        return False  # the usual text: no need to look at each line end
    return any(
        _CJK.match(before[-1]) and _CJK.match(after[:1])
        for before, after in zip(texts, texts[1:], strict=False)
    )


def _last_word(tail: str) -> re.Match[str] | None:
    """_LAST_WORD.search(tail), started where the run of word characters at the end
    starts: tried from every position, the pattern reads each word to the end."""
    if tail.endswith("\n"):
        return _LAST_WORD.search(tail)  # "$" matches before a final newline too
    run = _WORD_CHARS.match(tail[::-1])
    return _LAST_WORD.search(tail, len(tail) - run.end())  # type: ignore[union-attr]


def join_lines(before: str, after: str, judge: HyphenJudge, page_break: str = "") -> str:
    if before.endswith(("-", "\u00ad")) and after[:1].isalnum():
        # Only the line's last few characters are searched: a regex anchored at the
        # end would otherwise be tried from every position of a long line.
        tail = before[-80:-1]
        broken = _last_word(tail)
        following = _NEXT_WORD.match(after)
        if broken is not None and following is not None:
            left, right = broken.group(), following.group(1)
            stem = before[:-1]
            soft = before.endswith("\u00ad")
            if (soft or right[:1].islower()) and not judge.keeps_hyphen(left, right):
                return stem + page_break + after
            return stem + "-" + page_break + after
    return before.removesuffix("\u00ad") + page_break + " " + after
