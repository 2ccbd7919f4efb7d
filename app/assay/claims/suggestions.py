"""Suggested claim types for unreviewed sentences, each with the reason it was made:
the transparent rules, and the `Suggestion` they (and the model) give.

Pure (no Qt, no SQL). `suggest(text, kind)`: structure first (a heading, a table
header, a reference entry, boilerplate, a question, a fragment → not a claim), then
cue words and numbers per category; every reason names what triggered it. The model
trained on the reviewer's own labels is `suggestion_model`; docs/SUGGESTIONS.md has
the measured precision and recall of both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assay.claims.numbers import NumberKind, NumericMention, find_numbers, has_numbers
from assay.core.model import BlockKind
from assay.core.vocabulary import CATEGORIES, NOT_A_CLAIM, values_of

CATEGORY_VALUES: tuple[str, ...] = values_of(CATEGORIES)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Suggested categories, or "not a claim"; never both. Empty when nothing fits."""

    categories: frozenset[str]
    not_a_claim: bool
    confidence: float  # 0-1; for the model, the lowest probability among what it suggests
    reasons: tuple[str, ...]
    source: str = "rules"  # "rules" | "model"

    @property
    def is_empty(self) -> bool:
        return not self.categories and not self.not_a_claim


NO_SUGGESTION = Suggestion(frozenset(), False, 0.0, ())

# ---------------------------------------------------------------------------- rules

_STRUCTURAL_KINDS = {
    BlockKind.TITLE: "a title",
    BlockKind.HEADING: "a heading",
    BlockKind.TABLE_HEADER: "a table header",
    BlockKind.REFERENCE: "a reference entry",
}
_PROSE_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE})

_BOILERPLATE = re.compile(
    r"^\W*(?:recommended for you|you may also like|you might also like|related (?:articles"
    r"|posts|stories|reading)|read more|read next|share (?:this|on)|sign up|subscribe"
    r"|advertisement|sponsored|click here|table of contents|all rights reserved|copyright"
    r"|©|cookies?|back to top|skip to (?:main )?content|follow us|leave a comment"
    r"|comments?|print this)\b",
    re.IGNORECASE,
)
# "2016;7(1):25–43": a citation's year;volume(issue):pages, as the pipeline finds them.
_CITATION = re.compile(r"\b(?:19|20)\d{2}[a-z]?\s*;\s*\d+\s*(?:\(\s*[\w-]+\s*\))?\s*:\s*\d+")
_WORD = re.compile(r"[^\W_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_ENUMERATED_HEADING = re.compile(r"^(?:[A-H]\.|\d{1,2}\)|[IVX]{1,4})\s+[A-Z]")
END_PUNCTUATION = tuple(".!?;:\"'”’)…")
# fmt: off
_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "vs", "via", "with", "without",
})
# fmt: on

_EVIDENCE_VERBS = ("show", "shows", "showed", "indicate", "indicates", "confirm", "confirms")
_EVIDENCE_VERBS += ("demonstrate", "demonstrates", "report", "reports")
# The cue lexicon, per group: words, word starts ("modulat*") and phrases of two or
# three words. Efficacy needs a strong cue, or an effect verb together with an outcome
# ("reduces" + "anxiety"); on its own "reduces" is as likely to be mechanism ("reduces
# ACTH release").
_CUE_SOURCE = {
    "mechanism": """
        receptor* pathway* modulat* inhibit* transport* absor* bioavailab* channel*
        enzym* cofactor* co-factor* precursor* synthes* agonist* antagonis* block blocks
        blocker blockers blockade blocking neurotransmi* signaling signalling excitab*
        excitotox* allosteric uptake diffusion chelat* influx metabol* mitochondri* atp
        cortisol acth hpa gaba* nmda glyr serotonin melatonin cytokine cytokines
        oxidative antioxidant glutathione feedback hormon* mechanis* bind binds binding
        bound dissol* peptide peptides ion ions physiolog* sympathetic parasympathetic
        neuron neurons neuronal homeostasis deficiency depletion bdnf osmotic
    """,
    "efficacy": """
        effective* efficacy benefi* outperform* significant significantly improv*
        alleviat* reliev* relief suitable_for ideal_for best_suited suited_for
        associated_with risk_of recommended_for
    """
    + " ".join(  # "studies show", "evidence indicates", "trials confirm" ...
        f"{subject}_{verb}"
        for subject in ("studies", "research", "trials", "trial", "evidence", "data")
        for verb in _EVIDENCE_VERBS
    ),
    "effect": """
        reduc* lower* decreas* increas* enhanc* ease eases eased easing promot* restor*
        support* help helps prevent* stabili* calm* boost* shorten* extend* normali*
        protect* combat* addresses treat*
    """,
    "outcome": """
        anxi* depress* insomnia sleep* mood* symptom symptoms fatigue stress cogniti*
        memory focus irritability tension cramp cramps spasm spasms pain headache
        headaches wellbeing well-being resilience concentration relaxation awakenings
        latency constipation score scores brain_fog hot_flashes hot_flash
        quality_of_life blood_pressure heart_rate
    """,
    "dose": """
        dose doses dosage dosages dosing rda daily nightly bedtime servings capsule
        capsules tablet tablets per_day a_day per_serving a_serving one_serving
        each_serving before_bed long-term_use long-term_supplementation
    """,
    "safety": """
        adverse tolerab* tolerance diarrh* laxative* toxicity toxic ul safe safer safest
        safety gentle gentlest irritate irritates irritated irritating irritation bloating
        discomfort dependence over-supplementation oversupplementation overdose
        hypermagnes* hypotension contraindicat* nausea vomiting well-tolerated
        side-effect side-effects side_effect side_effects upper_limit upper_limits
        upper_intake loose_stools drug_interaction drug_interactions
    """,
}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, str]  # a lower-case word → its cue group
    stems: tuple[tuple[str, str], ...]  # (word start, group), longest first
    phrases: dict[str, str]  # "two words" or "three words here" → group
    phrase_starts: frozenset[str]  # the first words of the phrases


def _build_lexicon(source: dict[str, str]) -> _Lexicon:
    words: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    phrases: dict[str, str] = {}
    for group, entries in source.items():
        for entry in entries.split():
            if entry.endswith("*"):
                stems.append((entry[:-1], group))
            elif "_" in entry:
                phrases[entry.replace("_", " ")] = group
            else:
                words[entry] = group
    stems.sort(key=lambda stem: (-len(stem[0]), stem[0]))
    starts = frozenset(phrase.split()[0] for phrase in phrases)
    return _Lexicon(words, tuple(stems), phrases, starts)


_LEXICON = _build_lexicon(_CUE_SOURCE)


@lru_cache(maxsize=1 << 16)
def _group_of(word: str) -> str | None:
    """The cue group of a lower-case word; cached, as the same words come back often."""
    group = _LEXICON.words.get(word)
    if group is not None:
        return group
    for stem, stem_group in _LEXICON.stems:
        if word.startswith(stem):
            return stem_group
    return None


def _cue_words(text: str) -> dict[str, list[str]]:
    """The cue words and phrases in `text` per group, as written, first seen first.

    A hyphenated word counts as itself and as its parts ("non-laxative" → "laxative",
    "GABA-mediated" → "GABA"); a possessive counts without its "'s".
    """
    found: dict[str, dict[str, str]] = {}

    def add(group: str | None, written: str) -> None:
        if group is not None:
            found.setdefault(group, {}).setdefault(written.lower(), written)

    written_words = [
        _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word
        for word in _WORD.findall(text)
    ]
    lowered = [word.lower() for word in written_words]
    for written, word in zip(written_words, lowered, strict=True):
        group = _group_of(word)
        add(group, written)
        if group is None and "-" in word:
            for written_part, part in zip(written.split("-"), word.split("-"), strict=True):
                add(_group_of(part), written_part)
    phrases = _LEXICON.phrases
    for index, word in enumerate(lowered):
        if word not in _LEXICON.phrase_starts:
            continue
        pair = " ".join(lowered[index : index + 2])
        add(phrases.get(pair), " ".join(written_words[index : index + 2]))
        triple = " ".join(lowered[index : index + 3])
        add(phrases.get(triple), " ".join(written_words[index : index + 3]))
    return {group: list(words.values()) for group, words in found.items()}


_DURATION_OF_USE = re.compile(r"\b(?:for|over|during)\s+$", re.IGNORECASE)
MAX_CUES_SHOWN = 3


def suggest(text: str, kind: BlockKind) -> Suggestion:
    """Suggestions by transparent rules; `reasons` say what triggered each."""
    return suggestion_from(rule_findings(text, kind, find_numbers(text)), "rules")


def rule_findings(text: str, kind: BlockKind, mentions: list[NumericMention]) -> dict[str, Cues]:
    """What the rules find, per category or "not_a_claim" (never both)."""
    structural = _not_a_claim_reason(text, kind)
    if structural is not None:
        reason, confidence = structural
        return {NOT_A_CLAIM.value: Cues([reason], confidence)}
    return _category_cues(text, mentions)


def suggestion_from(found: dict[str, Cues], source: str) -> Suggestion:
    """One suggestion from per-target findings: "not a claim" wins only when it is at
    least as sure as every category found with it."""
    categories = {target: cues for target, cues in found.items() if target in CATEGORY_VALUES}
    not_a_claim = found.get(NOT_A_CLAIM.value)
    surest = max((cues.confidence for cues in categories.values()), default=0.0)
    if not_a_claim is not None and not_a_claim.confidence >= surest:
        return Suggestion(
            frozenset(), True, not_a_claim.confidence, tuple(not_a_claim.reasons), source
        )
    if not categories:
        return NO_SUGGESTION
    reasons = tuple(reason for cues in categories.values() for reason in cues.reasons)
    confidence = min(cues.confidence for cues in categories.values())
    return Suggestion(frozenset(categories), False, confidence, reasons, source)


@dataclass(frozen=True, slots=True)
class Cues:
    """What triggered one category: reasons to show, and how sure that makes the rule."""

    reasons: list[str]
    confidence: float


def _cues(reasons: list[str], cue_count: int, certain: bool = False) -> Cues:
    # One cue is a weak hint; each more adds a little, never past 0.85. A dose
    # number ("240 mg/day") is as close to certain as a rule gets.
    return Cues(reasons, 0.9 if certain else min(0.85, 0.45 + 0.1 * cue_count))


def _not_a_claim_reason(text: str, kind: BlockKind) -> tuple[str, float] | None:
    """Why a sentence asserts nothing to review, with a confidence; None if it may."""
    if kind in _STRUCTURAL_KINDS:
        return _STRUCTURAL_KINDS[kind], 0.95
    stripped = text.strip()
    words = _WORD.findall(stripped)
    if _BOILERPLATE.match(stripped) and len(words) <= 8:
        return f"boilerplate: ‘{stripped}’", 0.95
    citation = _CITATION.search(stripped)
    if citation is not None and len(words) <= 12:
        return f"a citation: ‘{citation.group()}’", 0.85
    if stripped.endswith("?"):
        return "a question", 0.7
    if len(words) < 3 and not has_numbers(stripped):
        return "a fragment of fewer than three words", 0.6
    if kind in _PROSE_KINDS and stripped.endswith(":") and len(words) <= 6:
        return "a short lead-in to a list", 0.6
    if kind in _PROSE_KINDS and _looks_like_heading(stripped, words):
        return "looks like a heading: capitalised words, no full stop", 0.65
    return None


def _looks_like_heading(text: str, words: list[str]) -> bool:
    if text.endswith(END_PUNCTUATION) or len(words) > 14:
        return False
    if _ENUMERATED_HEADING.match(text):
        return True
    content = [word for word in words if word.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for word in content if word[0].isupper() or word[0].isdigit())
    return bool(content) and capitalised >= 0.75 * len(content)


def _category_cues(text: str, mentions: list[NumericMention]) -> dict[str, Cues]:
    """What triggered each category whose cues appear, in vocabulary order."""
    words = _cue_words(text)
    found: dict[str, Cues] = {}
    mechanism = words.get("mechanism")
    if mechanism:
        found["mechanism"] = _cues([_cue_reason(mechanism, "mechanism")], len(mechanism))
    efficacy = _efficacy_cues(words)
    if efficacy is not None:
        found["efficacy"] = efficacy
    dose = _dose_cues(text, mentions, words.get("dose", []))
    if dose is not None:
        found["dose"] = dose
    safety = words.get("safety")
    if safety:
        found["safety"] = _cues([_cue_reason(safety, "safety")], len(safety))
    return found


def _efficacy_cues(words: dict[str, list[str]]) -> Cues | None:
    strong = words.get("efficacy")
    if strong:
        return _cues([_cue_reason(strong, "efficacy")], len(strong))
    verbs, outcomes = words.get("effect"), words.get("outcome")
    if verbs and outcomes:
        reason = f"‘{verbs[0]}’ with ‘{outcomes[0]}’: an effect on an outcome (efficacy)"
        return _cues([reason], 1)
    return None


def _dose_cues(text: str, mentions: list[NumericMention], words: list[str]) -> Cues | None:
    amounts = [f"‘{m.text}’ is a dose" for m in mentions if m.kind == NumberKind.DOSE]
    durations = [
        f"‘{m.text}’ is a duration of use"
        for m in mentions
        if m.kind == NumberKind.DURATION and _DURATION_OF_USE.search(text, 0, m.start)
    ]
    reasons = (amounts + durations)[:MAX_CUES_SHOWN]
    if words:
        reasons.append(_cue_reason(words, "dose"))
    if not reasons:
        return None
    return _cues(reasons, len(durations) + len(words), certain=bool(amounts))


def _cue_reason(cues: list[str], category: str) -> str:
    shown = ", ".join(f"‘{cue}’" for cue in cues[:MAX_CUES_SHOWN])
    return f"{shown} ({category})"
