"""Krippendorff's alpha and percent agreement, checked against published examples."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assay.exchange.agreement import (
    Agreement,
    Alpha,
    agreement_report,
    coincidence_matrix,
    nominal_alpha,
    percent_agreement,
)

N = None

# Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability". Annenberg
# School for Communication, University of Pennsylvania (repository.upenn.edu/asc_papers/43),
# section C, "Nominal data, any number of observers, missing values": 4 observers
# (A-D) × 12 units, "." = missing. Published result: alpha_nominal = 0.743.
# (The same matrix is the nominal test case of DescTools::KrippAlpha / irr::kripp.alpha.)
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
}

# Wikipedia, "Krippendorff's alpha", section "A computational example": 3 coders ×
# 15 units, "*" = missing. Published result: alpha_nominal = 0.691.
WIKIPEDIA = {
    "1": [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
    "2": [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
    "3": [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
}


def units_of(matrix: dict[str, list[int | None]]) -> list[tuple[int | None, ...]]:
    return list(zip(*matrix.values(), strict=True))


def test_krippendorff_2011_nominal_example() -> None:
    result = nominal_alpha(units_of(KRIPPENDORFF_2011))
    assert result.value is not None
    assert round(result.value, 3) == 0.743
    assert result.units == 11  # unit 12 holds one value: not pairable


def test_krippendorff_2011_coincidence_marginals() -> None:
    """The paper's coincidence matrix has marginals n_1..n_5 = 9, 13, 10, 5, 3 (n = 40)."""
    matrix, units = coincidence_matrix(Counter(units_of(KRIPPENDORFF_2011)))
    marginals: Counter[object] = Counter()
    for (c, _), o in matrix.items():
        marginals[c] += o
    assert {c: round(n, 9) for c, n in marginals.items()} == {1: 9, 2: 13, 3: 10, 4: 5, 5: 3}
    assert round(sum(marginals.values()), 9) == 40
    assert round(matrix[1, 2], 9) == round(4 / 3, 9)
    assert matrix[3, 3] == 8  # units 3 and 4: four 3s each, 4·3/3 = 4
    assert units == 11


def test_wikipedia_computational_example() -> None:
    result = nominal_alpha(units_of(WIKIPEDIA))
    assert result.value is not None
    assert round(result.value, 3) == 0.691
    assert result.units == 12  # units 1, 2 and 14 hold fewer than two values


def test_unpairable_and_invariant_data_are_undefined() -> None:
    assert nominal_alpha([]) == Alpha(None, 0)
    assert nominal_alpha([(1, None), (None, 2)]) == Alpha(None, 0)
    # everyone always says the same thing: no variation, alpha undefined (not 1)
    assert nominal_alpha([("x", "x"), ("x", "x", None)]) == Alpha(None, 2)


def test_percent_agreement_over_units_both_coded() -> None:
    units = [(1, 1, 2), (1, 2, 2), (None, 3, 3), (2, 2, None)]
    assert percent_agreement(units, 0, 1) == Agreement(2 / 3, 3)
    assert percent_agreement(units, 1, 2) == Agreement(2 / 3, 3)
    assert percent_agreement([(1, None)], 0, 1) == Agreement(None, 0)


values = st.sampled_from(["a", "b", "c", "d"])
unit = st.lists(st.one_of(st.none(), values), min_size=3, max_size=3)
matrices = st.lists(unit, min_size=1, max_size=30)


@given(st.lists(st.tuples(values, st.integers(2, 4)), min_size=2, max_size=30))
def test_perfect_agreement_is_one_when_values_vary(rows: list[tuple[str, int]]) -> None:
    units = [(value,) * m for value, m in rows]
    result = nominal_alpha(units)
    if len({value for value, _ in rows}) > 1:
        assert result.value == pytest.approx(1.0)
    else:
        assert result.value is None
    assert result.units == len(rows)


@given(matrices, st.permutations(["a", "b", "c", "d"]))
def test_alpha_ignores_the_names_of_the_values(data: list[list[str | None]], names) -> None:
    relabel = dict(zip(["a", "b", "c", "d"], names, strict=True))
    renamed = [[None if v is None else relabel[v] for v in u] for u in data]
    assert _same(nominal_alpha(data), nominal_alpha(renamed))


@given(matrices, st.permutations([0, 1, 2]))
def test_alpha_ignores_the_order_of_coders(data: list[list[str | None]], order) -> None:
    reordered = [[u[i] for i in order] for u in data]
    assert _same(nominal_alpha(data), nominal_alpha(reordered))


@given(matrices)
def test_alpha_is_at_most_one(data: list[list[str | None]]) -> None:
    value = nominal_alpha(data).value
    assert value is None or value <= 1.0 + 1e-9


def _same(x: Alpha, y: Alpha) -> bool:
    if x.value is None or y.value is None:
        return x == y
    return x.units == y.units and x.value == pytest.approx(y.value)


# -- the review report -------------------------------------------------------------


def test_report_counts_not_a_claim_as_absent_and_undecided_as_missing() -> None:
    eff = (frozenset({"efficacy"}), False, "supported")
    eff_dose = (frozenset({"efficacy", "dose"}), False, "overstated")
    nac = (frozenset(), True, None)
    note_only = (frozenset(), False, None)
    units = [
        (eff, eff, None),
        (eff, eff_dose, eff),
        (nac, nac, eff),
        (note_only, eff, None),  # categories undecided by Ada: one value, dropped
        (eff, None, None),  # one reviewer only: never pairable
    ]
    report = agreement_report(["Ada", "Ben", "Cy"], units)
    assert report.categories["efficacy"].units == 3
    # efficacy: (T,T), (T,T,T), (F,F,T) → one disagreeing pair-set
    assert report.categories["efficacy"] == nominal_alpha(
        [(True, True), (True, True, True), (False, False, True)]
    )
    assert report.categories["mechanism"] == Alpha(None, 3)  # always absent: undefined
    assert report.verdict == nominal_alpha(
        [("supported", "supported"), ("supported", "overstated", "supported")]
    )
    ada_ben, ada_cy, ben_cy = report.pairs
    assert (ada_ben.a, ada_ben.b, ada_ben.sentences) == ("Ada", "Ben", 4)
    assert ada_ben.verdict == Agreement(0.5, 2)
    assert ada_ben.categories == Agreement(2 / 3, 3)  # note_only is missing
    assert ada_cy.sentences == 2 and ada_cy.categories == Agreement(0.5, 2)
    assert ben_cy.verdict == Agreement(0.0, 1)


def test_report_with_fewer_than_two_reviewers_is_empty() -> None:
    report = agreement_report(["Ada"], [((frozenset({"dose"}), False, "supported"),)])
    assert report.pairs == ()
    assert report.verdict == Alpha(None, 0)
    assert set(report.categories) == {"mechanism", "efficacy", "dose", "safety"}
    assert all(alpha == Alpha(None, 0) for alpha in report.categories.values())
