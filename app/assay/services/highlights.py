"""Highlights: the words that carry a claim, marked inside a sentence on the reviewer's
annotation of it (docs/DATA.md, migration 9). Qt-free; callers own the transaction."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import astuple, dataclass, replace

from assay.core.model import AnnotationState
from assay.store import evidence_store, highlight_store, queries, writes

MAX_PHRASE = 2_000  # characters: longer than any sentence a reviewer marks a phrase of


class HighlightError(ValueError):
    """A phrase that cannot be highlighted; `str(e)` says why, for the status bar."""


@dataclass(frozen=True, slots=True)
class Highlight:
    id: str
    annotation_id: str
    start: int  # code points in the document's text, end exclusive
    end: int
    quote_exact: str
    quote_prefix: str
    quote_suffix: str
    created: str
    modified: str


def items(conn: sqlite3.Connection, sentence_id: int, reviewer_id: str) -> list[Highlight]:
    return [
        Highlight(*row)
        for row in highlight_store.highlights_of_sentence(conn, sentence_id, reviewer_id)
    ]


def of_document(
    conn: sqlite3.Connection, document_id: int, reviewer_id: str | None = None
) -> list[Highlight]:
    return [
        Highlight(*row)
        for row in highlight_store.highlights_of_document(conn, document_id, reviewer_id)
    ]


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without the white space at its ends (a drag often takes one),
    clipped to the text."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def add(
    conn: sqlite3.Connection, sentence_id: int, reviewer_id: str, start: int, end: int
) -> Highlight:
    """Highlight [start, end) (document offsets) of the sentence, on the reviewer's
    annotation of it (made, empty, if it has none yet). HighlightError with the reason
    when the phrase is empty or not inside the sentence."""
    location = queries.sentence_location(conn, sentence_id)
    if location is None:
        raise KeyError(f"no sentence {sentence_id}")
    document_id, sentence_start, sentence_end = location
    text = queries.document_text(conn, document_id)
    start, end = trimmed(text, start, end)
    if start >= end:
        raise HighlightError("Select some words of the sentence first, then press H.")
    if start < sentence_start or end > sentence_end:
        raise HighlightError(
            "Only words inside the current sentence can be highlighted: select within it."
        )
    if end - start > MAX_PHRASE:
        raise HighlightError("That phrase is too long to highlight.")
    annotation = evidence_store.annotation_id(conn, sentence_id, reviewer_id)
    if annotation is None:
        annotation = writes.upsert_annotation(
            conn, sentence_id=sentence_id, reviewer_id=reviewer_id,
            state=AnnotationState(), before=AnnotationState(),
            anchor=writes.quote_anchor(text, sentence_start, sentence_end),
        )  # fmt: skip
    now = writes.now_iso()
    item = Highlight(
        str(uuid.uuid4()), annotation, start, end, *writes.quote_anchor(text, start, end), now, now
    )
    highlight_store.insert_highlights(conn, [_row(item)])
    writes.log_event(
        conn, reviewer_id=reviewer_id, action="add", entity="highlight", entity_id=item.id,
        before=None, after=_json(item),
    )  # fmt: skip
    return item


def remove(conn: sqlite3.Connection, highlight_id: str, reviewer_id: str) -> Highlight | None:
    """Take a highlight away (with a tombstone); an annotation left holding nothing goes
    too."""
    row = highlight_store.delete_highlight(conn, highlight_id)
    if row is None:
        return None
    item = Highlight(*row)
    highlight_store.bury(conn, item.id, writes.now_iso())
    writes.log_event(
        conn, reviewer_id=reviewer_id, action="remove", entity="highlight", entity_id=item.id,
        before=_json(item), after=None,
    )  # fmt: skip
    evidence_store.delete_if_empty(conn, item.annotation_id)
    return item


def restore(
    conn: sqlite3.Connection, item: Highlight, sentence_id: int, reviewer_id: str
) -> Highlight:
    """Put a removed highlight back with its id (undo), on the reviewer's annotation of
    the sentence (made again if removing the highlight had emptied it away)."""
    placed = add(conn, sentence_id, reviewer_id, item.start, item.end)
    highlight_store.delete_highlights(conn, [placed.id])
    highlight_store.unbury(conn, item.id)
    back = replace(placed, id=item.id, created=item.created)
    highlight_store.insert_highlights(conn, [_row(back)])
    return back


def _row(item: Highlight) -> tuple:
    """HIGHLIGHT_COLUMNS order: the dataclass's own."""
    return astuple(item)


def _json(item: Highlight) -> str:
    return json.dumps(
        {"annotation": item.annotation_id, "start": item.start, "end": item.end,
         "exact": item.quote_exact},
        ensure_ascii=False,
    )  # fmt: skip
