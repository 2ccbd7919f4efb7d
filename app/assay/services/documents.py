"""Renaming and removing a document of a review, and undoing a removal.

A rename changes only the title (the hash, and so how bundles match it, stays). A
removal deletes the document with its sentences, everyone's annotations, evidence,
decisions and kept PDF in one transaction, remembers its hashes (`removed_documents`)
so a later merge skips it and says so, and returns everything it deleted, which
`restore_document` puts back exactly (the window's undo).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from assay.core.model import DocumentInfo
from assay.services.errors import ReviewFileError
from assay.services.session import ReviewSession
from assay.store import document_rows, writes
from assay.store.connection import transaction
from assay.store.document_rows import DocumentRows

MAX_TITLE = 300


class DocumentNotFoundError(ReviewFileError):
    """No document (or more than one) answers to what the reviewer typed."""


@dataclass(frozen=True, slots=True)
class RemovalSummary:
    """What removing a document takes with it: what the confirmation says."""

    title: str
    sentences: int
    annotations: int
    reviewers: int
    evidence: int
    decisions: int
    orphans: int

    def describe(self) -> str:
        def n(count: int, noun: str) -> str:
            return f"{count:,} {noun}{'' if count == 1 else 's'}"

        parts = [n(self.annotations, "annotation")]
        if self.annotations:
            parts[0] += f" by {n(self.reviewers, 'reviewer')}"
        if self.evidence:
            parts.append(n(self.evidence, "evidence item"))
        if self.decisions:
            parts.append(n(self.decisions, "final decision"))
        if self.orphans:
            parts.append(n(self.orphans, "orphaned annotation"))
        return ", ".join(parts)


def find_document(session: ReviewSession, key: str) -> DocumentInfo:
    """A document by its id (as `assay stats` lists them) or its exact title."""
    documents = session.documents()
    key = key.strip()
    if key.isdigit():
        for document in documents:
            if document.id == int(key):
                return document
    named = [d for d in documents if d.title == key] or [
        d for d in documents if d.title.casefold() == key.casefold()
    ]
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(str(d.id) for d in named)
        raise DocumentNotFoundError(
            f"{len(named)} documents are titled “{key}” (ids {ids}); give the id instead."
        )
    listing = "; ".join(f"{d.id}: {d.title}" for d in documents) or "none"
    raise DocumentNotFoundError(
        f"No document “{key}” in {session.path.name}. Its documents: {listing}."
    )


def rename_document(session: ReviewSession, document_id: int, title: str) -> str:
    """Give the document a new title; return the old one. One transaction, one event."""
    session.check_writable()
    title = " ".join(title.split())
    if not title:
        raise ValueError("A document's title cannot be empty.")
    if len(title) > MAX_TITLE:
        raise ValueError(f"A title can have at most {MAX_TITLE} characters.")
    conn = session.conn
    with transaction(conn):
        old = document_rows.rename(conn, document_id, title)
        if old is None:
            raise DocumentNotFoundError(f"No document {document_id} in {session.path.name}.")
        if old != title:
            writes.log_event(
                conn, reviewer_id=session.reviewer.id, action="rename", entity="document",
                entity_id=str(document_id), before=json.dumps({"title": old}),
                after=json.dumps({"title": title}),
            )  # fmt: skip
    return old


def removal_summary(session: ReviewSession, document_id: int) -> RemovalSummary:
    rows = document_rows.read(session.conn, document_id)
    if rows is None:
        raise DocumentNotFoundError(f"No document {document_id} in {session.path.name}.")
    return _summary(rows)


def remove_document(session: ReviewSession, document_id: int) -> DocumentRows:
    """Remove the document and all that hangs on it; return it all, for an undo."""
    session.check_writable()
    conn = session.conn
    with transaction(conn):
        rows = document_rows.read(conn, document_id)
        if rows is None:
            raise DocumentNotFoundError(f"No document {document_id} in {session.path.name}.")
        document_rows.delete(conn, rows, session.reviewer.id)
        summary = _summary(rows)
        writes.log_event(
            conn, reviewer_id=session.reviewer.id, action="remove", entity="document",
            entity_id=str(document_id),
            before=json.dumps({"title": rows.title, "sha256": rows.sha256,
                               "sentences": summary.sentences,
                               "annotations": summary.annotations}),
            after=None,
        )  # fmt: skip
    return rows


def restore_document(session: ReviewSession, rows: DocumentRows) -> None:
    """Undo a removal: the same rows, the same ids; the removal is forgotten."""
    session.check_writable()
    conn = session.conn
    with transaction(conn):
        document_rows.restore(conn, rows)
        writes.log_event(
            conn, reviewer_id=session.reviewer.id, action="restore", entity="document",
            entity_id=str(rows.document_id), before=None,
            after=json.dumps({"title": rows.title, "sha256": rows.sha256}),
        )  # fmt: skip


def _summary(rows: DocumentRows) -> RemovalSummary:
    columns, annotations = rows.tables["annotations"]
    reviewer_at = columns.index("reviewer_id") if columns else 0
    return RemovalSummary(
        title=rows.title,
        sentences=rows.count("sentences"),
        annotations=len(annotations),
        reviewers=len({row[reviewer_at] for row in annotations}),
        evidence=rows.count("evidence"),
        decisions=rows.count("adjudications"),
        orphans=rows.count("orphans"),
    )
