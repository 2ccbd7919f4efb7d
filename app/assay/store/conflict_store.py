"""SQL for the conflicts a merge kept (schema_v5): listing and settling them."""

from __future__ import annotations

import sqlite3
from typing import Any

from assay.store.exchange_writes import ANNOTATION_COLUMNS

# id, entity_id, ours_id, reviewer_id, reviewer name, document id, title, sentence id,
# ordinal, theirs (JSON), bundle, found
_SELECT = (
    "SELECT c.id, c.entity_id, c.ours_id, c.reviewer_id, coalesce(r.name, c.reviewer_id), "
    "d.id, d.title, s.id, c.ordinal, c.theirs, c.bundle, c.found FROM conflicts c "
    "JOIN documents d ON d.sha256 = c.document_sha "
    "JOIN sentences s ON s.document_id = d.id AND s.ordinal = c.ordinal "
    "LEFT JOIN reviewers r ON r.id = c.reviewer_id"
)


def conflict_rows(
    conn: sqlite3.Connection, conflict_id: int | None = None
) -> list[tuple[Any, ...]]:
    if conflict_id is None:
        return conn.execute(_SELECT + " ORDER BY d.position, d.id, c.ordinal, c.id").fetchall()
    return conn.execute(_SELECT + " WHERE c.id = ?", (conflict_id,)).fetchall()


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM conflicts").fetchone()[0]


def annotation_row(conn: sqlite3.Connection, annotation_id: str) -> tuple[Any, ...] | None:
    """The annotation in ANNOTATION_COLUMNS order."""
    return conn.execute(
        f"SELECT {', '.join(ANNOTATION_COLUMNS)} FROM annotations WHERE id = ?", (annotation_id,)
    ).fetchone()


def set_revision(conn: sqlite3.Connection, annotation_id: str, revision: str) -> None:
    """A new history for an unchanged annotation (it now descends from both versions)."""
    conn.execute("UPDATE annotations SET revision = ? WHERE id = ?", (revision, annotation_id))


def replace_annotation(conn: sqlite3.Connection, ours_id: str, row: tuple[Any, ...]) -> None:
    """Put `row` (ANNOTATION_COLUMNS order) in place of annotation `ours_id`; ours's
    evidence follows to the new id. Foreign keys are checked at commit, so the evidence
    can point at the new id before it exists (ours must go first: one per sentence)."""
    conn.execute("PRAGMA defer_foreign_keys = ON")
    if ours_id != row[0]:
        conn.execute(
            "UPDATE evidence SET annotation_id = ? WHERE annotation_id = ?", (row[0], ours_id)
        )
    conn.execute("DELETE FROM annotations WHERE id = ?", (ours_id,))
    insert_annotation(conn, row)


def insert_annotation(conn: sqlite3.Connection, row: tuple[Any, ...]) -> None:
    conn.execute(
        f"INSERT INTO annotations({', '.join(ANNOTATION_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(ANNOTATION_COLUMNS))})",
        row,
    )


def existing_evidence(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Those of `ids` that are evidence here, or were and were deleted."""
    marks = ", ".join("?" * len(ids))
    present = conn.execute(f"SELECT id FROM evidence WHERE id IN ({marks})", ids).fetchall()
    buried = conn.execute(
        f"SELECT id FROM tombstones WHERE entity = 'evidence' AND id IN ({marks})", ids
    ).fetchall()
    return {row[0] for row in present + buried}


def delete(conn: sqlite3.Connection, conflict_id: int) -> None:
    conn.execute("DELETE FROM conflicts WHERE id = ?", (conflict_id,))
