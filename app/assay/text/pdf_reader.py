"""Text PDFs → positioned lines per page, with PDFium (pypdfium2).

PDFium gives each page's characters in content order with the line breaks it infers
("\\r\\n"), and per character a box, a font size and a weight. One call fetches a
page's text; only the first and last character of each line are measured, so a
100-page paper reads in a fraction of a second. Layout (columns, headers, paragraphs)
is `pdf_layout`'s job; this module only talks to PDFium and turns its failures into
messages a reviewer can act on.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from assay.text.blocks import RawBlock, RawBlocks
from assay.text.errors import ImportRefused
from assay.text.pdf_accents import SPACING_ACCENT, compose_accents
from assay.text.pdf_figures import figure_boxes
from assay.text.pdf_layout import blocks_from_pages
from assay.text.pdf_words import PageWords, PdfWord
from assay.text.reading import display_name, file_error, open_regular

Check = Callable[[int, int, str], None]
_PDF_MAGIC = b"%PDF-"
# PDFium marks a hyphen it found at a line end with U+FFFE (in page text) or U+0002.
_SOFT_HYPHENS = ("\ufffe", "\x02")
# A word: a run without spaces, cut after a line-end hyphen PDFium joined to the next line.
_WORD = re.compile(r"[^\s\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")
_SPACES = re.compile(r"\s")
_SCRIPT_RATIO = 1.3  # a last character this much taller than the first: a raised start
_SAME_BOX = 0.3  # points: loose boxes of one font at one size are this alike in height
_BOX_PER_SIZE = 1.2  # a loose character box is about this many font sizes high
# Replacement, private-use and control characters (U+0002 is PDFium's hyphen mark).
_GARBAGE = re.compile("[\ufffd\ue000-\uf8ff\x00\x01\x03-\x08\x0e-\x1f]")
_BOLD_NAMES = (b"bold", b"black", b"heavy", b"semibold", b"demi", b",b", b"-b")
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag ForceBold
# FPDFText_GetTextObject giving the object's address as an int: comparing the pointer
# objects pypdfium2 returns would need a ctypes.cast per word.
_text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
)


def read_pdf(path: Path, check: Check) -> list[RawBlock]:
    """Blocks of a text PDF; page starts marked with "\\f" for parse_blocks."""
    path = Path(path)
    # PDFium reads through this descriptor, never the path: a path swapped for a FIFO
    # or a device after the check could not make it wait or read for ever.
    with open_regular(path) as stream:
        try:
            head = stream.read(1024)
            stream.seek(0)
        except OSError as error:
            raise file_error(path, error) from error
        if _PDF_MAGIC not in head:
            raise ImportRefused(
                f"“{display_name(path)}” is not a PDF (it is damaged or another kind of file)."
            )
        document = _open(stream, path)
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
    blocks = RawBlocks(blocks_from_pages(pages, check))
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


def _open(stream: BinaryIO, path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(stream)
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
        view = _View(page.get_rotation(), visible)
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count > 0 else ""
            if _unreadable(text):
                return PageWords(index + 1, width, height, [], unreadable=True)
            words, side, dropped = _words(textpage, text, view)
            if view.rotation and len(side) > len(words):
                # Upright on the sheet and turned only by /Rotate: read it as drawn.
                view = _View(0, visible)
                words, side, dropped = _words(textpage, text, view)
        finally:
            textpage.close()
        figures = [view.box(*box) for box in figure_boxes(page, visible)] if words else []
    finally:
        page.close()
    return PageWords(index + 1, width, height, words, side, figures=figures, unreadable=dropped)


def _visible_box(page: pdfium.PdfPage) -> tuple[float, float, float, float]:
    """The part of the page a viewer shows: the crop box within the media box (PDFium
    works it out, boxes inherited from the page tree included)."""
    left, bottom, right, top = page.get_bbox()
    return left, bottom, right, top


def _unreadable(text: str) -> bool:
    """A font without a Unicode map gives replacement, private-use or control
    characters: importing them would show text the document does not contain."""
    letters = len(text) - len(_SPACES.findall(text))
    if letters < 20:
        return False
    return len(_GARBAGE.findall(text)) > 0.2 * letters


class _View:
    """The page as a viewer shows it, turned by its /Rotate: a landscape page drawn
    turned on a portrait sheet reads like any page. PDFium measures in the unturned
    page's space; words are laid out in this one."""

    def __init__(self, rotation: int, visible: tuple[float, float, float, float]) -> None:
        self.rotation = rotation % 360
        self.visible = visible

    def point(self, x: float, y: float) -> tuple[float, float]:
        x0, y0, x1, y1 = self.visible
        if self.rotation == 90:
            return y - y0, x1 - x
        if self.rotation == 180:
            return x1 - x, y1 - y
        if self.rotation == 270:
            return y1 - y, x - x0
        return x, y

    def box(
        self, left: float, bottom: float, right: float, top: float
    ) -> tuple[float, float, float, float]:
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)

    def upright(self, a: float, b: float) -> bool:
        """Text running along (a, b) in the page's space reads left to right on screen."""
        angle = (math.degrees(math.atan2(b, a)) - self.rotation) % 360
        return angle < 45 or angle > 315


class _CharReader:
    """PDFium's per-character measures, asked only at word ends (ctypes calls are the
    cost of a PDF import). Font size, weight and direction of a
    character's text object are the same for every character of it, so they are asked
    once per object."""

    def __init__(self, textpage: pdfium.PdfTextPage, view: _View) -> None:
        self.raw = textpage.raw
        self.view = view
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.matrix = pdfium_c.FS_MATRIX()
        self.x = ctypes.c_double()
        self.y = ctypes.c_double()
        self.name = ctypes.create_string_buffer(96)
        self.flags = ctypes.c_int()
        self.fonts: dict[bytes, bool] = {}
        self.last_object: int | None = -1
        self.style: tuple[float, bool, bool] = (0.0, False, False)
        self.rise = 0.0
        self.char_box = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
        self.height = 0.0
        self.x_ref = ctypes.byref(self.x)
        self.y_ref = ctypes.byref(self.y)

    def accent_side(self, start: int) -> Callable[[int], int]:
        """For the word starting at char `start`: which neighbour (-1, +1, or 0 for
        neither) the accent at a position in the word sits over."""

        def span(index: int) -> tuple[float, float] | None:
            pdfium_c.FPDFText_GetCharBox(self.raw, index, *(ctypes.byref(v) for v in self.char_box))
            left, right = self.char_box[0].value, self.char_box[1].value
            return (left, right) if right > left else None

        def side(position: int) -> int:
            accent = span(start + position)
            if accent is None:
                return 0
            middle = (accent[0] + accent[1]) / 2
            for step in (-1, 1):
                letter = span(start + position + step) if position + step >= 0 else None
                if letter is not None and letter[0] <= middle <= letter[1]:
                    return step  # the accent's middle is over this letter
            return 0  # between letters: an accent used as an apostrophe ("don´t")

        return side

    def baseline(self, index: int) -> float:
        pdfium_c.FPDFText_GetCharOrigin(self.raw, index, self.x_ref, self.y_ref)
        if self.view.rotation:
            return self.view.point(self.x.value, self.y.value)[1]
        return self.y.value

    def style_of(self, index: int, bottom: float, top: float) -> tuple[float, bool, bool, float]:
        """(printed size, turned, bold, baseline) for the character at `index` whose
        loose box runs from `bottom` to `top`. Size, direction and weight belong to its
        text object, and so does the baseline's height above the loose box's bottom
        (the font's descent at that size): asked once per object."""
        address = _text_object(self.raw, index)
        if address is None or address != self.last_object:
            size, turned = self._size_and_turn(index)
            height = top - bottom
            if not turned and height > 0 and not 0.6 * size <= height <= 2.5 * size:
                size = round(height / _BOX_PER_SIZE, 1)  # a 1-point font scaled by the page
            self.style = (size, turned, self._bold(index))
            self.rise = self.baseline(index) - bottom
            self.height = top - bottom
            self.last_object = address
            return (*self.style, bottom + self.rise)
        size, turned, bold = self.style
        if abs(top - bottom - self.height) > _SAME_BOX:
            return size, turned, bold, self.baseline(index)  # a glyph with its own box
        return size, turned, bold, bottom + self.rise

    def _size_and_turn(self, index: int) -> tuple[float, bool]:
        """The printed font size, and whether the text runs other than left to right."""
        size = pdfium_c.FPDFText_GetFontSize(self.raw, index)
        if not pdfium_c.FPDFText_GetMatrix(self.raw, index, ctypes.byref(self.matrix)):
            return size, False
        m = self.matrix
        scale = abs(m.a * m.d - m.b * m.c) ** 0.5
        return round(size * scale, 1), not self.view.upright(m.a, m.b)

    def _bold(self, index: int) -> bool:
        pdfium_c.FPDFText_GetFontInfo(
            self.raw, index, self.name, len(self.name), ctypes.byref(self.flags)
        )
        name = self.name.value
        known = self.fonts.get(name)
        if known is None:
            lowered = name.lower()
            known = any(mark in lowered for mark in _BOLD_NAMES) or bool(
                self.flags.value & _FORCE_BOLD
            )
            self.fonts[name] = known
        return known or pdfium_c.FPDFText_GetFontWeight(self.raw, index) >= 600


def _words(
    textpage: pdfium.PdfTextPage, text: str, view: _View
) -> tuple[list[PdfWord], list[str], bool]:
    reader = _CharReader(textpage, view)
    visible = view.visible
    turned_page = view.rotation != 0
    words: list[PdfWord] = []
    side: list[str] = []
    dropped = False  # words in a font without a Unicode map were left out
    spoilt = _GARBAGE.search(text) is not None
    x0, y0, x1, y1 = visible
    style_of = reader.style_of
    # The loop runs once per word of the document: PDFium's box call and the rectangle
    # are bound to locals (a method call per box costs as much as the box itself).
    raw, rect = reader.raw, reader.rect
    loose_box, rect_ref = pdfium_c.FPDFText_GetLooseCharBox, reader.rect_ref
    for match in _WORD.finditer(text):
        first = start = match.start()
        token = match.group()
        if spoilt and _GARBAGE.search(token):
            dropped = True  # garbage from a font without a Unicode map: never shown
            continue
        hyphen = len(token) > 1 and token[-1] in _SOFT_HYPHENS
        last = match.end() - (2 if hyphen else 1)
        loose_box(raw, first, rect_ref)
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        while right <= left and top <= bottom and first < last:
            first += 1  # a character with no box (an empty drop-cap glyph): measure on
            loose_box(raw, first, rect_ref)
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        measured = first  # the character whose font and baseline stand for the word
        own = (left, bottom, right, top)  # its loose box
        if last != first:
            loose_box(raw, last, rect_ref)
            right, b2, t2 = rect.right, rect.bottom, rect.top
            if t2 - b2 > _SCRIPT_RATIO * (top - bottom):
                measured, own = last, (rect.left, b2, right, t2)  # a raised start: "1Centre"
            if b2 < bottom:
                bottom = b2
            if t2 > top:
                top = t2
        middle_x, middle_y = (left + right) / 2, (bottom + top) / 2
        if not (x0 <= middle_x <= x1 and y0 <= middle_y <= y1):
            continue  # drawn outside the visible page: a viewer never shows it
        if turned_page:
            left, bottom, right, top = view.box(left, bottom, right, top)
            own = view.box(*own)
        size, turned, bold, baseline = style_of(measured, own[1], own[3])
        if turned_page:
            baseline = reader.baseline(measured)
        word_text = token[:-1] if hyphen else token
        if turned:
            side.append(word_text)
            continue
        if "\ufffe" in word_text or "\x02" in word_text:
            word_text = word_text.replace("\ufffe", "-").replace("\x02", "-")
        if SPACING_ACCENT.search(word_text):
            word_text = compose_accents(word_text, reader.accent_side(start))
        if right < left:
            right = left
        words.append(
            PdfWord(word_text, left, right, bottom, top, baseline, size, bold, hyphen, start)
        )
    return words, side, dropped
