"""Writing a parsed document into an open connection: shared by session and importer."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from assay.core.model import ParsedDocument
from assay.services.errors import DuplicateDocumentError
from assay.store import document_rows, queries, writes
from assay.store.connection import transaction
from assay.store.writes import CancelCallback, ProgressCallback
from assay.text.errors import Cancelled

if TYPE_CHECKING:
    from assay.text.original_file import OriginalFile


def write_parsed(
    conn: sqlite3.Connection,
    parsed: ParsedDocument,
    *,
    reviewer_id: str | None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    original: OriginalFile | None = None,
) -> int:
    """Insert the document (and the file it came from, if kept) in one transaction;
    a Cancelled or any error rolls back."""
    with transaction(conn):
        existing = queries.document_by_sha256(conn, parsed.sha256)
        if existing is not None:
            raise DuplicateDocumentError(
                f"“{parsed.source_name}” is already in this review as "
                f"“{existing.title}” (document {existing.id}, imported from "
                f"{existing.source_name}).",
                existing.id,
                existing.title,
            )
        document_id = writes.insert_document(
            conn, parsed, reviewer_id=reviewer_id, progress=progress, cancel=cancel
        )
        # Imported again by hand after a removal: merges may bring its annotations again.
        document_rows.forget_removal(conn, parsed.sha256)
        if original is not None:
            from assay.services.originals import keep_original

            keep_original(conn, document_id, original, parsed.sha256)
        # Last chance before COMMIT: a cancel pressed during the write still wins.
        if cancel is not None and cancel():
            raise Cancelled()
        return document_id
