"""SELECTs for bundles: which documents an export carries, and what a merge compares
against. Rows come back as plain tuples; `assay.exchange` turns them into bundle
records. The export's own records are written by SQLite in `export_queries`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

# Annotation columns in the order of assay.exchange.bundle_format.BundleAnnotation.
# categories is the stored JSON text and not_a_claim an integer: callers convert.
_ANNOTATION_SELECT = (
    'SELECT a.id, d.sha256, s.ordinal, s.start, s."end", a.reviewer_id, a.categories, '
    "a.not_a_claim, a.verdict, a.citation_accuracy, a.evidence_type, a.certainty, "
    "a.confidence, a.rationale, a.status, a.created, a.modified, a.quote_exact, "
    "a.quote_prefix, a.quote_suffix, a.revision, a.revised_by "
    "FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
    "JOIN documents d ON d.id = s.document_id"
)


def document_rows(conn: sqlite3.Connection, document_ids: Sequence[int] | None) -> list[tuple]:
    """(id, sha256, title, source_name, format, encoding, text, spans, notes), in review order."""
    rows = conn.execute(
        "SELECT id, sha256, title, source_name, format, encoding, text, spans, notes "
        "FROM documents ORDER BY position, id"
    ).fetchall()
    if document_ids is None:
        return rows
    wanted = set(document_ids)
    return [row for row in rows if row[0] in wanted]


def merge_relevant_annotation_rows(
    conn: sqlite3.Connection, ids: Sequence[str], reviewers: Sequence[str]
) -> list[tuple[Any, ...]]:
    """The annotations a merge can touch, as bundle-ordered tuples: those whose id a
    bundle carries (or its evidence names), and those of the bundles' reviewers (the
    same reviewer's annotation of a sentence under another id). Sets go in as JSON."""
    return conn.execute(
        _ANNOTATION_SELECT + " WHERE a.id IN (SELECT value FROM json_each(?)) "
        "OR a.reviewer_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)), json.dumps(list(reviewers))),
    ).fetchall()


def reviewer_names(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, name FROM reviewers"))


def evidence_rows(conn: sqlite3.Connection) -> list[tuple[str, str, str, str, str, str]]:
    """(id, annotation_id, kind, value, note, created) of every evidence row."""
    return conn.execute(
        "SELECT id, annotation_id, kind, value, note, created FROM evidence"
    ).fetchall()


def document_titles(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT sha256, title FROM documents"))


def document_ids_by_sha(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT sha256, id FROM documents"))


def sentence_ids(conn: sqlite3.Connection, document_id: int) -> dict[int, tuple[int, int, int]]:
    """ordinal -> (sentence id, start, end) for one document."""
    return {
        ordinal: (sentence_id, start, end)
        for sentence_id, ordinal, start, end in conn.execute(
            'SELECT id, ordinal, start, "end" FROM sentences WHERE document_id = ?',
            (document_id,),
        )
    }


def orphan_revisions(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """id -> revision (stored JSON) of the orphans among `ids` (a set goes in as JSON)."""
    return dict(
        conn.execute(
            "SELECT id, revision FROM orphans WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        )
    )


def conflict_keys(conn: sqlite3.Connection, ids: Sequence[str]) -> list[tuple[str, str]]:
    """(annotation id, revision JSON) of the conflicts already kept for `ids`."""
    if not conn.execute("SELECT 1 FROM conflicts LIMIT 1").fetchone():
        return []
    return conn.execute(
        "SELECT entity_id, revision FROM conflicts WHERE entity = 'annotation' "
        "AND entity_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    ).fetchall()


def installation_owners(conn: sqlite3.Connection) -> dict[str, str]:
    """installation -> the reviewer whose records it revised, as this review knows it."""
    return dict(
        conn.execute(
            "SELECT revised_by, min(reviewer_id) FROM annotations WHERE revised_by != '' "
            "GROUP BY revised_by"
        )
    )
