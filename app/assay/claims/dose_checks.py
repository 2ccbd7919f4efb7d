"""A sentence's nutrient doses and limits checked against the reference values.

Pure (no Qt, no SQL). `check_sentence` finds the nutrients a sentence names (by the
aliases in resources/reference_values.json) and its amounts (`numbers.find_numbers`:
mg, µg, g, IU, mmol), gives each amount to the nearest nutrient, and reads what the
amount is from the words before it: a stated limit ("the UL of 350 mg/day"), a stated
intake ("RDA: 400 mg"), or a dose. It flags

- a stated UL or RDA/AI/PRI that matches none of the values of the body it names (or of
  any body when it names none), saying which values that body has and whose value the
  stated one is;
- a dose above a UL, naming the UL, its body and what it covers (e.g. supplements only);
- a percentage of the RDA that does not follow from the dose and the values.

A sentence that names no body is compared with both. docs/REFERENCE_VALUES.md has the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from assay.claims.numbers import NumberKind, NumericMention, find_numbers
from assay.evidence.reference_values import (
    INTAKE_KINDS,
    LIMIT_KIND,
    Nutrient,
    ReferenceTable,
    ReferenceValue,
    convert,
    format_amount,
    normalise_unit,
    reference_table,
)

BODIES = ("US", "EFSA")
_POSSESSIVE = {"US": "the US", "EFSA": "EFSA's"}  # "the US UL …", "EFSA's UL …"
MATCH_TOLERANCE = 0.01  # relative: a stated value within 1% of a reference value matches
PERCENT_TOLERANCE = 2.0  # percentage points either side of what the values give
_LOOK_BACK = 70  # characters before an amount read for "UL of", "RDA:" ...


class Role(StrEnum):
    DOSE = "dose"
    STATED_LIMIT = "stated UL"
    STATED_INTAKE = "stated intake"


class FlagKind(StrEnum):
    STATED_VALUE = "stated value"  # a stated UL/RDA matching none of the body's values
    ABOVE_LIMIT = "above UL"
    PERCENT = "percent of RDA"


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount in the sentence given to a nutrient, in the nutrient's unit."""

    nutrient: str
    mention: NumericMention
    role: Role
    low: float  # converted (IU of vitamin E gives an interval)
    high: float
    bodies: tuple[str, ...]  # the bodies the sentence names for it; () for none


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    nutrient: str
    message: str
    start: int  # the amount's span in the sentence
    end: int


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    nutrients: tuple[str, ...]  # keys of the nutrients named that carry an amount
    amounts: tuple[Amount, ...]
    flags: tuple[Flag, ...]
    lines: tuple[str, ...] = field(default=())  # the matching reference values, to show


_LIMIT_WORDS = re.compile(
    r"(?:\bUL\b|\bULs\b|(?i:\b(?:tolerable\s+)?upper\s+(?:intake\s+)?(?:limit|level)s?\b"
    r"|\bsafe\s+upper\s+(?:limit|level)\b|\bmaximum\s+(?:safe\s+)?(?:daily\s+)?(?:intake|dose|amount)\b))"
    r"[^\d;]*$"
)
_INTAKE_WORDS = re.compile(
    r"(?:\b(?:RDA|RDAs|AI|PRI|RNI|RDI)\b|(?i:\brecommended\s+(?:dietary|daily)\s+"
    r"(?:allowance|intake|amount)s?\b|\badequate\s+intake\b|\bpopulation\s+reference\s+intake\b"
    r"|\brecommended\s+intake\b))[^\d;]*$"
)
# Words between a label and an amount that make the amount a comparison, not the value.
_COMPARED = re.compile(r"(?i:\b(?:below|above|under|over|exceed\w*|than|within)\b)")
_PERCENT_OF = re.compile(
    r"\s*(?:of\s+)?(?:the\s+)?(?:(?:US|EFSA's|EFSA|EU|daily)\s+)?"
    r"(?:RDA|RDI|AI|PRI|(?i:recommended\s+(?:dietary\s+|daily\s+)?(?:allowance|intake|amount)"
    r"|adequate\s+intake|population\s+reference\s+intake))\b"
)
_BODY_PATTERNS = {
    "EFSA": re.compile(r"\bEFSA\b|European\s+Food\s+Safety|\bEU\b|\bSCF\b"),
    "US": re.compile(
        r"\b(?:NIH|IOM|NASEM|ODS|USDA|U\.?S\.?)\b|Institute\s+of\s+Medicine"
        r"|National\s+Academ|Food\s+and\s+Nutrition\s+Board"
    ),
}
# A stated list of values ("Men: 400-420 mg Women: 310-320 mg") is one role: the next
# amount within this many characters, with no break or comparison between, keeps it.
_LIST_GAP = 24
_LIST_BREAK = re.compile(r"[\t;.]|\b(?:below|above|under|over|than|take|takes|taking|dose)\b", re.I)
_BODY_WINDOW = 60  # characters either side of an amount searched for a body's name


# id(table) → (table, pattern, alias → key); the table is kept so its id stays its own.
_ALIASES: dict[int, tuple[ReferenceTable, re.Pattern[str], dict[str, str]]] = {}


def _alias_pattern(table: ReferenceTable) -> tuple[re.Pattern[str], dict[str, str]]:
    cached = _ALIASES.get(id(table))
    if cached is None:
        by_alias = {
            alias.lower(): key for key, item in table.nutrients.items() for alias in item.aliases
        }
        names = sorted(by_alias, key=len, reverse=True)  # "vitamin D3" before "vitamin D"
        pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])", re.IGNORECASE
        )
        cached = _ALIASES[id(table)] = (table, pattern, by_alias)
    return cached[1], cached[2]


def find_nutrients(text: str, table: ReferenceTable | None = None) -> list[tuple[str, int, int]]:
    """(key, start, end) of every nutrient named in `text`, in order."""
    pattern, by_alias = _alias_pattern(table or reference_table())
    return [(by_alias[m.group().lower()], m.start(), m.end()) for m in pattern.finditer(text)]


def check_sentence(
    text: str, table: ReferenceTable | None = None, context_nutrient: str | None = None
) -> SentenceCheck:
    """The sentence's amounts, flags and reference lines. `context_nutrient` is taken for
    amounts when the sentence names no nutrient (a table row under a nutrient's heading)."""
    table = table or reference_table()
    named = find_nutrients(text, table)
    if not named and context_nutrient in table.nutrients:
        named = [(context_nutrient, -1, -1)]
    if not named:
        return SentenceCheck((), (), ())
    mentions = find_numbers(text)
    amounts: list[Amount] = []
    flags: list[Flag] = []
    floor = 0
    for mention in mentions:
        if (
            mention.kind == NumberKind.DOSE
            and normalise_unit(mention.unit)
            and "/kg" not in (mention.unit)
        ):
            amount = _amount(text, mention, named, table, floor, amounts[-1] if amounts else None)
            if amount is not None:
                amounts.append(amount)
                flags.extend(_check_amount(amount, table))
        elif mention.kind == NumberKind.PERCENT:
            flags.extend(_check_percent(text, mention, amounts, table))
        floor = mention.end
    keys = tuple(dict.fromkeys(amount.nutrient for amount in amounts))
    lines = tuple(line for key in keys for line in reference_lines(table.nutrients[key], table))
    return SentenceCheck(keys, tuple(amounts), tuple(flags), lines)


def _amount(
    text: str,
    mention: NumericMention,
    named: list[tuple[str, int, int]],
    table: ReferenceTable,
    floor: int,
    previous: Amount | None,
) -> Amount | None:
    unit = mention.unit
    candidates = []
    for key, start, end in named:
        nutrient = table.nutrients[key]
        if convert(1.0, unit, nutrient) is None:
            continue  # "400 IU" is never magnesium
        gap = 0 if start < 0 else max(start - mention.end, mention.start - end, 0)
        candidates.append((gap, start, nutrient))
    if not candidates:
        return None
    nutrient = min(candidates, key=lambda c: (c[0], c[1]))[2]
    low_range = convert(mention.value, unit, nutrient)
    high_range = convert(mention.high, unit, nutrient) if mention.high is not None else None
    assert low_range is not None
    low, high = low_range[0], (high_range or low_range)[1]
    role = _role(text[max(floor, mention.start - _LOOK_BACK) : mention.start])
    if role == Role.DOSE and previous is not None and previous.role != Role.DOSE:
        between = text[previous.mention.end : mention.start]
        if len(between) <= _LIST_GAP and not _LIST_BREAK.search(between):
            role = previous.role  # the next value of a stated list
    return Amount(nutrient.key, mention, role, low, high, _bodies_near(text, mention))


def _role(before: str) -> Role:
    """A stated limit or intake when its label comes before it with no comparison in
    between ("the UL of 350 mg", "well below the UL of 350 mg"); else a dose ("the UL
    is 350 mg but doses above 500 mg" makes 500 mg a dose)."""
    for pattern, role in ((_LIMIT_WORDS, Role.STATED_LIMIT), (_INTAKE_WORDS, Role.STATED_INTAKE)):
        label = pattern.search(before)
        if label is not None and not _COMPARED.search(before, label.end()):
            return role
    return Role.DOSE


def _bodies_near(text: str, mention: NumericMention) -> tuple[str, ...]:
    window = text[max(0, mention.start - _BODY_WINDOW) : mention.end + _BODY_WINDOW]
    return tuple(body for body in BODIES if _BODY_PATTERNS[body].search(window))


def _check_amount(amount: Amount, table: ReferenceTable) -> list[Flag]:
    nutrient = table.nutrients[amount.nutrient]
    if amount.role == Role.DOSE:
        return _above_limits(amount, nutrient)
    kinds = _kinds_of(amount.role)

    def fits(body: str) -> bool:
        own = nutrient.values_of(body, kinds)
        return all(_matches(stated, own) for stated in _stated(amount))

    if not amount.bodies:  # no body named: any body's value will do
        return [] if any(fits(body) for body in BODIES) else [_stated_flag(amount, nutrient, None)]
    return [_stated_flag(amount, nutrient, body) for body in amount.bodies if not fits(body)]


def _stated(amount: Amount) -> list[float]:
    """The stated amounts to match: both ends of a range ("400-420 mg")."""
    if amount.mention.high is None:
        return [amount.low] if amount.low == amount.high else [amount.low, amount.high]
    return [amount.low, amount.high]


def _matches(stated: float, values: list[ReferenceValue]) -> bool:
    return any(abs(stated - value.amount) <= MATCH_TOLERANCE * value.amount for value in values)


def _stated_flag(amount: Amount, nutrient: Nutrient, body: str | None) -> Flag:
    """ "EFSA's UL for magnesium is 250 mg/day (…); 350 mg/day is the US UL (…)"."""
    kinds = _kinds_of(amount.role)
    said = _said(amount, nutrient)
    owners = _owners(amount, nutrient, body)
    if body is None:
        first = f"{said} is no body's {_label(kinds)} for {_lower(nutrient.name)}"
    else:
        own = nutrient.values_of(body, kinds)
        first = (
            f"{_POSSESSIVE[body]} {_describe(own, nutrient)}"
            if own
            else _none_set(body, kinds, nutrient)
        )
    second = f"{said} is {owners}" if owners else f"{said} matches no value in the table"
    return Flag(
        FlagKind.STATED_VALUE,
        nutrient.key,
        f"{first}; {second}",
        amount.mention.start,
        amount.mention.end,
    )


def _lower(name: str) -> str:
    """ "Vitamin C" → "vitamin C" (not "vitamin c")."""
    return name[:1].lower() + name[1:]


def _label(kinds: tuple[str, ...]) -> str:
    return "UL" if kinds == (LIMIT_KIND,) else "RDA/AI/PRI"


def _none_set(body: str, kinds: tuple[str, ...], nutrient: Nutrient) -> str:
    notes = [item.note for item in nutrient.left_out if item.body == body and item.kind in kinds]
    reason = f" ({notes[0].rstrip('.')})" if notes else ""
    return f"{body} sets no {_label(kinds)} for {_lower(nutrient.name)}{reason}"


def _owners(amount: Amount, nutrient: Nutrient, except_body: str | None) -> str:
    """Whose values the stated amount is: "the US UL (supplemental magnesium only…)".
    Values of the kind stated (a UL for a stated UL) first; other kinds only if none."""
    same_kind: list[str] = []
    other_kind: list[str] = []
    for body in BODIES:
        for kind in dict.fromkeys(value.kind for value in nutrient.values_of(body)):
            values = [
                value
                for value in nutrient.values_of(body, (kind,))
                if all(_matches(stated, [value]) for stated in _stated(amount))
            ]
            if not values:
                continue
            stated_kind = kind in _kinds_of(amount.role)
            if stated_kind and body == except_body:
                continue
            name = f"the {body} {kind}" + _basis_suffix(values[0])
            (same_kind if stated_kind else other_kind).append(name)
    return " and ".join(same_kind or other_kind)


def _kinds_of(role: Role) -> tuple[str, ...]:
    return (LIMIT_KIND,) if role == Role.STATED_LIMIT else INTAKE_KINDS


def _above_limits(amount: Amount, nutrient: Nutrient) -> list[Flag]:
    exceeded = []
    for body in BODIES:
        limits = nutrient.values_of(body, (LIMIT_KIND,))
        for basis in dict.fromkeys(value.basis for value in limits):
            same = [value for value in limits if value.basis == basis]
            over = [value for value in same if amount.low > value.amount * (1 + MATCH_TOLERANCE)]
            if not over:
                continue
            lowest = min(value.amount for value in over)
            groups = "" if len(over) == len(same) else " for " + ", ".join(v.group for v in over)
            exceeded.append(
                f"{_POSSESSIVE[body]} UL of {format_amount(lowest)} {nutrient.unit}/day"
                f"{groups}" + _basis_suffix(over[0])
            )
    if not exceeded:
        return []
    message = f"{_said(amount, nutrient)} is above " + " and ".join(exceeded)
    return [
        Flag(FlagKind.ABOVE_LIMIT, nutrient.key, message, amount.mention.start, amount.mention.end)
    ]


def _check_percent(
    text: str, mention: NumericMention, amounts: list[Amount], table: ReferenceTable
) -> list[Flag]:
    said_of = _PERCENT_OF.match(text, mention.end)
    doses = [amount for amount in amounts if amount.role == Role.DOSE]
    if said_of is None or not doses:
        return []
    dose = doses[-1]
    nutrient = table.nutrients[dose.nutrient]
    bodies = _bodies_near(text, mention) or BODIES
    values = [value for body in bodies for value in nutrient.values_of(body, INTAKE_KINDS)]
    if not values:
        return []
    shares = [100 * amount / value.amount for amount in (dose.low, dose.high) for value in values]
    low, high = min(shares), max(shares)
    stated = [mention.value] + ([mention.high] if mention.high is not None else [])
    if all(low - PERCENT_TOLERANCE <= p <= high + PERCENT_TOLERANCE for p in stated):
        return []
    whose = " and ".join(
        f"{_POSSESSIVE[body]} {_describe(nutrient.values_of(body, INTAKE_KINDS), nutrient)}"
        for body in bodies
        if nutrient.values_of(body, INTAKE_KINDS)
    )
    given = (
        f"{_fmt_percent(low)}%"
        if high - low < 0.5
        else f"{_fmt_percent(low)}–{_fmt_percent(high)}%"
    )
    message = (
        f"{_said(dose, nutrient)} is {given} of the reference intake, not {mention.text.strip()}"
        f" ({whose})"
    )
    return [Flag(FlagKind.PERCENT, nutrient.key, message, mention.start, mention.end)]


def _fmt_percent(value: float) -> str:
    return f"{value:.0f}"


def _said(amount: Amount, nutrient: Nutrient) -> str:
    """The amount as written, with its conversion when the unit differs."""
    written = amount.mention.text.strip()
    unit = normalise_unit(amount.mention.unit)
    if unit == nutrient.mass_unit:
        return written
    span = (
        format_amount(amount.low)
        if abs(amount.high - amount.low) < 1e-9
        else f"{format_amount(amount.low)}–{format_amount(amount.high)}"
    )
    return f"{written} (= {span} {nutrient.unit})"


def _describe(values: list[ReferenceValue], nutrient: Nutrient) -> str:
    """ "UL for magnesium is 250 mg/day (supplemental …)" or "AI … is 300–350 mg/day"."""
    kinds = "/".join(dict.fromkeys(value.kind for value in values))
    low, high = min(v.amount for v in values), max(v.amount for v in values)
    span = format_amount(low) if low == high else f"{format_amount(low)}–{format_amount(high)}"
    bases = dict.fromkeys(value.basis for value in values if value.basis)
    basis = f" ({'; '.join(bases)})" if bases else ""
    return f"{kinds} for {_lower(nutrient.name)} is {span} {nutrient.unit}/day{basis}"


def _basis_suffix(value: ReferenceValue) -> str:
    return f" ({value.basis})" if value.basis else ""


def reference_lines(nutrient: Nutrient, table: ReferenceTable) -> list[str]:
    """One line per body and kind: "Magnesium · US RDA: male 400–420, female 310–320 …"."""
    lines = [f"{nutrient.name} ({nutrient.unit}/day, adults)"]
    for body in BODIES:
        for kind in dict.fromkeys(value.kind for value in nutrient.values_of(body)):
            values = nutrient.values_of(body, (kind,))
            by_group: dict[str, list[float]] = {}
            for value in values:
                by_group.setdefault(value.group.split()[0], []).append(value.amount)
            parts = ", ".join(f"{group} {_span(amounts)}" for group, amounts in by_group.items())
            source = values[0].source
            lines.append(
                f"{body} {kind}: {parts}{_basis_suffix(values[0])} — {source.title}, {source.year}"
            )
        for item in nutrient.left_out:
            if item.body == body:
                lines.append(f"{body} {item.kind}: none — {item.note}")
    return lines


def _span(amounts: list[float]) -> str:
    low, high = min(amounts), max(amounts)
    return format_amount(low) if low == high else f"{format_amount(low)}–{format_amount(high)}"
