"""The model behind suggestions once the reviewer has labelled enough sentences.

`train(labelled)` → `Model`: one binary naive Bayes classifier per category and one
for "not a claim", on the reviewer's own labels (words, word pairs, the block kind,
the kinds of numbers in the sentence, which rules fire). Pure Python, deterministic,
calibrated on leave-one-out scores so that `confidence` reads as a probability. Where
a rule beats its classifier on the reviewer's labels (F1, classifier scored left-out),
the rule keeps deciding that target. `suggest_with(model, text, kind)` uses the model
once there is one, the rules otherwise.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assay.claims.numbers import NumberKind, find_numbers
from assay.claims.suggestions import (
    CATEGORY_VALUES,
    END_PUNCTUATION,
    MAX_CUES_SHOWN,
    Cues,
    Suggestion,
    rule_findings,
    suggest,
    suggestion_from,
)
from assay.core.model import AnnotationState, BlockKind
from assay.core.vocabulary import NOT_A_CLAIM

TARGETS: tuple[str, ...] = (*CATEGORY_VALUES, NOT_A_CLAIM.value)
MIN_LABELLED = 30  # labelled sentences before a model is trained
MIN_PER_TARGET = 3  # sentences with, and without, each category and "not a claim"
THRESHOLD = 0.5  # the default cut, before `_best_threshold` moves it
MIN_THRESHOLD = 0.2
MAX_THRESHOLD = 0.6
_SMOOTHING = 0.5  # additive (Lidstone) smoothing of feature counts
_MIN_DOCUMENT_FREQUENCY = 2  # a feature seen once tells nothing about the next sentence
_CALIBRATION_STEPS = 30
_CALIBRATION_POINTS = 1500
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
# fmt: off
_STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was",
    "were", "which", "with",
})
# fmt: on
_NUMBER_FEATURES = {
    NumberKind.DOSE: "#dose number",
    NumberKind.PERCENT: "#percentage",
    NumberKind.DURATION: "#duration",
    NumberKind.COUNT: "#count",
    NumberKind.RATIO: "#ratio",
}
_FEATURE_NAMES = {
    "#dose number": "a dose number",
    "#percentage": "a percentage",
    "#duration": "a duration",
    "#count": "a count",
    "#ratio": "a ratio",
    "#question": "a question",
    "#short": "a short fragment",
    "#no full stop": "no full stop",
    "#ends with colon": "ends with a colon",
}


def features(text: str, kind: BlockKind) -> frozenset[str]:
    """What the model sees of a sentence: its words and word pairs, the block kind, the
    kinds of numbers in it, and which rules fire (so the model learns how far this
    reviewer agrees with each rule)."""
    return _observe(text, kind).features


@dataclass(frozen=True, slots=True)
class _Observed:
    features: frozenset[str]
    rules: dict[str, Cues]  # the rule findings, per target


def _observe(text: str, kind: BlockKind) -> _Observed:
    tokens = ["#n" if token.isdigit() else token for token in _TOKEN.findall(text.lower())]
    found = {token for token in tokens if token not in _STOP_WORDS}
    found.update(f"{first} {second}" for first, second in zip(tokens, tokens[1:], strict=False))
    found.add(f"#kind {kind.value}")
    mentions = find_numbers(text)
    found.update(_NUMBER_FEATURES[m.kind] for m in mentions if m.kind in _NUMBER_FEATURES)
    rules = rule_findings(text, kind, mentions)
    found.update(f"#rule {target}" for target in rules)
    stripped = text.rstrip()
    if stripped.endswith("?"):
        found.add("#question")
    elif stripped.endswith(":"):
        found.add("#ends with colon")
    elif not stripped.endswith(END_PUNCTUATION):
        found.add("#no full stop")
    if len(tokens) < 4:
        found.add("#short")
    return _Observed(frozenset(found), rules)


@dataclass(frozen=True, slots=True)
class _Classifier:
    """Binary naive Bayes for one target: logit = bias + Σ weights, then Platt scaling.

    `uses_rules`: on this reviewer's labels the rule for the target did better (F1) than
    the classifier did on the same labels left out, so the rule decides the target.
    """

    target: str
    bias: float
    weights: dict[str, float]
    scale: float  # Platt scaling, fitted on leave-one-out logits
    offset: float
    threshold: float  # suggested from this probability: the best left-out F1
    model_f1: float  # left-out, at `threshold`
    rule_f1: float
    uses_rules: bool

    def probability(self, present: Sequence[str]) -> float:
        logit = self.bias + sum(map(self.weights.__getitem__, present))
        return _sigmoid(self.scale * logit + self.offset)

    def reason(self, present: Sequence[str]) -> str:
        """The present features that count most for the target."""
        ranked = sorted(present, key=lambda feature: (-self.weights[feature], feature))
        top = [f for f in ranked[:MAX_CUES_SHOWN] if self.weights[f] > 0]
        label = self.target.replace("_", " ")
        if not top:
            return f"{label}: learnt from your labels"
        return f"{label}: {', '.join(map(_feature_name, top))} (learnt from your labels)"


@dataclass(frozen=True, slots=True)
class Model:
    """Per-target classifiers trained on one reviewer's labels."""

    classifiers: tuple[_Classifier, ...]
    vocabulary: frozenset[str]
    trained_on: int

    @property
    def sources(self) -> dict[str, str]:
        """Which decides each target: "model" or "rules"."""
        return {c.target: "rules" if c.uses_rules else "model" for c in self.classifiers}

    @property
    def thresholds(self) -> dict[str, float]:
        """The probability from which each classifier suggests its target."""
        return {c.target: c.threshold for c in self.classifiers}

    def probabilities(self, text: str, kind: BlockKind) -> dict[str, float]:
        """Each classifier's probability, whether or not it decides its target."""
        present = sorted(_observe(text, kind).features & self.vocabulary)
        return {c.target: c.probability(present) for c in self.classifiers}

    def suggest(self, text: str, kind: BlockKind, *, use_rules: bool = True) -> Suggestion:
        """Each target decided by its classifier, or by its rule where the rule did
        better on the labels (unless `use_rules` is False: classifiers only)."""
        observed = _observe(text, kind)
        present = sorted(observed.features & self.vocabulary)
        found: dict[str, Cues] = {}
        for classifier in self.classifiers:
            target = classifier.target
            if use_rules and classifier.uses_rules:
                if target in observed.rules:
                    found[target] = observed.rules[target]
                continue
            probability = classifier.probability(present)
            if probability >= classifier.threshold:
                found[target] = Cues([classifier.reason(present)], probability)
        return suggestion_from(found, "model")


def _feature_name(feature: str) -> str:
    if feature.startswith("#rule "):
        return f"the {feature.removeprefix('#rule ').replace('_', ' ')} rule"
    if feature.startswith("#kind "):
        return f"a {feature.removeprefix('#kind ').replace('_', ' ')} block"
    return _FEATURE_NAMES.get(feature, f"‘{feature}’")


def train(labelled: Sequence[tuple[str, BlockKind, AnnotationState]]) -> Model | None:
    """A model of one reviewer's labels, or None until there are enough of them.

    Enough: `MIN_LABELLED` sentences with a category or "not a claim", and at least
    `MIN_PER_TARGET` with and without each category and "not a claim". Deterministic:
    the same labels in the same order give the same model.
    """
    examples = [
        (_observe(text, kind), _targets_of(state))
        for text, kind, state in labelled
        if state.categories or state.not_a_claim
    ]
    if len(examples) < MIN_LABELLED:
        return None
    for target in TARGETS:
        positives = sum(1 for _, targets in examples if target in targets)
        if min(positives, len(examples) - positives) < MIN_PER_TARGET:
            return None
    document_frequency: Counter[str] = Counter()
    for observed, _ in examples:
        document_frequency.update(observed.features)
    vocabulary = frozenset(
        feature for feature, count in document_frequency.items() if count >= _MIN_DOCUMENT_FREQUENCY
    )
    kept = [(sorted(observed.features & vocabulary), targets) for observed, targets in examples]
    frequency = {feature: document_frequency[feature] for feature in sorted(vocabulary)}
    classifiers = tuple(
        _train_classifier(
            target,
            kept,
            frequency,
            rule_f1=_f1((target in seen.rules, target in targets) for seen, targets in examples),
        )
        for target in TARGETS
    )
    return Model(classifiers, vocabulary, len(examples))


def suggest_with(model: Model | None, text: str, kind: BlockKind) -> Suggestion:
    """The model's suggestion once one is trained, the rules' until then."""
    return model.suggest(text, kind) if model is not None else suggest(text, kind)


def _f1(predicted_and_true: Iterable[tuple[bool, bool]]) -> float:
    hits = predicted = actual = 0
    for said, true in predicted_and_true:
        hits += said and true
        predicted += said
        actual += true
    return 2 * hits / (predicted + actual) if predicted + actual else 0.0


def _targets_of(state: AnnotationState) -> frozenset[str]:
    if state.not_a_claim:
        return frozenset({NOT_A_CLAIM.value})
    return frozenset(state.categories) & frozenset(CATEGORY_VALUES)


def _train_classifier(
    target: str,
    examples: Sequence[tuple[list[str], frozenset[str]]],
    frequency: dict[str, int],
    *,
    rule_f1: float,
) -> _Classifier:
    """Multinomial naive Bayes on binary features, one class against the rest.

    `frequency`: in how many examples each feature of the vocabulary appears.
    """
    positive: dict[str, int] = {}
    documents = [0, 0]
    for present, targets in examples:
        side = int(target in targets)
        documents[side] += 1
        if side:
            for feature in present:
                positive[feature] = positive.get(feature, 0) + 1
    negative = {
        feature: count - positive.get(feature, 0)
        for feature, count in frequency.items()
        if count > positive.get(feature, 0)
    }
    totals = (sum(negative.values()), sum(positive.values()))
    smoothed = _SMOOTHING * len(frequency)
    # log(count + smoothing) for every count that can occur, looked up, not recomputed
    log_share = [math.log(count + _SMOOTHING) for count in range(len(examples) + 1)]
    totals_term = math.log(totals[0] + smoothed) - math.log(totals[1] + smoothed)
    weights = {
        feature: log_share[positive.get(feature, 0)]
        - log_share[negative.get(feature, 0)]
        + totals_term
        for feature in frequency
    }
    # The same without the totals, as seen by a left-out example: one occurrence fewer
    # in its own class, for the features of that class (the only ones it looks up).
    without_negative = {
        feature: log_share[positive.get(feature, 0)] - log_share[count - 1]
        for feature, count in negative.items()
    }
    without_positive = {
        feature: log_share[count - 1] - log_share[negative.get(feature, 0)]
        for feature, count in positive.items()
    }
    bias = math.log(documents[1] / documents[0])
    left_out = _leave_one_out_logits(
        examples, target, (without_negative, without_positive), documents, totals, smoothed
    )
    scale, offset = _fit_platt(left_out)
    threshold, model_f1 = _best_threshold(
        [(_sigmoid(scale * z + offset), label) for z, label in left_out]
    )
    return _Classifier(
        target, bias, weights, scale, offset, threshold, model_f1, rule_f1, rule_f1 > model_f1
    )


def _leave_one_out_logits(
    examples: Sequence[tuple[list[str], frozenset[str]]],
    target: str,
    weights_without: tuple[dict[str, float], dict[str, float]],
    documents: list[int],
    totals: tuple[int, int],
    smoothed: float,
) -> list[tuple[float, int]]:
    """Each example's logit from a model trained without it, with its true label.

    Exact for naive Bayes, and cheap: only the example's own counts change.
    """
    out: list[tuple[float, int]] = []
    for present, targets in examples:
        side = int(target in targets)
        docs = [documents[0], documents[1]]
        docs[side] -= 1
        if min(docs) == 0:
            continue
        sizes = [totals[0] + smoothed, totals[1] + smoothed]
        sizes[side] -= len(present)
        logit = (
            sum(map(weights_without[side].__getitem__, present))
            + len(present) * (math.log(sizes[0]) - math.log(sizes[1]))
            + math.log(docs[1] / docs[0])
        )
        out.append((logit, side))
    return out


def _fit_platt(scored: Sequence[tuple[float, int]]) -> tuple[float, float]:
    """Scale and offset of p = σ(a·logit + b) minimising the log-loss (Platt scaling).

    Newton steps with backtracking, from a = 0 (Lin, Lin & Weng 2007), so raw naive
    Bayes logits of ±50 cannot throw it off; Platt's smoothed targets keep a perfectly
    separated training set from pushing the scale to infinity.
    """
    if len(scored) > _CALIBRATION_POINTS:  # evenly spaced: enough for two parameters
        step = len(scored) / _CALIBRATION_POINTS
        scored = [scored[int(index * step)] for index in range(_CALIBRATION_POINTS)]
    positives = sum(label for _, label in scored)
    negatives = len(scored) - positives
    if positives == 0 or negatives == 0:
        return 1.0, 0.0
    targets = [
        (logit, (positives + 1) / (positives + 2) if label else 1 / (negatives + 2))
        for logit, label in scored
    ]
    scale, offset = 0.0, math.log((positives + 1) / (negatives + 1))
    loss = _log_loss(targets, scale, offset)
    for _ in range(_CALIBRATION_STEPS):
        g_scale = g_offset = h_ss = h_so = h_oo = 0.0
        for logit, target in targets:
            p = _sigmoid(scale * logit + offset)
            error = p - target
            curvature = max(p * (1 - p), 1e-12)
            g_scale += error * logit
            g_offset += error
            h_ss += curvature * logit * logit
            h_so += curvature * logit
            h_oo += curvature
        h_ss += 1e-12  # keeps the 2×2 system solvable when every logit is 0
        determinant = h_ss * h_oo - h_so * h_so
        step_scale = (h_oo * g_scale - h_so * g_offset) / determinant
        step_offset = (h_ss * g_offset - h_so * g_scale) / determinant
        fraction = 1.0
        while fraction > 1e-6:
            trial = (scale - fraction * step_scale, offset - fraction * step_offset)
            trial_loss = _log_loss(targets, *trial)
            if trial_loss <= loss:
                break
            fraction /= 2
        else:
            break  # no step lowers the loss: at the minimum, to rounding
        (scale, offset), improvement, loss = trial, loss - trial_loss, trial_loss
        if improvement < 1e-9 * max(loss, 1.0):
            break
    return scale, offset


def _best_threshold(scored: Sequence[tuple[float, int]]) -> tuple[float, float]:
    """The probability cut with the best F1 on left-out scores, kept within bounds,
    and the F1 at that cut.

    A rare category (dose, safety) seldom reaches 0.5 once calibrated; its best cut is
    lower. The bounds stop a tiny label set from choosing "suggest everything".
    """
    positives = sum(label for _, label in scored)
    best_f1, best_cut = -1.0, THRESHOLD
    true_positives = 0
    ranked = sorted(scored, key=lambda item: -item[0])
    for index, (probability, label) in enumerate(ranked, start=1):
        true_positives += label
        if index < len(ranked) and ranked[index][0] == probability:
            continue  # cut only between distinct scores
        f1 = 2 * true_positives / (index + positives) if positives else 0.0
        if f1 > best_f1:
            best_f1, best_cut = f1, probability
    cut = min(max(best_cut, MIN_THRESHOLD), MAX_THRESHOLD)
    return cut, _f1((p >= cut, bool(label)) for p, label in scored)


def _log_loss(targets: Sequence[tuple[float, float]], scale: float, offset: float) -> float:
    total = 0.0
    for logit, target in targets:
        z = scale * logit + offset
        # log(1 + e^z) - t·z, the cross-entropy of σ(z) against t, without overflow
        total += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - target * z
    return total


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
