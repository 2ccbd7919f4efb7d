"""Text set beside a page's body rather than in its flow: notes in the margin, a short
text beside the body (a caption beside a figure the text wraps around) and lines set
between lines that cross the columns (an article-info sidebar beside the abstract).
`pdf_columns` reads them apart from the lines around them, never between them."""

from __future__ import annotations

from assay.text.pdf_words import Piece, PrintedLine, line_of

# Shared with pdf_columns, which reads the page around what is set beside it.
MIN_STARTS = 3  # pieces: fewer make no body, and start no column at a gutter's edge
MIN_GUTTER = 4.0  # points: narrower gaps are word spaces
REACH = 15.0  # points: a column's lines end or start this close to its gutter
_INTERLEAVED = 0.8  # font sizes: baselines this close are two streams, not one
_MIN_BESIDE = 2  # lines of a text beside the body (one is a margin note or a drop cap)


def margin_notes(lines: list[PrintedLine]) -> tuple[list[PrintedLine], list[PrintedLine]]:
    """Pieces set wholly beside the body's text (a note in the margin, too short to
    make a column of its own) are read after the body, not between its lines."""
    pieces = [piece for line in lines for piece in line.pieces]
    if len(pieces) < MIN_STARTS:
        return lines, []
    lefts = sorted([piece.left for piece in pieces])
    body_left = lefts[len(lefts) // 4]  # most lines start at the text's left edge
    # The text's right edge: how far the lines that start at its left edge reach.
    body_right = max(
        [piece.right for piece in pieces if abs(piece.left - body_left) <= 2 * MIN_GUTTER]
    )
    before, after = body_left - MIN_GUTTER, body_right + MIN_GUTTER

    def beside(piece: Piece) -> bool:
        return piece.left > after or piece.right < before

    count = 0  # lines with a piece beside the body
    for line in lines:  # `beside` inlined: this is asked of every piece of the page
        for piece in line.pieces:
            if piece.left > after or piece.right < before:
                count += 1
                break
    if count == 0 or count * 2 >= len(lines):  # fewer than the body's lines
        return lines, []
    body: list[PrintedLine] = []
    margin: list[PrintedLine] = []
    for line in lines:
        kept = [piece for piece in line.pieces if not beside(piece)]
        apart = [piece for piece in line.pieces if beside(piece)]
        if apart:
            margin.append(line_of(apart, line.page))
            if not kept:
                continue
            line.set_pieces(kept)
        body.append(line)
    return body, margin


def beside_stream(lines: list[PrintedLine], tables: set[int]) -> set[int]:
    """Ids of the lines of a short text set beside the body (a caption beside a figure
    the text wraps around): two lines closer than a line's height, apart side by side,
    can only be two streams. Of the lines around them on either side of the space between,
    the side with fewer is read after the body."""
    beside: set[int] = set()
    for index in range(len(lines) - 1):
        upper, lower = lines[index], lines[index + 1]
        if id(upper) in tables or id(lower) in tables:
            continue
        if upper.baseline - lower.baseline >= _INTERLEAVED * min(upper.size, lower.size):
            continue
        if upper.right + MIN_GUTTER < lower.left:
            split = (upper.right + lower.left) / 2
        elif lower.right + MIN_GUTTER < upper.left:
            split = (lower.right + upper.left) / 2
        else:
            continue

        def crosses(line: PrintedLine, split: float = split) -> bool:
            return line.left <= split <= line.right or id(line) in tables

        first, last = index, index + 1
        while first > 0 and not crosses(lines[first - 1]):
            first -= 1
        while last < len(lines) - 1 and not crosses(lines[last + 1]):
            last += 1
        run = lines[first : last + 1]
        left = [line for line in run if line.right < split]
        right = [line for line in run if line.left > split]
        fewer = right if len(right) <= len(left) else left
        if len(fewer) >= _MIN_BESIDE:
            beside.update(id(line) for line in fewer)
    return beside


def between_crossings(
    lines: list[PrintedLine],
    parts_of: dict[int, list[tuple[int, PrintedLine]] | None],
    across: set[int],
    gutters: list[tuple[float, float]],
) -> set[int]:
    """Ids of lines set between lines that cross the gutters, none of whose pieces come
    near a gutter: they are no column's lines but a stream beside the crossing ones
    (an article-info sidebar beside the abstract), read with them."""
    crossing = [id(line) in across or parts_of[id(line)] is None for line in lines]
    found: set[int] = set()
    index = 1
    while index < len(lines):
        if crossing[index] or not crossing[index - 1]:
            index += 1
            continue
        end = index
        while end < len(lines) and not crossing[end]:
            end += 1
        run = lines[index:end]
        if end < len(lines) and all(_clear_of(parts_of[id(ln)] or [], gutters) for ln in run):
            found.update(id(line) for line in run)
        index = end + 1
    return found


def _clear_of(parts: list[tuple[int, PrintedLine]], gutters: list[tuple[float, float]]) -> bool:
    """No part reaches within REACH of the gutters beside its column."""
    for index, part in parts:
        if index < len(gutters) and part.right > gutters[index][0] - REACH:
            return False
        if index > 0 and part.left < gutters[index - 1][1] + REACH:
            return False
    return True
