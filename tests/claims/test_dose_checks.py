"""Doses, stated limits and percentages of the RDA in constructed sentences, checked
against both bodies' reference values, with unit conversion."""

from __future__ import annotations

import time

from assay.claims.dose_checks import FlagKind, Role, check_sentence, find_nutrients


def _flags(text: str, **kwargs) -> list[tuple[FlagKind, str]]:
    return [(flag.kind, flag.message) for flag in check_sentence(text, **kwargs).flags]


def test_a_ul_attributed_to_efsa_that_is_the_us_value_is_flagged_with_both_values() -> None:
    ((kind, message),) = _flags("Doses stay well below the UL of 350 mg/day (EFSA) for magnesium.")
    assert kind == FlagKind.STATED_VALUE
    assert message.startswith("EFSA's UL for magnesium is 250 mg/day (supplemental magnesium only")
    assert "; 350 mg/day is the US UL (supplemental magnesium only" in message


def test_a_ul_attributed_to_both_bodies_is_flagged_only_for_the_one_it_is_not() -> None:
    flags = _flags("Magnesium: well below the UL of 350 mg/day (EFSA & NIH).")
    assert [message.split(" UL ")[0] for _, message in flags] == ["EFSA's"]
    assert _flags("Magnesium: the UL of 350 mg/day (NIH).") == []
    assert _flags("Magnesium: the UL of 250 mg/day (EFSA).") == []
    assert _flags("Magnesium: the UL of 350 mg/day.") == []  # no body named: either will do


def test_a_stated_ul_in_other_units_is_converted() -> None:
    assert _flags("The tolerable upper intake level of vitamin D is 4,000 IU (EFSA).") == []
    ((kind, message),) = _flags("The upper limit for vitamin D is 2,000 IU a day (IOM).")
    assert kind == FlagKind.STATED_VALUE
    assert "2,000 IU a day (= 50 µg)" in message
    assert message.startswith("the US UL for vitamin D is 100 µg/day")
    assert _flags("The UL for folate is 1 mg (EFSA).") == []  # 1 mg = 1,000 µg


def test_a_stated_rda_that_is_no_value_of_the_body() -> None:
    ((kind, message),) = _flags("The RDA for vitamin C is 60 mg (US).")
    assert kind == FlagKind.STATED_VALUE
    assert (
        message == "the US RDA for vitamin C is 75–120 mg/day; 60 mg matches no value in the table"
    )
    ((_, message),) = _flags("EFSA's recommended intake of vitamin C is 90 mg.")
    assert "EFSA's PRI for vitamin C is 95–155 mg/day; 90 mg is the US RDA" in message
    assert _flags("The RDA of zinc is 11 mg for men and 8 mg for women.") == []


def test_a_ul_a_body_does_not_set_says_so() -> None:
    ((_, message),) = _flags("The UL for vitamin C is 2000 mg (EFSA).")
    assert message.startswith("EFSA sets no UL for vitamin C")
    assert message.endswith("2000 mg is the US UL (total intake: food and supplements)")


def test_doses_above_a_ul_name_the_ul_and_what_it_covers() -> None:
    ((kind, message),) = _flags("Take 500 mg of magnesium a day.")
    assert kind == FlagKind.ABOVE_LIMIT
    assert message.startswith("500 mg is above the US UL of 350 mg/day (supplemental magnesium")
    assert " and EFSA's UL of 250 mg/day (supplemental magnesium only" in message
    ((_, message),) = _flags("Each softgel holds 5000 IU of vitamin D3.")
    assert message.startswith("5000 IU (= 125 µg) is above the US UL of 100 µg/day")
    ((_, message),) = _flags("A 30 mg zinc tablet daily.")
    assert message == "30 mg is above EFSA's UL of 25 mg/day (total intake: food and supplements)"
    ((_, message),) = _flags("Calcium 2200 mg a day with meals.")
    assert "the US UL of 2,000 mg/day for male 51-70, male 71+, female 51-70, female 71+" in message
    ((_, message),) = _flags("Selenium at 300 mcg per day.")  # µg written as mcg
    assert message.startswith("300 mcg per day is above EFSA's UL of 255 µg/day")
    assert _flags("Selenium at 200 mcg per day.") == []


def test_vitamin_e_in_iu_is_above_a_ul_only_when_both_conversions_are() -> None:
    ((_, message),) = _flags("A vitamin E capsule of 1000 IU.")
    assert message.startswith("1000 IU (= 450–670 mg alpha-tocopherol) is above EFSA's UL of 300")
    assert "the US UL" not in message  # 450–670 mg is below the US UL of 1,000 mg
    assert _flags("A vitamin E capsule of 400 IU.") == []  # 180–268 mg


def test_mmol_of_a_mineral_is_converted_by_its_molar_mass() -> None:
    check = check_sentence("Potassium 100 mmol and magnesium 15 mmol a day.")
    assert [(a.nutrient, round(a.low)) for a in check.amounts] == [
        ("potassium", 3910),
        ("magnesium", 365),
    ]
    ((_, message),) = [(f.kind, f.message) for f in check.flags]
    assert message.startswith("15 mmol a day (= 365 mg) is above the US UL of 350 mg/day")


def test_a_percentage_of_the_rda_that_does_not_follow_from_the_dose() -> None:
    ((kind, message),) = _flags("Each capsule provides 240 mg magnesium, 120% of the RDA.")
    assert kind == FlagKind.PERCENT
    assert message.startswith("240 mg is 57–80% of the reference intake, not 120%")
    assert _flags("Each capsule provides 240 mg magnesium, 60% of the RDA.") == []
    ((_, message),) = _flags("Take 1000 IU vitamin D, 250% of the RDA.")
    assert message.startswith("1000 IU (= 25 µg) is 125–167% of the reference intake, not 250%")
    ((_, message),) = _flags("Iron 18 mg provides 200% of EFSA's PRI.")
    assert "is 112–164% of the reference intake, not 200% (EFSA's PRI for iron" in message
    assert _flags("Iron 18 mg provides 100% of the US RDA.") == []


def test_a_table_row_of_stated_values_under_a_nutrient_heading() -> None:
    row = (
        "RDA (Recommended Daily Allowance)\tMen: 400-420 mg Women: 310-320 mg\t240 mg covers"
        " ~57-77% of RDA - an optimal intervention level"
    )
    check = check_sentence(row, context_nutrient="magnesium")
    assert [a.role for a in check.amounts] == [Role.STATED_INTAKE, Role.STATED_INTAKE, Role.DOSE]
    assert check.flags == ()
    ul_row = (
        "UL (Tolerable Upper Intake Level) - EFSA & NIH\t350 mg/day\t240 mg is well below the UL"
    )
    ((_, message),) = _flags(ul_row, context_nutrient="magnesium")
    assert message.startswith("EFSA's UL for magnesium is 250 mg/day")


def test_the_matching_reference_values_are_listed_for_a_sentence_with_a_dose() -> None:
    check = check_sentence("Zinc picolinate 15 mg once daily.")
    assert check.nutrients == ("zinc",)
    assert check.lines[0] == "Zinc (mg/day, adults)"
    assert any(
        line.startswith("US RDA: male 11, female 8, pregnancy 11, lactation 12")
        for line in check.lines
    )
    assert any(line.startswith("EFSA UL: male 25, female 25") for line in check.lines)
    assert check_sentence("Zinc matters for immunity.").lines == ()  # no amount, nothing shown
    assert check_sentence("Take 400 mg twice daily.").lines == ()  # no nutrient named


def test_nutrients_are_found_by_their_names_and_forms() -> None:
    text = "Vitamin D3 (cholecalciferol), folic acid, vitamin B12 and magnesium glycinate."
    assert [key for key, _, _ in find_nutrients(text)] == [
        "vitamin_d",
        "vitamin_d",
        "folate",
        "vitamin_b12",
        "magnesium",
    ]
    assert find_nutrients("the environment and ironic calcium-rich") == []


def test_checking_a_sentence_takes_microseconds_not_milliseconds() -> None:
    sentence = "Each capsule provides 240 mg magnesium (120% of the RDA), below the UL of 350 mg."
    check_sentence(sentence)  # the table and the alias pattern are read once
    start = time.perf_counter()
    for _ in range(200):
        check_sentence(sentence)
    assert (time.perf_counter() - start) / 200 < 1e-3
