"""Positioned PDF lines → blocks in reading order (pure geometry, no PDFium).

Rules, in order: drop running headers/footers and page numbers (lines in the top or
bottom band that repeat across pages, digits ignored); read two-column pages column
by column (full-width lines such as a title cut the page into bands); start a block
at a paragraph gap, a change of font size or weight, or a bullet; make large or bold
short blocks headings; join a paragraph cut by a column or page break; join words
hyphenated across lines (keeping the hyphen only where the document writes the same
word with one elsewhere). A "\\f" goes where each page starts, for ParsedDocument.pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from assay.core.model import BlockKind
from assay.text.blocks import RawBlock

_MARGIN_BAND = 0.09  # top and bottom share of the page where headers/footers live
_REPEAT_SHARE = 0.4  # a header/footer repeats on at least this share of pages
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|seite|página)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/|von|de)\s*\d{1,4})?", re.I
)
_BULLETS = "•◦▪‣●■□➢►"
_BULLET_START = re.compile(rf"^[{_BULLETS}]\s*")
_BLOCK_STARTS = ("✓",)  # reference entries in the samples: each one its own block
_TERMINAL = re.compile(r"[.!?:…][\"'”’)\]]*$")
_HYPHEN_BREAK = re.compile(r"(\w+)\u00ad(\s*)(\w+)")
_HYPHENATED_WORD = re.compile(r"\b\w+-\w+\b")
_HEADING_RATIO = 1.15
_SHORT_BOLD = 200  # characters: a bold block this short and alone is a heading


@dataclass(frozen=True, slots=True)
class PdfLine:
    text: str  # stripped; ends in "\u00ad" where PDFium found a hyphen at the line end
    left: float
    right: float
    baseline: float  # of the first character; PDF coordinates: y grows upwards
    size: float
    bold: bool


@dataclass(frozen=True, slots=True)
class PageLines:
    number: int
    width: float
    height: float
    lines: list[PdfLine]


@dataclass(slots=True)
class _Block:
    lines: list[PdfLine]
    page: int
    column: tuple[int, int]  # (page, column): a change means a column or page break
    bullet: bool = False
    page_breaks: list[int] = field(default_factory=list)  # line indexes starting a page


def blocks_from_pages(pages: list[PageLines]) -> list[RawBlock]:
    kept = _without_running_lines(pages)
    body_size = _body_size(kept)
    blocks = list(_group(kept, body_size))
    blocks = _join_broken_paragraphs(blocks, body_size)
    hyphenated = {
        word.lower()
        for page in kept
        for line in page.lines
        for word in _HYPHENATED_WORD.findall(line.text)
    }
    heading_sizes = sorted(
        {round(b.lines[0].size) for b in blocks if _is_heading(b, body_size)}, reverse=True
    )
    result: list[RawBlock] = []
    last_page = 0
    for index, block in enumerate(blocks):
        text = _block_text(block, hyphenated)
        marks = "\f" * max(0, block.page - last_page)
        last_page = block.page + len(block.page_breaks)
        if _is_heading(block, body_size):
            level = heading_sizes.index(round(block.lines[0].size)) + 1
            title = index == 0 and level == 1 and block.page == 1
            kind = BlockKind.TITLE if title else BlockKind.HEADING
            result.append(RawBlock(kind, marks + text, level=min(level, 6)))
        elif block.bullet:
            result.append(RawBlock(BlockKind.LIST_ITEM, marks + _BULLET_START.sub("", text)))
        else:
            result.append(RawBlock(BlockKind.PARAGRAPH, marks + text))
    return result


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _in_margin(line: PdfLine, page: PageLines) -> bool:
    return not page.height * _MARGIN_BAND < line.baseline < page.height * (1 - _MARGIN_BAND)


def _without_running_lines(pages: list[PageLines]) -> list[PageLines]:
    counts = Counter(
        key
        for page in pages
        for key in {_key(line.text) for line in page.lines if _in_margin(line, page)}
    )
    needed = max(2, round(len(pages) * _REPEAT_SHARE))
    running = {key for key, count in counts.items() if count >= needed}
    return [
        PageLines(
            page.number,
            page.width,
            page.height,
            [
                line
                for line in page.lines
                if not (
                    _in_margin(line, page)
                    and (_key(line.text) in running or _PAGE_NUMBER.fullmatch(line.text))
                )
            ],
        )
        for page in pages
    ]


def _body_size(pages: list[PageLines]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _reading_order(page: PageLines) -> Iterator[tuple[int, PdfLine]]:
    """(column, line) top to bottom; on a two-column page, left column first per band."""
    middle = page.width / 2
    slack = page.width * 0.02
    left = [ln for ln in page.lines if ln.right <= middle + slack]
    right = [ln for ln in page.lines if ln.left >= middle - slack]
    if len(left) < 3 or len(right) < 3:
        yield from ((0, line) for line in page.lines)  # one column: PDFium's order
        return
    band: list[PdfLine] = []
    for line in sorted(page.lines, key=lambda ln: -ln.baseline):
        if line.right <= middle + slack or line.left >= middle - slack:
            band.append(line)
            continue
        yield from _band(band, middle)
        band = []
        yield 0, line
    yield from _band(band, middle)


def _band(lines: list[PdfLine], middle: float) -> Iterator[tuple[int, PdfLine]]:
    yield from ((1, ln) for ln in lines if ln.left < middle)
    yield from ((2, ln) for ln in lines if ln.left >= middle)


def _group(pages: list[PageLines], body_size: float) -> Iterator[_Block]:
    # The usual distance between baselines of one paragraph's lines, per font size.
    steps: dict[float, Counter[float]] = {}
    for page in pages:
        for previous, line in zip(page.lines, page.lines[1:], strict=False):
            if previous.size == line.size and 0 < previous.baseline - line.baseline < 3 * line.size:
                steps.setdefault(line.size, Counter())[
                    round(previous.baseline - line.baseline)
                ] += 1
    leading = {size: counts.most_common(1)[0][0] for size, counts in steps.items()}
    current: _Block | None = None
    for page in pages:
        previous: PdfLine | None = None
        for column, line in _reading_order(page):
            where = (page.number, column)
            bullet = bool(_BULLET_START.match(line.text))
            starts = (
                current is None
                or previous is None
                or current.column != where
                or bullet
                or line.text.startswith(_BLOCK_STARTS)
                or abs(line.size - previous.size) > 0.5
                or line.bold != previous.bold
                or previous.baseline - line.baseline
                > leading.get(line.size, 1.2 * line.size) + 0.3 * line.size
                or line.baseline > previous.baseline  # moved up: a new flow
                or (current.bullet and line.left < current.lines[0].left - 1)
            )
            if starts:
                if current is not None:
                    yield current
                current = _Block([line], page.number, where, bullet)
            else:
                assert current is not None
                current.lines.append(line)
            previous = line
    if current is not None:
        yield current


def _is_heading(block: _Block, body_size: float) -> bool:
    first = block.lines[0]
    if block.bullet or first.text.startswith(_BLOCK_STARTS):
        return False
    if first.size >= body_size * _HEADING_RATIO:
        return True
    length = sum(len(line.text) for line in block.lines)
    return first.bold and length <= _SHORT_BOLD and not _TERMINAL.search(block.lines[-1].text)


def _join_broken_paragraphs(blocks: list[_Block], body_size: float) -> list[_Block]:
    """A paragraph (or heading) cut by a column or page break goes on in the next
    column's first block: same font, no bullet, and either no full stop before the
    break or a continuation that starts in lower case or with a digit."""
    result: list[_Block] = []
    for block in blocks:
        if result and _continues(result[-1], block, body_size):
            before = result[-1]
            if block.page != before.page + len(before.page_breaks):
                before.page_breaks.append(len(before.lines))
            before.lines.extend(block.lines)
            before.column = block.column
            continue
        result.append(block)
    return result


def _continues(before: _Block, block: _Block, body_size: float) -> bool:
    last, first = before.lines[-1], block.lines[0]
    if (
        before.column == block.column
        or block.bullet
        or first.text.startswith(_BLOCK_STARTS)
        or abs(first.size - last.size) > 0.5
        or first.bold != last.bold
    ):
        return False
    if _is_heading(before, body_size) != _is_heading(block, body_size):
        return False
    return not _TERMINAL.search(last.text) or first.text[:1].islower() or first.text[:1].isdigit()


def _block_text(block: _Block, hyphenated: set[str]) -> str:
    pieces: list[str] = []
    for index, line in enumerate(block.lines):
        text = line.text
        if not pieces:
            pieces.append(text)
            continue
        before = pieces[-1]
        separator = "" if before.endswith("\u00ad") else " "
        if before.endswith("-") and before[-2:-1].isalpha() and text[:1].islower():
            pieces[-1] = before[:-1] + "\u00ad"  # a hyphen at a line end: decided below
            separator = ""
        page_break = "\f" if index in block.page_breaks else ""
        pieces.append(page_break + separator + text)
    joined = "".join(pieces)

    def rejoin(match: re.Match[str]) -> str:
        left, between, right = match.groups()
        page = "\f" if "\f" in between else ""  # a word hyphenated across pages
        keep = f"{left}-{right}".lower() in hyphenated
        return f"{left}-{page}{right}" if keep else f"{left}{page}{right}"

    return _HYPHEN_BREAK.sub(rejoin, joined)
