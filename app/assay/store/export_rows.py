"""SELECTs for the table and W3C exports: every annotation with its sentence's place,
every document's text and pages, every evidence item, every decision. Plain tuples in
a fixed order; services.exports assembles them."""

from __future__ import annotations

import sqlite3
from typing import Any

# The columns of annotation_rows, in order (services.exports unpacks them by name).
ANNOTATION_FIELDS = (
    "id", "document_id", "ordinal", "start", "end", "reviewer_id", "reviewer_name",
    "categories", "not_a_claim", "verdict", "citation_accuracy", "evidence_type",
    "certainty", "confidence", "rationale", "status", "created", "modified",
)  # fmt: skip


def document_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """(id, sha256, title, source_name, text, pages JSON) in the review's order."""
    return conn.execute(
        "SELECT id, sha256, title, source_name, text, pages FROM documents ORDER BY position, id"
    ).fetchall()


def annotation_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every annotation (ANNOTATION_FIELDS), by document, sentence, reviewer name, id."""
    return conn.execute(
        'SELECT a.id, s.document_id, s.ordinal, s.start, s."end", a.reviewer_id, '
        "coalesce(r.name, a.reviewer_id), a.categories, a.not_a_claim, a.verdict, "
        "a.citation_accuracy, a.evidence_type, a.certainty, a.confidence, a.rationale, "
        "a.status, a.created, a.modified "
        "FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
        "JOIN documents d ON d.id = s.document_id "
        "LEFT JOIN reviewers r ON r.id = a.reviewer_id "
        "ORDER BY d.position, d.id, s.ordinal, coalesce(r.name, a.reviewer_id), a.id"
    ).fetchall()


def evidence_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """(annotation id, id, kind, value, locator, note, source, created), in the order the
    reviewer added them."""
    return conn.execute(
        "SELECT annotation_id, id, kind, value, locator, note, source, created FROM evidence "
        "ORDER BY annotation_id, created, rowid"  # as the window lists them (ids are random)
    ).fetchall()


def highlight_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """(annotation id, id, start, end, exact, prefix, suffix), in text order."""
    return conn.execute(
        'SELECT annotation_id, id, start, "end", quote_exact, quote_prefix, quote_suffix '
        'FROM highlights ORDER BY annotation_id, start, "end", id'
    ).fetchall()


def decision_rows(conn: sqlite3.Connection) -> dict[tuple[int, int], tuple[Any, ...]]:
    """(document id, ordinal) -> (adjudicator name, categories JSON, not_a_claim, verdict,
    rationale, modified) of every adjudicated sentence."""
    return {
        (row[0], row[1]): row[2:]
        for row in conn.execute(
            "SELECT s.document_id, s.ordinal, coalesce(r.name, j.adjudicator_id), j.categories, "
            "j.not_a_claim, j.verdict, j.rationale, j.modified FROM adjudications j "
            "JOIN sentences s ON s.id = j.sentence_id "
            "LEFT JOIN reviewers r ON r.id = j.adjudicator_id"
        )
    }


def review_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'review_id'").fetchone()
    return str(row[0]) if row else ""
