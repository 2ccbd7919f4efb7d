"""Evidence items on the local reviewer's annotation of a sentence.

An item is a document reference, a DOI, a PMID, a URL, a quoted passage (with its
page) or a note. DOIs, PMIDs and URLs are checked for well-formedness and normalised;
nothing is looked up online. An annotation that holds evidence is kept even when its
categories and verdict are cleared (see ReviewSession.save_annotation), so that
clearing a verdict never loses the evidence gathered for it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from dataclasses import dataclass

from assay.core import identifiers
from assay.core.model import AnnotationState
from assay.core.vocabulary import EVIDENCE_KINDS, values_of
from assay.store import evidence_store, queries, writes

MAX_VALUE = 20_000  # characters: a long quoted passage, not a whole paper
MAX_SOURCE = 1_000  # a reference as listed, with all its authors
# A source that is only a DOI ("10.1234/x", "doi:10…", "https://doi.org/10…") is one.
DOI_LIKE = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+$", re.I)


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    id: str
    annotation_id: str
    kind: str
    value: str
    locator: str
    note: str
    created: str
    source: str = ""  # the work it comes from: a listed reference, a DOI or free text


def check_source(source: str) -> str:
    """The work an item comes from, as kept: a DOI (however written) normalised, any
    other text (a listed reference, a title) as typed, trimmed."""
    source = " ".join(source.split())
    if len(source) > MAX_SOURCE:
        raise ValueError("The source work is too long: name it in at most 1,000 characters.")
    if DOI_LIKE.match(source):
        return identifiers.normalise_doi(source)
    return source


def check_item(kind: str, value: str, locator: str = "", note: str = "") -> tuple[str, str, str]:
    """The item's (value, locator, note), normalised; IdentifierError or ValueError with a
    message for the reviewer when it is not well-formed."""
    if kind not in values_of(EVIDENCE_KINDS):
        raise ValueError(f"unknown kind of evidence: {kind}")
    value, locator, note = value.strip(), locator.strip(), note.strip()
    if kind == "doi":
        value = identifiers.normalise_doi(value)
    elif kind == "pmid":
        value = identifiers.normalise_pmid(value)
    elif kind == "url":
        value = identifiers.normalise_url(value)
    elif not value and not (kind == "note" and note):
        raise ValueError("Write the evidence first: it is empty.")
    if len(value) > MAX_VALUE or len(note) > MAX_VALUE or len(locator) > 200:
        raise ValueError("That is too long to keep as one piece of evidence.")
    return value, locator, note


def items(conn: sqlite3.Connection, sentence_id: int, reviewer_id: str) -> list[EvidenceItem]:
    return [
        EvidenceItem(*row)
        for row in evidence_store.evidence_of_sentence(conn, sentence_id, reviewer_id)
    ]


def add(
    conn: sqlite3.Connection,
    sentence_id: int,
    reviewer_id: str,
    kind: str,
    value: str,
    locator: str = "",
    note: str = "",
    source: str = "",
) -> EvidenceItem:
    """Attach an item, creating the (empty) annotation it hangs on if needed."""
    value, locator, note = check_item(kind, value, locator, note)
    source = check_source(source)
    annotation = evidence_store.annotation_id(conn, sentence_id, reviewer_id)
    if annotation is None:
        location = queries.sentence_location(conn, sentence_id)
        if location is None:
            raise KeyError(f"no sentence {sentence_id}")
        document_id, start, end = location
        text = queries.document_text(conn, document_id)
        annotation = writes.upsert_annotation(
            conn, sentence_id=sentence_id, reviewer_id=reviewer_id,
            state=AnnotationState(), before=AnnotationState(),
            anchor=writes.quote_anchor(text, start, end),
        )  # fmt: skip
    item = EvidenceItem(
        str(uuid.uuid4()), annotation, kind, value, locator, note, writes.now_iso(), source
    )
    evidence_store.insert_evidence(
        conn,
        (item.id, item.annotation_id, item.kind, item.value, item.locator, item.note,
         item.created, item.source),
    )  # fmt: skip
    writes.log_event(
        conn, reviewer_id=reviewer_id, action="add", entity="evidence", entity_id=item.id,
        before=None, after=_json(item),
    )  # fmt: skip
    return item


def remove(conn: sqlite3.Connection, evidence_id: str, reviewer_id: str) -> EvidenceItem | None:
    """Detach an item; an annotation left with no state and no evidence goes too."""
    row = evidence_store.delete_evidence(conn, evidence_id)
    if row is None:
        return None
    item = EvidenceItem(*row)
    writes.log_event(
        conn, reviewer_id=reviewer_id, action="remove", entity="evidence", entity_id=item.id,
        before=_json(item), after=None,
    )  # fmt: skip
    evidence_store.delete_if_empty(conn, item.annotation_id)
    return item


def restore(
    conn: sqlite3.Connection, item: EvidenceItem, sentence_id: int, reviewer_id: str
) -> EvidenceItem:
    """Put a removed item back with its id (undo), on the reviewer's annotation of the
    sentence (made again if removing the item had emptied it away)."""
    placed = add(conn, sentence_id, reviewer_id, item.kind, item.value, item.locator, item.note,
                 item.source)  # fmt: skip
    evidence_store.rename_evidence(conn, placed.id, item.id, item.created)
    return EvidenceItem(item.id, placed.annotation_id, item.kind, placed.value, placed.locator,
                        placed.note, item.created, placed.source)  # fmt: skip


def _json(item: EvidenceItem) -> str:
    return json.dumps(
        {"kind": item.kind, "value": item.value, "locator": item.locator, "note": item.note,
         "source": item.source, "annotation": item.annotation_id},
        ensure_ascii=False,
    )  # fmt: skip
