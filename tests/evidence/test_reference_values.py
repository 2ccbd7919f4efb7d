"""The shipped reference values against a second transcription of the source tables.

TRANSCRIPTION below was typed separately from resources/reference_values.json, in
another shape (one line per nutrient and body, adult men/women by life stage), from
the NASEM DRI summary tables and EFSA's DRV summary report and UL opinions. Each line
is parsed and every number compared with the file; a value the file holds for a group
the line names must be the line's value.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from assay.evidence.reference_values import (
    ReferenceDataError,
    convert,
    load_reference_values,
    parse_reference_values,
    reference_table,
)

# Per body: "nutrient: KIND M a/b/c/d F a/b/c/d [P x/y] [L x/y] unit; UL n [basis words]".
# US life stages: 19-30/31-50/51-70/71+; pregnancy and lactation 19-30/31-50.
# One number stands for every stage. "UL -" is none set.
US_TRANSCRIPTION = """
vitamin_a: RDA M 900 F 700 P 770 L 1300 ug; UL 3000 preformed
vitamin_c: RDA M 90 F 75 P 85 L 120 mg; UL 2000
vitamin_d: RDA M 15/15/15/20 F 15/15/15/20 P 15 L 15 ug; UL 100
vitamin_e: RDA M 15 F 15 P 15 L 19 mg; UL 1000 supplemental
vitamin_k: AI M 120 F 90 P 90 L 90 ug; UL -
thiamin: RDA M 1.2 F 1.1 P 1.4 L 1.4 mg; UL -
riboflavin: RDA M 1.3 F 1.1 P 1.4 L 1.6 mg; UL -
niacin: RDA M 16 F 14 P 18 L 17 mg; UL 35 synthetic
vitamin_b6: RDA M 1.3/1.3/1.7/1.7 F 1.3/1.3/1.5/1.5 P 1.9 L 2.0 mg; UL 100
folate: RDA M 400 F 400 P 600 L 500 ug; UL 1000 synthetic
vitamin_b12: RDA M 2.4 F 2.4 P 2.6 L 2.8 ug; UL -
pantothenic_acid: AI M 5 F 5 P 6 L 7 mg; UL -
biotin: AI M 30 F 30 P 30 L 35 ug; UL -
choline: AI M 550 F 425 P 450 L 550 mg; UL 3500
calcium: RDA M 1000/1000/1000/1200 F 1000/1000/1200/1200 P 1000 L 1000 mg; UL 2500/2500/2000/2000
chromium: AI M 35/35/30/30 F 25/25/20/20 P 30 L 45 ug; UL -
copper: RDA M 900 F 900 P 1000 L 1300 ug; UL 10000
fluoride: AI M 4 F 3 P 3 L 3 mg; UL 10
iodine: RDA M 150 F 150 P 220 L 290 ug; UL 1100
iron: RDA M 8 F 18/18/8/8 P 27 L 9 mg; UL 45
magnesium: RDA M 400/420/420/420 F 310/320/320/320 P 350/360 L 310/320 mg; UL 350 supplemental
manganese: AI M 2.3 F 1.8 P 2.0 L 2.6 mg; UL 11
molybdenum: RDA M 45 F 45 P 50 L 50 ug; UL 2000
phosphorus: RDA M 700 F 700 P 700 L 700 mg; UL 4000/4000/4000/3000
selenium: RDA M 55 F 55 P 60 L 70 ug; UL 400
zinc: RDA M 11 F 8 P 11 L 12 mg; UL 40
potassium: AI M 3400 F 2600 P 2900 L 2800 mg; UL -
sodium: AI M 1500 F 1500 P 1500 L 1500 mg; UL -
"""
# EFSA: adults 18+ (one number), pregnancy, lactation; "-" is no value set.
EFSA_TRANSCRIPTION = """
vitamin_a: PRI M 750 F 650 P 700 L 1300 ug; UL 3000 preformed
vitamin_c: PRI M 110 F 95 P 105 L 155 mg; UL -
vitamin_d: AI M 15 F 15 P 15 L 15 ug; UL 100
vitamin_e: AI M 13 F 11 L 11 mg; UL 300
vitamin_k: AI M 70 F 70 P 70 L 70 ug; UL -
riboflavin: PRI M 1.6 F 1.6 P 1.9 L 2.0 mg; UL -
niacin: PRI - ; UL 10 nicotinic
vitamin_b6: PRI M 1.7 F 1.6 P 1.8 L 1.7 mg; UL 12
folate: PRI M 330 F 330 ug; UL 1000 folic
vitamin_b12: AI M 4 F 4 P 4.5 L 5 ug; UL -
pantothenic_acid: AI M 5 F 5 P 5 L 7 mg; UL -
biotin: AI M 40 F 40 P 40 L 45 ug; UL -
choline: AI M 400 F 400 P 480 L 520 mg; UL -
copper: AI M 1600 F 1300 P 1500 L 1500 ug; UL 5000
fluoride: AI M 3.4 F 2.9 P 2.9 L 2.9 mg; UL 7
iodine: AI M 150 F 150 P 200 L 200 ug; UL 600
magnesium: AI M 350 F 300 P 300 L 300 mg; UL 250 supplemental
manganese: AI M 3 F 3 P 3 L 3 mg; UL -
molybdenum: AI M 65 F 65 P 65 L 65 ug; UL 600
phosphorus: AI M 550 F 550 P 550 L 550 mg; UL -
selenium: AI M 70 F 70 P 70 L 85 ug; UL 255
potassium: AI M 3500 F 3500 P 3500 L 4000 mg; UL -
sodium: SAI M 2000 F 2000 P 2000 L 2000 mg; UL -
calcium: PRI - ; UL 2500
iron: PRI - ; UL -
zinc: PRI - ; UL 25
"""
# Values in other shapes than adults by sex, typed out on their own.
EFSA_SPECIAL = {
    ("calcium", "PRI", "adults 18-24"): 1000,
    ("calcium", "PRI", "adults 25+"): 950,
    ("iron", "PRI", "female 18+ premenopausal"): 16,
    ("iron", "PRI", "female 18+ postmenopausal"): 11,
    ("iron", "PRI", "male 18+"): 11,
    ("zinc", "PRI", "male 18+ phytate 300 mg/day"): 9.4,
    ("zinc", "PRI", "male 18+ phytate 1200 mg/day"): 16.3,
    ("zinc", "PRI", "female 18+ phytate 300 mg/day"): 7.5,
    ("zinc", "PRI", "female 18+ phytate 1200 mg/day"): 12.7,
    ("folate", "AI", "pregnancy"): 600,
    ("folate", "AI", "lactation"): 500,
    ("niacin", "UL", "male 18+"): 10,
}
US_STAGES = ("19-30", "31-50", "51-70", "71+")
_LINE = re.compile(
    r"^(?P<key>\w+): (?P<kind>[A-Z]+) (?P<intake>.*?)\s*; UL (?P<ul>\S+)(?P<basis>.*)$"
)
_PART = re.compile(r"(?P<who>[MFPL]) (?P<values>[\d./]+)")
_WHO = {"M": "male", "F": "female", "P": "pregnancy", "L": "lactation"}


def _expected(body: str, text: str) -> dict[tuple[str, str, str], float | None]:
    """(nutrient, kind, group) → amount (in the file's unit) from a transcription."""
    expected: dict[tuple[str, str, str], float | None] = {}
    for line in filter(None, map(str.strip, text.splitlines())):
        match = _LINE.match(line)
        assert match, line
        key, kind, intake = match["key"], match["kind"], match["intake"]
        scale = 1.0
        for part in _PART.finditer(intake):
            numbers = [float(n) * scale for n in part["values"].split("/")]
            who = _WHO[part["who"]]
            for group, value in _groups(body, who, numbers):
                expected[(key, kind, group)] = value
        if match["ul"] == "-":
            expected[(key, "UL", "none")] = None
        else:
            limits = [float(n) for n in match["ul"].split("/")]
            for who in ("male", "female"):
                for group, value in _groups(body, who, limits):
                    expected[(key, "UL", group)] = value
            expected[(key, "UL", "basis")] = match["basis"].strip() or None  # type: ignore[assignment]
    return expected


def _groups(body: str, who: str, numbers: list[float]) -> list[tuple[str, float]]:
    if body == "EFSA":
        return [(f"{who} 18+" if who in ("male", "female") else who, numbers[0])]
    stages = US_STAGES if who in ("male", "female") else US_STAGES[:2]
    if len(numbers) == 1:
        numbers = numbers * len(stages)
    assert len(numbers) == len(stages), (who, numbers)
    return [(f"{who} {stage}", number) for stage, number in zip(stages, numbers, strict=True)]


@pytest.mark.parametrize(("body", "text"), [("US", US_TRANSCRIPTION), ("EFSA", EFSA_TRANSCRIPTION)])
def test_the_file_agrees_with_an_independent_transcription(body: str, text: str) -> None:
    table = load_reference_values()
    checked = 0
    for (key, kind, group), value in _expected(body, text).items():
        nutrient = table.nutrients[key]
        if group == "none":
            assert not nutrient.values_of(body, ("UL",)), f"{body} {key}: the file has a UL"
            assert any(item.kind == "UL" for item in nutrient.left_out if item.body == body)
            continue
        if group == "basis":
            limits = nutrient.values_of(body, ("UL",))
            if value is not None:  # a UL on part of the intake: the basis says which part
                assert any(str(value) in item.basis for item in limits), (body, key, value)
            continue
        found = [
            item.amount
            for item in nutrient.values_of(body, (kind,))
            if item.group == group and (kind != "UL" or not item.basis.startswith("nicotinamide"))
        ]
        assert found == [value], f"{body} {key} {kind} {group}: file {found}, transcription {value}"
        checked += 1
    assert checked > (200 if body == "US" else 80)


def test_efsa_values_in_other_shapes() -> None:
    table = reference_table()
    for (key, kind, group), value in EFSA_SPECIAL.items():
        found = [
            item.amount
            for item in table.nutrients[key].values_of("EFSA", (kind,))
            if item.group == group and not item.basis.startswith("nicotinamide")
        ]
        assert found == [value], (key, kind, group, found)


def test_every_nutrient_with_a_us_dri_is_there_with_its_source_and_year() -> None:
    table = reference_table()
    us_lines = {line.split(":")[0] for line in US_TRANSCRIPTION.split() if line.endswith(":")}
    assert len(us_lines) >= 25 and us_lines <= set(table.nutrients)
    for nutrient in table.nutrients.values():
        for value in nutrient.values:
            assert value.source.body == value.body and 1990 < value.source.year < 2030
            assert value.amount > 0 and value.unit == nutrient.unit
    assert table.version == "2026.1"


def test_units_convert_mg_ug_iu_and_mmol() -> None:
    table = reference_table()
    n = table.nutrients
    assert convert(1, "g", n["magnesium"]) == (1000, 1000)
    assert convert(400, "mcg/day", n["folate"]) == (400, 400)
    assert convert(0.4, "mg", n["folate"]) == (400, 400)
    assert convert(4000, "IU", n["vitamin_d"]) == (100, 100)  # 1 µg = 40 IU
    assert convert(1000, "IU daily", n["vitamin_a"]) == pytest.approx((300, 300))
    low, high = convert(100, "IU", n["vitamin_e"])  # synthetic 0.45 mg, natural 0.67 mg
    assert (low, high) == pytest.approx((45, 67))
    assert convert(10, "mmol", n["magnesium"]) == pytest.approx((243.05, 243.05))
    assert convert(1, "mmol", n["potassium"])[0] == pytest.approx(39.098)
    assert convert(1, "mmol", n["sodium"])[0] == pytest.approx(22.990)
    assert convert(1, "mmol", n["calcium"])[0] == pytest.approx(40.078)
    assert convert(1, "mmol", n["zinc"])[0] == pytest.approx(65.38)
    assert convert(1, "mmol", n["iron"])[0] == pytest.approx(55.845)
    assert convert(1, "mmol", n["phosphorus"])[0] == pytest.approx(30.974)
    assert convert(400, "IU", n["magnesium"]) is None  # no IU for minerals
    assert convert(1, "mmol", n["vitamin_c"]) is None


def test_a_file_in_another_format_is_refused(tmp_path) -> None:
    path = tmp_path / "values.json"
    path.write_text(json.dumps({"format": "something-else/1"}), "utf-8")
    with pytest.raises(ReferenceDataError, match="not an assay-reference-values/1 file"):
        load_reference_values(path)
    with pytest.raises(ReferenceDataError, match="malformed"):
        parse_reference_values({"format": "assay-reference-values/1", "sources": [{}]})


def test_loading_once_and_looking_up_are_fast() -> None:
    start = time.perf_counter()
    table = load_reference_values()
    loading = time.perf_counter() - start
    assert loading < 0.5
    start = time.perf_counter()
    for _ in range(10_000):
        table.nutrients["magnesium"].values_of("EFSA", ("UL",))
    per_lookup = (time.perf_counter() - start) / 10_000
    assert per_lookup < 50e-6
    assert reference_table() is reference_table()  # read once per process
