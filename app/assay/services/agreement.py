"""Agreement between reviewers and adjudication of their disagreements.

Functions that take an open `ReviewSession` (or, for the report, a bare
connection, so `assay stats` can use it on a read-only file). Each change is
one transaction with its events row; a read-only session refuses changes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from assay.core.model import AnnotationState
from assay.exchange.agreement import Alpha, report_from_tally
from assay.services.session import ReviewSession
from assay.store import adjudication_writes, agreement_queries
from assay.store.connection import transaction


@dataclass(frozen=True, slots=True)
class ReviewerDecision:
    """One reviewer's annotation of a sentence, as shown side by side."""

    annotation_id: str
    reviewer_id: str
    reviewer_name: str
    state: AnnotationState


@dataclass(frozen=True, slots=True)
class Disagreement:
    sentence_id: int
    document_id: int
    ordinal: int
    decisions: tuple[ReviewerDecision, ...]  # by reviewer name


@dataclass(frozen=True, slots=True)
class Adjudication:
    id: str
    sentence_id: int
    adjudicator_id: str
    state: AnnotationState  # categories, not_a_claim, verdict, rationale
    chosen_annotation_id: str | None
    created: str
    modified: str


# -- agreement ---------------------------------------------------------------------


def agreement_report(source: ReviewSession | sqlite3.Connection) -> dict[str, Any]:
    """Alpha per category and for the verdict, and per-pair percent agreement, as JSON.

    Reviewers' own annotations only: adjudications never change agreement.
    """
    conn = source.conn if isinstance(source, ReviewSession) else source
    reviewer_ids, tally = agreement_queries.shared_coding_tally(conn)
    names = agreement_queries.reviewer_names(conn)
    # Reviewers who share no sentence with anyone are left out of the pairs.
    report = report_from_tally([names.get(r, r) for r in reviewer_ids], tally)
    return {
        "categories": {name: _alpha_json(alpha) for name, alpha in report.categories.items()},
        "verdict": _alpha_json(report.verdict),
        "pairs": [
            {
                "a": pair.a,
                "b": pair.b,
                "verdict_agreement": pair.verdict.value,
                "category_agreement": pair.categories.value,
                "sentences": pair.sentences,
                "verdict_sentences": pair.verdict.units,
                "category_sentences": pair.categories.units,
            }
            for pair in report.pairs
        ],
        "reviewers": len(reviewer_ids),
    }


def _alpha_json(alpha: Alpha) -> dict[str, Any]:
    return {"alpha": alpha.value, "sentences": alpha.units}


# -- disagreements and adjudication --------------------------------------------------


def disagreements(session: ReviewSession) -> list[Disagreement]:
    """Sentences where ≥ 2 reviewers' verdicts or category decisions differ and no
    adjudication exists yet, in document order."""
    result: list[Disagreement] = []
    group: list[ReviewerDecision] = []
    current: tuple[int, int, int] | None = None

    def flush() -> None:
        decided = {(d.state.categories, d.state.not_a_claim, d.state.verdict) for d in group}
        if current is not None and len(decided) > 1:
            result.append(Disagreement(*current, tuple(group)))

    rows = agreement_queries.unadjudicated_shared_annotations(session.conn)
    for sentence_id, document_id, ordinal, annotation_id, reviewer_id, name, state in rows:
        if current is None or current[0] != sentence_id:
            flush()
            current, group = (sentence_id, document_id, ordinal), []
        group.append(ReviewerDecision(annotation_id, reviewer_id, name, state))
    flush()
    return result


def adjudication(session: ReviewSession, sentence_id: int) -> Adjudication | None:
    row = agreement_queries.adjudication_row(session.conn, sentence_id)
    return None if row is None else _adjudication_from_row(row)


def adjudicate(
    session: ReviewSession,
    sentence_id: int,
    decision: AnnotationState,
    chosen_annotation_id: str | None = None,
) -> Adjudication:
    """Store the final decision on a sentence (by the session's reviewer), replacing
    any earlier one. Only categories, not_a_claim, verdict and rationale are kept.

    `chosen_annotation_id` names the reviewer annotation picked, if one was; it
    must belong to the sentence. The reviewers' annotations are not touched.
    """
    session.check_writable("the adjudication")
    if decision.is_empty:
        raise ValueError("an adjudication needs a decision; use clear_adjudication to remove one")
    conn = session.conn
    with transaction(conn):
        if not agreement_queries.sentence_exists(conn, sentence_id):
            raise KeyError(f"no sentence {sentence_id} in {session.path.name}")
        if chosen_annotation_id is not None:
            owner = agreement_queries.annotation_sentence(conn, chosen_annotation_id)
            if owner != sentence_id:
                raise ValueError(
                    f"annotation {chosen_annotation_id} is not an annotation of sentence "
                    f"{sentence_id}"
                )
        adjudication_writes.upsert_adjudication(
            conn,
            sentence_id=sentence_id,
            adjudicator_id=session.reviewer.id,
            state=decision,
            chosen_annotation_id=chosen_annotation_id,
            before=_snapshot(conn, sentence_id),
        )
    stored = adjudication(session, sentence_id)
    assert stored is not None
    return stored


def clear_adjudication(session: ReviewSession, sentence_id: int) -> bool:
    """Remove a sentence's adjudication (it becomes a disagreement again, if it was)."""
    session.check_writable("the adjudication")
    conn = session.conn
    with transaction(conn):
        return adjudication_writes.delete_adjudication(
            conn,
            sentence_id=sentence_id,
            reviewer_id=session.reviewer.id,
            before=_snapshot(conn, sentence_id),
        )


def _snapshot(conn: sqlite3.Connection, sentence_id: int) -> str | None:
    row = agreement_queries.adjudication_row(conn, sentence_id)
    if row is None:
        return None
    stored = _adjudication_from_row(row)
    return adjudication_writes.decision_json(stored.state, stored.chosen_annotation_id)


def _adjudication_from_row(row: tuple[Any, ...]) -> Adjudication:
    (id_, sentence_id, adjudicator_id, categories, not_a_claim, verdict, rationale,
     chosen, created, modified) = row  # fmt: skip
    state = AnnotationState(
        categories=frozenset(json.loads(categories)),
        not_a_claim=bool(not_a_claim),
        verdict=verdict,
        rationale=rationale,
    )
    return Adjudication(id_, sentence_id, adjudicator_id, state, chosen, created, modified)


# The team view loads every adjudication at once (assay.services.team).
adjudication_from_row = _adjudication_from_row
