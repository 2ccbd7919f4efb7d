"""Suggested claim types: the transparent rules, and the model of a reviewer's labels.

Sentences are real ones from the samples; labels come from tests/fixtures/labels.json
(hand labels of both samples, see docs/SUGGESTIONS.md).
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from assay.claims.suggestion_model import (
    MIN_LABELLED,
    TARGETS,
    Model,
    features,
    suggest_with,
    train,
)
from assay.claims.suggestions import NO_SUGGESTION, Suggestion, suggest
from assay.core.model import AnnotationState, BlockKind
from assay.text.pipeline import parse_file
from support import REPO

LABELS = REPO / "tests" / "fixtures" / "labels.json"
Labelled = tuple[str, BlockKind, AnnotationState]

DOSE = (
    "Keyora MoodFlow delivers 240 mg of elemental magnesium per day, sourced exclusively from "
    "magnesium glycinate."
)
SAFETY = (
    "It strongly irritates the gastrointestinal tract and is prone to causing diarrhea and "
    "bloating."
)
MECHANISM = (
    "Magnesium acts as a positive allosteric modulator of GABAA receptors, strengthening "
    "central inhibitory neurotransmission and dampening excessive neuronal excitability."
)
EFFICACY = (
    "– Magnesium supplementation improved sleep quality in elderly individuals, especially in "
    "cases of insomnia coexisting with anxiety."
)
HEADING = "2) Overview of Common Magnesium Sources"
REFERENCE = (
    "✓ Boyle NB, Lawton C, Dye L. The effects of magnesium supplementation on subjective "
    "anxiety and stress – a systematic review. Nutrients. 2017;9(5):429."
)
TABLE_HEADER = "Study\tDaily Dose\tFindings"


@cache
def labelled_rows() -> tuple[dict[str, object], ...]:
    return tuple(json.loads(LABELS.read_text(encoding="utf-8"))["sentences"])


def as_labelled(row: dict[str, object]) -> Labelled:
    state = AnnotationState(
        categories=frozenset(row["categories"]),  # type: ignore[arg-type]
        not_a_claim=bool(row["not_a_claim"]),
    )
    return str(row["text"]), BlockKind(str(row["kind"])), state


def row_at(document_prefix: str, ordinal: int) -> dict[str, object]:
    return next(
        row
        for row in labelled_rows()
        if str(row["document"]).startswith(document_prefix) and row["ordinal"] == ordinal
    )


# ---------------------------------------------------------------------------- labels


def test_labels_match_the_sentences_of_the_samples() -> None:
    documents: dict[str, list[tuple[str, str]]] = {}
    for row in labelled_rows():
        name = str(row["document"])
        if name not in documents:
            doc = parse_file(REPO / "seeds" / name)
            documents[name] = [(doc.text[s.start : s.end], s.kind.value) for s in doc.sentences]
        assert documents[name][int(row["ordinal"])] == (row["text"], row["kind"]), row  # type: ignore[call-overload]
    assert len(labelled_rows()) >= 150
    assert len(documents) == 2


def test_labels_are_categories_or_not_a_claim() -> None:
    for row in labelled_rows():
        categories = set(row["categories"])  # type: ignore[call-overload]
        assert categories <= set(TARGETS) - {"not_a_claim"}
        assert bool(categories) != bool(row["not_a_claim"]), row


# ---------------------------------------------------------------------------- rules


def test_a_dose_sentence_gets_dose_with_the_number_as_reason() -> None:
    result = suggest(DOSE, BlockKind.PARAGRAPH)
    assert "dose" in result.categories
    assert not result.not_a_claim
    assert "‘240 mg’ is a dose" in result.reasons
    assert result.confidence >= 0.9
    assert result.source == "rules"


def test_a_safety_sentence_gets_safety_with_the_words_as_reason() -> None:
    result = suggest(SAFETY, BlockKind.LIST_ITEM)
    assert result.categories == {"safety"}
    [reason] = result.reasons
    assert "‘diarrhea’" in reason and "‘irritates’" in reason and reason.endswith("(safety)")


def test_a_mechanism_sentence() -> None:
    result = suggest(MECHANISM, BlockKind.LIST_ITEM)
    assert "mechanism" in result.categories
    assert any("‘receptors’" in reason or "‘allosteric’" in reason for reason in result.reasons)


def test_an_efficacy_sentence() -> None:
    result = suggest(EFFICACY, BlockKind.PARAGRAPH)
    assert result.categories == {"efficacy"}
    assert "‘improved’ (efficacy)" in result.reasons


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        (HEADING, BlockKind.HEADING, "a heading"),
        (REFERENCE, BlockKind.REFERENCE, "a reference entry"),
        (TABLE_HEADER, BlockKind.TABLE_HEADER, "a table header"),
        ("Recommended for you", BlockKind.PARAGRAPH, "boilerplate: ‘Recommended for you’"),
        ("You may also like", BlockKind.PARAGRAPH, "boilerplate: ‘You may also like’"),
        ("The result?", BlockKind.PARAGRAPH, "a question"),
        ("Adv Nutr. 2016;7(1):25–43.", BlockKind.PARAGRAPH, "a citation: ‘2016;7(1):25’"),
        ("Summary:", BlockKind.PARAGRAPH, "a fragment of fewer than three words"),
        ("Limitations of inorganic salts:", BlockKind.LIST_ITEM, "a short lead-in to a list"),
        (
            "From Passive Uptake to Active Transport",
            BlockKind.PARAGRAPH,
            "looks like a heading: capitalised words, no full stop",
        ),
    ],
)
def test_not_a_claim(text: str, kind: BlockKind, reason: str) -> None:
    result = suggest(text, kind)
    assert result.not_a_claim
    assert result.categories == frozenset()
    assert result.reasons == (reason,)


def test_a_heading_is_not_a_claim_even_with_a_dose_in_it() -> None:
    # Headings are reviewed in the body text that states them (docs/SUGGESTIONS.md).
    result = suggest("VI Keyora MoodFlow - Daily Magnesium Intake: 240 mg", BlockKind.HEADING)
    assert result.not_a_claim


def test_nothing_to_go_on_gives_no_suggestion() -> None:
    result = suggest("It is classified as an organic form by most writers.", BlockKind.PARAGRAPH)
    assert result == NO_SUGGESTION
    assert result.is_empty


def test_every_rule_suggestion_is_explained_and_bounded() -> None:
    for row in labelled_rows():
        text, kind, _ = as_labelled(row)
        result = suggest(text, kind)
        assert not (result.not_a_claim and result.categories)
        assert 0.0 <= result.confidence <= 1.0
        assert bool(result.reasons) == (not result.is_empty)


def test_rules_are_deterministic() -> None:
    assert suggest(DOSE, BlockKind.PARAGRAPH) == suggest(DOSE, BlockKind.PARAGRAPH)


# ---------------------------------------------------------------------------- model


def held_out(row: dict[str, object]) -> bool:
    """Seed 001's dose section (sentences 288-331): dose sentences the model never saw."""
    return str(row["document"]).startswith("001") and 288 <= int(row["ordinal"]) <= 331  # type: ignore[call-overload]


@cache
def trained_without_dose_section() -> Model:
    model = train([as_labelled(row) for row in labelled_rows() if not held_out(row)])
    assert model is not None
    return model


def test_no_model_until_enough_labels() -> None:
    rows = [as_labelled(row) for row in labelled_rows()]
    assert train(rows[: MIN_LABELLED - 1]) is None
    unlabelled = [(text, kind, AnnotationState()) for text, kind, _ in rows]
    assert train(unlabelled) is None  # empty annotations are not labels


def test_no_model_while_a_category_has_too_few_examples() -> None:
    rows = [as_labelled(row) for row in labelled_rows()]
    without_safety = [row for row in rows if "safety" not in row[2].categories]
    assert len(without_safety) > MIN_LABELLED
    assert train(without_safety) is None


def test_a_held_out_dose_sentence_gets_dose_from_the_classifier() -> None:
    model = trained_without_dose_section()
    text, kind, _ = as_labelled(row_at("001", 290))
    assert text == DOSE
    assert model.probabilities(text, kind)["dose"] >= model.thresholds["dose"]
    learnt = model.suggest(text, kind, use_rules=False)
    assert "dose" in learnt.categories
    assert learnt.source == "model"
    assert any(reason.startswith("dose: ") for reason in learnt.reasons)
    assert "dose" in model.suggest(text, kind).categories


def test_held_out_sentences_of_the_dose_section() -> None:
    model = trained_without_dose_section()
    hits = total = 0
    for row in labelled_rows():
        if held_out(row) and "dose" in row["categories"]:  # type: ignore[operator]
            text, kind, _ = as_labelled(row)
            total += 1
            hits += "dose" in model.suggest(text, kind).categories
    assert total >= 10
    assert hits >= 0.8 * total


def test_held_out_heading_and_reference_are_not_claims() -> None:
    model = trained_without_dose_section()
    for text, kind in ((HEADING, BlockKind.HEADING), (REFERENCE, BlockKind.REFERENCE)):
        result = model.suggest(text, kind, use_rules=False)
        assert result.not_a_claim, text
        assert 0.5 <= result.confidence <= 1.0


def test_model_reasons_name_learnt_features() -> None:
    model = trained_without_dose_section()
    result = model.suggest(MECHANISM, BlockKind.LIST_ITEM, use_rules=False)
    assert "mechanism" in result.categories
    [reason] = [r for r in result.reasons if r.startswith("mechanism: ")]
    assert reason.endswith("(learnt from your labels)")
    assert "‘" in reason or "rule" in reason


def test_model_sources_follow_which_did_better() -> None:
    model = trained_without_dose_section()
    assert set(model.sources) == set(TARGETS)
    for classifier in model.classifiers:
        expected = "rules" if classifier.rule_f1 > classifier.model_f1 else "model"
        assert model.sources[classifier.target] == expected


def test_probabilities_are_probabilities() -> None:
    model = trained_without_dose_section()
    for row in labelled_rows()[:200]:
        text, kind, _ = as_labelled(row)
        assert all(0.0 <= p <= 1.0 for p in model.probabilities(text, kind).values())
        result = model.suggest(text, kind)
        assert not (result.not_a_claim and result.categories)
        assert bool(result.reasons) == (not result.is_empty)


def test_training_is_deterministic() -> None:
    rows = [as_labelled(row) for row in labelled_rows()]
    first, second = train(rows), train(list(rows))
    assert first == second
    assert first is not None and second is not None
    for text, kind, _ in rows[::7]:
        assert first.suggest(text, kind) == second.suggest(text, kind)


def test_suggest_with_uses_the_model_once_there_is_one() -> None:
    model = trained_without_dose_section()
    assert suggest_with(None, SAFETY, BlockKind.LIST_ITEM) == suggest(SAFETY, BlockKind.LIST_ITEM)
    from_model = suggest_with(model, SAFETY, BlockKind.LIST_ITEM)
    assert from_model == model.suggest(SAFETY, BlockKind.LIST_ITEM)
    assert from_model.source == "model"
    assert isinstance(from_model, Suggestion)


def test_features_include_words_pairs_kind_numbers_and_rules() -> None:
    found = features(DOSE, BlockKind.PARAGRAPH)
    assert {"delivers", "#n mg", "#kind paragraph", "#dose number", "#rule dose"} <= found
    assert "of" not in found  # a stop word alone says nothing
    assert "240" not in found  # digits are "#n": the amount is in "#dose number"
