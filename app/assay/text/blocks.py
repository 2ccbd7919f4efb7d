"""Source lines → raw blocks (kind, level, inline source) with markdown-it-py.

The source is cut into chunks at blank lines; plain one-paragraph chunks and ATX
headings take a fast path, tab-separated lines are table rows, and every other chunk
(lists, quotes, code) goes through markdown-it, whose tokens carry the structure.
Chunking also gives progress and cancel points on very large files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt

from assay.core.model import BlockKind
from assay.text.pdf_cleanup import TITLE_MARK

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MARKDOWN_OPENERS = frozenset("#>-*+0123456789 |`~=_<\t")
# What a line's start must look like to open a block construct other than a paragraph
# (CommonMark): for a line whose first character is in _MARKDOWN_OPENERS, only these
# shapes need markdown-it; "**Bold** text", "*Italic*" or "2013;65" are paragraph text.
_BLOCK_START = re.compile(
    r"[-*+](?:[ \t]|$)"  # bullet list item
    r"|\d{1,9}[.)](?:[ \t]|$)"  # ordered list item
    r"|#{1,6}(?:[ \t]|$)"  # ATX heading
    r"|(?:[-*_][ \t]*){3,}$"  # thematic break
    r"|`{3}|~{3}"  # fence
    r"|[>|<\t ]"  # quote, html, indented text, (tables are not CommonMark: kept safe)
)
# A flat or simply nested list line: indent, marker, one space, then text.
_LIST_LINE = re.compile(r"( *)([-*+]|(\d{1,9})[.)]) (\S.*)")


@dataclass(frozen=True, slots=True)
class RawBlock:
    kind: BlockKind
    source: str  # inline source: Markdown/HTML for markdown, plain for plain
    level: int = 0
    ordered: bool = False


class RawBlocks(list[RawBlock]):
    """A reader's blocks, with notes for the import summary (pages it could not read)."""

    def __init__(self, blocks: list[RawBlock] | None = None) -> None:
        super().__init__(blocks or [])
        self.notes: list[str] = []


def iter_chunks(lines: list[str]) -> Iterator[list[str]]:
    """Groups of non-blank lines, split at blank lines."""
    chunk: list[str] = []
    for line in lines:
        if line.strip():
            chunk.append(line)
        elif chunk:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@cache
def _make_parser() -> MarkdownIt:
    """One shared parser: MarkdownIt.parse keeps no state between calls."""
    # Block structure only: inline markup is converted by inline.py on each block.
    return MarkdownIt("commonmark").disable(["inline", "text_join"])


def _markdown_blocks(md: MarkdownIt, text: str) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    list_depth = quote_depth = 0
    ordered_stack: list[bool] = []
    heading_level = 0
    for token in md.parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            ordered_stack.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            ordered_stack.pop()
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "inline":
            if heading_level:
                blocks.append(RawBlock(BlockKind.HEADING, token.content, heading_level))
            elif list_depth:
                ordered = ordered_stack[-1]
                blocks.append(RawBlock(BlockKind.LIST_ITEM, token.content, list_depth, ordered))
            elif quote_depth:
                blocks.append(RawBlock(BlockKind.QUOTE, token.content))
            else:
                blocks.append(RawBlock(BlockKind.PARAGRAPH, token.content))
        elif kind in ("code_block", "fence", "html_block") and token.content.strip():
            blocks.append(RawBlock(BlockKind.PARAGRAPH, token.content))
    return blocks


def _table_blocks(rows: list[str], first_is_header: bool) -> list[RawBlock]:
    kinds = [
        BlockKind.TABLE_HEADER if first_is_header and i == 0 else BlockKind.TABLE_ROW
        for i in range(len(rows))
    ]
    return [RawBlock(kind, row) for kind, row in zip(kinds, rows, strict=True)]


def markdown_blocks(
    lines: list[str], checkpoint: Callable[[int], None] | None = None
) -> list[RawBlock]:
    md = _make_parser()
    blocks: list[RawBlock] = []
    for chunk in _checked_chunks(lines, checkpoint):
        blocks.extend(_chunk_blocks(md, chunk))
    return blocks


def _chunk_blocks(md: MarkdownIt, chunk: list[str]) -> list[RawBlock]:
    """A chunk may mix text lines and runs of tab-separated table rows."""
    blocks: list[RawBlock] = []
    text_lines: list[str] = []
    table: list[str] = []
    for line in chunk:
        if "\t" in line.strip("\t ") or (table and "\t" in line):
            if text_lines:
                blocks.extend(_text_chunk(md, text_lines))
                text_lines = []
            table.append(line)
        else:
            if table:
                blocks.extend(_table_blocks(table, True))
                table = []
            text_lines.append(line)
    if table:
        blocks.extend(_table_blocks(table, True))
    if text_lines:
        blocks.extend(_text_chunk(md, text_lines))
    return blocks


def _text_chunk(md: MarkdownIt, lines: list[str]) -> list[RawBlock]:
    first = lines[0]
    if first.startswith(TITLE_MARK):
        title = [RawBlock(BlockKind.TITLE, first[len(TITLE_MARK) :])]
        return title + (_text_chunk(md, lines[1:]) if len(lines) > 1 else [])
    if len(lines) == 1:
        heading = _ATX.match(first)
        if heading:
            return [RawBlock(BlockKind.HEADING, heading.group(2) or "", len(heading.group(1)))]
    if all(_plain_text_line(line) for line in lines) and not any(
        line.rstrip().endswith(("  ", "\\")) or line.lstrip()[:1] in "=-" for line in lines[1:]
    ):
        return [RawBlock(BlockKind.PARAGRAPH, "\n".join(lines))]  # fast path
    items = _simple_list(lines)
    if items is not None:
        return items
    return _markdown_blocks(md, "\n".join(lines))


def _plain_text_line(line: str) -> bool:
    """True when ``line`` cannot open a block construct: it is paragraph text."""
    return line[:1] not in _MARKDOWN_OPENERS or _BLOCK_START.match(line) is None


def _simple_list(lines: list[str]) -> list[RawBlock] | None:
    """One list item per line ("- text", "1. text", nested by indent), or None.

    Gives exactly markdown-it's items for the shapes it accepts; anything else
    (continuation lines, code, an ordered item that would be paragraph text, block
    markup inside an item, wide indents) returns None and goes to markdown-it.
    """
    if lines[0][:1] == " ":
        return None
    blocks: list[RawBlock] = []
    # Open items, outermost first: (content indent, marker character, ordered).
    stack: list[tuple[int, str, bool]] = []
    for line in lines:
        match = _LIST_LINE.fullmatch(line)
        if match is None:
            return None
        indent_text, marker, number, content = match.groups()
        indent = len(indent_text)
        previous = None  # the item this line closes at its own level, if any
        while stack and stack[-1][0] > indent:
            previous = stack.pop()
        if indent - (stack[-1][0] if stack else 0) > 3:
            return None
        ordered = number is not None
        marker_char = marker[-1]
        if (
            ordered
            and number != "1"
            and blocks
            and (previous is None or previous[1:] != (marker_char, True))
        ):
            return None  # would be paragraph text, not a new list: leave it to markdown-it
        if content[0] == "[" or not _plain_text_line(content):
            return None  # "[x]: url" would be a link reference definition
        stack.append((indent + len(marker) + 1, marker_char, ordered))
        blocks.append(RawBlock(BlockKind.LIST_ITEM, content.strip(), len(stack), ordered))
    return blocks


def plain_blocks(
    lines: list[str], checkpoint: Callable[[int], None] | None = None
) -> list[RawBlock]:
    """Plain prose: one paragraph per chunk of lines; no Markdown at all."""
    return [
        RawBlock(BlockKind.PARAGRAPH, "\n".join(chunk))
        for chunk in _checked_chunks(lines, checkpoint)
    ]


def _checked_chunks(
    lines: list[str], checkpoint: Callable[[int], None] | None
) -> Iterator[list[str]]:
    """The chunks of `lines`, reporting the lines done (progress, cancel) before each."""
    done = 0
    for chunk in iter_chunks(lines):
        done += len(chunk)
        if checkpoint is not None:
            checkpoint(done)
        yield chunk
