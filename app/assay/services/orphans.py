"""Orphaned annotations: those that found no sentence in a document's new version.

The reviewer attaches each to a sentence by hand (suggestions first: the most similar
sentences of the document) or discards it. Callers own the transaction.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from assay.core.model import AnnotationState
from assay.store import (
    evidence_store,
    exchange_queries,
    queries,
    version_queries,
    version_writes,
    writes,
)
from assay.store.codec import state_from_row, state_to_json

_STATE = slice(3, 12)  # ORPHAN_COLUMNS: id, document_id, reviewer_id, 9 state columns, ...


class OrphanError(Exception):
    """An orphan cannot go where the reviewer asked; `str(e)` says why."""


@dataclass(frozen=True, slots=True)
class Orphan:
    id: str
    document_id: int
    reviewer_id: str
    reviewer_name: str
    state: AnnotationState
    quote: str
    prefix: str
    suffix: str
    orphaned_at: str


def list_orphans(conn: sqlite3.Connection, document_id: int | None = None) -> list[Orphan]:
    names = exchange_queries.reviewer_names(conn)
    return [
        Orphan(
            row[0],
            row[1],
            row[2],
            names.get(row[2], row[2]),
            state_from_row(row[_STATE]),
            row[14],
            row[15],
            row[16],
            row[-1],  # orphaned_at, after the revision columns
        )  # fmt: skip
        for row in version_queries.orphan_rows(conn, document_id)
    ]


@dataclass(frozen=True, slots=True)
class Suggestion:
    sentence_id: int
    text: str
    score: float  # rapidfuzz similarity to the orphan's quote, 0-100
    reason: str  # "was next to it" or "similar text"


def suggestions(conn: sqlite3.Connection, orphan: Orphan, limit: int = 5) -> list[Suggestion]:
    """Where the orphan may belong: the sentences around the place its context (prefix
    or suffix) is still found, then the most similar sentences of the document."""
    # Only the orphan's document, read as the text layer sees it (not the whole review).
    parsed, ids = queries.stored_document(conn, orphan.document_id)
    text = parsed.text
    rows = [
        _Sentence(sentence_id, s.start, s.end, text[s.start : s.end])
        for sentence_id, s in zip(ids, parsed.sentences, strict=True)
    ]
    if not rows:
        return []
    result: list[Suggestion] = []
    for row in _neighbours(rows, text, orphan):
        result.append(
            Suggestion(row.id, row.text, fuzz.ratio(orphan.quote, row.text), "was next to it")
        )
    taken = {s.sentence_id for s in result}
    candidates = {row.id: row.text for row in rows if row.id not in taken}
    for sentence_text, score, key in process.extract(
        orphan.quote, candidates, scorer=fuzz.ratio, limit=limit
    ):
        result.append(Suggestion(key, sentence_text, score, "similar text"))
    return result


class _Sentence(NamedTuple):
    id: int
    start: int
    end: int
    text: str


def _neighbours(rows: list[_Sentence], text: str, orphan: Orphan) -> list[_Sentence]:
    """The sentence that ends where the orphan's prefix ends, and the one starting
    where its suffix starts (the sentences it stood between)."""
    found: list[_Sentence] = []
    prefix = orphan.prefix.strip()
    if prefix and (at := text.rfind(prefix)) >= 0:
        end = at + len(prefix)
        found += [row for row in rows if row.start < end <= row.end][:1]
    suffix = orphan.suffix.strip()
    if suffix and (at := text.find(suffix)) >= 0:
        found += [row for row in rows if row.start <= at < row.end and row not in found][:1]
    return found


def attach(conn: sqlite3.Connection, orphan: Orphan, sentence_id: int, reviewer_id: str) -> None:
    location = queries.sentence_location(conn, sentence_id)
    if location is None or location[0] != orphan.document_id:
        raise OrphanError("That sentence is not in the orphan's document.")
    if evidence_store.annotation_id(conn, sentence_id, orphan.reviewer_id) is not None:
        raise OrphanError(
            f"{orphan.reviewer_name} already annotated that sentence; choose another one, "
            "or discard this orphan."
        )
    document_id, start, end = location
    text = queries.document_text(conn, document_id)
    version_writes.attach_orphan(
        conn, orphan.id, sentence_id, writes.quote_anchor(text, start, end)
    )
    writes.log_event(
        conn, reviewer_id=reviewer_id, action="attach", entity="annotation", entity_id=orphan.id,
        before=None, after=json.dumps({"sentence_id": sentence_id}),
    )  # fmt: skip


def discard(conn: sqlite3.Connection, orphan: Orphan, reviewer_id: str) -> None:
    version_writes.delete_orphan(conn, orphan.id)
    writes.log_event(
        conn, reviewer_id=reviewer_id, action="discard", entity="annotation", entity_id=orphan.id,
        before=state_to_json(orphan.state), after=None,
    )  # fmt: skip
