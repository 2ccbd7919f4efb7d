"""Claim-type suggestions: precision, recall and F1 per category, and speed.

Labels: tests/fixtures/labels.json, 805 sentences of the two samples labelled by hand
(categories or "not a claim"). Measured, per target (mechanism, efficacy, dose,
safety, not_a_claim):

- rules: `suggest` on every labelled sentence (nothing to train);
- model alone: 5-fold cross-validation (seeded shuffle), classifiers only
  (`Model.suggest(..., use_rules=False)`);
- model as shipped: the same folds, each target decided by its classifier or, where
  the rule did better on the training folds, by the rule;
- online: the reviewer labels the sentences in reading order (seed 000, then 001);
  each sentence gets `suggest_with(model)` before it is labelled, the model retrained
  every 25 labels once `train` returns one (rules until then).

Speed: suggestions for 10,000 sentences (the labelled sentences repeated), rules and
model (trained on all of them), median of 3, against a same-run baseline of
`len(text.split())` over the same sentences; training on all the labels and on the
set four times. Targets: 10,000 suggestions under 1 s each way; training a few
thousand labels well under 1 s.
Run: python bench/bench_suggestions.py
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from _common import Figure, median, print_table
from assay.claims.suggestion_model import TARGETS, Model, suggest_with, train
from assay.claims.suggestions import Suggestion, suggest
from assay.core.model import AnnotationState, BlockKind

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "fixtures" / "labels.json"
FOLDS = 5
SHUFFLE_SEED = 2026
RETRAIN_EVERY = 25
SENTENCES = 10_000
REPEATS = 3
TARGET_S = 1.0

Labelled = tuple[str, BlockKind, AnnotationState]
Scores = dict[str, tuple[float, float, float, int]]  # target → precision, recall, F1, support


def load_labels() -> list[Labelled]:
    rows = json.loads(LABELS.read_text(encoding="utf-8"))["sentences"]
    return [
        (
            row["text"],
            BlockKind(row["kind"]),
            AnnotationState(
                categories=frozenset(row["categories"]), not_a_claim=row["not_a_claim"]
            ),
        )
        for row in rows
    ]


def targets_of_state(state: AnnotationState) -> set[str]:
    return {"not_a_claim"} if state.not_a_claim else set(state.categories)


def targets_of_suggestion(suggestion: Suggestion) -> set[str]:
    return {"not_a_claim"} if suggestion.not_a_claim else set(suggestion.categories)


def scores(pairs: Sequence[tuple[set[str], set[str]]]) -> Scores:
    """Precision, recall, F1 and support per target from (true, suggested) pairs."""
    out: Scores = {}
    for target in TARGETS:
        hits = sum(1 for true, said in pairs if target in true and target in said)
        said = sum(1 for _, suggested in pairs if target in suggested)
        true = sum(1 for actual, _ in pairs if target in actual)
        precision = hits / said if said else 0.0
        recall = hits / true if true else 0.0
        f1 = 2 * hits / (said + true) if said + true else 0.0
        out[target] = (precision, recall, f1, true)
    return out


def rules_on_all(rows: Sequence[Labelled]) -> Scores:
    return scores([(targets_of_state(s), targets_of_suggestion(suggest(t, k))) for t, k, s in rows])


def cross_validated(rows: Sequence[Labelled], *, use_rules: bool) -> Scores:
    order = list(range(len(rows)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    pairs: list[tuple[set[str], set[str]]] = []
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS])
        model = train([row for index, row in enumerate(rows) if index not in held])
        assert model is not None, "every training fold has enough labels"
        for index in sorted(held):
            text, kind, state = rows[index]
            said = model.suggest(text, kind, use_rules=use_rules)
            pairs.append((targets_of_state(state), targets_of_suggestion(said)))
    return scores(pairs)


def online(rows: Sequence[Labelled]) -> tuple[Scores, int | None]:
    """Suggest each sentence before it is labelled; retrain every RETRAIN_EVERY labels."""
    model: Model | None = None
    first_model_at: int | None = None
    pairs: list[tuple[set[str], set[str]]] = []
    for index, (text, kind, state) in enumerate(rows):
        if index and index % RETRAIN_EVERY == 0:
            model = train(rows[:index])
            if model is not None and first_model_at is None:
                first_model_at = index
        said = suggest_with(model, text, kind)
        pairs.append((targets_of_state(state), targets_of_suggestion(said)))
    return scores(pairs), first_model_at


def print_scores(title: str, table: Scores) -> None:
    print(f"\n{title}")
    print(f"{'target':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for target, (precision, recall, f1, support) in table.items():
        print(f"{target:<12} {precision:>9.2f} {recall:>7.2f} {f1:>6.2f} {support:>8}")
    macro = sum(f1 for _, _, f1, _ in table.values()) / len(table)
    print(f"{'macro F1':<12} {'':>9} {'':>7} {macro:>6.2f}")


def timed(action: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return median(times)


def f1_only(table: Scores) -> dict[str, float]:
    return {target: round(f1, 2) for target, (_, _, f1, _) in table.items()}


def main() -> int:
    rows = load_labels()
    print(f"{len(rows)} labelled sentences from {LABELS.relative_to(ROOT)}")

    rules = rules_on_all(rows)
    print_scores("rules, all labelled sentences", rules)
    model_alone = cross_validated(rows, use_rules=False)
    print_scores(f"model alone, {FOLDS}-fold cross-validation", model_alone)
    shipped = cross_validated(rows, use_rules=True)
    print_scores(f"model as shipped (rule where it did better), {FOLDS}-fold", shipped)
    in_order, first_model_at = online(rows)
    print_scores(
        f"online: rules until a model, then the model (first model at label "
        f"{first_model_at}, retrained every {RETRAIN_EVERY})",
        in_order,
    )
    full = train(rows)
    assert full is not None
    print(f"\nsources with all {len(rows)} labels: {full.sources}")

    sentences = [(text, kind) for text, kind, _ in rows]
    sentences = (sentences * (SENTENCES // len(sentences) + 1))[:SENTENCES]
    baseline = timed(lambda: [len(text.split()) for text, _ in sentences])
    rules_s = timed(lambda: [suggest(text, kind) for text, kind in sentences])
    model_s = timed(lambda: [full.suggest(text, kind) for text, kind in sentences])
    train_s = timed(lambda: train(rows))
    train_4x_s = timed(lambda: train(rows * 4))
    print()
    print_table(
        [
            Figure("rules, 10,000 sentences", rules_s, "s", baseline, "< 1 s", rules_s < TARGET_S),
            Figure("model, 10,000 sentences", model_s, "s", baseline, "< 1 s", model_s < TARGET_S),
            Figure(f"train on {len(rows)} labels", train_s, "s", None, "< 1 s", train_s < 1),
            Figure(
                f"train on {4 * len(rows)} labels", train_4x_s, "s", None, "< 1 s", train_4x_s < 1
            ),
        ]
    )
    print(
        json.dumps(
            {
                "rules_f1": f1_only(rules),
                "model_cv_f1": f1_only(model_alone),
                "shipped_cv_f1": f1_only(shipped),
                "online_f1": f1_only(in_order),
                "rules_10k_s": round(rules_s, 3),
                "model_10k_s": round(model_s, 3),
                "baseline_10k_s": round(baseline, 4),
                "train_all_s": round(train_s, 3),
                "train_4x_s": round(train_4x_s, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
