"""Running headers, footers and page numbers: found by repetition, wherever they sit.

A line piece near the top or bottom of a page (among the page's first or last few
printed lines, set apart from the body by a wider gap) is running matter when pieces
with the same text (digits aside: "4 TIMP: …", "Journal of Statistical Software 5")
sit at about the same height on enough pages. A bare page number ("12", "Page 3 of
9", "- 4 -") among those lines goes too. The same words elsewhere on a page (the title
on page 1, under the header) stay.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

from assay.text.pdf_words import PrintedLine

_EDGE_LINES = 3  # printed lines at each end of a page that may be running matter
_DETACHED = 1.6  # font sizes between baselines: more sets running matter apart
_REPEAT_SHARE = 0.3  # running matter repeats on at least this share of pages
_SAME_HEIGHT = 24.0  # points: one header's place varies less than this between pages
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|seite|página)?\s*[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?"
    r"(?:\s*(?:of|/|von|de)\s*\d{1,4})?",
    re.I,
)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def without_running_matter(pages: list[list[PrintedLine]]) -> list[list[PrintedLine]]:
    """The pages' lines with running headers, footers and page numbers removed."""
    places: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for number, lines in enumerate(pages):
        for line in _edges(lines):
            for piece in line.pieces:
                places[_key(piece.text)].append((number, line.baseline, line.size))
    needed = max(2, round(len(pages) * _REPEAT_SHARE))
    running: dict[str, tuple[float, float]] = {}
    for key, seen in places.items():
        if len({number for number, _, _ in seen}) >= needed:
            height = statistics.median(height for _, height, _ in seen)
            running[key] = (height, statistics.median(size for _, _, size in seen))
    result: list[list[PrintedLine]] = []
    for lines in pages:
        # Only the few lines at a page's edges are looked at, not every line.
        dropped: set[int] = set()
        for line in {id(line): line for line in _edges(lines)}.values():
            pieces = [p for p in line.pieces if not _is_running(p.text, line, running)]
            if not pieces:
                dropped.add(id(line))
            elif len(pieces) != len(line.pieces):
                line.set_pieces(pieces)
        result.append([line for line in lines if id(line) not in dropped] if dropped else lines[:])
    return result


def _edges(lines: list[PrintedLine]) -> list[PrintedLine]:
    """Lines at the top or bottom of a page set apart from the body by a wider gap
    than a paragraph's line spacing: where running matter sits."""
    return _detached(lines) + _detached(lines[::-1])


def _detached(lines: list[PrintedLine]) -> list[PrintedLine]:
    for index in range(min(_EDGE_LINES, len(lines) - 1)):
        here, inward = lines[index], lines[index + 1]
        if abs(here.baseline - inward.baseline) > _DETACHED * max(here.size, inward.size):
            return lines[: index + 1]
    return []


def _is_running(text: str, line: PrintedLine, running: dict[str, tuple[float, float]]) -> bool:
    if _PAGE_NUMBER.fullmatch(text.strip()):
        return True
    place = running.get(_key(text))
    if place is None:
        return False
    height, size = place
    # The title under a header that repeats it is set larger: it stays.
    return abs(line.baseline - height) <= _SAME_HEIGHT and line.size <= size * 1.15
