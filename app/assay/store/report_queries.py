"""SELECTs for the review report: every annotation, decision and evidence item, in
document order. Rows are plain tuples; services.report assembles them."""

from __future__ import annotations

import sqlite3
from typing import Any


def annotation_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """(sentence id, reviewer name, categories JSON, not_a_claim, verdict, rationale,
    status, annotation id) of every annotation."""
    return conn.execute(
        "SELECT a.sentence_id, coalesce(r.name, a.reviewer_id), a.categories, a.not_a_claim, "
        "a.verdict, a.rationale, a.status, a.id FROM annotations a "
        "LEFT JOIN reviewers r ON r.id = a.reviewer_id ORDER BY a.sentence_id, r.name"
    ).fetchall()


def adjudication_rows(conn: sqlite3.Connection) -> dict[int, tuple[Any, ...]]:
    """sentence id -> (adjudicator name, categories JSON, not_a_claim, verdict, rationale)."""
    return {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT j.sentence_id, coalesce(r.name, j.adjudicator_id), j.categories, "
            "j.not_a_claim, j.verdict, j.rationale FROM adjudications j "
            "LEFT JOIN reviewers r ON r.id = j.adjudicator_id"
        )
    }


def evidence_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """(sentence id, reviewer name, kind, value, locator, note, source) of every item."""
    return conn.execute(
        "SELECT a.sentence_id, coalesce(r.name, a.reviewer_id), e.kind, e.value, e.locator, "
        "e.note, e.source FROM evidence e JOIN annotations a ON a.id = e.annotation_id "
        "LEFT JOIN reviewers r ON r.id = a.reviewer_id ORDER BY a.sentence_id, e.created, e.rowid"
    ).fetchall()
