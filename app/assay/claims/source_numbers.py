"""A claim's numbers beside the numbers of the sources it cites.

A claim states "50–80% absorption vs <10%" and cites a study whose abstract the
reviewer's library holds. `compare(claim, sources)` splits each source into statements
(the project's sentence segmenter), finds the numbers in each (`claims.numbers`), keeps
the statements that carry numbers of the kinds the claim states (percentages, doses,
durations, counts, ranges, p-values, ratios, measured quantities), closest first, and
lists the claim numbers that appear nowhere in any source.

"Appears" means the same value and unit after normalising what is only spelling: "50-80%"
and "50–80 %", "350 mg" and "350mg" or "0.35 g" or "350 mg/day", "percent" and "%",
"wk" and "weeks", "n = 62" and "62 patients". A comparator is not part of the figure
("<10%" appears where "10%" does). A range only matches the same range: a source range
"40–60%" does not contain the claim's "50%", and "50%" does not stand for "50–80%".

Pure: no Qt, no SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assay.claims.numbers import NumberKind, NumericMention, find_numbers
from assay.text.segmenter import sentence_spans

P_VALUE = "p-value"
RANGE = "range"


@dataclass(frozen=True, slots=True)
class SourceText:
    """What a cited work says: its abstract (or notes), under a label for the work."""

    work_label: str  # "Boyle et al. 2017, Nutrients"
    text: str


@dataclass(frozen=True, slots=True)
class SourceStatement:
    """A statement of a source that carries numbers of the kinds the claim states."""

    work_label: str
    text: str
    start: int  # [start, end) of the statement in its source's text
    end: int
    numbers: tuple[NumericMention, ...]  # the statement's numbers (offsets in `text`)
    claim_numbers: tuple[NumericMention, ...]  # the claim's numbers of the kinds shared
    shared_kinds: tuple[str, ...]
    shared_values: tuple[str, ...]  # claim numbers this statement states, as written
    shared_words: int


@dataclass(frozen=True, slots=True)
class NumbersComparison:
    claim: str
    claim_numbers: tuple[NumericMention, ...]  # the claim's numbers of interest
    statements: tuple[SourceStatement, ...]  # closest first
    absent: tuple[NumericMention, ...]  # claim numbers no source states (offsets in claim)
    sources: tuple[str, ...]  # labels of the works compared

    def has_anything(self) -> bool:
        return bool(self.statements or self.absent)


def compare(claim_text: str, sources: list[SourceText]) -> NumbersComparison:
    """The source statements with numbers of the claim's kinds, closest first (most
    kinds shared, then most values shared, then most words shared, then source order),
    and the claim numbers found in no source."""
    claim_numbers = tuple(m for m in find_numbers(claim_text) if kinds_of(m))
    labels = tuple(source.work_label for source in sources)
    if not claim_numbers:
        return NumbersComparison(claim_text, (), (), (), labels)
    claim_kinds = {kind for mention in claim_numbers for kind in kinds_of(mention)}
    claim_words = _words(claim_text)
    ranked: list[tuple[tuple[int, int, int, int], SourceStatement]] = []
    stated: set[int] = set()  # indexes of claim numbers some source states
    order = 0
    for source in sources:
        for start, end in sentence_spans(source.text):
            text = source.text[start:end]
            numbers = tuple(m for m in find_numbers(text) if kinds_of(m))
            for index, mention in enumerate(claim_numbers):
                if any(same_figure(mention, other) for other in numbers):
                    stated.add(index)
            found_kinds = {kind for mention in numbers for kind in kinds_of(mention)}
            shared = claim_kinds & found_kinds
            if not shared:
                continue
            values = tuple(
                mention.text
                for mention in claim_numbers
                if any(same_figure(mention, other) for other in numbers)
            )
            words = len(claim_words & _words(text))
            statement = SourceStatement(
                work_label=source.work_label,
                text=text,
                start=start,
                end=end,
                numbers=numbers,
                claim_numbers=tuple(m for m in claim_numbers if set(kinds_of(m)) & shared),
                shared_kinds=tuple(sorted(shared)),
                shared_values=values,
                shared_words=words,
            )
            ranked.append(((-len(shared), -len(values), -words, order), statement))
            order += 1
    ranked.sort(key=lambda pair: pair[0])
    absent = tuple(m for index, m in enumerate(claim_numbers) if index not in stated)
    return NumbersComparison(claim_text, claim_numbers, tuple(s for _, s in ranked), absent, labels)


def kinds_of(mention: NumericMention) -> tuple[str, ...]:
    """The kinds a number is compared by; () for a plain number with no unit."""
    if mention.kind == NumberKind.NUMBER:
        return (P_VALUE,) if mention.unit == "p" else ()
    if mention.kind == NumberKind.RANGE:
        return (RANGE,)
    if mention.high is not None:
        return (mention.kind.value, RANGE)
    return (mention.kind.value,)


def same_figure(claim: NumericMention, source: NumericMention) -> bool:
    """The same value (or range) in the same unit, spelling aside."""
    if (claim.high is None) != (source.high is None):
        return False  # a range is not any value inside it, nor the other way round
    claim_unit, claim_scale = normalised_unit(claim)
    source_unit, source_scale = normalised_unit(source)
    if claim_unit != source_unit:
        return False
    if not _close(claim.value * claim_scale, source.value * source_scale):
        return False
    if claim.high is None or source.high is None:
        return True
    return _close(claim.high * claim_scale, source.high * source_scale)


# Mass units as milligrams, so "0.35 g" is "350 mg" and "mcg" is "µg".
_MASS_IN_MG = {"g": 1000.0, "mg": 1.0, "µg": 0.001, "mcg": 0.001, "ug": 0.001, "ng": 1e-6}
_DURATIONS = {
    "second": ("s", "sec", "secs", "second", "seconds"),
    "minute": ("min", "mins", "minute", "minutes"),
    "hour": ("h", "hr", "hrs", "hour", "hours"),
    "day": ("d", "day", "days"),
    "week": ("wk", "wks", "week", "weeks"),
    "month": ("mo", "mos", "month", "months"),
    "year": ("yr", "yrs", "year", "years"),
    "night": ("night", "nights"),
    "decade": ("decade", "decades"),
}
_DURATION_OF = {spelling: name for name, spellings in _DURATIONS.items() for spelling in spellings}
# What says "per day" after a dose; a dose and the same dose a day are one figure here.
_PER_TIME = re.compile(r"\s*(?:/\s*(?:day|d|dose|serving)|(?:per|a)\s+(?:day|dose|serving)|daily)$")


def normalised_unit(mention: NumericMention) -> tuple[str, float]:
    """(unit key, factor to that key's unit): spelling, spaces and per-day dropped."""
    unit = " ".join(mention.unit.lower().replace("μ", "µ").split())
    if mention.kind == NumberKind.PERCENT:
        return "%", 1.0
    if mention.kind == NumberKind.COUNT:
        return "count", 1.0  # "n = 62" and "62 patients" count the same people
    if mention.kind == NumberKind.DURATION:
        return "duration:" + _DURATION_OF.get(unit, unit), 1.0
    if mention.kind == NumberKind.DOSE:
        base = _PER_TIME.sub("", unit).replace(" ", "")
        if base.startswith("u") and base[1:] == "g":
            base = "µg"
        if base in _MASS_IN_MG:
            return "mass", _MASS_IN_MG[base]
        return "dose:" + base, 1.0
    return f"{mention.kind.value}:{unit.replace(' ', '')}", 1.0


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


_WORD = re.compile(r"[^\W\d_]{3,}")
_COMMON = frozenset(
    (
        "the", "and", "for", "with", "was", "were", "are", "from", "that", "this", "than",
        "have", "has", "had", "not", "but", "its", "their", "which", "who", "whom", "into",
        "after", "before", "over", "under", "between", "among", "during", "per", "each",
        "all", "any", "can", "may", "also", "more", "less", "most", "these", "those",
        "such", "been", "being", "our", "your",
    )
)  # fmt: skip


def _words(text: str) -> set[str]:
    """Content words (lowercase, three letters or more, common words left out)."""
    return {word for word in (w.lower() for w in _WORD.findall(text)) if word not in _COMMON}


# ------------------------------------------------------------------------ as text

SHOWN_STATEMENTS = 5  # the closest statements the Evidence tab and the report show


def absent_line(comparison: NumbersComparison) -> str:
    """ "Not in the cited source: 50–80%, <10% (abstract of Doe et al. 2020)"; "" if none."""
    if not comparison.absent:
        return ""
    figures = ", ".join(mention.text for mention in comparison.absent)
    return f"Not in the cited source: {figures} (abstract of {'; '.join(comparison.sources)})"


def side_by_side(statement: SourceStatement) -> tuple[str, str]:
    """(the claim's numbers, the statement's), as written; a claim number the statement
    states is followed by "✓"."""
    stated = set(statement.shared_values)
    claim = ", ".join(m.text + (" ✓" if m.text in stated else "") for m in statement.claim_numbers)
    return claim, ", ".join(mention.text for mention in statement.numbers)
