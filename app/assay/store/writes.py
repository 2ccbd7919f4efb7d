"""Every INSERT/UPDATE/DELETE in Assay. Callers own the transaction."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from assay.core.model import AnnotationState, ParsedDocument, Reviewer
from assay.store.codec import pages_to_json, spans_to_json, state_to_json, state_values

QUOTE_CONTEXT = 32  # characters of prefix/suffix kept with an annotation's quote

ProgressCallback = Callable[[int, int, str], None]
CancelCallback = Callable[[], bool]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def ensure_reviewer(conn: sqlite3.Connection, reviewer: Reviewer) -> None:
    """Insert the reviewer, or refresh the name/email if they changed."""
    conn.execute(
        "INSERT INTO reviewers(id, name, email) VALUES (?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email "
        "WHERE name IS NOT excluded.name OR email IS NOT excluded.email",
        (reviewer.id, reviewer.name, reviewer.email),
    )


def log_event(
    conn: sqlite3.Connection,
    *,
    reviewer_id: str | None,
    action: str,
    entity: str,
    entity_id: str,
    before: str | None,
    after: str | None,
) -> None:
    conn.execute(
        "INSERT INTO events(at, reviewer_id, action, entity, entity_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now_iso(), reviewer_id, action, entity, entity_id, before, after),
    )


def insert_document(
    conn: sqlite3.Connection,
    parsed: ParsedDocument,
    *,
    reviewer_id: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    chunk: int = 5_000,
) -> int:
    """Insert a parsed document with its blocks and sentences; return its id.

    executemany in chunks so that a cancel is noticed during very large imports.
    """
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM documents").fetchone()[0]
    cursor = conn.execute(
        "INSERT INTO documents(sha256, title, source_name, format, encoding, text, spans, "
        "notes, imported_at, position, pages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            parsed.sha256,
            parsed.title,
            parsed.source_name,
            parsed.format,
            parsed.encoding,
            parsed.text,
            spans_to_json(parsed.spans),
            json.dumps(list(parsed.notes), ensure_ascii=False),
            now_iso(),
            position,
            pages_to_json(parsed.pages),
        ),
    )
    document_id = int(cursor.lastrowid or 0)
    insert_structure(conn, document_id, parsed, progress=progress, cancel=cancel, chunk=chunk)
    total = len(parsed.sentences)
    log_event(
        conn,
        reviewer_id=reviewer_id,
        action="import",
        entity="document",
        entity_id=str(document_id),
        before=None,
        after=json.dumps(
            {"sha256": parsed.sha256, "title": parsed.title, "sentences": total},
            ensure_ascii=False,
        ),
    )
    return document_id


def insert_structure(
    conn: sqlite3.Connection,
    document_id: int,
    parsed: ParsedDocument,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    chunk: int = 5_000,
) -> None:
    """A document's blocks, then its sentences, in chunks: a cancel is noticed and
    progress reported every few hundredths of a second even for a 50 MB document."""
    blocks, sentences = parsed.blocks, parsed.sentences
    total = len(blocks) + len(sentences)
    for first in range(0, len(blocks), chunk):
        _check_cancel(cancel)
        conn.executemany(
            'INSERT INTO blocks(document_id, ordinal, start, "end", kind, level, section) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (document_id, first + i, b.start, b.end, b.kind.value, b.level, b.section)
                for i, b in enumerate(blocks[first : first + chunk])
            ],
        )
        if progress is not None:
            progress(min(first + chunk, len(blocks)), total, "saving")
    for first in range(0, len(sentences), chunk):
        _check_cancel(cancel)
        conn.executemany(
            'INSERT INTO sentences(document_id, ordinal, start, "end", kind, section) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (document_id, first + i, s.start, s.end, s.kind.value, s.section)
                for i, s in enumerate(sentences[first : first + chunk])
            ],
        )
        if progress is not None:
            progress(len(blocks) + min(first + chunk, len(sentences)), total, "saving")


def _check_cancel(cancel: CancelCallback | None) -> None:
    if cancel is not None and cancel():
        from assay.text.errors import Cancelled

        raise Cancelled()


def quote_anchor(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Exact text plus context, so an annotation can re-attach after edits."""
    return (
        text[start:end],
        text[max(0, start - QUOTE_CONTEXT) : start],
        text[end : end + QUOTE_CONTEXT],
    )


def upsert_annotation(
    conn: sqlite3.Connection,
    *,
    sentence_id: int,
    reviewer_id: str,
    state: AnnotationState,
    before: AnnotationState,
    anchor: tuple[str, str, str],
) -> str:
    """Create or update one reviewer's annotation and log it; return its uuid."""
    now = now_iso()
    row = conn.execute(
        "SELECT id FROM annotations WHERE sentence_id = ? AND reviewer_id = ?",
        (sentence_id, reviewer_id),
    ).fetchone()
    if row is None:
        annotation_id = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO annotations(id, sentence_id, reviewer_id, categories, not_a_claim, "
            "verdict, citation_accuracy, evidence_type, certainty, confidence, rationale, "
            "status, created, modified, quote_exact, quote_prefix, quote_suffix) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (annotation_id, sentence_id, reviewer_id, *state_values(state), now, now, *anchor),
        )
        action = "create"
    else:
        annotation_id = row[0]
        conn.execute(
            "UPDATE annotations SET categories = ?, not_a_claim = ?, verdict = ?, "
            "citation_accuracy = ?, evidence_type = ?, certainty = ?, confidence = ?, "
            "rationale = ?, status = ?, modified = ? WHERE id = ?",
            (*state_values(state), now, annotation_id),
        )
        action = "update"
    log_event(
        conn,
        reviewer_id=reviewer_id,
        action=action,
        entity="annotation",
        entity_id=annotation_id,
        before=state_to_json(before),
        after=state_to_json(state),
    )
    return annotation_id


def delete_annotation(
    conn: sqlite3.Connection, *, sentence_id: int, reviewer_id: str, before: AnnotationState
) -> None:
    row = conn.execute(
        "SELECT id FROM annotations WHERE sentence_id = ? AND reviewer_id = ?",
        (sentence_id, reviewer_id),
    ).fetchone()
    if row is None:
        return
    conn.execute("DELETE FROM annotations WHERE id = ?", (row[0],))
    log_event(
        conn,
        reviewer_id=reviewer_id,
        action="delete",
        entity="annotation",
        entity_id=row[0],
        before=state_to_json(before),
        after=None,
    )


def set_position(conn: sqlite3.Connection, reviewer_id: str, sentence_id: int | None) -> None:
    conn.execute(
        "INSERT INTO positions(reviewer_id, sentence_id) VALUES (?, ?) "
        "ON CONFLICT(reviewer_id) DO UPDATE SET sentence_id = excluded.sentence_id",
        (reviewer_id, sentence_id),
    )
