"""The review vocabulary: claim categories, verdicts and the optional fields.

Values are the stable identifiers stored in review files and bundles; labels are
what the reviewer reads. A review file may add labels of its own later, so code
should look labels up here rather than hard-coding them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    value: str
    label: str
    description: str = ""


CATEGORIES: tuple[Term, ...] = (
    Term("mechanism", "Mechanism", "how something is claimed to work in the body"),
    Term("efficacy", "Efficacy", "that something works: an outcome or benefit"),
    Term("dose", "Dose", "an amount, frequency, duration or form"),
    Term("safety", "Safety", "side effects, tolerability, limits, interactions"),
)

NOT_A_CLAIM = Term("not_a_claim", "Not a claim", "asserts nothing checkable")

VERDICTS: tuple[Term, ...] = (
    Term(
        "supported",
        "Supported",
        "matches the cited source and the wider evidence, nothing material left out",
    ),
    Term(
        "overstated",
        "Overstated",
        "the evidence supports a narrower or weaker claim "
        "(population, form, dose, effect size, certainty)",
    ),
    Term(
        "lacks_context",
        "Lacks context",
        "literally true but leaves out facts that change how it reads",
    ),
    Term(
        "unsupported",
        "Unsupported",
        "the cited source does not address it, or no adequate evidence is given",
    ),
    Term("contradicted", "Contradicted", "the source or the best evidence says the opposite"),
    Term("unverifiable", "Unverifiable", "the source cannot be obtained or assessed"),
)

CITATION_ACCURACY: tuple[Term, ...] = (
    Term("accurate", "Accurate"),
    Term("minor_error", "Minor error"),
    Term("major_error", "Major error"),
    Term("irrelevant", "Irrelevant"),
    Term("metadata_error", "Metadata error"),
)

EVIDENCE_TYPES: tuple[Term, ...] = (
    Term("systematic_review", "Systematic review / meta-analysis"),
    Term("rct", "RCT"),
    Term("non_randomised", "Non-randomised controlled"),
    Term("cohort", "Cohort"),
    Term("case_control", "Case-control"),
    Term("cross_sectional", "Cross-sectional"),
    Term("case_series", "Case series"),
    Term("animal", "Animal"),
    Term("in_vitro", "In vitro"),
    Term("narrative_review", "Narrative review"),
    Term("expert_opinion", "Expert opinion"),
    Term("regulatory", "Regulatory reference"),
    Term("none_cited", "None cited"),
)

CERTAINTY: tuple[Term, ...] = (
    Term("high", "High"),
    Term("moderate", "Moderate"),
    Term("low", "Low"),
    Term("very_low", "Very low"),
)

# What can back a verdict, attached to an annotation as evidence items.
EVIDENCE_KINDS: tuple[Term, ...] = (
    Term("reference", "Document reference", "an entry of the document's own bibliography"),
    Term("doi", "DOI", "a digital object identifier, e.g. 10.3390/nu9050429"),
    Term("pmid", "PMID", "a PubMed identifier, e.g. 28445426"),
    Term("url", "URL", "a web address (never opened by Assay)"),
    Term("quote", "Quoted passage", "words from a source, with the page"),
    Term("note", "Note", "anything else the reviewer wants to keep"),
)

CONFIDENCE_RANGE = range(1, 6)

STATUS_DRAFT = "draft"
STATUS_FINAL = "final"


def label_of(terms: tuple[Term, ...], value: str | None) -> str:
    """The label for a stored value, or the value itself if the vocabulary lacks it."""
    if value is None:
        return ""
    for term in terms:
        if term.value == value:
            return term.label
    return value


def values_of(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(term.value for term in terms)
