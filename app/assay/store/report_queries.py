"""SELECTs for the review report: every annotation, decision and evidence item, in
document order. Rows are plain tuples; services.report assembles them."""

from __future__ import annotations

import sqlite3
from typing import Any

from assay.core.model import SKIPPED_KINDS


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


def highlight_rows(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(sentence id, phrase) of every highlight, in text order, each phrase once."""
    return conn.execute(
        'SELECT DISTINCT a.sentence_id, h.quote_exact, h.start, h."end" FROM highlights h '
        'JOIN annotations a ON a.id = h.annotation_id ORDER BY a.sentence_id, h.start, h."end"'
    ).fetchall()


def document_progress(conn: sqlite3.Connection) -> dict[int, tuple[int, int]]:
    """document id -> (reviewable sentences, those someone marked reviewed)."""
    skipped = ", ".join(f"'{kind}'" for kind in sorted(SKIPPED_KINDS))
    return {
        row[0]: (row[1], row[2])
        for row in conn.execute(
            "SELECT s.document_id, count(*), count(*) FILTER (WHERE EXISTS ("
            "  SELECT 1 FROM annotations a WHERE a.sentence_id = s.id AND a.status = 'final')) "
            f"FROM sentences s WHERE s.kind NOT IN ({skipped}) GROUP BY s.document_id"
        )
    }


def activity_span(conn: sqlite3.Connection) -> tuple[str, str]:
    """The earliest creation and latest change of any annotation ("" when none)."""
    first, last = conn.execute("SELECT min(created), max(modified) FROM annotations").fetchone()
    return first or "", last or ""


def reviewer_names(conn: sqlite3.Connection) -> list[str]:
    """Everyone whose annotation or decision the review holds, by name (as the report
    rows name them)."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT coalesce(r.name, w.id) AS name FROM ("
            "  SELECT reviewer_id AS id FROM annotations "
            "  UNION SELECT adjudicator_id FROM adjudications) w "
            "LEFT JOIN reviewers r ON r.id = w.id ORDER BY name"
        )
    ]
