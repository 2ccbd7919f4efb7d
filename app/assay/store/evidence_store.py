"""SQL for evidence items on annotations. Callers own the transaction."""

from __future__ import annotations

import sqlite3

EVIDENCE_COLUMNS = ("id", "annotation_id", "kind", "value", "locator", "note", "created", "source")


def evidence_of_sentence(
    conn: sqlite3.Connection, sentence_id: int, reviewer_id: str
) -> list[tuple[str, ...]]:
    """One reviewer's evidence items on a sentence, oldest first, EVIDENCE_COLUMNS order."""
    return conn.execute(
        f"SELECT {', '.join('e.' + c for c in EVIDENCE_COLUMNS)} FROM evidence e "
        "JOIN annotations a ON a.id = e.annotation_id "
        "WHERE a.sentence_id = ? AND a.reviewer_id = ? ORDER BY e.created, e.rowid",
        (sentence_id, reviewer_id),
    ).fetchall()


def annotation_id(conn: sqlite3.Connection, sentence_id: int, reviewer_id: str) -> str | None:
    row = conn.execute(
        "SELECT id FROM annotations WHERE sentence_id = ? AND reviewer_id = ?",
        (sentence_id, reviewer_id),
    ).fetchone()
    return None if row is None else row[0]


def insert_evidence(conn: sqlite3.Connection, row: tuple[str, ...]) -> None:
    """A row in EVIDENCE_COLUMNS order."""
    conn.execute(
        f"INSERT INTO evidence({', '.join(EVIDENCE_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(EVIDENCE_COLUMNS))})",
        row,
    )


def delete_evidence(conn: sqlite3.Connection, evidence_id: str) -> tuple[str, ...] | None:
    """Delete one item; return its row (EVIDENCE_COLUMNS order) or None if it was gone."""
    row = conn.execute(
        f"SELECT {', '.join(EVIDENCE_COLUMNS)} FROM evidence WHERE id = ?", (evidence_id,)
    ).fetchone()
    if row is not None:
        conn.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,))
    return row


def has_evidence(conn: sqlite3.Connection, sentence_id: int, reviewer_id: str) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM evidence e JOIN annotations a ON a.id = e.annotation_id "
            "WHERE a.sentence_id = ? AND a.reviewer_id = ? LIMIT 1",
            (sentence_id, reviewer_id),
        ).fetchone()
    )


def delete_if_empty(conn: sqlite3.Connection, annotation: str) -> None:
    """Delete an annotation that holds nothing any more: no state, no evidence, no
    highlight."""
    conn.execute(
        "DELETE FROM annotations WHERE id = ? AND categories = '[]' AND not_a_claim = 0 "
        "AND verdict IS NULL AND citation_accuracy IS NULL AND evidence_type IS NULL "
        "AND certainty IS NULL AND confidence IS NULL AND rationale = '' "
        "AND status = 'draft' AND NOT EXISTS (SELECT 1 FROM evidence WHERE annotation_id = ?) "
        "AND NOT EXISTS (SELECT 1 FROM highlights WHERE annotation_id = ?)",
        (annotation, annotation, annotation),
    )


def rename_evidence(conn: sqlite3.Connection, current_id: str, new_id: str, created: str) -> None:
    """Give an item back the id and time it had (undoing its removal)."""
    conn.execute(
        "UPDATE evidence SET id = ?, created = ? WHERE id = ?", (new_id, created, current_id)
    )
