"""PDFium's per-character measures, as cheaply as ctypes allows.

A PDF import asks PDFium a few questions per word, and the call itself is most of what
they cost: pypdfium2's bindings check and convert every argument (about 1 µs a call).
The calls made per word or per text object are bound here once more without argument
types (`unchecked`), which cuts that to a third: ctypes passes ctypes objects as they
are and Python ints as C ints. They also keep the GIL (`ctypes.PYFUNCTYPE`): each is a
lookup of a microsecond or less, and letting the GIL go and taking it back around it
cost a quarter of the call. Nothing slow is bound here (no page loading or rendering),
so the window's thread waits no longer than Python's own switch interval. Everything
else about a page goes through pypdfium2.
"""

from __future__ import annotations

import ctypes
import math
import struct
from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_BOLD_NAMES = (b"bold", b"black", b"heavy", b"semibold", b"demi", b",b", b"-b")
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag ForceBold
SAME_BOX = 0.3  # points: loose boxes of one font at one size are this alike in height
_BOX_PER_SIZE = 1.2  # a loose character box is about this many font sizes high

_ADDRESS, _INT, _DOUBLE = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_MATRIX = struct.Struct("6f")  # an FS_MATRIX: a, b, c, d, e, f


def bare(function: object, result: type | None, *arguments: type) -> Callable[..., object]:
    """`function` (a pypdfium2 binding) taking plain addresses and ints."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.PYFUNCTYPE(result, *arguments)(address)  # the GIL kept: see above


def unchecked(function: object, result: type | None) -> Callable[..., object]:
    """`function` called without argument conversion: only for functions whose
    arguments are pointers and C ints. Pass every pointer as a ctypes object
    (`c_void_p`, `byref`): a Python int goes as a 32-bit C int."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.PYFUNCTYPE(result)(address)  # the GIL kept: see above


# (textpage, index, FS_RECTF*) -> ok
loose_char_box = unchecked(pdfium_c.FPDFText_GetLooseCharBox, _INT)
# (textpage, index) -> the character's code point (UTF-32)
char_code = unchecked(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
# (textpage, index in the page's text) -> the character's index on the page, or -1
char_index = unchecked(pdfium_c.FPDFText_GetCharIndexFromTextIndex, _INT)
# (textpage, index) -> the text object's address (an int), compared per word
text_object = unchecked(pdfium_c.FPDFText_GetTextObject, _ADDRESS)
# (textpage, index, double*, double*) -> ok
_char_origin = unchecked(pdfium_c.FPDFText_GetCharOrigin, _INT)
_char_box = bare(
    pdfium_c.FPDFText_GetCharBox, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS
)
# (textpage, index) -> the font size before the text matrix
_font_size = unchecked(pdfium_c.FPDFText_GetFontSize, _DOUBLE)
# (textpage, index, FS_MATRIX*) -> ok
_matrix = unchecked(pdfium_c.FPDFText_GetMatrix, _INT)
_font_info = bare(
    pdfium_c.FPDFText_GetFontInfo,
    ctypes.c_ulong,
    _ADDRESS,
    _INT,
    _ADDRESS,
    ctypes.c_ulong,
    _ADDRESS,
)
_font_weight = bare(pdfium_c.FPDFText_GetFontWeight, _INT, _ADDRESS, _INT)
# (text object) -> its font's address: the same font resource, the same address
_object_font = bare(pdfium_c.FPDFTextObj_GetFont, _ADDRESS, _ADDRESS)


class Handle(ctypes.c_void_p):
    """A handle PDFium returns, kept a ctypes object (a plain `c_void_p` result becomes
    an int, which an `unchecked` call would pass on as a 32-bit int)."""


# Page objects, walked once per page to find figures.
# (page, index) -> the page object's Handle
page_object = unchecked(pdfium_c.FPDFPage_GetObject, Handle)
# (page object) -> its type
object_type = unchecked(pdfium_c.FPDFPageObj_GetType, _INT)
# (page object, float* left, bottom, right, top) -> ok
object_bounds = bare(
    pdfium_c.FPDFPageObj_GetBounds, _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS
)


def address_of(handle: pdfium.PdfTextPage | pdfium.PdfPage) -> int:
    return ctypes.cast(handle.raw, ctypes.c_void_p).value or 0


def pointer_of(handle: pdfium.PdfTextPage | pdfium.PdfPage) -> ctypes.c_void_p:
    """The handle as an argument of an `unchecked` function."""
    return ctypes.c_void_p(address_of(handle))


class View:
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


class CharReader:
    """PDFium's per-character measures, asked only at word ends. Font size, weight and
    direction of a character's text object are the same for every character of it, so
    they are asked once per object."""

    def __init__(self, textpage: pdfium.PdfTextPage, view: View) -> None:
        self.raw = address_of(textpage)
        self.page = pointer_of(textpage)  # for `unchecked` calls
        self.view = view
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.rect_bytes = memoryview(self.rect).cast("B")  # for struct.unpack_from
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.matrix_bytes = memoryview(self.matrix).cast("B")  # for struct.unpack_from
        # (font, font size, matrix) -> (printed size, turned, bold)
        self.styles: dict[tuple[int, float, float, float, float, float], tuple] = {}
        self.x = ctypes.c_double()
        self.y = ctypes.c_double()
        self.x_ref, self.y_ref = ctypes.byref(self.x), ctypes.byref(self.y)
        self.name = ctypes.create_string_buffer(96)
        self.flags = ctypes.c_int()
        self.fonts: dict[tuple[bytes, int], bool] = {}
        self.char_box = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top

    def accent_side(self, start: int) -> Callable[[int], int]:
        """For the word starting at char `start`: which neighbour (-1, +1, or 0 for
        neither) the accent at a position in the word sits over."""
        addresses = [ctypes.addressof(v) for v in self.char_box]

        def span(index: int) -> tuple[float, float] | None:
            _char_box(self.raw, index, *addresses)
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
        _char_origin(self.page, index, self.x_ref, self.y_ref)
        if self.view.rotation:
            return self.view.point(self.x.value, self.y.value)[1]
        return self.y.value

    def enter(
        self, index: int, bottom: float, top: float, address: int | None
    ) -> tuple[float, bool, bool, float, float]:
        """Make the text object at `address` the current one, measured on its character
        at `index` (whose loose box spans `bottom` to `top`): its printed size, whether
        it is turned, whether bold, its box's height and the baseline's rise over the
        box's bottom.

        Its style is fixed by its font, font size and matrix: an object like one met
        before on the page takes that one's without asking the font again (pages that
        draw each word as an object of its own are common)."""
        page = self.page
        style = None
        if address is not None and _matrix(page, index, self.matrix_ref):
            font = _object_font(address)
            if font is not None:
                a, b, c, d, _, _ = _MATRIX.unpack_from(self.matrix_bytes)
                key = (font, _font_size(page, index), a, b, c, d)
                style = self.styles.get(key)
                if style is None:
                    style = self.styles[key] = (*self._size_and_turn(index), self._bold(index))
        if style is None:
            style = (*self._size_and_turn(index), self._bold(index))
        size, turned, bold = style
        height = top - bottom
        if not turned and height > 0 and not 0.6 * size <= height <= 2.5 * size:
            size = round(height / _BOX_PER_SIZE, 1)  # a 1-point font scaled by the page
        return size, turned, bold, height, self.baseline(index) - bottom

    def _size_and_turn(self, index: int) -> tuple[float, bool]:
        """The printed font size, and whether the text runs other than left to right."""
        size = _font_size(self.page, index)
        if not _matrix(self.page, index, self.matrix_ref):
            return size, False
        m = self.matrix
        # The type's height across its baseline: the matrix's area over its width along
        # it. An OCR layer stretches each word to the scan's width (a varies word by
        # word): its height, not its area, is the size the page shows.
        along = math.hypot(m.a, m.b)
        scale = abs(m.a * m.d - m.b * m.c) / along if along else 0.0
        return round(size * scale, 1), not self.view.upright(m.a, m.b)

    def _bold(self, index: int) -> bool:
        _font_info(
            self.raw,
            index,
            ctypes.addressof(self.name),
            len(self.name),
            ctypes.addressof(self.flags),
        )
        # Name, flags and weight all come from the font's descriptor: one verdict a font.
        key = (self.name.value, self.flags.value)
        known = self.fonts.get(key) if key[0] else None  # a font without a name: ask each time
        if known is None:
            lowered = key[0].lower()
            known = (
                any(mark in lowered for mark in _BOLD_NAMES)
                or bool(key[1] & _FORCE_BOLD)
                or _font_weight(self.raw, index) >= 600
            )
            self.fonts[key] = known
        return known
