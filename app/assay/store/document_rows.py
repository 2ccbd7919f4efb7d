"""Removing a document with everything that hangs on it, putting it back exactly, and
renaming it. The rows are copied as they are (every column, same ids), so an undo
restores the document, its sentences, annotations, evidence, decisions, orphans, kept
PDF and the conflicts waiting on it byte for byte.

No transactions here: the caller (services/documents.py) runs one around each call.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from assay.store.writes import now_iso

Rows = tuple[tuple[str, ...], list[tuple[object, ...]]]  # column names, rows

# Parent tables first: the order rows are inserted back in.
_SENTENCES = "SELECT id FROM sentences WHERE document_id = :doc"
_ANNOTATIONS = f"SELECT id FROM annotations WHERE sentence_id IN ({_SENTENCES})"
_SELECTS: tuple[tuple[str, str], ...] = (
    ("documents", "id = :doc"),
    ("blocks", "document_id = :doc"),
    ("sentences", "document_id = :doc"),
    ("annotations", f"sentence_id IN ({_SENTENCES})"),
    ("evidence", f"annotation_id IN ({_ANNOTATIONS})"),
    ("adjudications", f"sentence_id IN ({_SENTENCES})"),
    ('"references"', "document_id = :doc"),
    ("citations", f"sentence_id IN ({_SENTENCES})"),
    ("document_versions", "document_id = :doc"),
    ("orphans", "document_id = :doc"),
    ("originals", "document_id = :doc"),
    (
        "conflicts",
        "document_sha IN (SELECT sha256 FROM documents WHERE id = :doc "
        "UNION SELECT sha256 FROM document_versions WHERE document_id = :doc)",
    ),
)
# Tables whose local-edit triggers (store/revisions.py) would stamp a restored record
# that has no revision yet; their revision columns are written back afterwards.
_REVISED = ("annotations", "evidence", "adjudications", "orphans")


@dataclass(slots=True)
class DocumentRows:
    """Everything of one document, as stored: what `restore` puts back."""

    document_id: int
    sha256: str
    title: str
    tables: dict[str, Rows] = field(default_factory=dict)
    positions: list[tuple[str, int]] = field(default_factory=list)  # reviewer -> sentence

    def count(self, table: str) -> int:
        return len(self.tables.get(table, ((), []))[1])

    @property
    def shas(self) -> list[str]:
        """The document's text and every earlier version's."""
        columns, rows = self.tables.get("document_versions", ((), []))
        index = columns.index("sha256") if columns else 0
        return [self.sha256, *(str(row[index]) for row in rows)]


def read(conn: sqlite3.Connection, document_id: int) -> DocumentRows | None:
    head = conn.execute(
        "SELECT sha256, title FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    if head is None:
        return None
    found = DocumentRows(document_id, head[0], head[1])
    for table, where in _SELECTS:
        cursor = conn.execute(f"SELECT * FROM {table} WHERE {where}", {"doc": document_id})
        columns = tuple(column[0] for column in cursor.description)
        found.tables[table] = (columns, cursor.fetchall())
    found.positions = conn.execute(
        f"SELECT reviewer_id, sentence_id FROM positions WHERE sentence_id IN ({_SENTENCES})",
        {"doc": document_id},
    ).fetchall()
    return found


def delete(conn: sqlite3.Connection, rows: DocumentRows, reviewer_id: str | None) -> None:
    """Delete the document (the rest cascades) and remember its texts as removed."""
    conn.execute(
        "DELETE FROM conflicts WHERE document_sha IN (SELECT value FROM json_each(?))",
        (_json_list(rows.shas),),
    )
    conn.execute("DELETE FROM documents WHERE id = ?", (rows.document_id,))
    # The window's triggers leave a tombstone per deleted annotation and evidence item;
    # the removal is remembered by the document's hashes instead, so importing the text
    # again lets a later merge bring its annotations back.
    for entity, table in (("annotation", "annotations"), ("evidence", "evidence")):
        columns, records = rows.tables[table]
        if records:
            at = columns.index("id")
            conn.execute(
                "DELETE FROM tombstones WHERE entity = ? "
                "AND id IN (SELECT value FROM json_each(?))",
                (entity, _json_list([str(r[at]) for r in records])),
            )
    stamp = now_iso()
    conn.executemany(
        "INSERT OR REPLACE INTO removed_documents(sha256, title, removed, reviewer_id) "
        "VALUES (?, ?, ?, ?)",
        [(sha, rows.title, stamp, reviewer_id) for sha in rows.shas],
    )


def restore(conn: sqlite3.Connection, rows: DocumentRows) -> None:
    """Put back exactly what `read` found (same ids), and forget the removal."""
    for table, _ in _SELECTS:
        columns, records = rows.tables[table]
        if not records:
            continue
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        conn.executemany(f"INSERT INTO {table}({names}) VALUES ({marks})", records)
        if table in _REVISED:
            at = columns.index("id"), columns.index("revision"), columns.index("revised_by")
            conn.executemany(
                f"UPDATE {table} SET revision = ?, revised_by = ? WHERE id = ?",
                [(r[at[1]], r[at[2]], r[at[0]]) for r in records],
            )
    conn.executemany(
        "UPDATE positions SET sentence_id = ? WHERE reviewer_id = ? AND sentence_id IS NULL",
        [(sentence_id, reviewer_id) for reviewer_id, sentence_id in rows.positions],
    )
    conn.execute(
        "DELETE FROM removed_documents WHERE sha256 IN (SELECT value FROM json_each(?))",
        (_json_list(rows.shas),),
    )


def rename(conn: sqlite3.Connection, document_id: int, title: str) -> str | None:
    """Set the title; return the old one (None: no such document)."""
    row = conn.execute("SELECT title FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        return None
    conn.execute("UPDATE documents SET title = ? WHERE id = ?", (title, document_id))
    return str(row[0])


def removed_titles(conn: sqlite3.Connection) -> dict[str, str]:
    """sha256 -> title of every removed document's text ({} for a review from before
    migration 7, read without migrating it)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'removed_documents'"
    ).fetchone()
    if not exists:
        return {}
    return dict(conn.execute("SELECT sha256, title FROM removed_documents"))


def forget_removal(conn: sqlite3.Connection, sha256: str) -> None:
    """The same text imported again by hand: it is wanted after all."""
    conn.execute("DELETE FROM removed_documents WHERE sha256 = ?", (sha256,))


def _json_list(values: list[str]) -> str:
    import json

    return json.dumps(values)
