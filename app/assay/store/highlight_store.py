"""SQL for highlights (phrases of a sentence on an annotation). Callers own the
transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

HIGHLIGHT_COLUMNS = (
    "id", "annotation_id", "start", "end", "quote_exact", "quote_prefix", "quote_suffix",
    "created", "modified",
)  # fmt: skip
_SELECT = ", ".join(f'h."{c}"' for c in HIGHLIGHT_COLUMNS)
_INSERT = (
    f"INSERT INTO highlights({', '.join(f'{chr(34)}{c}{chr(34)}' for c in HIGHLIGHT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(HIGHLIGHT_COLUMNS))})"
)


def highlights_of_sentence(
    conn: sqlite3.Connection, sentence_id: int, reviewer_id: str
) -> list[tuple]:
    """One reviewer's highlights on a sentence, in text order, HIGHLIGHT_COLUMNS order."""
    return conn.execute(
        f"SELECT {_SELECT} FROM highlights h JOIN annotations a ON a.id = h.annotation_id "
        'WHERE a.sentence_id = ? AND a.reviewer_id = ? ORDER BY h.start, h."end", h.id',
        (sentence_id, reviewer_id),
    ).fetchall()


def highlights_of_document(
    conn: sqlite3.Connection, document_id: int, reviewer_id: str | None = None
) -> list[tuple]:
    """Highlights on a document's annotations (one reviewer's, or everyone's), in text
    order, HIGHLIGHT_COLUMNS order."""
    where, params = "s.document_id = ?", [document_id]
    if reviewer_id is not None:
        where += " AND a.reviewer_id = ?"
        params.append(reviewer_id)
    return conn.execute(
        f"SELECT {_SELECT} FROM highlights h JOIN annotations a ON a.id = h.annotation_id "
        f"JOIN sentences s ON s.id = a.sentence_id WHERE {where} "
        'ORDER BY h.start, h."end", h.id',
        params,
    ).fetchall()


def phrases_by_annotation(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Every annotation's highlighted phrases, in text order (for the exports)."""
    phrases: dict[str, list[str]] = {}
    for annotation, exact in conn.execute(
        'SELECT annotation_id, quote_exact FROM highlights ORDER BY annotation_id, start, "end"'
    ):
        phrases.setdefault(annotation, []).append(exact)
    return phrases


def insert_highlights(conn: sqlite3.Connection, rows: Sequence[Sequence]) -> None:
    """Rows in HIGHLIGHT_COLUMNS order."""
    conn.executemany(_INSERT, rows)


def delete_highlight(conn: sqlite3.Connection, highlight_id: str) -> tuple | None:
    """Delete one highlight; return its row (HIGHLIGHT_COLUMNS order) or None if gone."""
    row = conn.execute(
        f"SELECT {_SELECT} FROM highlights h WHERE h.id = ?", (highlight_id,)
    ).fetchone()
    if row is not None:
        conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
    return row


def has_highlights(conn: sqlite3.Connection, sentence_id: int, reviewer_id: str) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM highlights h JOIN annotations a ON a.id = h.annotation_id "
            "WHERE a.sentence_id = ? AND a.reviewer_id = ? LIMIT 1",
            (sentence_id, reviewer_id),
        ).fetchone()
    )


def move_highlights(conn: sqlite3.Connection, moves: Sequence[tuple]) -> None:
    """(id, start, end, exact, prefix, suffix, modified): a highlight placed again."""
    conn.executemany(
        'UPDATE highlights SET start = ?, "end" = ?, quote_exact = ?, quote_prefix = ?, '
        "quote_suffix = ?, modified = ? WHERE id = ?",
        [(*move[1:], move[0]) for move in moves],
    )


def delete_highlights(conn: sqlite3.Connection, ids: Sequence[str]) -> None:
    conn.executemany("DELETE FROM highlights WHERE id = ?", [(i,) for i in ids])


def bury(conn: sqlite3.Connection, highlight_id: str, at: str) -> None:
    """A tombstone, so that merging an older bundle does not bring the highlight back."""
    conn.execute(
        "INSERT OR REPLACE INTO tombstones(entity, id, revision, deleted) "
        "VALUES ('highlight', ?, '{}', ?)",
        (highlight_id, at),
    )


def unbury(conn: sqlite3.Connection, highlight_id: str) -> None:
    conn.execute("DELETE FROM tombstones WHERE entity = 'highlight' AND id = ?", (highlight_id,))


def buried(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT id FROM tombstones WHERE entity = 'highlight'")}


def known_ids(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT id FROM highlights")}
