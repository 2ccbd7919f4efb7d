"""The SQL of the REFI-QDA export and import (services/qdpx.py)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def documents(conn: sqlite3.Connection) -> list[tuple[int, str, str, str, str, str]]:
    """(id, sha256, title, source_name, text, imported_at) in review order."""
    return conn.execute(
        "SELECT id, sha256, title, source_name, text, imported_at FROM documents "
        "ORDER BY position, id"
    ).fetchall()


def annotation_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every annotation in document order, then sentence, reviewer and id: (id, sha256,
    start, end, reviewer_id, categories JSON, not_a_claim, verdict, citation_accuracy,
    evidence_type, certainty, confidence, rationale, status, created, modified)."""
    return conn.execute(
        'SELECT a.id, d.sha256, s.start, s."end", a.reviewer_id, a.categories, a.not_a_claim, '
        "a.verdict, a.citation_accuracy, a.evidence_type, a.certainty, a.confidence, "
        "a.rationale, a.status, a.created, a.modified "
        "FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
        "JOIN documents d ON d.id = s.document_id "
        "ORDER BY d.position, d.id, s.ordinal, a.reviewer_id, a.id"
    ).fetchall()


def reviewer_names(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, name FROM reviewers"))


def sentences(conn: sqlite3.Connection, document_id: int) -> list[tuple[int, int, int]]:
    """(id, start, end) of a document's sentences, in order."""
    return conn.execute(
        'SELECT id, start, "end" FROM sentences WHERE document_id = ? ORDER BY ordinal',
        (document_id,),
    ).fetchall()


def taken(conn: sqlite3.Connection, reviewer_ids: list[str]) -> set[tuple[int, str]]:
    """(sentence id, reviewer id) pairs that already have an annotation."""
    return set(
        conn.execute(
            "SELECT sentence_id, reviewer_id FROM annotations "
            "WHERE reviewer_id IN (SELECT value FROM json_each(?))",
            (json.dumps(reviewer_ids),),
        ).fetchall()
    )
