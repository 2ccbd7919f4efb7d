"""A read-only glimpse of a review: the document where the reviewer stopped.

The window paints this before the review is properly opened (lock, migrations, all
sentences), so the reviewer sees the text at once. It never writes, and any doubt
about the file (not a review, newer, damaged) means no preview: opening the review
right after reports the problem properly.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from assay.core.model import Block, Reviewer, Span
from assay.store import queries
from assay.store.connection import APPLICATION_ID, connect_read_only
from assay.store.migrations import SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class DocumentPreview:
    document_id: int
    title: str
    text: str
    blocks: list[Block]
    spans: list[Span]
    sentences: list[tuple[int, int, int, str | None]]  # id, start, end, verdict
    sentence_id: int | None


def read_preview(path: Path, reviewer: Reviewer) -> DocumentPreview | None:
    if not path.is_file():
        return None
    try:
        conn = connect_read_only(path)
    except Exception:  # noqa: BLE001 - opening the review will say what is wrong
        return None
    try:
        return _read(conn, reviewer)
    except (sqlite3.Error, KeyError, ValueError):
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, reviewer: Reviewer) -> DocumentPreview | None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID or not 0 < version <= SCHEMA_VERSION:
        return None
    sentence_id = queries.last_position(conn, reviewer.id)
    location = queries.sentence_location(conn, sentence_id) if sentence_id else None
    if location is None:
        first = conn.execute("SELECT id FROM documents ORDER BY position, id LIMIT 1").fetchone()
        if first is None:
            return None
        document_id, sentence_id = first[0], None
    else:
        document_id = location[0]
    title = conn.execute("SELECT title FROM documents WHERE id = ?", (document_id,)).fetchone()
    return DocumentPreview(
        document_id=document_id,
        title=title[0] if title else "",
        text=queries.document_text(conn, document_id),
        blocks=queries.document_blocks(conn, document_id),
        spans=queries.document_spans(conn, document_id),
        sentences=queries.sentence_verdicts(conn, document_id, reviewer.id),
        sentence_id=sentence_id,
    )
