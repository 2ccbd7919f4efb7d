"""The original PDF of a document: what the page view shows, and attaching it later.

A document imported from a PDF keeps the file (migration 6). A review made before
that, or a document whose file was not kept, can have its PDF attached again; it is
accepted only if parsing it gives exactly the document's text (same SHA-256) on the same
pages, so a different file (another version or print of the paper, another paper) is
never attached.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assay.store import originals
from assay.store.connection import transaction
from assay.text.errors import ImportRefused

# A PDF read differently by an earlier reader is the same file when at least this
# share of the document's sentences is found printed on their pages.
_PLACED_SHARE = 0.95
_MIN_SENTENCES = 5

if TYPE_CHECKING:
    from assay.text.original_file import OriginalFile

# Why a document has no page to show; "" when it has one.
NOT_A_PDF = "not_pdf"
MISSING = "missing"
STALE = "stale"


class OriginalMismatchError(ImportRefused):
    """The chosen file is not the one the document was imported from."""


@dataclass(frozen=True, slots=True)
class OriginalStatus:
    document_id: int
    problem: str  # "", NOT_A_PDF, MISSING or STALE
    file_name: str = ""

    @property
    def available(self) -> bool:
        return not self.problem

    def message(self) -> str:
        """What the page view says instead of a page."""
        if self.problem == NOT_A_PDF:
            return "This document was not imported from a PDF: it has no pages to show."
        if self.problem == STALE:
            return (
                f"The kept PDF (“{self.file_name}”) is of an earlier version of this "
                "document. Attach the PDF of this version to see its pages."
            )
        if self.problem == MISSING:
            return (
                "This review does not hold the original PDF of this document (it was "
                "imported before Assay kept originals, or came from a bundle). Attach the "
                "same PDF to see its pages: it is accepted only if it prints this text."
            )
        return ""


def original_status(conn: sqlite3.Connection, document_id: int) -> OriginalStatus:
    info = originals.original_info(conn, document_id)
    document_format, text_sha256 = originals.document_format(conn, document_id)
    if info is None:
        return OriginalStatus(document_id, MISSING if document_format == "pdf" else NOT_A_PDF)
    if info.text_sha256 != text_sha256:
        return OriginalStatus(document_id, STALE, info.file_name)
    return OriginalStatus(document_id, "", info.file_name)


def original_pdf(conn: sqlite3.Connection, document_id: int) -> bytes | None:
    """The PDF whose text is the document's current text, or None."""
    if not original_status(conn, document_id).available:
        return None
    return originals.original_content(conn, document_id)


def attach_original(conn: sqlite3.Connection, document_id: int, source: Path) -> str:
    """Keep `source` as the document's original if it gives the document's text.

    Returns the kept file's name. Raises ImportRefused (not a readable PDF) or
    OriginalMismatchError (another text). The caller checks the review is writable.
    """
    from assay.text.original_file import parse_keeping_original

    source = Path(source)
    parsed, original = parse_keeping_original(source)
    if original is None:
        raise OriginalMismatchError(f"“{source.name}” is not a PDF.")
    title, text_sha256, pages = originals.document_print(conn, document_id)
    # The same text on other pages (another print of it) would put boxes on wrong pages.
    same_pages = pages == [list(start) for start in parsed.pages]
    same = parsed.sha256 == text_sha256 and same_pages
    if not same and not _places_the_sentences(conn, document_id, original.content):
        raise OriginalMismatchError(
            f"“{source.name}” does not give the text of “{title}”, so it was not "
            "attached: it is another file, another version of it, or was read differently "
            "by another version of Assay. Choose the PDF this document was imported from."
        )
    with transaction(conn):
        keep_original(conn, document_id, original, text_sha256)
    return original.file_name


def _places_the_sentences(conn: sqlite3.Connection, document_id: int, pdf: bytes) -> bool:
    """Nearly every sentence of the document is printed in `pdf`, on its own page: the
    same PDF read by an earlier version of Assay's reader (whose text differs)."""
    import pypdfium2 as pdfium

    from assay.text.pdf_boxes import SentenceLocator

    sentences = originals.document_sentences(conn, document_id)
    if len(sentences) < _MIN_SENTENCES:
        return False
    document = pdfium.PdfDocument(pdf)
    try:
        placed = SentenceLocator(document, sentences).found()
    finally:
        document.close()
    return placed >= _PLACED_SHARE * len(sentences)


def keep_original(
    conn: sqlite3.Connection, document_id: int, original: OriginalFile, text_sha256: str
) -> None:
    """Store `original` as the file of `document_id`, whose text hashes to
    `text_sha256`; the caller holds the transaction."""
    originals.save_original(
        conn,
        document_id,
        file_name=original.file_name,
        media_type=original.media_type,
        content=original.content,
        sha256=original.sha256,
        text_sha256=text_sha256,
    )
