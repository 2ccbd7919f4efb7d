"""Placing a highlighted phrase again inside its sentence of a new version.

Pure: text in, offsets out; no Qt, no SQL. A highlight keeps its phrase (the quote)
and up to 32 characters either side. In the sentence its annotation moved to, it goes
to the exact occurrence whose surroundings agree most with the stored context (then
the one nearest the old place in the sentence); with none, to the best fuzzy
alignment (rapidfuzz `partial_ratio_alignment`) if it reaches the cutoff; otherwise
it is lost (the caller drops and counts it).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from assay.text.reanchor import _common_prefix, _common_suffix

FUZZY_CUTOFF = 85.0  # as for annotations (docs/REANCHOR.md)


def place_phrase(
    text: str,
    sentence: tuple[int, int],
    exact: str,
    prefix: str = "",
    suffix: str = "",
    *,
    offset_in_sentence: int = 0,
    fuzzy_cutoff: float = FUZZY_CUTOFF,
) -> tuple[int, int] | None:
    """(start, end) in `text` of the phrase inside `sentence` ([start, end) of `text`),
    or None. `offset_in_sentence`: where the phrase began in its old sentence, the
    tie-break between equally good occurrences."""
    lo, hi = sentence
    if not exact or hi - lo < 1:
        return None
    found: list[tuple[int, int, int]] = []  # (-context agreement, distance, start)
    at = text.find(exact, lo, hi)
    while at >= 0:
        agreement = _common_suffix(prefix, text[max(0, at - len(prefix)) : at]) + _common_prefix(
            suffix, text[at + len(exact) : at + len(exact) + len(suffix)]
        )
        found.append((-agreement, abs(at - lo - offset_in_sentence), at))
        at = text.find(exact, at + 1, hi)
    if found:
        start = min(found)[2]
        return start, start + len(exact)
    alignment = fuzz.partial_ratio_alignment(exact, text[lo:hi], score_cutoff=fuzzy_cutoff)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    return lo + alignment.dest_start, lo + alignment.dest_end
