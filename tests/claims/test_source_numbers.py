"""A claim's numbers beside its cited source's: the statements with numbers of the
claim's kinds come closest first, and a claim number the source never states is marked."""

from __future__ import annotations

import pytest

from assay.claims.source_numbers import SourceText, compare

CLAIM = (
    "Clinical trials consistently demonstrate benefits at daily doses of 200-300 mg "
    "elemental magnesium, with magnesium glycinate outperforming inorganic salts in "
    "absorption (50–80% vs. <10%) and tolerability."
)
ABSTRACT = (
    "Magnesium salts differ in how well they are absorbed. "
    "We enrolled healthy adults and followed them for 12 weeks. "
    "Fractional absorption was 23% for magnesium oxide and 41% for magnesium glycinate. "
    "The magnesium supplements were well tolerated."
)


def test_claim_numbers_the_abstract_never_states_are_marked_and_percentages_come_first():
    found = compare(CLAIM, [SourceText("Doe et al. 2020, Nutrients", ABSTRACT)])
    assert [m.text for m in found.claim_numbers] == ["200-300 mg", "50–80%", "<10%"]
    assert [(m.text, CLAIM[m.start : m.end]) for m in found.absent] == [
        ("200-300 mg", "200-300 mg"),
        ("50–80%", "50–80%"),
        ("<10%", "<10%"),
    ]
    first = found.statements[0]
    assert first.text.startswith("Fractional absorption was 23%")
    assert first.work_label == "Doe et al. 2020, Nutrients"
    assert [m.text for m in first.numbers] == ["23%", "41%"]
    assert [m.text for m in first.claim_numbers] == ["50–80%", "<10%"]  # side by side
    assert first.shared_kinds == ("percent",) and first.shared_values == ()
    assert ABSTRACT[first.start : first.end] == first.text
    # Only statements with numbers of the claim's kinds: "12 weeks" is a duration.
    assert [s.text for s in found.statements] == [first.text]
    assert found.has_anything()


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Absorption was 50-80%.", "Absorption reached 50–80 % in most."),
        ("Absorption was 50–80%.", "Absorption reached 50 to 80 percent."),
        ("Take 350 mg a day.", "The UL is 350mg."),
        ("Take 350 mg a day.", "The UL is 350 mg/day for adults."),
        ("Take 0.35 g a day.", "The UL is 350 mg/day for adults."),
        ("Take 400 mcg of folate.", "Women took 400 µg folate."),
        ("It worked in 8 weeks.", "After 8 wk the scores fell."),
        ("A trial in n = 62.", "We randomised 62 participants."),
        ("Absorption was <10% for oxide.", "Oxide was absorbed at 10% only."),
        ("The effect held (p < 0.05).", "The effect was significant (p < 0.05)."),
        ("Scores doubled in 180 patients.", "We enrolled 180 patients."),
    ],
)
def test_the_same_figure_written_otherwise_is_not_marked_absent(claim, source):
    found = compare(claim, [SourceText("source", source)])
    assert found.claim_numbers and found.absent == ()
    assert found.statements[0].shared_values  # and the statement says so


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Absorption was 60%.", "Absorption ranged 50–80%."),  # inside a range: not the value
        ("Absorption was 50–80%.", "Absorption was 50% in some and 80% in others."),
        ("Absorption was 50–80%.", "Absorption was 50–70%."),
        ("Take 350 mg a day.", "Take 350 µg a day."),  # another unit
        ("It worked in 8 weeks.", "It worked in 8 days."),
        ("Absorption was 35%.", "Absorption rose by 35 mg."),
    ],
)
def test_a_different_figure_is_marked_absent(claim, source):
    found = compare(claim, [SourceText("source", source)])
    assert [m.text for m in found.absent] == [m.text for m in found.claim_numbers] != []


def test_statements_are_ranked_by_shared_kinds_then_values_then_words():
    claim = "In 120 adults, 300 mg daily for 8 weeks cut anxiety scores by 31% (p < 0.01)."
    source = (
        "Depression scores fell by 12%. "  # percent only
        "Anxiety scores fell by 31% in the adults. "  # percent, with the value
        "We gave 250 mg daily to 120 adults for 8 weeks. "  # dose, count, duration
        "Anxiety scores fell by 20%. "  # percent, more shared words than the first
        "Sleep improved (p = 0.03)."  # a p-value
    )
    found = compare(claim, [SourceText("source", source)])
    assert [s.text for s in found.statements] == [
        "We gave 250 mg daily to 120 adults for 8 weeks.",
        "Anxiety scores fell by 31% in the adults.",
        "Anxiety scores fell by 20%.",
        "Depression scores fell by 12%.",
        "Sleep improved (p = 0.03).",
    ]
    assert found.statements[0].shared_kinds == ("count", "dose", "duration")
    assert [m.text for m in found.absent] == ["300 mg daily", "< 0.01"]


def test_several_sources_are_searched_and_each_statement_names_its_work():
    claim = "Absorption was 50–80% vs <10%."
    found = compare(
        claim,
        [
            SourceText("A 2019", "Glycinate absorption was 50–80% in the trial."),
            SourceText("B 2020", "Oxide absorption stayed below 10% in every arm."),
        ],
    )
    assert found.absent == ()
    assert {s.work_label for s in found.statements} == {"A 2019", "B 2020"}
    assert found.sources == ("A 2019", "B 2020")


def test_a_claim_without_numbers_or_a_source_without_them_shows_what_it_should():
    nothing = compare("Magnesium helps sleep.", [SourceText("A", "Sleep improved by 20%.")])
    assert nothing.claim_numbers == () and not nothing.has_anything()
    # Plain numbers and years are not figures to compare.
    assert not compare("In 2015, 3 of them.", [SourceText("A", "Nothing.")]).has_anything()
    bare = compare("Absorption was 50–80%.", [SourceText("A", "No figures here at all.")])
    assert bare.statements == () and [m.text for m in bare.absent] == ["50–80%"]
    assert compare("Absorption was 50–80%.", []).absent != ()
