"""Numbers in a sentence made visible: doses, percentages, durations, counts, ratios.

Pure (no Qt, no SQL). `find_numbers` scans with one compiled pattern for number
tokens and classifies each by what follows it (a unit, a range, a counted noun) and
what comes before it (a comparator, "n =", a label such as "Table"). Offsets are code
points into the text given, so a mention can be highlighted in place.

Not numbers, on purpose: years used as dates, citation pieces ("2013;65(3):547"),
reference markers ("[3]"), section and list numbers at the start of a line ("1)",
"3.2"), and digits inside names and formulas ("Ca2+", "IL-6", "B12", "5-HT").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class NumberKind(StrEnum):
    DOSE = "dose"  # an amount taken: mg, g, IU, capsules; "twice daily"
    PERCENT = "percent"
    DURATION = "duration"  # hours, days, weeks ...
    COUNT = "count"  # people or things counted: "180 patients", "n = 62"
    RATIO = "ratio"  # "2-fold", "3x", "four times"
    QUANTITY = "quantity"  # a measured value with a unit that is not a dose: mmol/L, kcal
    RANGE = "range"  # a range with no unit: "ages 45-55"
    NUMBER = "number"  # a plain number with no unit


@dataclass(frozen=True, slots=True)
class NumericMention:
    """A number found in a text: [start, end) in code points; `high` ends a range."""

    start: int
    end: int
    kind: NumberKind
    value: float
    high: float | None
    unit: str  # as written ("mg/day", "%", "hours", "patients"); "" for none
    text: str
    comparator: str = ""  # "<", "~", "up to", "less than" ... when one precedes it


_SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "once": 1, "twice": 2, "thrice": 3,
    "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "tenfold": 10,
}  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS_1_9 = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORD_ALTERNATION = "|".join(
    [rf"(?:{'|'.join(_TENS)})-(?:{'|'.join(_UNITS_1_9)})"]
    + sorted(_SMALL_NUMBERS, key=len, reverse=True)
)

# A number token. Not after a letter, digit, "." or "/" (so not the "2" of "Ca2+" or
# "B12", not a decimal's tail, not a denominator), nor after "letter-" ("IL-6",
# "omega-3"). Thousands need exactly three digits after each comma. The leading
# lookahead lets the scan reject most positions at their first character.
_NUMBER = re.compile(
    r"(?=[\d.otfsenhOTFSENH])(?<![\w./])(?<![^\W\d_]-)"
    r"(?:(?P<digits>\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    rf"|(?P<word>(?i:(?:{_WORD_ALTERNATION})\b)))"
)

_SPACE = r"[ \u00a0\u202f]"
_PER_TIME = (
    rf"(?:{_SPACE}?/{_SPACE}?(?:kg{_SPACE}?/{_SPACE}?)?(?:day|d|dose|serving)\b|/kg\b"
    rf"|{_SPACE}(?:per|a){_SPACE}(?:day|dose|serving)\b|{_SPACE}daily\b)"
)
# Units, tried in order at the end of a number. Measured quantities come before doses
# so "mg/dL" is not read as "mg" followed by junk.
_UNIT = re.compile(
    rf"(?:{_SPACE}?(?P<percent>%)"
    rf"|{_SPACE}?(?P<quantity>(?:mmol|[µμu]mol|nmol|pmol|meq|mg|g|ng|pg|[µμu]g|mcg|iu|u)"
    r"/(?:l|dl|ml)|mmhg|kcal|kj|kg|cm|mm|°c|bpm)(?![\w/])"
    rf"|{_SPACE}?(?P<dose>(?:mg|mcg|[µμu]g|ng|g|iu|meq|mmol|ml)(?:{_PER_TIME})?)(?![\w/])"
    rf"|(?P<ratio_sign>x(?!\w)|{_SPACE}?×)"
    rf"|(?:{_SPACE}|-)(?P<percent_word>percent|per{_SPACE}cent)\b"
    rf"|(?:{_SPACE}|-)(?P<frequency>(?:times{_SPACE})?(?:daily|nightly|weekly"
    rf"|(?:a|per){_SPACE}(?:day|night|week)))\b"
    rf"|(?:{_SPACE}|-)(?P<duration>seconds?|secs?|minutes?|mins?|min|hours?|hrs?|h"
    r"|days?|weeks?|wks?|months?|mos?|years?|yrs?|nights?|decades?)\b"
    rf"|(?:{_SPACE}|-)?(?P<ratio>fold|times)\b)",
    re.IGNORECASE,
)
_UNIT_KINDS = {  # named group of _UNIT → kind
    "percent": NumberKind.PERCENT,
    "percent_word": NumberKind.PERCENT,
    "quantity": NumberKind.QUANTITY,
    "dose": NumberKind.DOSE,
    "frequency": NumberKind.DOSE,  # how often is part of a dose: "twice daily"
    "duration": NumberKind.DURATION,
    "ratio": NumberKind.RATIO,
    "ratio_sign": NumberKind.RATIO,
}
_PEOPLE = (
    r"patients?|participants?|subjects?|people|persons?|adults?|children|child|women"
    r"|woman|men|man|individuals?|volunteers?|infants?|adolescents?|students?|athletes?"
    r"|respondents?|users?|consumers?|smokers?|mice|rats?|animals?|healthy\s+controls"
)
_THINGS = (
    r"cases|controls|trials|studies|RCTs|reviews|meta-analyses|cohorts|reactions|samples"
    r"|countries|centres|centers|sites|hospitals|clinics|articles|papers|reports|genes"
)
_DOSE_FORMS = r"capsules?|tablets?|softgels?|gummies|pills?|drops|scoops?|servings?|sachets?"
_LOWER_WORD = r"[a-z][a-z-]*"
# A counted noun, possibly after up to two lowercase words: "46 elderly subjects".
_COUNTED = re.compile(
    rf"{_SPACE}(?:{_LOWER_WORD}{_SPACE}){{0,2}}?"
    rf"(?:(?P<people>{_PEOPLE})|(?P<things>{_THINGS})|(?P<dose_form>{_DOSE_FORMS}))\b"
)
_COUNTED_NEXT = re.compile(
    rf"{_SPACE}(?:(?P<people>{_PEOPLE})|(?P<things>{_THINGS})|(?P<dose_form>{_DOSE_FORMS}))\b"
)
_RANGE_JOIN = re.compile(rf"{_SPACE}?[-–—]{_SPACE}?|{_SPACE}+to{_SPACE}+", re.IGNORECASE)
_AND_JOIN = re.compile(rf"{_SPACE}+and{_SPACE}+", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(rf"\bbetween{_SPACE}+$", re.IGNORECASE)
_COMPARATOR_BEFORE = re.compile(
    r"(?:(?P<symbol>[<>≤≥~≈])|(?P<words>\b(?:less|more|fewer|greater)\s+than|\bup\s+to"
    r"|\bat\s+(?:least|most)|\b(?:over|under|below|above|about|approximately|around"
    r"|nearly|almost|roughly)))\s?$",
    re.IGNORECASE,
)
_SAMPLE_SIZE_BEFORE = re.compile(rf"\b[nN]{_SPACE}?={_SPACE}?$")
_P_VALUE_BEFORE = re.compile(rf"\b[pP]{_SPACE}?[<>=≤≥]{_SPACE}?$")
_LABEL_BEFORE = re.compile(
    r"\b(?:table|figure|fig\.|section|chapter|step|phase|type|stage|grade|level|copy"
    r"|version|page|p\.|no\.|vol\.|appendix|item|question|day)\s?$|#$",
    re.IGNORECASE,
)
# A tail that makes the digits part of a name or formula: "2+" in "Ca 2+", the "-HT"
# of "5-HT", a letter glued on that is not a unit ("3Gastrointestinal").
_NAME_TAIL = re.compile(r"\+|-[A-Z]|[^\W\d_]")

# Spans where digits are never numbers of interest.
_CITATION = re.compile(
    r"\b(?:1[6-9]|20)\d{2}[a-z]?\s*;\s*\d+(?:\s*\(\s*[\w-]+\s*\))?"
    r"(?:\s*:\s*[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)?"
)
_REFERENCE_MARKER = re.compile(r"\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]")
_LOCATOR = re.compile(
    r"\b(?=[pdhP])(?:pp?\.\s*\d+(?:\s*[-–]\s*\d+)?|doi:\s*\S+|https?://\S+|PMID:?\s*\d+)"
)
_SECTION_NUMBER = re.compile(
    r"^[ \t#*>•-]*(?:\(\d{1,3}\)|\d{1,3}\)|\d{1,3}(?:\.\d{1,3})+\.?(?=\s+[A-Z(])"
    r"|\d{1,3}\.(?=\s+[A-Z(]))",
    re.MULTILINE,
)
_SEARCH_BACK = 24  # characters of left context read for a comparator or a label


@dataclass(frozen=True, slots=True)
class _Number:
    start: int
    end: int
    value: float
    spelled: bool  # written in words ("two"): only kept when a unit follows
    integral: bool


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: NumberKind
    unit: str
    end: int


def find_numbers(text: str) -> list[NumericMention]:
    """Every number of interest in `text`, in order, none overlapping."""
    return list(_iter_numbers(text))


def has_numbers(text: str) -> bool:
    """True when `text` holds at least one number of interest (stops at the first)."""
    return next(_iter_numbers(text), None) is not None


def _iter_numbers(text: str) -> Iterator[NumericMention]:
    masks = _masked_spans(text)
    mask_starts = [start for start, _ in masks]
    pos = last_end = 0
    while True:
        token = _NUMBER.search(text, pos)
        if token is None:
            return
        start = token.start()
        index = bisect.bisect_right(mask_starts, start) - 1
        if index >= 0 and masks[index][1] > start:
            pos = masks[index][1]
            continue
        mention, pos = _read_mention(text, _number_of(token), last_end)
        if mention is not None:
            last_end = mention.end
            yield mention


def _masked_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans where no number is read."""
    patterns = [_SECTION_NUMBER]
    # Each other pattern needs a character that a plain sentence often lacks.
    if ";" in text:
        patterns.append(_CITATION)
    if "[" in text:
        patterns.append(_REFERENCE_MARKER)
    if "p." in text or ":" in text or "PMID" in text:
        patterns.append(_LOCATOR)
    spans = sorted(
        (match.start(), match.end()) for pattern in patterns for match in pattern.finditer(text)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _number_of(token: re.Match[str]) -> _Number:
    digits = token.group("digits")
    if digits is not None:
        cleaned = digits.replace(",", "")
        return _Number(token.start(), token.end(), float(cleaned), False, "." not in cleaned)
    word = token.group("word").lower()
    if "-" in word:
        tens, units = word.split("-")
        value = _SMALL_NUMBERS[tens] + _SMALL_NUMBERS[units]
    else:
        value = _SMALL_NUMBERS[word]
    return _Number(token.start(), token.end(), float(value), True, True)


def _read_mention(text: str, first: _Number, floor: int) -> tuple[NumericMention | None, int]:
    """The mention starting at `first` (or None) and where to resume scanning.

    A comparator or "n =" is looked for back to `floor`, the end of the mention before,
    so mentions never overlap.
    """
    unit = _fold_word(text, first) or _unit_at(text, first)
    if unit is None and not first.spelled and _NAME_TAIL.match(text, first.end):
        return None, _skip_word(text, first.end)
    second, second_unit = _range_end(text, first, unit)
    if second is not None:
        unit = second_unit
        end = second_unit.end if second_unit else second.end
    else:
        end = unit.end if unit else first.end
    before = text[max(floor, first.start - _SEARCH_BACK) : first.start]
    start = first.start
    if unit is None:
        kind, label, start = _unitless_kind(before, first, second)
        if kind is None:
            return None, end
        unit = _Unit(kind, label, end)
    elif first.spelled and unit.kind in (NumberKind.QUANTITY, NumberKind.PERCENT):
        return None, end  # "one %" is noise
    comparator = ""
    compared = _COMPARATOR_BEFORE.search(before) if start == first.start else None
    if compared is not None:
        comparator = compared.group("symbol") or " ".join(compared.group("words").lower().split())
        if unit.kind == NumberKind.DURATION and comparator in ("over", "under"):
            comparator = ""  # "over 8 weeks" says how long, not "more than"
        else:
            start = first.start - (len(before) - compared.start())
    mention = NumericMention(
        start=start,
        end=end,
        kind=unit.kind,
        value=first.value,
        high=second.value if second is not None else None,
        unit=unit.unit,
        text=text[start:end],
        comparator=comparator,
    )
    return mention, end


def _fold_word(text: str, number: _Number) -> _Unit | None:
    """The unit of "twofold", "tenfold": the word itself."""
    if number.spelled and text[number.start : number.end].lower().endswith("fold"):
        return _Unit(NumberKind.RATIO, "fold", number.end)
    return None


def _unit_at(text: str, number: _Number) -> _Unit | None:
    """The unit right after a number, or a counted noun, or None."""
    found = _UNIT.match(text, number.end)
    if found is not None:
        return _unit_of(found)
    # A year ("a 2023 study") is never a count unless the plural noun follows at once.
    counted = (_COUNTED_NEXT if _looks_like_year(number) else _COUNTED).match(text, number.end)
    if counted is not None:
        noun = counted.lastgroup or "people"
        kind = NumberKind.DOSE if noun == "dose_form" else NumberKind.COUNT
        return _Unit(kind, counted.group(noun), counted.end())
    return None


def _unit_of(found: re.Match[str]) -> _Unit:
    group = found.lastgroup or ""
    return _Unit(_UNIT_KINDS[group], " ".join(found.group(group).split()), found.end())


def _range_end(
    text: str, first: _Number, first_unit: _Unit | None
) -> tuple[_Number | None, _Unit | None]:
    """The second number of a range ("200-300 mg", "5 to 7 days", "50%–80%"), if any."""
    cursor = first_unit.end if first_unit else first.end
    join = _RANGE_JOIN.match(text, cursor)
    if join is None and _BETWEEN_BEFORE.search(text, max(0, first.start - 12), first.start):
        join = _AND_JOIN.match(text, cursor)
    if join is None:
        return None, None
    token = _NUMBER.match(text, join.end())
    if token is None:
        return None, None
    second = _number_of(token)
    if second.value < first.value or (
        _NAME_TAIL.match(text, second.end) and not _UNIT.match(text, second.end)
    ):
        return None, None
    second_unit = _unit_at(text, second)
    if first_unit is not None and (second_unit is None or second_unit.kind != first_unit.kind):
        return None, None  # "5% to 10 patients" is two numbers, not a range
    return second, second_unit


def _unitless_kind(
    before: str, first: _Number, second: _Number | None
) -> tuple[NumberKind | None, str, int]:
    """Kind, unit label and start for a number with no unit; kind None drops it."""
    if first.spelled or (second is not None and second.spelled):
        return None, "", first.start  # "one of the most ..." is not a number of interest
    sample = _SAMPLE_SIZE_BEFORE.search(before)
    if sample is not None:
        return NumberKind.COUNT, "n", first.start - (len(before) - sample.start())
    if _P_VALUE_BEFORE.search(before):
        return NumberKind.NUMBER, "p", first.start
    if _looks_like_year(first) and (second is None or _looks_like_year(second)):
        return None, "", first.start  # "in 2015", "Tarleton EK, 2015"
    if _LABEL_BEFORE.search(before):
        return None, "", first.start  # "Table 2", "Type 2", "Phase 3"
    return (NumberKind.RANGE if second is not None else NumberKind.NUMBER), "", first.start


def _looks_like_year(number: _Number) -> bool:
    return (
        not number.spelled
        and number.integral
        and number.end - number.start == 4
        and 1600 <= number.value <= 2099
    )


def _skip_word(text: str, pos: int) -> int:
    """Past the rest of a name such as "5-HTP" or "3Gastrointestinal"."""
    while pos < len(text) and (text[pos].isalnum() or text[pos] in "+-"):
        pos += 1
    return pos
