"""Re-attaching annotations to the sentences of an edited document.

Pure: text and offsets in, placements out; no Qt, no SQL. Each annotation keeps the
old sentence's offsets, its text (the quote) and ~32 characters of text either side.
Tried in order: the same offsets with the same text (POSITION); a new sentence with
the same text (QUOTE); the most similar new sentence by rapidfuzz (FUZZY). When
several sentences qualify, the one whose surroundings match the stored prefix/suffix
best wins, then the one nearest the old offset. Sentences are never exclusive: two
reviewers' annotations of one sentence land on the same new sentence.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz import fuzz, process

CONTEXT = 32  # characters of prefix/suffix an annotation stores
_CHECK_ANCHORS = 1000  # anchors between two calls of `check` in the exact pass
_CHECK_QUOTES = 50  # fuzzy searches between two calls (each scans every sentence)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation was: the old sentence [start, end) and its text."""

    key: str  # the annotation id
    start: int  # old sentence offsets in the old text (code points, end exclusive)
    end: int
    quote_exact: str
    quote_prefix: str = ""
    quote_suffix: str = ""


class Method(StrEnum):
    POSITION = "position"
    QUOTE = "quote"
    FUZZY = "fuzzy"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an annotation goes: an index into the new sentences, or None (orphan)."""

    key: str
    sentence: int | None
    method: Method | None
    score: float  # 100 for position/quote, rapidfuzz similarity for fuzzy, 0 for orphans


def reanchor(
    anchors: Sequence[Anchor],
    new_text: str,
    new_sentences: Sequence[tuple[int, int]],
    *,
    old_text: str | None = None,
    fuzzy_cutoff: float = 85.0,
    check: Callable[[int, int, str], None] | None = None,
) -> list[Placement]:
    """One placement per anchor, in order (duplicate keys are kept as given).

    ``old_text``, when known, fills in a quote, prefix or suffix an anchor lacks.
    ``check(done, total, stage)`` is called now and then; it may raise to cancel.
    """
    index = _Index(new_text, new_sentences)
    resolved = [_fill_in(anchor, old_text) for anchor in anchors]
    placements: list[Placement | None] = [None] * len(resolved)
    fuzzy_wanted: dict[str, list[int]] = {}  # quote -> anchors; one search per quote
    for n, anchor in enumerate(resolved):
        if check is not None and n % _CHECK_ANCHORS == 0:
            check(n, len(resolved), "re-anchoring")
        placement = _exact(anchor, index)
        if placement is None and anchor.quote_exact:
            fuzzy_wanted.setdefault(anchor.quote_exact, []).append(n)
        else:
            placements[n] = placement or Placement(anchor.key, None, None, 0.0)
    for n, (quote, waiting) in enumerate(fuzzy_wanted.items()):
        if check is not None and n % _CHECK_QUOTES == 0:
            check(n, len(fuzzy_wanted), "fuzzy matching")
        found = index.most_similar(quote, fuzzy_cutoff)
        for i in waiting:
            anchor = resolved[i]
            if found is None:
                placements[i] = Placement(anchor.key, None, None, 0.0)
            else:
                score, candidates = found
                sentence = index.choose(candidates, anchor)
                placements[i] = Placement(anchor.key, sentence, Method.FUZZY, score)
    return [p for p in placements if p is not None]  # all set by now; this is for typing


def summary(placements: Iterable[Placement]) -> dict[str, int]:
    """How many placements each method made, and how many anchors were orphaned."""
    counts = Counter(p.method.value if p.method else "orphaned" for p in placements)
    return {name: counts[name] for name in ("position", "quote", "fuzzy", "orphaned")}


def _fill_in(anchor: Anchor, old_text: str | None) -> Anchor:
    """The anchor with a missing quote or context taken from the old text."""
    if old_text is None or (anchor.quote_exact and anchor.quote_prefix and anchor.quote_suffix):
        return anchor
    start, end = anchor.start, anchor.end
    return replace(
        anchor,
        quote_exact=anchor.quote_exact or old_text[start:end],
        quote_prefix=anchor.quote_prefix or old_text[max(0, start - CONTEXT) : max(0, start)],
        quote_suffix=anchor.quote_suffix or old_text[max(0, end) : max(0, end) + CONTEXT],
    )


def _exact(anchor: Anchor, index: _Index) -> Placement | None:
    """POSITION, else QUOTE, else None."""
    at = index.by_span.get((anchor.start, anchor.end))
    if at is not None and index.texts[at] == anchor.quote_exact:
        return Placement(anchor.key, at, Method.POSITION, 100.0)
    same_text = index.by_text.get(anchor.quote_exact) if anchor.quote_exact else None
    if same_text:
        return Placement(anchor.key, index.choose(same_text, anchor), Method.QUOTE, 100.0)
    return None


class _Index:
    """The new sentences, looked up by span, by text, and by similarity."""

    __slots__ = ("by_span", "by_text", "starts", "text", "texts", "_lengths", "_pool")

    def __init__(self, text: str, sentences: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.starts = [start for start, _ in sentences]
        self.texts = [text[start:end] for start, end in sentences]
        self.by_span: dict[tuple[int, int], int] = {}
        self.by_text: dict[str, list[int]] = {}  # indexes ascending
        for i, (span, sentence) in enumerate(zip(sentences, self.texts, strict=True)):
            self.by_span.setdefault((span[0], span[1]), i)
            self.by_text.setdefault(sentence, []).append(i)
        self._pool: list[str] | None = None  # distinct texts by length, built if needed
        self._lengths: list[int] = []

    def choose(self, candidates: list[int], anchor: Anchor) -> int:
        """Best prefix/suffix agreement, then nearest the old offset, then first."""
        if len(candidates) == 1:
            return candidates[0]
        # Nearest first, so the first candidate whose context agrees in full wins at once:
        # a repeated sentence (a table row, a reference) can have hundreds of twins.
        nearest = sorted(candidates, key=lambda i: (abs(self.starts[i] - anchor.start), i))
        full = len(anchor.quote_prefix) + len(anchor.quote_suffix)
        best, best_context = nearest[0], -1
        for i in nearest:
            context = self._context(i, anchor)
            if context == full:
                return i
            if context > best_context:
                best, best_context = i, context
        return best

    def _context(self, i: int, anchor: Anchor) -> int:
        """Characters of stored prefix/suffix that the text around sentence i agrees with."""
        start = self.starts[i]
        end = start + len(self.texts[i])
        before = self.text[max(0, start - len(anchor.quote_prefix)) : start]
        after = self.text[end : end + len(anchor.quote_suffix)]
        return _common_suffix(anchor.quote_prefix, before) + _common_prefix(
            anchor.quote_suffix, after
        )

    def most_similar(self, quote: str, cutoff: float) -> tuple[float, list[int]] | None:
        """The best fuzz.ratio ≥ cutoff and every sentence reaching it, or None."""
        if cutoff > 100:  # rapidfuzz refuses a cutoff outside 0-100; nothing could reach it
            return None
        cutoff = max(cutoff, 0.0)
        # One pass returning every text over the cutoff, best first: as fast as
        # extractOne here, and it shows the texts that tie with the best.
        found = process.extract(
            quote,
            self._within(len(quote), cutoff),
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=None,
        )
        if not found:
            return None
        score = found[0][1]
        ties = (text for text, text_score, _ in found if text_score == score)
        return score, sorted(i for text in ties for i in self.by_text[text])

    def _within(self, length: int, score: float) -> list[str]:
        """Distinct texts whose length allows a fuzz.ratio ≥ score against `length`.

        ratio ≤ 200·min(a, b) / (a + b), so a length too far off cannot reach `score`;
        the window is widened by one so that rounding never drops a text.
        """
        if self._pool is None:
            self._pool = sorted(self.by_text, key=len)
            self._lengths = [len(t) for t in self._pool]
        if score <= 0:
            return self._pool
        low, high = length * score / (200 - score), length * (200 - score) / score
        lo = bisect.bisect_left(self._lengths, math.ceil(low) - 1)
        hi = bisect.bisect_right(self._lengths, math.floor(high) + 1)
        return self._pool[lo:hi]


def _common_prefix(a: str, b: str) -> int:
    if a == b:  # the usual case, checked in C
        return len(a)
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def _common_suffix(a: str, b: str) -> int:
    if a == b:
        return len(a)
    n = min(len(a), len(b))
    for i in range(1, n + 1):
        if a[-i] != b[-i]:
            return i - 1
    return n
