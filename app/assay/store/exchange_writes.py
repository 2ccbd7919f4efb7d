"""INSERT/UPDATE/DELETE for merging bundles, in bulk. Callers own the transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

# Column order of the rows passed to insert_annotations / update_annotations.
ANNOTATION_COLUMNS = (
    "id",
    "sentence_id",
    "reviewer_id",
    "categories",
    "not_a_claim",
    "verdict",
    "citation_accuracy",
    "evidence_type",
    "certainty",
    "confidence",
    "rationale",
    "status",
    "created",
    "modified",
    "quote_exact",
    "quote_prefix",
    "quote_suffix",
    "revision",  # as stored: {"installation": count}
    "revised_by",
)
_PLACEHOLDERS = ", ".join("?" * len(ANNOTATION_COLUMNS))
_UPDATES = ", ".join(f"{column} = ?" for column in ANNOTATION_COLUMNS[1:])


def insert_reviewers(conn: sqlite3.Connection, reviewers: Iterable[tuple[str, str]]) -> None:
    conn.executemany(
        "INSERT INTO reviewers(id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING", reviewers
    )


def insert_annotations(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    conn.executemany(
        f"INSERT INTO annotations({', '.join(ANNOTATION_COLUMNS)}) VALUES ({_PLACEHOLDERS})",
        rows,
    )


def update_annotations(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Rows in ANNOTATION_COLUMNS order; the id (first) selects the row."""
    conn.executemany(
        f"UPDATE annotations SET {_UPDATES} WHERE id = ?", [(*row[1:], row[0]) for row in rows]
    )


def delete_annotations(conn: sqlite3.Connection, ids: Sequence[str]) -> None:
    conn.executemany("DELETE FROM annotations WHERE id = ?", [(i,) for i in ids])


def insert_evidence(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Rows: (id, annotation_id, kind, value, note, created, locator, revision, revised_by,
    source)."""
    conn.executemany(
        "INSERT INTO evidence(id, annotation_id, kind, value, note, created, locator, "
        "revision, revised_by, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def move_evidence(conn: sqlite3.Connection, from_id: str, to_id: str) -> None:
    """Evidence follows its annotation when another id replaces it."""
    conn.execute("UPDATE evidence SET annotation_id = ? WHERE annotation_id = ?", (to_id, from_id))


def insert_conflicts(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Rows: (entity_id, ours_id, reviewer_id, document_sha, ordinal, revision, theirs,
    bundle, found); one already kept (same id and revision) is left as it is."""
    conn.executemany(
        "INSERT INTO conflicts(entity, entity_id, ours_id, reviewer_id, document_sha, ordinal, "
        "revision, theirs, bundle, found) VALUES ('annotation', ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(entity, entity_id, revision) DO NOTHING",
        rows,
    )


def log_events(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Rows: (at, reviewer_id, action, entity, entity_id, before, after)."""
    conn.executemany(
        "INSERT INTO events(at, reviewer_id, action, entity, entity_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
