"""Where each sentence of a PDF document is printed: rectangles on its pages.

Independent of the layout code that made the sentences: per page, PDFium's characters
become a normalised stream (NFKC, lower case, no whitespace, no hyphens of any kind,
one quote of each kind) that maps back to PDFium's char indexes, and each sentence's
normalised text is looked up in the stream of its page. A sentence running onto the
next page is the longest prefix found on its page and the rest on the next; a sentence
whose text the PDF prints in two pieces on one page (the reader dropped something in
between, such as a footnote mark or a running header) is found as two pieces close
together. Characters already given to a sentence are not given again, so a repeated
sentence lands on its next copy. A sentence not found gets no boxes, never a guess.

Boxes are PDFium's loose character boxes (the font's full height, so a line's
highlight is even), merged into one rectangle per printed line piece, in PDF points in
the page's own coordinates: origin at the bottom-left corner of the page's media box
(for almost every PDF, the bottom-left corner of the page), y upwards.

Matching needs only each page's text (one PDFium call per character, no boxes), so a
viewer can match a whole document at once and fetch boxes page by page when a page is
shown (`SentenceLocator.page_boxes`).
"""

from __future__ import annotations

import bisect
import ctypes
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from assay.text.pdf_layout import words_in_reading_order
from assay.text.pdf_reader import page_words
from assay.text.pdf_words import PageWords

Rect = tuple[float, float, float, float]  # left, bottom, right, top in PDF points

# Dropped from both sides before matching: readers join or keep line-end hyphens as
# they judge, and PDFium marks a hyphen it found at a line end with U+FFFE or U+0002.
_DROPPED = frozenset("-\u00ad\u2010\u2011\ufffe\x02\ufeff\u200b\u200c\u200d\u2060")
_QUOTES = str.maketrans("‘’‚‛′`´“”„‟″«»", "'" * 7 + '"' * 7)
# A piece shorter than this could match almost anywhere: not trusted on its own.
_MIN_PIECE = 12
# The second piece of a sentence split on one page must start this close (normalised
# characters) after the first ends; a sentence continued on the next page must go on
# within this many characters of that page's start unless its rest is long.
_WORDS_KEPT = 4  # pages whose words the locator keeps for the next window
_GAP = 160
_NEXT_PAGE_START = 600


@dataclass(frozen=True, slots=True)
class Box:
    page: int  # 1-based, as ParsedDocument.pages numbers them
    rect: Rect


@dataclass(frozen=True, slots=True)
class _Piece:
    page: int
    chars: tuple[int, ...]  # PDFium char indexes of the matched characters, in order


@cache
def _normal(char: str) -> str:
    """What one character contributes to the normalised stream ("" for nothing)."""
    if char in _DROPPED or char.isspace() or unicodedata.category(char) == "Cc":
        return ""
    # Accents are left out on both sides: the PDF may draw one as a glyph of its own
    # ("´e") where the sentence has "é".
    folded = unicodedata.normalize("NFKD", char).lower().translate(_QUOTES)
    return "".join(
        c
        for c in unicodedata.normalize("NFKC", folded)
        if not c.isspace() and c not in _DROPPED and not unicodedata.combining(c)
    )


def normalise(text: str) -> str:
    """A sentence's text as the stream spells it."""
    return "".join(_normal(c) for c in text)


class _PageStream:
    """One page's normalised text and, per normalised character, its PDFium char index.

    The characters are taken in reading order (the order the PDF reader gives the
    page's words in) when it is known, else in PDFium's content order: a page whose
    content stream draws two columns line by line keeps each sentence's characters
    together only in reading order."""

    def __init__(self, textpage: pdfium.PdfTextPage, order: Iterable[int] | None = None) -> None:
        parts: list[str] = []
        index: list[int] = []
        get_unicode = pdfium_c.FPDFText_GetUnicode
        raw = textpage.raw
        chars = range(pdfium_c.FPDFText_CountChars(raw)) if order is None else order
        for char_index in chars:
            code = get_unicode(raw, char_index)
            if not code or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                continue
            piece = _normal(chr(code))
            if piece:
                parts.append(piece)
                index.extend([char_index] * len(piece))
        self.text = "".join(parts)
        self.index = index
        self.cursor = 0  # where the last sentence found on this page ended
        self._taken: list[tuple[int, int]] = []  # sorted, disjoint [start, end)

    def find(self, needle: str, lo: int = 0, hi: int | None = None) -> int:
        """The first free occurrence of `needle` starting in [lo, hi), or -1."""
        hi = len(self.text) if hi is None else hi
        at = self.text.find(needle, lo)
        while 0 <= at < hi:
            if self._free(at, at + len(needle)):
                return at
            at = self.text.find(needle, at + 1)
        return -1

    def find_near_cursor(self, needle: str) -> int:
        """After the last match first (reading order), then anywhere on the page."""
        at = self.find(needle, self.cursor)
        return at if at >= 0 else self.find(needle, 0, self.cursor)

    def take(self, start: int, end: int) -> None:
        bisect.insort(self._taken, (start, end))
        self.cursor = end

    def piece(self, page: int, start: int, end: int) -> _Piece:
        return _Piece(page, tuple(dict.fromkeys(self.index[start:end])))

    def _free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._taken, (start, float("inf")))
        if i > 0 and self._taken[i - 1][1] > start:
            return False
        return not (i < len(self._taken) and self._taken[i][0] < end)


class SentenceLocator:
    """The sentences of one PDF placed on its pages; boxes fetched per page on demand.

    `sentences` are (text, page) pairs, page 1-based or None (then never placed). The
    document must stay open while the locator is used; PDFium is not thread-safe, so
    use both from one thread.
    """

    def __init__(
        self, document: pdfium.PdfDocument, sentences: Sequence[tuple[str, int | None]]
    ) -> None:
        self.document = document
        self.page_count = len(document)
        self._sentences = list(sentences)
        self._streams: dict[int, _PageStream] = {}
        self._orders: dict[int, list[int]] = {}
        self._words: dict[int, PageWords] = {}
        # Placed page by page when a page is first wanted: opening a 1,000-page report
        # costs the pages shown, not the document.
        self._pieces: list[list[_Piece] | None] = [None] * len(self._sentences)
        self._stated: dict[int, list[int]] = {}  # page → its sentences, in order
        for index, (_text, page) in enumerate(self._sentences):
            if page is not None:
                self._stated.setdefault(page, []).append(index)
        self._placed: set[int] = set()
        self._page_boxes: dict[int, dict[int, list[Rect]]] = {}

    @property
    def pieces(self) -> list[list[_Piece]]:
        """Every sentence's pieces (placing the whole document)."""
        for page in sorted(self._stated):
            self._place_page(page)
        return [pieces or [] for pieces in self._pieces]

    def pieces_of(self, sentence_index: int) -> list[_Piece]:
        page = self._sentences[sentence_index][1]
        if page is not None:
            self._place_page(page)
        return self._pieces[sentence_index] or []

    def found(self) -> int:
        return sum(1 for pieces in self.pieces if pieces)

    def boxes(self, sentence_index: int) -> list[Box]:
        """The sentence's rectangles on every page it is printed on."""
        out: list[Box] = []
        for page in sorted({piece.page for piece in self.pieces_of(sentence_index)}):
            out.extend(Box(page, r) for r in self.page_boxes(page).get(sentence_index, []))
        return out

    def page_boxes(self, page: int) -> dict[int, list[Rect]]:
        """Sentence index → its rectangles on `page` (1-based), for every sentence there."""
        cached = self._page_boxes.get(page)
        if cached is not None:
            return cached
        self._place_page(page)  # and the page before: its last sentence may end here
        wanted = [
            (i, piece)
            for i, pieces in enumerate(self._pieces)
            if pieces
            for piece in pieces
            if piece.page == page
        ]
        result: dict[int, list[Rect]] = {}
        if wanted:
            textpage = self.document[page - 1].get_textpage()
            try:
                for i, piece in wanted:
                    result.setdefault(i, []).extend(_line_rects(textpage, piece.chars))
            finally:
                textpage.close()
        self._page_boxes[page] = result
        return result

    # --- matching --------------------------------------------------------------------

    def _place_page(self, page: int) -> None:
        """Place the sentences stated on `page`, after those of the page before (whose
        last sentence may run onto this one and take its characters first)."""
        if page in self._placed:
            return
        if page - 1 in self._stated and page - 1 not in self._placed:
            self._place_sentences(page - 1)
        self._place_sentences(page)

    def _place_sentences(self, page: int) -> None:
        self._placed.add(page)
        for index in self._stated.get(page, []):
            text, _page = self._sentences[index]
            self._pieces[index] = self._place(text, page)

    def _order(self, page: int) -> list[int] | None:
        """The page's characters in reading order, laid out with its neighbours (a
        running header is found by repeating on them)."""
        if page not in self._orders:
            window = range(max(1, page - 1), min(self.page_count, page + 1) + 1)
            try:
                pages = [self._words_of(number) for number in window]
            except pdfium.PdfiumError:
                pages = []  # PDFium's own order still places most sentences
            if pages:
                self._orders.update(_reading_order(pages))
            self._orders.setdefault(page, [])
        return self._orders[page] or None

    def _words_of(self, page: int) -> PageWords:
        """A page's words; the last few are kept (neighbouring windows share pages, and
        a long document's words all at once would weigh hundreds of MB)."""
        words = self._words.pop(page, None)
        if words is None:
            words = page_words(self.document, page - 1)
        self._words[page] = words  # now the most recent
        while len(self._words) > _WORDS_KEPT:
            del self._words[next(iter(self._words))]
        return words

    def _stream(self, page: int) -> _PageStream | None:
        if not 1 <= page <= self.page_count:
            return None
        stream = self._streams.get(page)
        if stream is None:
            textpage = self.document[page - 1].get_textpage()
            try:
                stream = self._streams[page] = _PageStream(textpage, self._order(page))
            finally:
                textpage.close()
        return stream

    def _place(self, text: str, page: int | None) -> list[_Piece]:
        needle = normalise(text)
        stream = self._stream(page) if page is not None else None
        if not needle or stream is None or page is None:
            return []
        at = stream.find_near_cursor(needle)
        if at >= 0:
            stream.take(at, at + len(needle))
            return [stream.piece(page, at, at + len(needle))]
        return self._place_in_two(needle, page, stream)

    def _place_in_two(self, needle: str, page: int, stream: _PageStream) -> list[_Piece]:
        """The longest prefix found on the page, and the rest just after it on the same
        page or at the start of the next; nothing if either part cannot be trusted."""
        length, at = _longest_prefix(stream, needle)
        if length < _MIN_PIECE:
            return []
        rest = needle[length:]
        later = stream.find(rest, at + length, at + length + _GAP)
        if later >= 0 and len(rest) >= _MIN_PIECE // 2:
            stream.take(at, at + length)
            stream.take(later, later + len(rest))
            return [
                stream.piece(page, at, at + length),
                stream.piece(page, later, later + len(rest)),
            ]
        following = self._stream(page + 1)
        if following is None:
            return []
        limit = None if len(rest) >= 2 * _MIN_PIECE else _NEXT_PAGE_START
        next_at = following.find(rest, 0, limit)
        if next_at < 0:
            return []
        stream.take(at, at + length)
        following.take(next_at, next_at + len(rest))
        return [
            stream.piece(page, at, at + length),
            following.piece(page + 1, next_at, next_at + len(rest)),
        ]


def _longest_prefix(stream: _PageStream, needle: str) -> tuple[int, int]:
    """(length, position) of the longest free prefix of `needle` found on the page."""
    lo, hi, best = 1, len(needle) - 1, (0, -1)
    while lo <= hi:  # a prefix found means every shorter one is found too
        middle = (lo + hi) // 2
        at = stream.find_near_cursor(needle[:middle])
        if at >= 0:
            best = (middle, at)
            lo = middle + 1
        else:
            hi = middle - 1
    return best


def _reading_order(pages: list[PageWords]) -> dict[int, list[int]]:
    """Page number → PDFium char indexes in reading order, for `pages` (spaces between
    words are not needed: the stream ignores whitespace)."""
    return {
        page: [i for word in words for i in word.chars]
        for page, words in words_in_reading_order(pages).items()
    }


def _line_rects(textpage: pdfium.PdfTextPage, chars: Sequence[int]) -> list[Rect]:
    """The loose boxes of `chars` merged into one rectangle per line piece."""
    rects: list[list[float]] = []
    box = pdfium_c.FS_RECTF()
    raw = textpage.raw
    for index in chars:
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0x20, 0x0A, 0x0D, 0x09) or not pdfium_c.FPDFText_GetLooseCharBox(
            raw, index, ctypes.byref(box)
        ):
            continue
        left, bottom, right, top = box.left, box.bottom, box.right, box.top
        if right - left <= 0 or top - bottom <= 0:
            continue
        current = rects[-1] if rects else None
        if current is not None and _same_line(current, left, bottom, right, top):
            current[0] = min(current[0], left)
            current[1] = min(current[1], bottom)
            current[2] = max(current[2], right)
            current[3] = max(current[3], top)
        else:
            rects.append([left, bottom, right, top])
    return [(r[0], r[1], r[2], r[3]) for r in rects]


def _same_line(rect: list[float], left: float, bottom: float, right: float, top: float) -> bool:
    """A char continues the line piece if it overlaps it vertically by half the smaller
    height and starts no further left than its end (a new line or column goes back)."""
    overlap = min(rect[3], top) - max(rect[1], bottom)
    height = min(rect[3] - rect[1], top - bottom)
    gap = left - rect[2]
    return overlap >= 0.5 * height and -0.5 * height <= gap <= 3 * height


def sentence_boxes(pdf: bytes, sentences: Sequence[tuple[str, int | None]]) -> list[list[Box]]:
    """Every sentence's boxes (see the module docstring); [] for one not found."""
    document = pdfium.PdfDocument(pdf)
    try:
        locator = SentenceLocator(document, sentences)
        return [locator.boxes(i) for i in range(len(sentences))]
    finally:
        document.close()
