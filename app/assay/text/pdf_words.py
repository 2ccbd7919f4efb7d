"""The words of a PDF page as printed, and the printed lines they make (no PDFium here).

A word carries its box as PDFium measures it (points, origin at the page's bottom-left
corner, y grows upwards), its baseline, its font size as printed (the font's size
times the text matrix's scale: PDFium reports the size before the matrix) and whether
its font is bold. Lines are rebuilt from geometry rather than from the content
stream's order: words whose baselines sit together make one printed line, read left
to right; a superscript or subscript joins the line it belongs to; a wide gap splits a
line into pieces (two columns, or the cells of a table row).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pdf_grid builds on this module's lines
    from assay.text.pdf_grid import Grid

_BASELINE = 0.2  # baselines closer than this share of the font size: one line
_TOUCH = 1.5  # points: a superscript or subscript sits this close to its word
_TOUCH_SHARE = 0.35  # or this share of its word's size (a title's footnote mark "∗")
_SMALLER = 0.85  # a word this much smaller than its line may be a superscript/subscript
_PIECE_GAP = 1.1  # a gap wider than this many font sizes splits a line into pieces


@dataclass(slots=True, eq=False)  # words are compared by identity
class PdfWord:
    text: str
    left: float
    right: float
    bottom: float
    top: float
    baseline: float
    size: float
    bold: bool
    hyphen: bool = False  # a hyphen at a line end followed this word (PDFium marked it)
    start: int = -1  # PDFium's index of the word's first character on its page

    @property
    def chars(self) -> range:
        """PDFium's indexes of the word's characters (one per character of `text`)."""
        return range(self.start, self.start + len(self.text)) if self.start >= 0 else range(0)


@dataclass(slots=True, init=False)
class Piece:
    """Words of one printed line with no wide gap between them."""

    words: list[PdfWord]
    left: float
    right: float
    text: str

    def __init__(self, words: list[PdfWord]) -> None:  # one call per piece, not two
        self.words = words
        self.left = words[0].left
        self.right = words[-1].right
        self.text = words_text(words)


@dataclass(slots=True, init=False)
class PrintedLine:
    """One printed line of a page: its pieces left to right.

    Its left, right and text are kept as plain fields, set with its pieces: the later
    stages read them over and over (a property call costs several times a field's)."""

    pieces: list[Piece]
    baseline: float
    size: float
    top: float
    bottom: float
    page: int = 0
    column: int = 0
    cells: bool = False  # more than one piece inside one column: a table row
    figure: bool = False  # a piece of text inside a figure (a chart's label)
    # A row of a table ruled as a grid (pdf_grid), a unit of its own: its pieces'
    # cells (empty cells between them kept). Empty for every other line.
    slots: tuple[int, ...] = ()
    words: list[PdfWord] = field(default_factory=list)
    left: float = 0.0  # of its first piece
    right: float = 0.0  # of its last piece
    text: str = ""  # its pieces' text, a space apart
    _bold: bool | None = field(default=None, repr=False, compare=False)

    def __init__(
        self,
        pieces: list[Piece],
        baseline: float,
        size: float,
        top: float,
        bottom: float,
        page: int = 0,
        column: int = 0,
        cells: bool = False,
        figure: bool = False,
        words: list[PdfWord] | None = None,
    ) -> None:
        self.baseline, self.size, self.top, self.bottom = baseline, size, top, bottom
        self.page, self.column, self.cells, self.figure = page, column, cells, figure
        self.slots = ()
        self.words = [] if words is None else words
        self._place(pieces)

    def set_pieces(self, pieces: list[Piece]) -> None:
        self.words = [word for piece in pieces for word in piece.words]
        self._place(pieces)

    def _place(self, pieces: list[Piece]) -> None:
        self.pieces = pieces
        self.left = pieces[0].left
        self.right = pieces[-1].right
        # Most lines are one piece: its text is the line's.
        self.text = pieces[0].text if len(pieces) == 1 else " ".join([p.text for p in pieces])
        self._bold = None

    @property
    def bold(self) -> bool:
        if self._bold is None:  # asked for many times while grouping lines
            self._bold = all(map(_BOLD, self.words))
        return self._bold


@dataclass(frozen=True, slots=True)
class PageWords:
    number: int
    width: float
    height: float
    words: list[PdfWord]
    side_text: list[str] = field(default_factory=list)  # turned text, one label or line each
    figures: list[tuple[float, float, float, float]] = field(default_factory=list)
    unreadable: bool = False  # a font without a Unicode map: the text would be garbage
    grids: list[Grid] = field(default_factory=list)  # tables ruled as grids


_LEFT = attrgetter("left")
_SIZE_OF = attrgetter("size")
_INLINE_AMONG = 5  # words on a line for one larger word among them to be a sign in it
_INLINE_OTHERS = 1  # words of other sizes still allowed beside the usual and the larger
_BASELINE_OF = attrgetter("baseline")
_BOLD = attrgetter("bold")


def words_text(words: list[PdfWord]) -> str:
    # A list, not a generator: join() makes one anyway, and this runs per piece.
    return " ".join([word.text + "\u00ad" if word.hyphen else word.text for word in words])


def printed_lines(words: list[PdfWord]) -> list[PrintedLine]:
    """The page's printed lines, top to bottom, each read left to right.

    Words on one baseline make a line; then a superscript or subscript (a smaller word
    set right against a word of a larger line beside it: "1H NMR", "Ca2+", "x_i")
    joins that line, so a printed line's pieces stay together and in order.
    """
    runs = _baseline_runs(_top_down(words))
    _attach_scripts(runs)
    # A line on one baseline is already left to right: only the others are sorted.
    uneven = runs.uneven
    result = [
        _make_line(sorted(line, key=_LEFT) if index in uneven else line)
        for index, line in enumerate(runs.lines)
        if line
    ]
    result.sort(key=lambda line: -line.baseline)
    return result


def _top_down(words: list[PdfWord]) -> list[list[PdfWord]]:
    """The words top to bottom in levels (the words of one baseline), each left to
    right and then in the words' own order.

    Sorted by baseline, then each level by left: the same order as sorting by left
    and then by baseline (both stable; sorts on one key each cost less than one on a
    tuple built per word), found faster: the content's order is mostly top to bottom
    already, and the levels are short."""
    levels: list[list[PdfWord]] = []
    for baseline, level in groupby(sorted(words, key=_BASELINE_OF, reverse=True), _BASELINE_OF):
        if baseline != baseline:  # NaN: no levels to rely on; one word at a time
            ordered = sorted(words, key=_LEFT)
            ordered.sort(key=_BASELINE_OF, reverse=True)
            return [[word] for word in ordered]
        levels.append(sorted(level, key=_LEFT))
    return levels


@dataclass(slots=True)
class _Runs:
    """Words grouped by baseline into lines, and what attaching scripts asks of each."""

    lines: list[list[PdfWord]] = field(default_factory=list)
    uneven: set[int] = field(default_factory=set)  # not all on one baseline (nor sorted)
    largest: list[float] = field(default_factory=list)  # each line's largest size, as grouped
    # Each line's smallest size; lowered as words move in, not raised as they move out
    # (a cheap test that a line has no smaller word: a lower bound is enough).
    smallest: list[float] = field(default_factory=list)


def _baseline_runs(levels: list[list[PdfWord]]) -> _Runs:
    """The words of levels (top to bottom) whose baselines sit together, as lines, with
    their largest and smallest sizes.

    A word joins the line when its baseline is within max(reach, its share of its own
    size) of the line's first one (the anchor). Asked once per level, not per word:
    within reach, the whole level joins; beyond, only words large enough for it. The
    rest of a level starts a new line, which the words after its anchor all join (on
    the anchor's own baseline, within any reach but a NaN one)."""
    runs = _Runs()
    lines, uneven, largest, smallest = runs.lines, runs.uneven, runs.largest, runs.smallest
    current: list[PdfWord] = []
    reach = 0.0  # how far from the anchor's baseline any word may sit
    anchor_baseline = 0.0
    for level in levels:
        count = len(level)
        joined = 0
        if current:
            baseline = level[0].baseline
            distance = abs(baseline - anchor_baseline)
            if distance <= reach:
                joined = count
            elif reach == reach:  # (a NaN reach lets no word join)
                while joined < count and distance <= _BASELINE * level[joined].size:
                    joined += 1
            if joined:
                joining = level if joined == count else level[:joined]
                current.extend(joining)
                if baseline != anchor_baseline:
                    uneven.add(len(lines) - 1)
                largest[-1], smallest[-1] = _extremes(joining, largest[-1], smallest[-1])
        while joined < count:  # the rest: a new line, anchored on its first word
            anchor = level[joined]
            anchor_baseline = anchor.baseline
            reach = _BASELINE * max(anchor.size, 1.0)
            # The level's other words sit on its baseline, at distance 0 (NaN from an
            # infinite one): within reach, unless either is NaN.
            end = count if abs(anchor_baseline - anchor_baseline) <= reach else joined + 1
            current = level[joined:end]
            lines.append(current)
            big, little = _extremes(current, anchor.size, anchor.size)
            largest.append(big)
            smallest.append(little)
            joined = end
    return runs


def _extremes(words: list[PdfWord], big: float, little: float) -> tuple[float, float]:
    """The words' largest and smallest sizes, starting from big and little (as max()
    and min() would find them, in one loop)."""
    for word in words:
        size = word.size
        if size > big:
            big = size
        elif size < little:
            little = size
    return big, little


def _attach_scripts(runs: _Runs) -> None:
    """Move each small word touching a larger word of a neighbouring line into it (a
    line given one is no longer on one baseline, left to right: marked uneven)."""
    lines, largest, smallest = runs.lines, runs.largest, runs.smallest
    # Cheap tests first, for a line and for a neighbour: no larger than the line's
    # smallest size, no narrower than its height (both kept so as words move).
    spans: list[tuple[float, float] | None] = [None] * len(lines)  # made when asked
    if not lines:
        return
    # Each line's largest size and its neighbours' (as max() of the three, in their
    # order): one call per line at C speed, not a slice and a max() in the loop.
    above = [largest[0], *largest[:-1]]  # the first line has none: itself again
    below = [*largest[1:], largest[-1]]
    arounds = map(max, above, largest, below)
    for index, (line, around) in enumerate(zip(lines, arounds, strict=True)):
        small = around * _SMALLER
        if smallest[index] > small:  # most lines: no smaller word
            continue
        for word in [w for w in line if w.size <= small]:
            middle = (word.bottom + word.top) / 2
            for other_index in (index - 1, index + 1):
                if not 0 <= other_index < len(lines) or not lines[other_index]:
                    continue
                other = lines[other_index]
                if spans[other_index] is None:
                    spans[other_index] = _span(other)
                low, high = spans[other_index]
                if middle < low or middle > high:  # no word of it beside this one
                    continue
                if _touching(word, other) is not None:
                    line.remove(word)
                    other.append(word)
                    runs.uneven.add(other_index)
                    spans[other_index] = min(low, word.bottom), max(high, word.top)
                    smallest[other_index] = min(smallest[other_index], word.size)
                    break


def _span(line: list[PdfWord]) -> tuple[float, float]:
    """From the line's lowest word bottom to its highest word top."""
    return min([word.bottom for word in line]), max([word.top for word in line])


def _touching(word: PdfWord, line: list[PdfWord]) -> PdfWord | None:
    """The first word of `line` the (smaller) word sits right against, if any."""
    middle = (word.bottom + word.top) / 2
    size, left, right = word.size, word.left, word.right
    for base in line:
        # Side by side first: it rules out most words of the line.
        share = _TOUCH_SHARE * base.size
        reach = share if share > _TOUCH else _TOUCH  # max(_TOUCH, share)
        after = -reach <= left - base.right <= reach
        if not (after or -reach <= base.left - right <= reach):
            continue
        if not size > base.size * _SMALLER and base.bottom <= middle <= base.top:
            return base
    return None


def line_of(pieces: list[Piece], page: int) -> PrintedLine:
    """A printed line made of some pieces of another (one column's part of a line, a
    note beside the text, a chart's label): placed by its own largest word."""
    # One piece shares its list of words with the line (as _make_line's do).
    words = pieces[0].words if len(pieces) == 1 else [w for piece in pieces for w in piece.words]
    anchor, top, bottom, _ = _extent(words)
    return PrintedLine(pieces, anchor.baseline, anchor.size, top, bottom, page, words=words)


def _extent(words: list[PdfWord]) -> tuple[PdfWord, float, float, float]:
    """The (first) largest word, the highest top, the lowest bottom and the widest
    space between two words (left to right): one loop for what max() and min() would
    find in four."""
    anchor = previous = words[0]
    top, bottom = anchor.top, anchor.bottom
    widest_gap = 0.0
    for word in words:
        if word.size > anchor.size:
            anchor = word
        if word.top > top:
            top = word.top
        if word.bottom < bottom:
            bottom = word.bottom
        if word.left - previous.right > widest_gap:
            widest_gap = word.left - previous.right
        previous = word
    if anchor.size > words[0].size and len(words) > _INLINE_AMONG:
        # One word set larger among many of one size is a sign from a symbol font
        # ("5 × 5 μm²"), not the line's size: the line's own words give it.
        sizes = Counter(map(_SIZE_OF, words))
        usual, count = sizes.most_common(1)[0]
        if usual < anchor.size and count >= len(words) - 1 - _INLINE_OTHERS:
            anchor = next(word for word in words if word.size == usual)
    return anchor, top, bottom, widest_gap


def _make_line(words: list[PdfWord]) -> PrintedLine:
    """A line of words left to right, placed by its (first) largest word."""
    anchor, top, bottom, widest_gap = _extent(words)
    widest = _PIECE_GAP * (anchor.size if anchor.size > 1.0 else 1.0)
    # Most lines have no gap this wide: one piece, sharing the line's list of words (no
    # stage changes either in place).
    pieces = _pieces(words, widest) if widest_gap > widest else [Piece(words)]
    return PrintedLine(pieces, anchor.baseline, anchor.size, top, bottom, words=words)


def _pieces(words: list[PdfWord], widest: float) -> list[Piece]:
    """The line's words cut at every gap wider than `widest`."""
    pieces: list[Piece] = []
    current: list[PdfWord] = [words[0]]
    previous = words[0]
    for word in words[1:]:
        if word.left - previous.right > widest:
            pieces.append(Piece(current))
            current = []
        current.append(word)
        previous = word
    pieces.append(Piece(current))
    return pieces
