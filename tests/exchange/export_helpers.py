"""A review with two reviewers' annotations and evidence, for the table and W3C tests."""

from __future__ import annotations

from pathlib import Path

from assay.core.model import AnnotationState, Reviewer
from assay.services.session import ReviewSession

ADA = Reviewer("7d1f4a1e-0000-4000-8000-000000000001", "Ada Reviewer")
BEN = Reviewer("8e2a5b2f-0000-4000-8000-000000000002", "Ben Second")
PINNED = "2024-05-01T10:00:00.000+00:00"
ADA_STATE = AnnotationState(
    categories=frozenset({"efficacy", "dose"}),
    verdict="overstated",
    evidence_type="rct",
    certainty="low",
    citation_accuracy="minor_error",
    confidence=4,
    rationale='=HYPERLINK("http://x") only one small trial, n = 12',
    status="final",
)
BEN_STATE = AnnotationState(
    categories=frozenset({"efficacy"}), verdict="supported", rationale="+fine", status="draft"
)


def annotated_review(folder: Path, seed: Path, *, sentences: int = 3) -> Path:
    """Ada annotates the first `sentences` sentences (with evidence on the first), Ben
    the first two; Ben also flags sentence 4 as not a claim."""
    review = folder / "review.assay"
    with ReviewSession.create(review, ADA) as session:
        session.import_file(seed)
        rows = session.sentence_rows()
        for row in rows[:sentences]:
            session.save_annotation(row.id, ADA_STATE)
        session.add_evidence(rows[0].id, "doi", "10.3390/nu9050429", "p. 3", "the trial")
        session.add_evidence(rows[0].id, "quote", "Magnesium reduced cramps.", "p. 7")
        session.add_evidence(rows[0].id, "url", "https://example.org/study")
    with ReviewSession.open(review, BEN) as session:
        rows = session.sentence_rows()
        for row in rows[:2]:
            session.save_annotation(row.id, BEN_STATE)
        session.save_annotation(rows[3].id, AnnotationState(not_a_claim=True))
        session.add_evidence(rows[1].id, "pmid", "28445426")
    return review


def fresh_review(folder: Path, seed: Path, reviewer: Reviewer = ADA) -> Path:
    review = folder / "fresh.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(seed)
    return review
