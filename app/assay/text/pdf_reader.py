"""Text PDFs → positioned lines per page, with PDFium (pypdfium2).

PDFium gives each page's characters in content order with the line breaks it infers
("\\r\\n"), and per character a box, a font size and a weight. One call fetches a
page's text; only the first and last character of each line are measured, so a
100-page paper reads in a fraction of a second. Layout (columns, headers, paragraphs)
is `pdf_layout`'s job; this module only talks to PDFium and turns its failures into
messages a reviewer can act on.
"""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Callable
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO

import pypdfium2 as pdfium

from assay.text.blocks import RawBlock
from assay.text.errors import ImportRefused
from assay.text.pdf_accents import SPACING_ACCENT, compose_accents
from assay.text.pdf_chars import (
    SAME_BOX,
    CharReader,
    View,
    char_code,
    char_index,
    loose_char_box,
    pointer_of,
    text_object,
)
from assay.text.pdf_figures import figure_boxes
from assay.text.pdf_grid import find_grids
from assay.text.pdf_layout import blocks_from_pages
from assay.text.pdf_words import PageWords, PdfWord
from assay.text.reading import display_name, file_error, open_regular

Check = Callable[[int, int, str], None]
_PDF_MAGIC = b"%PDF-"
_RECT = struct.Struct("4f")  # an FS_RECTF's floats
_IN_MEMORY = 64_000_000  # bytes: a larger PDF is read through its file, block by block
# PDFium marks a hyphen it found at a line end with U+FFFE (in page text) or U+0002.
_SOFT_HYPHENS = ("\ufffe", "\x02")
# A word: a run without spaces, cut after a line-end hyphen PDFium joined to the next line.
_WORD = re.compile(r"[^\s\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")
_SPACES = re.compile(r"\s")
_STAMP_LEAST = 24.0  # points: a page without a word this large has no stamp on it
_STAMP_SIZE = 3.0  # times the page's usual size: a stamp is this large or larger
_STAMP_COVERS = 2  # words (itself among them) a stamp's box covers more than
_SIZE = attrgetter("size")
_TURNED_GAP = 1.5  # font sizes between two words of one label of turned text
_SCRIPT_RATIO = 1.3  # a last character this much taller than the first: a raised start
# Replacement, private-use and control characters (U+0002 is PDFium's hyphen mark).
_GARBAGE = re.compile("[\ufffd\ue000-\uf8ff\x00\x01\x03-\x08\x0e-\x1f]")


def read_pdf(path: Path, check: Check) -> list[RawBlock]:
    """Blocks of a text PDF; page starts marked with "\\f" for parse_blocks."""
    path = Path(path)
    # PDFium reads through this descriptor, never the path: a path swapped for a FIFO
    # or a device after the check could not make it wait or read for ever.
    with open_regular(path) as stream:
        try:
            head = stream.read(1024)
            stream.seek(0)
            # A file of a usual size is handed over in memory: read through the stream,
            # PDFium calls back into Python for every block it reads.
            size = os.fstat(stream.fileno()).st_size
            source: BinaryIO | bytes = stream.read() if size <= _IN_MEMORY else stream
        except OSError as error:
            raise file_error(path, error) from error
        if _PDF_MAGIC not in head:
            raise ImportRefused(
                f"“{display_name(path)}” is not a PDF (it is damaged or another kind of file)."
            )
        document = _open(source, path)
        try:
            total = len(document)
            pages: list[PageWords] = []
            for index in range(total):
                check(index, total, "reading pages")
                pages.append(page_words(document, index))
        finally:
            document.close()
    if not any(page.words for page in pages):
        unreadable = [page.number for page in pages if page.unreadable]
        if unreadable:
            raise ImportRefused(
                f"“{path.name}” has text in fonts without a Unicode map on "
                f"{_page_list(unreadable)}: it cannot be read as text. Run it through "
                "OCR first (e.g. “Make searchable” in a PDF tool), then import it."
            )
        raise ImportRefused(
            f"“{path.name}” has no text layer: its {total} page(s) are images (a scan?). "
            "Run it through OCR first (e.g. “Make searchable” in a PDF tool), then import it."
        )
    check(total, total, "finding paragraphs")
    blocks = blocks_from_pages(pages, check)
    unreadable = [page.number for page in pages if page.unreadable]
    if unreadable:
        blocks.notes.append(
            f"Text on {_page_list(unreadable)} is in fonts without a Unicode map and was "
            "not imported (it would be garbage): check those pages in the original"
        )
    return blocks


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:12]) + ("…" if len(numbers) > 12 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def _open(source: BinaryIO | bytes, path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ImportRefused(
                f"“{path.name}” is password-protected. Open it in a PDF viewer with the "
                "password, save an unprotected copy, and import that."
            ) from exc
        raise ImportRefused(f"“{path.name}” is a damaged PDF that cannot be read ({exc}).") from exc


def page_words(document: pdfium.PdfDocument, index: int) -> PageWords:
    page = document[index]
    try:
        visible = _visible_box(page)
        view = View(page.get_rotation(), visible)
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count > 0 else ""
            if _unreadable(text):
                return PageWords(index + 1, width, height, [], unreadable=True)
            indexes = _char_indexes(textpage, text, count) if len(text) != count else None
            words, side, dropped = _words(textpage, text, view, indexes)
            if view.rotation and sum(len(label.split()) for label in side) > len(words):
                # Upright on the sheet and turned only by /Rotate: read it as drawn.
                view = View(0, visible)
                words, side, dropped = _words(textpage, text, view, indexes)
            words, stamps = _without_stamps(words)
            side.extend(stamps)
        finally:
            textpage.close()
        figures, rules = figure_boxes(page, visible) if words else ([], [])
        if view.rotation:  # boxes in the page's space, as the words are
            figures, rules = [view.box(*b) for b in figures], [view.box(*b) for b in rules]
        grids = find_grids(rules) if rules else []
    finally:
        page.close()
    return PageWords(
        index + 1, width, height, words, side, figures=figures, unreadable=dropped, grids=grids
    )


def _without_stamps(words: list[PdfWord]) -> tuple[list[PdfWord], list[str]]:
    """The words without huge letters drawn over the text (a watermark "A", a "DRAFT"
    stamp), and those as labels: notes of the page, never words of the lines they
    cover. A drop cap or a title is as large, but covers no other word."""
    if not words or max(map(_SIZE, words)) < _STAMP_LEAST:
        return words, []  # the usual page: nothing large enough to look at
    sizes = sorted(map(_SIZE, words))
    least = _STAMP_SIZE * sizes[len(sizes) // 2]
    stamps = [
        big
        for big in words
        if big.size >= least
        and sum(
            1
            for word in words
            if big.left <= (word.left + word.right) / 2 <= big.right
            and big.bottom <= (word.bottom + word.top) / 2 <= big.top
        )
        > _STAMP_COVERS
    ]
    if not stamps:
        return words, []
    marked = set(map(id, stamps))
    return [word for word in words if id(word) not in marked], [big.text for big in stamps]


def _visible_box(page: pdfium.PdfPage) -> tuple[float, float, float, float]:
    """The part of the page a viewer shows: the crop box within the media box (PDFium
    works it out, boxes inherited from the page tree included)."""
    left, bottom, right, top = page.get_bbox()
    return left, bottom, right, top


def _unreadable(text: str) -> bool:
    """A font without a Unicode map gives replacement, private-use or control
    characters: importing them would show text the document does not contain."""
    if _GARBAGE.search(text) is None:
        return False  # the usual page: nothing to count
    letters = len(text) - len(_SPACES.findall(text))
    if letters < 20:
        return False
    return len(_GARBAGE.findall(text)) > 0.2 * letters


def _char_indexes(textpage: pdfium.PdfTextPage, text: str, count: int) -> list[int]:
    """PDFium's index of each character of the page's `text` (and one past the end),
    for a page whose text left some characters out (a stray U+0002 or U+0003 mark):
    measuring by position in `text` would measure the character before.

    The shift from a text position to its character grows by one at each character
    left out, so the few places it grows are found by bisection (PDFium maps one text
    position a call), not by asking all of the page's characters."""
    page = pointer_of(textpage)
    last = len(text) - 1
    if last < 0:
        return [count]
    shift_at = {0: char_index(page, 0), last: char_index(page, last) - last}
    if not 0 <= shift_at[0] <= shift_at[last] <= count - len(text):
        return _char_indexes_by_code(textpage, text, count)  # characters put in: ask all
    breaks: list[tuple[int, int]] = []  # (text position, its shift and the ones after)
    spans = [(0, last)]
    while spans:
        low, high = spans.pop()
        if shift_at[low] == shift_at[high]:
            continue  # nothing left out in between
        if high - low == 1:
            breaks.append((high, shift_at[high]))
            continue
        middle = (low + high) // 2
        shift = char_index(page, middle) - middle
        if not shift_at[low] <= shift <= shift_at[high]:
            return _char_indexes_by_code(textpage, text, count)  # not as expected: ask all
        shift_at[middle] = shift
        spans += [(low, middle), (middle, high)]
    indexes: list[int] = []
    run_start, shift = 0, shift_at[0]
    for position, next_shift in sorted(breaks):
        indexes.extend(range(run_start + shift, position + shift))
        run_start, shift = position, next_shift
    indexes.extend(range(run_start + shift, last + 1 + shift))
    indexes.append(count)  # one past the end, for a word's end
    return indexes


def _char_indexes_by_code(textpage: pdfium.PdfTextPage, text: str, count: int) -> list[int]:
    """_char_indexes by comparing the page's text with every character's code."""
    codes = "".join(map(chr, map(char_code, repeat(pointer_of(textpage), count), range(count))))
    codes = codes.replace("\x02", "\ufffe")  # the text's spelling of PDFium's hyphen mark
    indexes: list[int] = []
    index = position = 0
    while position < len(text):
        # Runs where both agree are copied whole: a page's text leaves out only a few.
        run = _common_run(text, position, codes, index)
        indexes.extend(range(index, index + run))
        index += run
        position += run
        if position == len(text):
            break
        while index < len(codes) - 1 and codes[index] != text[position]:
            index += 1  # a character the page's text does not hold
        indexes.append(index)
        index += 1
        position += 1
    indexes.append(index)  # one past the end, for a word's end
    return indexes


def _common_run(a: str, start_a: int, b: str, start_b: int) -> int:
    """How many characters a[start_a:] and b[start_b:] have in common from their start."""
    low, high = 0, min(len(a) - start_a, len(b) - start_b)
    while low < high:
        middle = (low + high + 1) // 2
        if a[start_a : start_a + middle] == b[start_b : start_b + middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _words(
    textpage: pdfium.PdfTextPage, text: str, view: View, indexes: list[int] | None = None
) -> tuple[list[PdfWord], list[str], bool]:
    reader = CharReader(textpage, view)
    visible = view.visible
    turned_page = view.rotation != 0
    words: list[PdfWord] = []
    add_word = words.append
    side: list[str] = []  # labels of turned text
    last_turned = (0.0, 0.0, 0.0, 0.0)
    dropped = False  # words in a font without a Unicode map were left out
    spoilt = _GARBAGE.search(text) is not None
    accents = SPACING_ACCENT.search(text) is not None
    x0, y0, x1, y1 = visible
    # The loop runs once per word of the document: PDFium's box call and the rectangle
    # are bound to locals (a method call per box costs as much as the box itself), and
    # the rectangle is read in one call (FS_RECTF: left, top, right, bottom), through a
    # view of its bytes (cheaper to read than the ctypes structure itself).
    handle, rect, read_rect = reader.page, reader.rect_bytes, _RECT.unpack_from
    loose_box, rect_ref = loose_char_box, reader.rect_ref
    marks = "\ufffe" in text or "\x02" in text  # PDFium's hyphen marks, inside words too
    # The current text object's style, baseline's rise and box height, kept as locals
    # (set when an object is entered): read per word, attributes cost more.
    last_object: int | None = -1
    size, turned, bold, height, rise = 0.0, False, False, 0.0, 0.0
    for match in _WORD.finditer(text):
        first, end = match.span()
        start = first
        token = match.group()
        if spoilt and _GARBAGE.search(token):
            dropped = True  # garbage from a font without a Unicode map: never shown
            continue
        hyphen = marks and token[-1] in _SOFT_HYPHENS and len(token) > 1
        last = end - (2 if hyphen else 1)
        if indexes is not None:
            first = start = indexes[start]
            last = indexes[last]
        loose_box(handle, first, rect_ref)
        left, top, right, bottom = read_rect(rect)
        while right <= left and top <= bottom and first < last:
            first += 1  # a character with no box (an empty drop-cap glyph): measure on
            loose_box(handle, first, rect_ref)
            left, top, right, bottom = read_rect(rect)
        measured = first  # the character whose font and baseline stand for the word
        own_bottom, own_top = bottom, top  # its loose box's (its sides: on turned pages)
        if last != first:
            loose_box(handle, last, rect_ref)
            l2, t2, right, b2 = read_rect(rect)
            if t2 - b2 > _SCRIPT_RATIO * (top - bottom):
                measured = last  # a raised start: "1Centre"
                own_bottom, own_top = b2, t2
            if b2 < bottom:
                bottom = b2
            if t2 > top:
                top = t2
        if not (x0 <= left and right <= x1 and y0 <= bottom and top <= y1) and not (
            x0 <= (left + right) / 2 <= x1 and y0 <= (bottom + top) / 2 <= y1
        ):
            continue  # drawn outside the visible page: a viewer never shows it
        if turned_page:
            left, bottom, right, top = view.box(left, bottom, right, top)
            loose_box(handle, measured, rect_ref)  # its own box again, sides and all
            own_left, own_top, own_right, own_bottom = read_rect(rect)
            _, own_bottom, _, own_top = view.box(own_left, own_bottom, own_right, own_top)
        if (address := text_object(handle, measured)) is None or address != last_object:
            # A new text object.
            size, turned, bold, height, rise = reader.enter(measured, own_bottom, own_top, address)
            last_object = address
        if not turned_page and abs(own_top - own_bottom - height) <= SAME_BOX:
            baseline = own_bottom + rise  # the common case: the object's baseline
        else:
            baseline = reader.baseline(measured)  # a turned page, or a glyph's own box
        word_text = token[:-1] if hyphen else token
        if turned:
            # One note per label or line of turned text (a chart's axis titles), never
            # the page's labels run together.
            if side and _near(last_turned, (left, bottom, right, top), size):
                side[-1] += " " + word_text
            else:
                side.append(word_text)
            last_turned = (left, bottom, right, top)
            continue
        if marks and ("\ufffe" in word_text or "\x02" in word_text):
            word_text = word_text.replace("\ufffe", "-").replace("\x02", "-")
        if accents and SPACING_ACCENT.search(word_text):
            word_text = compose_accents(word_text, reader.accent_side(start))
        if right < left:
            right = left
        add_word(PdfWord(word_text, left, right, bottom, top, baseline, size, bold, hyphen, start))
    return words, side, dropped


def _near(
    before: tuple[float, float, float, float], box: tuple[float, float, float, float], size: float
) -> bool:
    """Two boxes no further apart, either way, than a word space or two."""
    gap_x = max(0.0, box[0] - before[2], before[0] - box[2])
    gap_y = max(0.0, box[1] - before[3], before[1] - box[3])
    return max(gap_x, gap_y) <= _TURNED_GAP * max(size, 1.0)
