"""Sentence segmentation: sentencex for the boundaries, then a few domain rules.

sentencex (Rust) is fast but splits too eagerly on scientific prose and on list
enumerators; the rules below only re-merge or re-split its pieces, so the cost stays
close to sentencex alone. Offsets are code points, end exclusive, whitespace-trimmed.
"""

from __future__ import annotations

import re

import sentencex

# Abbreviations after which a scientific sentence does not end (lower-cased, without
# the final dot). Only words that cannot close a sentence: "etc." or "no." can.
# Journal abbreviations ("J Am Coll Nutr.") are handled by the year/volume rule.
_NO_BREAK_AFTER = frozenset(
    ["al", "e.g", "i.e", "vs", "cf", "approx", "ca", "fig", "figs", "eq", "eqs"]
    + ["ref", "refs", "vol", "vols", "suppl", "pp", "nos"]
)

_NO_BREAK_LAST_LETTERS = frozenset(word[-1] for word in _NO_BREAK_AFTER)

_LIST_MARKER_ONLY = re.compile(r"^\s*[•⁃\-–]?\s*(?:\d{1,3}|[a-zA-Z])[.)]\)?\s*$")
_STARTS_YEAR_VOLUME = re.compile(r"^\s*[*_(\[]*\d{4}\s*[;:,(]")
# "de Baaij JHF" or "van der Berg" may open a sentence although lower-cased.
_NAME_PARTICLE = re.compile(
    r"^\s*(?:de|van|von|da|di|du|del|della|le|la|ter|ten)(?: der| den)? [A-Z]"
)
_CONTINUATION_OPENERS = frozenset("(,;:%\u2013\u2014")
_ENUMERATOR_START = re.compile(r"^\s*(?:[•⁃]\s?)?(?:\d{1,3}|[a-z])[.)]\)?\s")
_ENUMERATOR_INSIDE = re.compile(r"(?<![•⁃])\s(?=(?:[•⁃]\s?)?(?:\d{1,3}|[a-z])[.)]\)?\s+[A-Z])")
_TRAILING_ENUMERATOR = re.compile(r"(?<=\s)((?:[•⁃]\s?)?\d{1,3}[.)]\)?)\s*$")
_TRAILING_ELLIPSIS = re.compile(r"(?<=[A-Za-z][.!?])(\s+\.(?: \.){2,})\s*$")


def _enumerator_opening(piece: str) -> re.Match[str] | None:
    """_ENUMERATOR_START.match(piece); most pieces open with a capital letter, which
    opens no enumerator: for them no pattern is tried."""
    return None if piece[:1].isupper() else _ENUMERATOR_START.match(piece)


def _stripped_tail(piece: str, keep: int) -> str:
    """A suffix of ``piece.rstrip()`` at least ``keep`` long (or all of it), without
    copying a long piece: only its tail is asked about."""
    tail = piece[-(keep + 24) :].rstrip()
    if len(tail) < keep and len(piece) > keep + 24:
        return piece.rstrip()  # a long run of trailing whitespace
    return tail


def _ends_without_break(piece: str) -> bool:
    """True when the piece ends at an abbreviation that cannot end a sentence."""
    tail = _stripped_tail(piece, 12)
    if not tail.endswith("."):
        return False
    # The letter before the dot ends the word: a sentence mostly ends with none of the
    # listed words' last letters, and no word needs to be cut out then.
    last = tail[-2:-1].lower()
    if last and not last.isspace() and last[-1] not in _NO_BREAK_LAST_LETTERS:
        return False
    words = tail[-12:-1].rsplit(None, 1)  # the tail only: regexes anchored at $ are slow
    return bool(words) and words[-1].lstrip("([").lower() in _NO_BREAK_AFTER


def _joins_previous(previous: str, piece: str) -> bool:
    """True when ``piece`` continues ``previous`` rather than starting a sentence."""
    first = piece[:1]
    if first.isspace():  # rare: sentencex leaves the whitespace with the piece before
        first = piece.lstrip()[:1]
    if first.islower() and not _NAME_PARTICLE.match(piece):
        return True
    if not first or first in _CONTINUATION_OPENERS:
        return True
    if (first.isdigit() or first in "*_([") and _STARTS_YEAR_VOLUME.match(piece):
        return True
    if len(previous) < 8 and _LIST_MARKER_ONLY.match(previous):
        return True
    return _ends_without_break(previous)


def _merge_pieces(pieces: list[str]) -> list[str]:
    if len(pieces) < 2:
        return pieces  # most blocks: nothing to merge
    merged: list[str] = []
    for piece in pieces:
        if merged and _joins_previous(merged[-1], piece):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _resplit(piece: str) -> list[str]:
    """Split list enumerations run together and lists of short lines."""
    opening = _enumerator_opening(piece)
    if opening:
        parts: list[str] = []
        last = 0
        for match in _ENUMERATOR_INSIDE.finditer(piece, opening.end()):
            parts.append(piece[last : match.end()])
            last = match.end()
        parts.append(piece[last:])
        return parts
    if "\n" in piece and "\n" in piece.strip():
        lines = piece.split("\n")
        if all(len(line.split()) <= 3 for line in lines):
            return [line + "\n" for line in lines[:-1]] + [lines[-1]]
    return [piece]


def _trailing_fragment(piece: str) -> re.Match[str] | None:
    """A fragment that belongs to the next sentence, at the end of ``piece``.

    "compounds. . . . The" → the ellipsis opens the next sentence;
    "1. The first item 2. The second" → "2." opens the next list item.
    """
    if _enumerator_opening(piece):
        match = _TRAILING_ENUMERATOR.search(piece, max(0, len(piece) - 12))
        if match:
            return match
    if ". ." not in piece or not _stripped_tail(piece, 3).endswith(". ."):
        return None
    return _TRAILING_ELLIPSIS.search(piece)


def _move_trailing_fragments(pieces: list[str]) -> list[str]:
    for i in range(len(pieces) - 1):
        match = _trailing_fragment(pieces[i])
        if match:  # move characters across, so the pieces still concatenate to text
            cut = match.start(1)
            pieces[i], pieces[i + 1] = pieces[i][:cut], pieces[i][cut:] + pieces[i + 1]
    return pieces


def _raw_pieces(text: str) -> list[str]:
    """sentencex's pieces as slices of ``text``; they concatenate back to it."""
    # sentencex reads "<" … ">" as an enclosing pair and never splits inside it, so
    # "<10%" would glue sentences together; a same-length stand-in keeps offsets intact.
    probe = text.replace("<", "~").replace(">", "~") if "<" in text or ">" in text else text
    # sentencex's pieces as strings: no dict of five items made per piece. They follow
    # each other without gap or overlap, so they are the slices between its boundaries;
    # should they ever not add up to the text, the boundaries themselves are asked.
    pieces: list[str] = sentencex.segment("en", probe)
    if "".join(pieces) != probe:
        return _pieces_at_boundaries(text, probe)
    if probe is not text:  # the same lengths, cut from the text with its "<" and ">"
        start = 0
        for index, piece in enumerate(pieces):
            pieces[index] = text[start : start + len(piece)]
            start += len(piece)
    return pieces if all(pieces) else [piece for piece in pieces if piece]


def _pieces_at_boundaries(text: str, probe: str) -> list[str]:
    ends = [b["end_index"] for b in sentencex.get_sentence_boundaries("en", probe)]
    pieces: list[str] = []
    start = 0
    for end in ends:
        if end > start:
            pieces.append(text[start:end])
            start = end
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of ``text``; trimmed, ordered, never empty."""
    pieces = _raw_pieces(text)
    if len(pieces) > 1:
        pieces = _merge_pieces(pieces)
        if len(pieces) > 1 and any(_trailing_fragment(p) for p in pieces[:-1]):
            pieces = _move_trailing_fragments(pieces)
    spans: list[tuple[int, int]] = []
    pos = 0
    for whole in pieces:
        # A piece opening with a capital, on one line, is not split again (see
        # _resplit): asked here, as most pieces are such.
        parts = (whole,) if whole[:1].isupper() and "\n" not in whole else _resplit(whole)
        for piece in parts:
            size = len(piece)
            # Only a piece that starts or ends with whitespace is copied to trim it.
            start = pos + size - len(piece.lstrip()) if piece[:1].isspace() else pos
            end = pos + len(piece.rstrip()) if piece[-1:].isspace() else pos + size
            if end > start:
                spans.append((start, end))
            pos += size
    return spans


def segment(text: str) -> list[str]:
    """The sentences of ``text`` as strings (for comparisons and benchmarks)."""
    return [text[start:end] for start, end in sentence_spans(text)]
