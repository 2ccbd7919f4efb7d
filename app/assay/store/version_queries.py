"""SELECTs for replacing a document with a new version, and for orphaned annotations."""

from __future__ import annotations

import sqlite3
from typing import Any

from assay.store.exchange_writes import ANNOTATION_COLUMNS

# Orphans keep an annotation's columns, with the document instead of the sentence.
ORPHAN_COLUMNS = tuple(
    "document_id" if column == "sentence_id" else column for column in ANNOTATION_COLUMNS
)


def annotations_with_offsets(
    conn: sqlite3.Connection, document_id: int
) -> list[tuple[tuple[Any, ...], int, int]]:
    """Every annotation on the document's sentences: (row in ANNOTATION_COLUMNS order,
    the sentence's start, end)."""
    columns = ", ".join(f"a.{c}" for c in ANNOTATION_COLUMNS)
    return [
        (tuple(row[:-2]), row[-2], row[-1])
        for row in conn.execute(
            f'SELECT {columns}, s.start, s."end" FROM annotations a '
            "JOIN sentences s ON s.id = a.sentence_id WHERE s.document_id = ? "
            "ORDER BY s.ordinal, a.reviewer_id",
            (document_id,),
        )
    ]


def adjudications_with_offsets(
    conn: sqlite3.Connection, document_id: int
) -> list[tuple[tuple[str, str], int, int]]:
    """Every adjudicated decision on the document: ((id, modified), sentence start, end)."""
    return [
        ((key, modified), start, end)
        for key, modified, start, end in conn.execute(
            'SELECT j.id, j.modified, s.start, s."end" FROM adjudications j '
            "JOIN sentences s ON s.id = j.sentence_id WHERE s.document_id = ?",
            (document_id,),
        )
    ]


def sentence_ids(conn: sqlite3.Connection, document_id: int) -> list[int]:
    """The document's sentence ids in ordinal order (not the old version's, which
    replace_text parks at negative ordinals)."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT id FROM sentences WHERE document_id = ? AND ordinal >= 0 ORDER BY ordinal",
            (document_id,),
        )
    ]


def version_owner(conn: sqlite3.Connection, sha256: str) -> int | None:
    """The document whose earlier version had this SHA-256, if any."""
    row = conn.execute(
        "SELECT document_id FROM document_versions WHERE sha256 = ?", (sha256,)
    ).fetchone()
    return None if row is None else int(row[0])


def orphan_rows(conn: sqlite3.Connection, document_id: int | None = None) -> list[tuple[Any, ...]]:
    """Orphans (of one document, or all) in ORPHAN_COLUMNS order, plus orphaned_at."""
    where = "" if document_id is None else " WHERE document_id = ?"
    params = () if document_id is None else (document_id,)
    return conn.execute(
        f"SELECT {', '.join(ORPHAN_COLUMNS)}, orphaned_at FROM orphans{where} "
        "ORDER BY document_id, orphaned_at, id",
        params,
    ).fetchall()
