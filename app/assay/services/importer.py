"""Importing a document on any thread: its own connection, one transaction.

The UI's session holds the file lock for the whole process; this connection
does not take it, and SQLite's own locking (busy_timeout) serialises the write
with the session's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assay.core.model import ParsedDocument, Reviewer
from assay.services.importing import write_parsed
from assay.services.results import ImportResult
from assay.store import writes
from assay.store.connection import transaction
from assay.store.review_file import open_review
from assay.store.writes import CancelCallback, ProgressCallback

if TYPE_CHECKING:
    from assay.text.original_file import OriginalFile

__all__ = ["DroppedFiles", "ImportResult", "import_file", "import_many", "import_text"]


@dataclass(slots=True)
class DroppedFiles:
    """What became of each file of a drop (or a File ▸ Import of several files)."""

    imported: list[tuple[Path, ImportResult]] = field(default_factory=list)
    bundles: list[Path] = field(default_factory=list)  # checked: go on to the merge summary
    failed: list[tuple[Path, str]] = field(default_factory=list)  # file, why (a sentence)


def import_many(
    review_path: Path | None,
    documents: Sequence[Path],
    bundles: Sequence[Path] = (),
    *,
    reviewer: Reviewer,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> DroppedFiles:
    """Each file on its own: every document imported in its own transaction (a bad one
    never stops the good ones), every bundle read and checked (a merge plans the good
    ones after). A cancel stops after the file in hand; those not reached say so."""
    from assay.exchange.bundle_format import BundleError
    from assay.exchange.bundle_read import read_bundle
    from assay.store.errors import ReviewFileError
    from assay.text.errors import Cancelled, ImportRefused

    outcome = DroppedFiles()
    files = [*documents, *bundles]
    for done, source in enumerate(files):
        if cancel is not None and cancel():
            outcome.failed.extend((left, "not imported: cancelled") for left in files[done:])
            break
        if progress is not None:
            progress(done, len(files), f"{source.name} ({done + 1} of {len(files)})")
        try:
            if source in bundles:
                read_bundle(source)
                outcome.bundles.append(source)
            elif review_path is None:
                outcome.failed.append((source, "no review is open: open or create one first."))
            else:
                result = import_file(review_path, source, reviewer=reviewer, cancel=cancel)
                outcome.imported.append((source, result))
        except Cancelled:
            outcome.failed.extend((left, "not imported: cancelled") for left in files[done:])
            break
        except (ImportRefused, BundleError, ReviewFileError) as error:
            outcome.failed.append((source, str(error)))
        except OSError as error:
            outcome.failed.append((source, error.strerror or str(error)))
    return outcome


def import_file(
    review_path: Path,
    source: Path,
    *,
    reviewer: Reviewer,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ImportResult:
    """Parse `source` and add it to the review; Cancelled leaves the review unchanged.

    Raises ImportRefused (unreadable document), DuplicateDocumentError,
    Cancelled, or a ReviewFileError for the review itself.
    """
    # The text layer is only needed here. A PDF's bytes are kept for the page view.
    from assay.text.original_file import parse_keeping_original

    parsed, original = parse_keeping_original(Path(source), progress=progress, cancel=cancel)
    return _write(review_path, parsed, reviewer, progress, cancel, original)


def import_text(
    review_path: Path,
    text: str,
    *,
    source_name: str,
    reviewer: Reviewer,
    html: str = "",
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ImportResult:
    """Pasted text as a new document (Markdown if it looks like it); titled by its
    first heading, or else its first line. With `html` (what a browser copies beside
    the text), the structure comes from it: headings, lists, paragraphs, and no menus."""
    from assay.text.errors import ImportRefused
    from assay.text.pipeline import parse_text

    if not text.strip():
        raise ImportRefused("The clipboard holds no text to paste as a document.")
    parsed = None
    if html:
        parsed = _parsed_html(html, source_name, progress, cancel)
    if parsed is None:
        parsed = parse_text(text, source_name=source_name, progress=progress, cancel=cancel)
    if parsed.title == Path(source_name).stem and parsed.blocks:
        first = parsed.blocks[0]
        line = parsed.text[first.start : first.end]
        parsed = replace(parsed, title=line if len(line) <= 80 else line[:79] + "…")
    return _write(review_path, parsed, reviewer, progress, cancel)


def _parsed_html(
    html: str,
    source_name: str,
    progress: ProgressCallback | None,
    cancel: CancelCallback | None,
) -> ParsedDocument | None:
    """The pasted HTML's article, or None to fall back on the plain text."""
    from assay.text.errors import ImportRefused
    from assay.text.html_reader import html_blocks
    from assay.text.pipeline import parse_blocks

    try:
        raw = html_blocks(html, source_name, lambda *_: None)
    except ImportRefused:
        return None
    parsed = parse_blocks(raw, source_name=source_name, format="html", progress=progress,
                          cancel=cancel)  # fmt: skip
    return parsed if parsed.sentences else None


def _write(
    review_path: Path,
    parsed: ParsedDocument,
    reviewer: Reviewer,
    progress: ProgressCallback | None,
    cancel: CancelCallback | None,
    original: OriginalFile | None = None,
) -> ImportResult:
    conn = open_review(Path(review_path), read_only=False)
    try:
        with transaction(conn):
            writes.ensure_reviewer(conn, reviewer)
        document_id = write_parsed(
            conn,
            parsed,
            reviewer_id=reviewer.id,
            progress=progress,
            cancel=cancel,
            original=original,
        )
    finally:
        conn.close()
    return ImportResult(
        document_id, parsed.title, len(parsed.sentences), parsed.encoding, parsed.notes
    )
