"""INSERT/UPDATE/DELETE of adjudications, each with its events row. Callers own the
transaction (see `store.connection.transaction`)."""

from __future__ import annotations

import json
import sqlite3
import uuid

from assay.core.model import AnnotationState
from assay.store.codec import categories_json
from assay.store.writes import log_event, now_iso


def decision_json(state: AnnotationState | None, chosen_annotation_id: str | None) -> str | None:
    """The before/after snapshot of an adjudication kept in the events log."""
    if state is None:
        return None
    return json.dumps(
        {
            "categories": sorted(state.categories),
            "not_a_claim": state.not_a_claim,
            "verdict": state.verdict,
            "rationale": state.rationale,
            "chosen_annotation_id": chosen_annotation_id,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def upsert_adjudication(
    conn: sqlite3.Connection,
    *,
    sentence_id: int,
    adjudicator_id: str,
    state: AnnotationState,
    chosen_annotation_id: str | None,
    before: str | None,
) -> str:
    """Create or replace the sentence's adjudication and log it; return its uuid.

    `before` is the previous snapshot (`decision_json`), None if there was none.
    """
    now = now_iso()
    row = conn.execute(
        "SELECT id FROM adjudications WHERE sentence_id = ?", (sentence_id,)
    ).fetchone()
    values = (
        adjudicator_id,
        categories_json(state.categories),
        int(state.not_a_claim),
        state.verdict,
        state.rationale,
        chosen_annotation_id,
    )
    if row is None:
        adjudication_id = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO adjudications(id, sentence_id, adjudicator_id, categories, not_a_claim, "
            "verdict, rationale, chosen_annotation_id, created, modified) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (adjudication_id, sentence_id, *values, now, now),
        )
        action = "create"
    else:
        adjudication_id = row[0]
        conn.execute(
            "UPDATE adjudications SET adjudicator_id = ?, categories = ?, not_a_claim = ?, "
            "verdict = ?, rationale = ?, chosen_annotation_id = ?, modified = ? WHERE id = ?",
            (*values, now, adjudication_id),
        )
        action = "update"
    log_event(
        conn,
        reviewer_id=adjudicator_id,
        action=action,
        entity="adjudication",
        entity_id=adjudication_id,
        before=before,
        after=decision_json(state, chosen_annotation_id),
    )
    return adjudication_id


def delete_adjudication(
    conn: sqlite3.Connection, *, sentence_id: int, reviewer_id: str, before: str | None
) -> bool:
    """Remove the sentence's adjudication (logged); False if there was none."""
    row = conn.execute(
        "SELECT id FROM adjudications WHERE sentence_id = ?", (sentence_id,)
    ).fetchone()
    if row is None:
        return False
    conn.execute("DELETE FROM adjudications WHERE id = ?", (row[0],))
    log_event(
        conn,
        reviewer_id=reviewer_id,
        action="delete",
        entity="adjudication",
        entity_id=row[0],
        before=before,
        after=None,
    )
    return True
