"""The original files of documents (table `originals`, migration 6): the only SQL for them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from assay.core.model import page_at


@dataclass(frozen=True, slots=True)
class OriginalInfo:
    document_id: int
    file_name: str
    media_type: str
    size: int
    sha256: str
    text_sha256: str  # the document text this file gave when it was kept
    added: str


def save_original(
    conn: sqlite3.Connection,
    document_id: int,
    *,
    file_name: str,
    media_type: str,
    content: bytes,
    sha256: str,
    text_sha256: str,
) -> None:
    """Keep (or replace) a document's original; the caller holds the transaction."""
    conn.execute(
        "INSERT OR REPLACE INTO originals(document_id, file_name, media_type, size, sha256, "
        "text_sha256, added, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document_id,
            file_name,
            media_type,
            len(content),
            sha256,
            text_sha256,
            datetime.now(UTC).isoformat(timespec="seconds"),
            content,
        ),
    )


def original_info(conn: sqlite3.Connection, document_id: int) -> OriginalInfo | None:
    """What is kept for a document, without reading its bytes."""
    row = conn.execute(
        "SELECT document_id, file_name, media_type, size, sha256, text_sha256, added "
        "FROM originals WHERE document_id = ?",
        (document_id,),
    ).fetchone()
    return OriginalInfo(*row) if row else None


def original_content(conn: sqlite3.Connection, document_id: int) -> bytes | None:
    row = conn.execute(
        "SELECT content FROM originals WHERE document_id = ?", (document_id,)
    ).fetchone()
    return bytes(row[0]) if row else None


def document_sentences(conn: sqlite3.Connection, document_id: int) -> list[tuple[str, int | None]]:
    """(text, page) of each sentence of a document, in order; page None without pages."""
    row = conn.execute("SELECT text, pages FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        return []
    text, pages_json = row
    pages = [tuple(start) for start in json.loads(pages_json or "[]")]
    return [
        (text[start:end], page_at(pages, start))
        for start, end in conn.execute(
            'SELECT start, "end" FROM sentences WHERE document_id = ? ORDER BY ordinal',
            (document_id,),
        )
    ]


def document_format(conn: sqlite3.Connection, document_id: int) -> tuple[str, str]:
    """(format, text SHA-256) of a document; KeyError when there is none."""
    row = conn.execute(
        "SELECT format, sha256 FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        raise KeyError(f"no document {document_id}")
    return row[0], row[1]


def document_print(conn: sqlite3.Connection, document_id: int) -> tuple[str, str, list[list[int]]]:
    """(title, text SHA-256, page starts) of a document: what an original must print."""
    row = conn.execute(
        "SELECT title, sha256, pages FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        raise KeyError(f"no document {document_id}")
    return row[0], row[1], json.loads(row[2] or "[]")
