"""Writes for replacing a document's text and for orphaned annotations.
Callers own the transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from assay.core.model import ParsedDocument
from assay.store import writes
from assay.store.codec import pages_to_json, spans_to_json
from assay.store.version_queries import ORPHAN_COLUMNS


def replace_text(
    conn: sqlite3.Connection,
    document_id: int,
    parsed: ParsedDocument,
    *,
    progress: writes.ProgressCallback | None = None,
    cancel: writes.CancelCallback | None = None,
) -> None:
    """Give the document the new version's text, blocks and sentences, keeping its id
    and place; the old SHA-256 is remembered in document_versions.

    The old sentences stay, with negative ordinals, so that their annotations (and
    the evidence hanging off them) can be moved onto the new sentences with an
    UPDATE; `drop_old_sentences` removes them afterwards.
    """
    old_sha, old_title = conn.execute(
        "SELECT sha256, title FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO document_versions(sha256, document_id, title, replaced_at) "
        "VALUES (?, ?, ?, ?)",
        (old_sha, document_id, old_title, writes.now_iso()),
    )
    # The new text may be an older version coming back: then it is current again.
    conn.execute("DELETE FROM document_versions WHERE sha256 = ?", (parsed.sha256,))
    conn.execute("DELETE FROM blocks WHERE document_id = ?", (document_id,))
    conn.execute(
        "UPDATE sentences SET ordinal = -1 - ordinal WHERE document_id = ?", (document_id,)
    )
    conn.execute(
        "UPDATE documents SET sha256 = ?, title = ?, source_name = ?, format = ?, encoding = ?, "
        "text = ?, spans = ?, notes = ?, pages = ?, imported_at = ? WHERE id = ?",
        (
            parsed.sha256, parsed.title, parsed.source_name, parsed.format, parsed.encoding,
            parsed.text, spans_to_json(parsed.spans),
            json.dumps(list(parsed.notes), ensure_ascii=False), pages_to_json(parsed.pages),
            writes.now_iso(), document_id,
        ),
    )  # fmt: skip
    writes.insert_structure(conn, document_id, parsed, progress=progress, cancel=cancel)


def move_annotations(
    conn: sqlite3.Connection, moves: Sequence[tuple[str, int, str, str, str]]
) -> None:
    """(annotation id, new sentence id, quote, prefix, suffix) for each annotation."""
    conn.executemany(
        "UPDATE annotations SET sentence_id = ?, quote_exact = ?, quote_prefix = ?, "
        "quote_suffix = ? WHERE id = ?",
        [(sentence, quote, prefix, suffix, key) for key, sentence, quote, prefix, suffix in moves],
    )


def move_adjudications(conn: sqlite3.Connection, moves: Sequence[tuple[str, int]]) -> None:
    """(decision id, new sentence id)."""
    conn.executemany(
        "UPDATE adjudications SET sentence_id = ? WHERE id = ?",
        [(sentence, key) for key, sentence in moves],
    )


def drop_old_sentences(conn: sqlite3.Connection, document_id: int) -> None:
    """The old version's sentences, and whatever was left on them (cascades)."""
    conn.execute("DELETE FROM sentences WHERE document_id = ? AND ordinal < 0", (document_id,))


def orphan_annotations(
    conn: sqlite3.Connection, rows: Sequence[Sequence[Any]], document_id: int, at: str
) -> None:
    """Move annotations (rows in ANNOTATION_COLUMNS order) to the orphans, with their
    evidence as JSON, and delete them from annotations."""
    for row in rows:
        evidence = conn.execute(
            "SELECT id, kind, value, note, created, locator, source FROM evidence "
            "WHERE annotation_id = ? "
            "ORDER BY id",
            (row[0],),
        ).fetchall()
        orphan = (row[0], document_id, *row[2:])
        conn.execute(
            f"INSERT OR REPLACE INTO orphans({', '.join(ORPHAN_COLUMNS)}, evidence, orphaned_at) "
            f"VALUES ({', '.join('?' * len(ORPHAN_COLUMNS))}, ?, ?)",
            (*orphan, json.dumps([list(item) for item in evidence], ensure_ascii=False), at),
        )
        conn.execute("DELETE FROM annotations WHERE id = ?", (row[0],))


def insert_orphans(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Rows in ORPHAN_COLUMNS order, then the evidence JSON and orphaned_at (a merge's
    bundle annotations that found no sentence). An id already among the orphans is
    left as it is: a bundle merged twice changes nothing."""
    conn.executemany(
        f"INSERT INTO orphans({', '.join(ORPHAN_COLUMNS)}, evidence, orphaned_at) "
        f"VALUES ({', '.join('?' * (len(ORPHAN_COLUMNS) + 2))}) ON CONFLICT(id) DO NOTHING",
        rows,
    )


def attach_orphan(
    conn: sqlite3.Connection, orphan_id: str, sentence_id: int, anchor: tuple[str, str, str]
) -> None:
    """Put an orphan back among the annotations, on `sentence_id`, with its evidence."""
    columns = ", ".join(ORPHAN_COLUMNS)
    row = conn.execute(
        f"SELECT {columns}, evidence FROM orphans WHERE id = ?", (orphan_id,)
    ).fetchone()
    values = list(row[: len(ORPHAN_COLUMNS)])
    values[1] = sentence_id
    quote = ORPHAN_COLUMNS.index("quote_exact")
    values[quote : quote + 3] = anchor
    annotation_columns = ", ".join(
        "sentence_id" if c == "document_id" else c for c in ORPHAN_COLUMNS
    )
    conn.execute(
        f"INSERT INTO annotations({annotation_columns}) VALUES ({', '.join('?' * len(values))})",
        values,
    )
    conn.executemany(
        "INSERT INTO evidence(id, annotation_id, kind, value, note, created, locator, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        # [id, kind, value, note, created(, locator(, source))]: schema-3 orphans have no
        # locator, those made before migration 8 no source
        [
            (
                item[0],
                orphan_id,
                *item[1:5],
                item[5] if len(item) > 5 else "",
                item[6] if len(item) > 6 else "",
            )
            for item in json.loads(row[-1])
        ],  # fmt: skip
    )
    conn.execute("DELETE FROM orphans WHERE id = ?", (orphan_id,))


def delete_orphan(conn: sqlite3.Connection, orphan_id: str) -> None:
    conn.execute("DELETE FROM orphans WHERE id = ?", (orphan_id,))
