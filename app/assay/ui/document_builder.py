"""Builds the read-only QTextDocument that shows one document.

The document's plain text is the stored text (blocks are lines, table cells are
tab-separated), so a sentence's stored offsets are positions in the QTextDocument
(through `Utf16Offsets`). Presentation (heading sizes, list indents, table tab stops,
bold/italic/sub/sup) is applied as formats, never as extra characters.

One exception, of the same length: inside a block longer than `LONG_BLOCK`, a space
before a sentence every `PIECE` characters or so becomes a line break. Qt lays out a
paragraph all at once before the first paint (a 38 MB one-paragraph document: 22 s),
but a document of many paragraphs only as far as the screen shows, the rest later.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from PySide6.QtGui import (
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from assay.core.model import Block, BlockKind, Span, SpanStyle
from assay.ui import theme
from assay.ui.text_offsets import Utf16Offsets

HEADING_SCALE = {0: 1.7, 1: 1.5, 2: 1.3, 3: 1.15, 4: 1.05, 5: 1.0, 6: 1.0}
TABLE_TAB_WIDTH = 190.0
# Numbers are marked in documents up to this many characters (~12 ms per 100 KB);
# a larger one opens without the marks rather than wait.
NUMBER_MARK_LIMIT = 2_000_000
NUMBER_MARK_STEP = 10_000  # characters marked per step (~10-40 ms)
NUMBER_PROPERTY = QTextFormat.Property.UserProperty + 1  # marks a number's characters
# Longer blocks are shown as lines of about PIECE characters (see the module docstring):
# a long paragraph is some 2,000 characters; these are machine-made, or a text that
# lost its line breaks.
LONG_BLOCK = 20_000
PIECE = 4_000


def build_document(
    text: str,
    blocks: Sequence[Block],
    spans: Sequence[Span],
    base_font: QFont,
    sentence_starts: Sequence[int] = (),
) -> tuple[QTextDocument, Utf16Offsets]:
    """`sentence_starts` (in order) are where a long block is best cut."""
    document = QTextDocument()
    document.setUndoRedoEnabled(False)  # formats change as verdicts do; no undo history
    document.setDefaultFont(base_font)
    document.setDocumentMargin(18)
    cuts = long_block_cuts(text, blocks, sentence_starts)
    document.setPlainText(_with_line_breaks(text, cuts))
    offsets = Utf16Offsets(text)
    _format_blocks(document, blocks, base_font, offsets)
    _join_pieces(document, cuts, offsets)
    _apply_spans(document, spans, offsets)
    return document, offsets


def long_block_cuts(
    text: str, blocks: Sequence[Block], sentence_starts: Sequence[int]
) -> list[int]:
    """Positions of the spaces to show as line breaks: in blocks longer than
    LONG_BLOCK, one every PIECE characters or so, before a sentence if one starts
    within the next PIECE characters, else at the next space."""
    cuts: list[int] = []
    for block in blocks:
        if block.end - block.start <= LONG_BLOCK:
            continue
        at = block.start + PIECE
        while at < block.end:
            cut = _cut_at_or_after(text, at, block.end, sentence_starts)
            if cut is None:
                break
            cuts.append(cut)
            at = cut + PIECE
    return cuts


def _cut_at_or_after(text: str, at: int, end: int, sentence_starts: Sequence[int]) -> int | None:
    index = bisect_left(sentence_starts, at + 1)
    limit = min(at + PIECE, end)
    while index < len(sentence_starts) and sentence_starts[index] < limit:
        if text[sentence_starts[index] - 1] == " ":
            return sentence_starts[index] - 1
        index += 1
    space = text.find(" ", at, end)
    return None if space < 0 else space


def _with_line_breaks(text: str, cuts: Sequence[int]) -> str:
    if not cuts:
        return text
    pieces, done = [], 0
    for cut in cuts:
        pieces.append(text[done:cut])
        done = cut + 1
    pieces.append(text[done:])
    return "\n".join(pieces)


def _join_pieces(document: QTextDocument, cuts: Sequence[int], offsets: Utf16Offsets) -> None:
    """No paragraph spacing between the pieces of one block: it reads as one."""
    if not cuts:
        return
    joined = QTextBlockFormat()
    joined.setBottomMargin(0)
    cursor = QTextCursor(document)
    for cut in cuts:
        cursor.setPosition(offsets.to_utf16(cut))  # the end of the piece before the cut
        cursor.mergeBlockFormat(joined)


def mark_numbers(document: QTextDocument, text: str, offsets: Utf16Offsets) -> Iterator[None]:
    """A subtle dotted underline under every dose, percentage, range, duration and
    count: where dose and efficacy claims hide. Marks about NUMBER_MARK_STEP
    characters (whole lines) per step and yields between steps: the caller
    (SourceView) runs the steps after the text is shown, a few milliseconds at a time,
    so neither the first paint nor the keys wait for them."""
    from assay.claims.numbers import find_numbers

    if len(text) > NUMBER_MARK_LIMIT:
        return

    mark = QTextCharFormat()
    mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    mark.setUnderlineColor(theme.muted_text_color())
    mark.setProperty(NUMBER_PROPERTY, True)
    cursor = QTextCursor(document)
    start = 0
    while start < len(text):
        end = text.find("\n", start + NUMBER_MARK_STEP)  # numbers never span lines
        end = len(text) if end < 0 else end
        # One edit block: the shown document lays itself out once, not once per number
        # (0.70 s → 0.09 s for an 860 KB document with ~700 numbers).
        cursor.beginEditBlock()
        for mention in find_numbers(text[start:end]):
            cursor.setPosition(offsets.to_utf16(start + mention.start))
            cursor.setPosition(
                offsets.to_utf16(start + mention.end), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.mergeCharFormat(mark)
        cursor.endEditBlock()
        start = end + 1
        yield


def _format_blocks(
    document: QTextDocument, blocks: Sequence[Block], base_font: QFont, offsets: Utf16Offsets
) -> None:
    cursor = QTextCursor(document)
    # Most blocks are plain paragraphs: format the whole document as one in a single
    # call, then visit only the others, each distinct format built once.
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.setBlockFormat(_formats_for(Block(0, 0, BlockKind.PARAGRAPH), base_font)[0])
    made: dict[tuple[BlockKind, int], tuple[QTextBlockFormat, QTextCharFormat | None]] = {}
    for block in blocks:
        if block.kind == BlockKind.PARAGRAPH:
            continue
        key = (block.kind, block.level)
        if key not in made:
            made[key] = _formats_for(block, base_font)
        block_format, char_format = made[key]
        cursor.setPosition(offsets.to_utf16(block.start))
        # The whole range: a long block is shown in pieces (`long_block_cuts`).
        cursor.setPosition(offsets.to_utf16(block.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.setBlockFormat(block_format)
        if char_format is not None:
            cursor.mergeCharFormat(char_format)


def _formats_for(block: Block, base_font: QFont) -> tuple[QTextBlockFormat, QTextCharFormat | None]:
    block_format = QTextBlockFormat()
    block_format.setBottomMargin(6)
    block_format.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    char_format: QTextCharFormat | None = None
    kind = block.kind
    if kind in (BlockKind.TITLE, BlockKind.HEADING):
        level = 0 if kind == BlockKind.TITLE else block.level
        char_format = QTextCharFormat()
        char_format.setFontWeight(QFont.Weight.Bold)
        char_format.setFontPointSize(base_font.pointSizeF() * HEADING_SCALE.get(level, 1.0))
        block_format.setTopMargin(14 if level <= 2 else 8)
        block_format.setHeadingLevel(max(level, 1))
    elif kind == BlockKind.LIST_ITEM:
        block_format.setIndent(max(block.level, 1))
        block_format.setTextIndent(-10)
    elif kind == BlockKind.QUOTE:
        block_format.setIndent(1)
        char_format = QTextCharFormat()
        char_format.setFontItalic(True)
    elif kind in (BlockKind.TABLE_ROW, BlockKind.TABLE_HEADER):
        block_format.setBottomMargin(0)
        block_format.setBackground(theme.table_row_background())
        block_format.setTabPositions(
            [QTextOption.Tab(TABLE_TAB_WIDTH * i, QTextOption.TabType.LeftTab) for i in range(1, 8)]
        )
        if kind == BlockKind.TABLE_HEADER:
            char_format = QTextCharFormat()
            char_format.setFontWeight(QFont.Weight.Bold)
    elif kind == BlockKind.FORMULA:
        block_format.setIndent(2)  # displayed, as the page sets it (P shows it as printed)
    elif kind in (BlockKind.CAPTION, BlockKind.NOTE):
        # Set apart as a reader sees them on the page: smaller, captions in italics.
        char_format = QTextCharFormat()
        char_format.setFontPointSize(base_font.pointSizeF() * 0.9)
        char_format.setFontItalic(kind == BlockKind.CAPTION)
        if kind == BlockKind.NOTE:
            char_format.setForeground(theme.muted_text_color())
    elif kind == BlockKind.REFERENCE:
        block_format.setIndent(1)
        char_format = QTextCharFormat()
        char_format.setForeground(theme.muted_text_color())
        char_format.setFontPointSize(base_font.pointSizeF() * 0.9)
    return block_format, char_format


def _apply_spans(document: QTextDocument, spans: Sequence[Span], offsets: Utf16Offsets) -> None:
    cursor = QTextCursor(document)
    for span in spans:
        char_format = QTextCharFormat()
        if span.style == SpanStyle.BOLD:
            char_format.setFontWeight(QFont.Weight.Bold)
        elif span.style == SpanStyle.ITALIC:
            char_format.setFontItalic(True)
        elif span.style == SpanStyle.SUB:
            char_format.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSubScript)
        elif span.style == SpanStyle.SUP:
            char_format.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        elif span.style == SpanStyle.CODE:
            char_format.setFontFixedPitch(True)
            char_format.setProperty(QTextFormat.Property.FontFamilies, ["monospace"])
        else:
            continue
        cursor.setPosition(offsets.to_utf16(span.start))
        cursor.setPosition(offsets.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(char_format)
