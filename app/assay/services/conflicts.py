"""Conflicts a merge kept: listing them and settling each by keeping one version.

A conflict is a bundle's version of an annotation that was changed here and there
since the two last met (or a second annotation of one reviewer's sentence, made on
another computer). The merge left ours in place and kept theirs, whole, with its
evidence. Settling writes the chosen content with a revision that descends from both,
so merging either version again changes nothing, and whoever receives the settled
record next takes it as the newer one.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from assay.core import revisions
from assay.core.model import AnnotationState
from assay.exchange.bundle_format import BundleAnnotation, BundleEvidence
from assay.services import exchange_rows
from assay.store import conflict_store, exchange_writes, writes
from assay.store.codec import state_from_row
from assay.store.exchange_writes import ANNOTATION_COLUMNS
from assay.store.revisions import bury

_STATE = slice(ANNOTATION_COLUMNS.index("categories"), ANNOTATION_COLUMNS.index("created"))
_REVISION = ANNOTATION_COLUMNS.index("revision")


class ConflictError(Exception):
    """The conflict cannot be settled as asked; `str(e)` says why."""


@dataclass(frozen=True, slots=True)
class Conflict:
    id: int
    reviewer_id: str
    reviewer_name: str
    document_id: int
    document_title: str
    sentence_id: int
    ordinal: int
    ours: AnnotationState | None  # None: deleted here
    theirs: AnnotationState
    theirs_evidence: int  # evidence items that come with theirs
    bundle: str
    found: str


def list_conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    return [_conflict(conn, row) for row in conflict_store.conflict_rows(conn)]


def count(conn: sqlite3.Connection) -> int:
    return conflict_store.count(conn)


def keep_ours(conn: sqlite3.Connection, conflict_id: int, reviewer_id: str) -> None:
    """Ours stays as it is and now descends from theirs too. Caller owns the transaction."""
    theirs, _, ours_id, _ = _load(conn, conflict_id)
    ours = conflict_store.annotation_row(conn, ours_id) if ours_id else None
    if ours is None:  # deleted here (or since): it stays deleted, past their version too
        bury(conn, "annotation", theirs.id, theirs.revision)
    else:
        ours_revision = revisions.from_json(ours[_REVISION])
        joined = revisions.join(ours_revision, theirs.revision)
        conflict_store.set_revision(conn, ours_id, revisions.to_json(joined))
        if ours_id != theirs.id:  # their other id for this sentence stays out
            bury(conn, "annotation", theirs.id, theirs.revision)
    _settled(conn, conflict_id, theirs, reviewer_id, "keep ours")


def take_theirs(conn: sqlite3.Connection, conflict_id: int, reviewer_id: str) -> None:
    """Theirs replaces ours; ours's evidence follows, theirs's is added. Caller owns
    the transaction."""
    theirs, evidence, ours_id, sentence_id = _load(conn, conflict_id)
    ours = conflict_store.annotation_row(conn, ours_id) if ours_id else None
    if ours is None:
        conflict_store.insert_annotation(conn, exchange_rows.annotation_to_row(theirs, sentence_id))
    else:
        ours_revision = revisions.from_json(ours[_REVISION])
        row = exchange_rows.annotation_to_row(
            theirs._replace(revision=revisions.join(ours_revision, theirs.revision)), sentence_id
        )
        if ours_id == theirs.id:
            exchange_writes.update_annotations(conn, [row])
        else:
            conflict_store.replace_annotation(conn, ours_id, row)
            bury(conn, "annotation", ours_id, ours_revision)
    known = conflict_store.existing_evidence(conn, [item.id for item in evidence])
    exchange_writes.insert_evidence(
        conn,
        [
            exchange_rows.evidence_to_row(item, theirs.id)
            for item in evidence
            if item.id not in known
        ],
    )
    _settled(conn, conflict_id, theirs, reviewer_id, "take theirs")


def _load(
    conn: sqlite3.Connection, conflict_id: int
) -> tuple[BundleAnnotation, list[BundleEvidence], str | None, int]:
    """Theirs, their evidence, our annotation's id and the sentence's id."""
    rows = conflict_store.conflict_rows(conn, conflict_id)
    if not rows:
        raise ConflictError("That conflict was settled already.")
    row = rows[0]
    theirs, evidence = exchange_rows.conflict_from_json(row[9])
    return theirs, evidence, row[2], row[7]


def _settled(
    conn: sqlite3.Connection, conflict_id: int, theirs: BundleAnnotation, reviewer_id: str, how: str
) -> None:
    conflict_store.delete(conn, conflict_id)
    writes.log_event(
        conn, reviewer_id=reviewer_id, action="settle", entity="annotation", entity_id=theirs.id,
        before=None, after=json.dumps({"settled": how}),
    )  # fmt: skip


def _conflict(conn: sqlite3.Connection, row: tuple) -> Conflict:
    theirs, evidence = exchange_rows.conflict_from_json(row[9])
    ours_row = conflict_store.annotation_row(conn, row[2]) if row[2] else None
    return Conflict(
        id=row[0],
        reviewer_id=row[3],
        reviewer_name=row[4],
        document_id=row[5],
        document_title=row[6],
        sentence_id=row[7],
        ordinal=row[8],
        ours=None if ours_row is None else state_from_row(ours_row[_STATE]),
        theirs=_state(theirs),
        theirs_evidence=len(evidence),
        bundle=row[10],
        found=row[11],
    )


def _state(annotation: BundleAnnotation) -> AnnotationState:
    return state_from_row(
        (
            json.dumps(list(annotation.categories)), int(annotation.not_a_claim),
            annotation.verdict, annotation.citation_accuracy, annotation.evidence_type,
            annotation.certainty, annotation.confidence, annotation.rationale, annotation.status,
        )
    )  # fmt: skip
