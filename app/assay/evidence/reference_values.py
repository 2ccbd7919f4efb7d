"""Dietary reference values (US DRIs, EFSA DRVs) read from resources/reference_values.json.

Pure (no Qt, no SQL). The file is read once (`reference_table()` caches it); lookups are
dictionary reads. Amounts are per day, in the nutrient's unit ("mg", "µg", "µg RAE",
"µg DFE", "mg NE", "mg alpha-tocopherol"); `convert` turns a stated amount in mg, µg, g,
IU or mmol into that unit, as an interval because one IU of vitamin E means two
different amounts (natural or synthetic). docs/REFERENCE_VALUES.md lists the sources.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

FORMAT = "assay-reference-values/1"
RESOURCE = "reference_values.json"

# Kinds that say how much is enough (compared with "RDA", "% of the RDA") and the limit.
INTAKE_KINDS = ("RDA", "AI", "PRI", "SAI")
LIMIT_KIND = "UL"
BODY_LABELS = {"US": "US", "EFSA": "EFSA"}

# Mass units as a multiple of one microgram.
_MICROGRAMS = {"g": 1_000_000.0, "mg": 1000.0, "µg": 1.0, "ng": 0.001}
# IU per nutrient: the amount of one IU in the nutrient's unit, as (low, high).
_IU = {
    "vitamin_a": (0.3, 0.3),  # µg retinol (= µg RAE for preformed vitamin A)
    "vitamin_d": (0.025, 0.025),  # 1 µg = 40 IU
    "vitamin_e": (0.45, 0.67),  # mg: synthetic all-rac 0.45, natural RRR 0.67
}


class ReferenceDataError(ValueError):
    """The reference-value file is not in the expected format."""


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    body: str
    year: int
    title: str


@dataclass(frozen=True, slots=True)
class ReferenceValue:
    """One amount of one body for one group, e.g. US RDA for magnesium, male 31-50."""

    nutrient: str  # key, e.g. "magnesium"
    body: str  # "US" or "EFSA"
    kind: str  # RDA, AI, PRI, SAI, UL, CDRR
    group: str  # "male 31-50", "female 18+", "pregnancy 19-30", "adults 25+" ...
    amount: float
    unit: str
    source: Source
    basis: str = ""  # what a UL covers when it is not total intake
    note: str = ""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A value the file leaves out on purpose, and why."""

    body: str
    kind: str
    note: str
    source: Source


@dataclass(frozen=True, slots=True)
class Nutrient:
    key: str
    name: str
    unit: str
    aliases: tuple[str, ...]
    values: tuple[ReferenceValue, ...]
    left_out: tuple[LeftOut, ...]
    molar_mass: float | None = None  # g/mol, for mmol
    note: str = ""

    def values_of(
        self, body: str | None = None, kinds: tuple[str, ...] | None = None
    ) -> list[ReferenceValue]:
        return [
            value
            for value in self.values
            if (body is None or value.body == body) and (kinds is None or value.kind in kinds)
        ]

    @property
    def mass_unit(self) -> str:
        """ "mg" of "mg NE", "µg" of "µg RAE": the unit a stated amount is converted to."""
        return self.unit.split()[0]


@dataclass(frozen=True, slots=True)
class ReferenceTable:
    version: str
    sources: dict[str, Source]
    nutrients: dict[str, Nutrient]
    body_names: dict[str, str]
    kind_names: dict[str, dict[str, str]]

    def nutrient(self, key: str) -> Nutrient | None:
        return self.nutrients.get(key)

    def kind_name(self, body: str, kind: str) -> str:
        return self.kind_names.get(body, {}).get(kind, kind)


def normalise_unit(unit: str) -> str:
    """The unit of a stated amount without its "/day": "mg", "µg", "g", "IU", "mmol",
    or "" when it is not one of those ("mcg" and "ug" are "µg")."""
    head = re.split(r"[\s/]", unit.strip(), maxsplit=1)[0].lower() if unit.strip() else ""
    head = head.replace("μ", "µ")
    if head in ("mcg", "ug", "µg"):
        return "µg"
    if head in ("mg", "g", "ng", "mmol"):
        return head
    if head == "iu":
        return "IU"
    return ""


def convert(amount: float, unit: str, nutrient: Nutrient) -> tuple[float, float] | None:
    """`amount` `unit` in the nutrient's unit as (low, high); None when not convertible
    (IU of a nutrient without an IU, mmol of one without a molar mass, an unknown unit)."""
    unit = normalise_unit(unit)
    target = _MICROGRAMS[nutrient.mass_unit]
    if unit in _MICROGRAMS:
        value = amount * _MICROGRAMS[unit] / target
        return value, value
    if unit == "IU":
        factors = _IU.get(nutrient.key)
        if factors is None:
            return None
        return amount * factors[0], amount * factors[1]
    if unit == "mmol" and nutrient.molar_mass:
        value = amount * nutrient.molar_mass * 1000.0 / target  # mmol × g/mol = mg
        return value, value
    return None


def load_reference_values(path: Path | None = None) -> ReferenceTable:
    """Read and check the file (the shipped one unless `path` is given)."""
    if path is None:
        text = resources.files("assay.resources").joinpath(RESOURCE).read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return parse_reference_values(json.loads(text))


def parse_reference_values(data: dict) -> ReferenceTable:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReferenceDataError(f"not an {FORMAT} file (format: {data.get('format')!r})")
    try:
        sources = {
            item["id"]: Source(item["id"], item["body"], int(item["year"]), item["title"])
            for item in data["sources"]
        }
        nutrients = {key: _nutrient(key, raw, sources) for key, raw in data["nutrients"].items()}
        bodies = data.get("bodies", {})
    except (KeyError, TypeError, ValueError) as error:
        raise ReferenceDataError(f"reference values: malformed entry ({error!r})") from error
    return ReferenceTable(
        version=str(data.get("version", "")),
        sources=sources,
        nutrients=nutrients,
        body_names={body: info.get("name", body) for body, info in bodies.items()},
        kind_names={body: dict(info.get("kinds", {})) for body, info in bodies.items()},
    )


def _nutrient(key: str, raw: dict, sources: dict[str, Source]) -> Nutrient:
    unit = raw["unit"]
    values: list[ReferenceValue] = []
    left_out: list[LeftOut] = []
    for entry in raw["values"]:
        source = sources[entry["source"]]
        if source.body != entry["body"]:
            raise ValueError(f"{key}: source {source.id} is not {entry['body']}'s")
        if entry["amounts"] is None:
            left_out.append(LeftOut(entry["body"], entry["kind"], entry.get("note", ""), source))
            continue
        for group, amount in entry["amounts"].items():
            values.append(
                ReferenceValue(
                    nutrient=key,
                    body=entry["body"],
                    kind=entry["kind"],
                    group=group,
                    amount=float(amount),
                    unit=unit,
                    source=source,
                    basis=entry.get("basis", ""),
                    note=entry.get("note", ""),
                )
            )
    return Nutrient(
        key=key,
        name=raw["name"],
        unit=unit,
        aliases=tuple(raw["aliases"]),
        values=tuple(values),
        left_out=tuple(left_out),
        molar_mass=raw.get("molar_mass"),
        note=raw.get("note", ""),
    )


@cache
def reference_table() -> ReferenceTable:
    """The shipped table, read once per process."""
    return load_reference_values()


def format_amount(amount: float) -> str:
    """1200 → "1,200"; 1.3 → "1.3"; 0.45 → "0.45"."""
    if amount >= 100 or amount == int(amount):
        return f"{round(amount):,}"
    return f"{amount:.3g}"
