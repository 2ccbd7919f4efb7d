"""The reviewer's own library in a review: import an export file (the reviewer decides
what to do with entries that have problems), and match the documents' references
against it.

Reading runs on any thread (`read`); saving is one transaction (`save`) that replaces
what an earlier import of the same file brought. Matches are derived, never stored:
cached per (document text, library contents).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assay.core.model import Reviewer
from assay.evidence.library import (
    LibraryEntry,
    LibraryIndex,
    LibraryRead,
    Match,
    match_references,
    read_library,
    read_zotero,
)
from assay.services.references import document_citations
from assay.services.review_lock import hold
from assay.store import library_store, queries, writes
from assay.store.connection import transaction
from assay.store.review_file import inspect_review, open_review
from assay.text.errors import Cancelled

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class LibraryImport:
    source: str
    imported: int
    replaced: int  # entries of an earlier import of the same file
    skipped: int  # entries left out for their problems


def read(
    path: Path, progress: Progress | None = None, cancel: Callable[[], bool] | None = None
) -> LibraryRead:
    """Read a library file (an export, or Zotero's own zotero.sqlite, read-only);
    ImportRefused if it is no library at all."""
    path = Path(path)
    with path.open("rb") as stream:
        if stream.read(16) == b"SQLite format 3\x00":
            return read_zotero(path)

    def check(done: int, total: int, stage: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done, total, stage)

    return read_library(path, check)


def save(conn: sqlite3.Connection, library: LibraryRead, reviewer: Reviewer) -> LibraryImport:
    """Store the good entries of `library` (in the caller's connection, one transaction)."""
    source = library.path.name
    now = writes.now_iso()
    rows = [_row(entry, source, now) for entry in library.entries]
    with transaction(conn):
        writes.ensure_reviewer(conn, reviewer)
        replaced = library_store.delete_source(conn, source)
        library_store.insert_entries(conn, rows)
        writes.log_event(
            conn, reviewer_id=reviewer.id, action="import", entity="library", entity_id=source,
            before=None,
            after=json.dumps({"entries": len(rows), "skipped": library.skipped,
                              "format": library.format}),
        )  # fmt: skip
    return LibraryImport(source, len(rows), replaced, library.skipped)


def import_file(
    review_path: Path,
    library: LibraryRead,
    *,
    reviewer: Reviewer,
) -> LibraryImport:
    """`save` through a connection of its own (the CLI), holding the review's lock as
    a merge does: refused while the review is open in an Assay window or cannot be
    written, with a message and nothing changed."""
    review_path = Path(review_path)
    version = inspect_review(review_path)  # a missing or bad review: said before any lock
    with hold(review_path, action="import a library into it"):
        conn = open_review(review_path, read_only=False, version=version)
        try:
            return save(conn, library, reviewer)
        finally:
            conn.close()


def entries(conn: sqlite3.Connection) -> list[LibraryEntry]:
    return [_entry(row) for row in library_store.entry_rows(conn)]


# The built index of the last library asked for, with its (review, entries, latest
# import): building it takes a moment at 20,000 entries; matching one document is fast.
_cached: list[tuple[tuple[str, int, str], LibraryIndex, list[LibraryEntry]]] = []


def document_matches(
    conn: sqlite3.Connection, document_id: int
) -> dict[int, tuple[Match, LibraryEntry]]:
    """Work index -> (its match, the library entry) for the document's works that the
    library holds. Empty when the library is."""
    count, latest = library_store.library_state(conn)
    if count == 0:
        return {}
    state = (queries.meta(conn).get("review_id", ""), count, latest)
    if not _cached or _cached[0][0] != state:
        library = entries(conn)
        _cached[:] = [(state, LibraryIndex(library), library)]
    cached = _cached[0]
    _, index, library = cached
    found = document_citations(conn, document_id)
    canonical = [work.canonical for work in found.works]
    result: dict[int, tuple[Match, LibraryEntry]] = {}
    for match in match_references(canonical, library, index=index):
        if match.entry_index is not None:
            result[match.ref_index] = (match, library[match.entry_index])
    return result


def _row(entry: LibraryEntry, source: str, now: str) -> tuple[object, ...]:
    first, last = entry.pages if entry.pages else ("", "")
    return (
        entry.key, entry.type, entry.title, library_store.authors_json(entry.authors),
        entry.year, entry.journal, entry.journal_abbreviation, entry.volume, entry.issue,
        first, last, entry.doi, entry.pmid, entry.abstract, entry.url, source, now,
    )  # fmt: skip


def _entry(row: tuple[object, ...]) -> LibraryEntry:
    (key, type_, title, authors, year, journal, abbreviation, volume, issue, first, last,
     doi, pmid, abstract, url, _source, _imported) = row  # fmt: skip
    return LibraryEntry(
        key=str(key), type=str(type_), title=str(title),
        authors=tuple(json.loads(str(authors))), year=year if isinstance(year, int) else None,
        journal=str(journal), volume=str(volume), issue=str(issue),
        pages=(str(first), str(last)) if first else None, doi=str(doi), pmid=str(pmid),
        abstract=str(abstract), url=str(url), journal_abbreviation=str(abbreviation),
    )  # fmt: skip
