"""Inter-reviewer agreement: Krippendorff's alpha (nominal) and percent agreement.

Pure functions, no SQL, no numpy. Alpha follows Krippendorff (2011), "Computing
Krippendorff's Alpha-Reliability" (Annenberg School for Communication, University
of Pennsylvania), built on the coincidence matrix:

    o[c, k] = sum over units u of  #pairs (c, k) of values in u / (m_u - 1)
    alpha   = 1 - (n - 1) * sum_{c != k} o[c, k] / sum_{c != k} n_c * n_k

where m_u is the number of values in unit u, n_c the marginal of value c and n
the number of pairable values. Units with fewer than two values are not pairable
and are dropped. Identical units are tallied once with collections.Counter (a C
loop), so the Python work grows with the number of *distinct* units, not units.

Edge cases (also in docs/AGREEMENT.md):
- no pairable unit, or only one value in all pairable units (no variation):
  alpha is undefined and returned as None, with the number of units it was
  computed on;
- fewer than two reviewers: an empty report (every alpha None over 0 sentences,
  no pairs).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from assay.core.model import AnnotationState
from assay.core.vocabulary import CATEGORIES, values_of

# One reviewer's coding of one sentence: (categories, not_a_claim, verdict).
# A plain tuple: cheap to build for 300,000 annotations and hashable for tallies.
Coding = tuple[frozenset[str], bool, str | None]
# One sentence: one Coding per reviewer (in the report's reviewer order), None
# where that reviewer did not annotate it.
Unit = Sequence[Coding | None]

NOT_A_CLAIM = "not_a_claim"


@dataclass(frozen=True, slots=True)
class Alpha:
    """Krippendorff's alpha, or None when undefined, over `units` pairable units."""

    value: float | None
    units: int


@dataclass(frozen=True, slots=True)
class Agreement:
    """Share of units on which two coders gave the same value (None if no unit)."""

    value: float | None
    units: int


@dataclass(frozen=True, slots=True)
class PairAgreement:
    a: str
    b: str
    sentences: int  # sentences both reviewers annotated
    verdict: Agreement  # over those where both gave a verdict
    categories: Agreement  # over those where both decided the categories


@dataclass(frozen=True, slots=True)
class AgreementReport:
    reviewers: tuple[str, ...]
    categories: dict[str, Alpha]
    verdict: Alpha
    pairs: tuple[PairAgreement, ...]


# -- Krippendorff's alpha --------------------------------------------------------


def nominal_alpha(units: Iterable[Sequence[Hashable | None]]) -> Alpha:
    """Alpha for nominal data: one sequence of values per unit, None = missing."""
    return alpha_from_tally(Counter(map(tuple, units)))


def alpha_from_tally(tally: Mapping[tuple[Hashable | None, ...], int]) -> Alpha:
    """Alpha from distinct units (tuples of values, None = missing) → how often each occurs."""
    matrix, units = coincidence_matrix(tally)
    return Alpha(alpha_from_coincidences(matrix), units)


def coincidence_matrix(
    tally: Mapping[tuple[Hashable | None, ...], int],
) -> tuple[Counter[tuple[Hashable, Hashable]], int]:
    """The coincidence matrix o[c, k] and the number of pairable units."""
    matrix: Counter[tuple[Hashable, Hashable]] = Counter()
    pairable = 0
    for unit, count in tally.items():
        values = Counter(value for value in unit if value is not None)
        m = sum(values.values())
        if m < 2:
            continue  # not pairable
        pairable += count
        weight = count / (m - 1)
        for c, n_c in values.items():
            for k, n_k in values.items():
                # ordered pairs of distinct values (coders) within the unit
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    matrix[c, k] += pairs * weight
    return matrix, pairable


def alpha_from_coincidences(matrix: Mapping[tuple[Hashable, Hashable], float]) -> float | None:
    """alpha = 1 - D_o / D_e for the nominal metric; None when D_e is 0."""
    marginals: Counter[Hashable] = Counter()
    observed_disagreement = 0.0
    for (c, k), o in matrix.items():
        marginals[c] += o
        if c != k:
            observed_disagreement += o
    n = sum(marginals.values())
    # sum over c != k of n_c * n_k = n² - sum n_c²
    expected = n * n - sum(n_c * n_c for n_c in marginals.values())
    if n <= 1 or expected <= 1e-12:
        return None  # no variation at all: agreement cannot be told from chance
    return 1.0 - (n - 1) * observed_disagreement / expected


# -- percent agreement -------------------------------------------------------------


def percent_agreement(units: Iterable[Sequence[Hashable | None]], a: int, b: int) -> Agreement:
    """How often coders at positions a and b agree, over units both coded."""
    return agreement_from_tally(Counter((unit[a], unit[b]) for unit in units))


def agreement_from_tally(pairs: Mapping[tuple[Hashable | None, Hashable | None], int]) -> Agreement:
    """Percent agreement from (value a, value b) → count; None values are skipped."""
    both = same = 0
    for (x, y), count in pairs.items():
        if x is None or y is None:
            continue
        both += count
        if x == y:
            same += count
    return Agreement(same / both if both else None, both)


# -- the review's report ---------------------------------------------------------------


def coding_of(state: AnnotationState) -> Coding:
    return (frozenset(state.categories), state.not_a_claim, state.verdict)


def category_value(coding: Coding | None, category: str) -> bool | None:
    """Present/absent, or None (missing) when the categories were not decided.

    not_a_claim counts as absent for every category. An annotation with neither a
    category nor not_a_claim (only a verdict or a note) has not decided the
    categories, so it is missing rather than "absent everywhere".
    """
    if coding is None:
        return None
    categories, not_a_claim, _ = coding
    if not_a_claim:
        return False
    if not categories:
        return None
    return category in categories


def category_set_value(coding: Coding | None) -> frozenset[str] | str | None:
    """The whole category decision, for per-pair agreement."""
    if coding is None:
        return None
    categories, not_a_claim, _ = coding
    if not_a_claim:
        return NOT_A_CLAIM
    return categories or None


def verdict_value(coding: Coding | None) -> str | None:
    return None if coding is None else coding[2]


def agreement_report(
    reviewers: Sequence[str],
    units: Iterable[Unit],
    *,
    categories: Sequence[str] = values_of(CATEGORIES),
) -> AgreementReport:
    """Alpha per category and for the verdict, and percent agreement per pair.

    `units` holds one sequence per sentence with one Coding (or None) per reviewer,
    in the order of `reviewers`. Sentences fewer than two reviewers coded for a
    variable are dropped from that variable.
    """
    # Tally identical sentences once: every later step loops over distinct ones.
    return report_from_tally(reviewers, Counter(map(tuple, units)), categories=categories)


def report_from_tally(
    reviewers: Sequence[str],
    tally: Counter[tuple[Coding | None, ...]],
    *,
    categories: Sequence[str] = values_of(CATEGORIES),
) -> AgreementReport:
    """`agreement_report` from distinct sentences and how many of each there are."""
    names = tuple(reviewers)
    if len(names) < 2:
        return AgreementReport(names, {c: Alpha(None, 0) for c in categories}, Alpha(None, 0), ())
    per_category = {
        category: alpha_from_tally(
            _project(tally, lambda coding, c=category: category_value(coding, c))
        )
        for category in categories
    }
    verdict = alpha_from_tally(_project(tally, verdict_value))
    pairs = tuple(_pair(tally, names, a, b) for a, b in combinations(range(len(names)), 2))
    return AgreementReport(names, per_category, verdict, pairs)


def _project(tally: Counter[tuple[Coding | None, ...]], value_of: object) -> Counter[tuple]:
    """Map every distinct sentence to one variable's values, keeping the counts."""
    projected: Counter[tuple] = Counter()
    for unit, count in tally.items():
        projected[tuple(map(value_of, unit))] += count  # type: ignore[arg-type]
    return projected


def _pair(
    tally: Counter[tuple[Coding | None, ...]], names: tuple[str, ...], a: int, b: int
) -> PairAgreement:
    verdicts: Counter[tuple[str | None, str | None]] = Counter()
    category_sets: Counter[tuple[object, object]] = Counter()
    sentences = 0
    for unit, count in tally.items():
        x, y = unit[a], unit[b]
        if x is None or y is None:
            continue
        sentences += count
        verdicts[verdict_value(x), verdict_value(y)] += count
        category_sets[category_set_value(x), category_set_value(y)] += count
    return PairAgreement(
        names[a],
        names[b],
        sentences,
        agreement_from_tally(verdicts),
        agreement_from_tally(category_sets),
    )
