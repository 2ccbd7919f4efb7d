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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

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
from assay.evidence.near_miss import LibraryStatus, NearMiss, NearMissIndex, classify
from assay.evidence.reference_groups import Work
from assay.services.references import document_citations, short_citation
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
_cached: list[tuple[tuple[str, int, str], NearMissIndex]] = []


def _index(conn: sqlite3.Connection) -> NearMissIndex | None:
    count, latest = library_store.library_state(conn)
    if count == 0:
        return None
    state = (queries.meta(conn).get("review_id", ""), count, latest)
    if not _cached or _cached[0][0] != state:
        _cached[:] = [(state, NearMissIndex(LibraryIndex(entries(conn))))]
    return _cached[0][1]


def document_matches(
    conn: sqlite3.Connection, document_id: int
) -> dict[int, tuple[Match, LibraryEntry]]:
    """Work index -> (its match, the library entry) for the document's works that the
    library holds. Empty when the library is."""
    near = _index(conn)
    if near is None:
        return {}
    # Asked on every move to a citing sentence (the Evidence tab's numbers): matched once
    # per document text and library, not each time (12 ms at 20,000 entries).
    if not _matched_with or _matched_with[0] is not near:
        _matched_with[:] = [near]
        _matched.clear()
    found = document_citations(conn, document_id)
    key = (document_id, found.parsed.sha256)
    if key not in _matched:
        _matched[key] = works_in_library(found.works, near)
    return _matched[key]


_matched_with: list[NearMissIndex] = []  # the index the matches below were made with
_matched: dict[tuple[int, str], dict[int, tuple[Match, LibraryEntry]]] = {}


def works_in_library(
    works: Sequence[Work], near: NearMissIndex
) -> dict[int, tuple[Match, LibraryEntry]]:
    """Work index -> (its match, the library entry) for the works the library holds
    (a stored document's or one read from a file)."""
    library = near.index.library
    canonical = [work.canonical for work in works]
    result: dict[int, tuple[Match, LibraryEntry]] = {}
    for match in match_references(canonical, library, index=near.index):
        if match.entry_index is not None:
            result[match.ref_index] = (match, library[match.entry_index])
    return result


def document_library(conn: sqlite3.Connection, document_id: int) -> dict[int, LibraryStatus]:
    """Work index -> matched / near misses / not in the library, for every work of the
    document; empty when the library is. Near misses are possible citation errors."""
    near = _index(conn)
    if near is None:
        return {}
    works = document_citations(conn, document_id).works
    return {number: classify(work.canonical, near, number) for number, work in enumerate(works)}


def library_entry(conn: sqlite3.Connection, entry_index: int) -> LibraryEntry:
    """The entry a Match or NearMiss names (indexes into the cached library)."""
    near = _index(conn)
    assert near is not None, "no library: nothing can name an entry"
    return near.index.library[entry_index]


@dataclass(frozen=True, slots=True)
class CitationProblem:
    """A work a sentence cites that the library only nearly holds."""

    work_index: int
    citation: str  # "Serefko et al. 2013, Pharmacol Rep"
    near_miss: NearMiss
    entry: LibraryEntry

    def summary(self) -> str:
        entry = self.entry
        author = entry.authors[0] if entry.authors else "?"
        return (
            f"Possible citation error: {self.citation} — your library holds "
            f"{author} {entry.year or 'n.d.'}, “{entry.title}” ({self.near_miss.why}; "
            f"differs: {', '.join(self.near_miss.differs) or 'nothing shown'})"
        )


class _HasConnection(Protocol):
    @property
    def conn(self) -> sqlite3.Connection: ...


def citation_problems(session: _HasConnection, sentence_id: int) -> list[CitationProblem]:
    """The near misses among the works a sentence cites (for the Evidence tab and the
    report), in the order the sentence cites them."""
    conn = session.conn
    location = queries.sentence_location(conn, sentence_id)
    if location is None or _index(conn) is None:
        return []
    found = document_citations(conn, location[0])
    statuses = document_library(conn, location[0])
    problems: list[CitationProblem] = []
    for work in found.works_cited_by(sentence_id):
        for miss in statuses[work].near_misses:
            entry = library_entry(conn, miss.entry_index)
            problems.append(CitationProblem(work, short_citation(found.works[work]), miss, entry))
    return problems


# ------------------------------------------------------------------------ refs --json


def entry_json(entry: LibraryEntry) -> dict[str, Any]:
    return {
        "key": entry.key, "title": entry.title, "authors": list(entry.authors),
        "year": entry.year, "journal": entry.journal, "volume": entry.volume,
        "issue": entry.issue, "pages": list(entry.pages) if entry.pages else None,
        "doi": entry.doi, "pmid": entry.pmid,
    }  # fmt: skip


def status_json(status: LibraryStatus, library: list[LibraryEntry] | Any) -> dict[str, Any]:
    """`"library"` of a work in `assay refs --json` (docs/LIBRARY.md, "Near misses")."""
    match = status.match
    return {
        "status": status.status,
        "match": None
        if match is None or match.entry_index is None
        else {
            "entry": entry_json(library[match.entry_index]),
            "method": match.method,
            "score": round(match.score, 1),
            "mismatches": [
                {"field": m.field, "in_document": m.in_document, "in_library": m.in_library}
                for m in match.mismatches
            ],
        },
        "near_misses": [
            {
                "entry": entry_json(library[miss.entry_index]),
                "differs": list(miss.differs),
                "why": miss.why,
                "reason": miss.reason,
                "fields": [
                    {
                        "field": f.field,
                        "in_document": f.in_document,
                        "in_library": f.in_library,
                        "differs": f.differs,
                    }
                    for f in miss.fields
                ],  # fmt: skip
            }
            for miss in status.near_misses
        ],
    }


def add_library_json(conn: sqlite3.Connection, works: list[dict[str, Any]]) -> None:
    """Give every work of `review_works_json` its `"library"` (null without a library)."""
    near = _index(conn)
    statuses: dict[tuple[int, str], LibraryStatus] = {}
    if near is not None:
        for document_id in {work["document"]["id"] for work in works}:
            found = document_citations(conn, document_id)
            for number, status in document_library(conn, document_id).items():
                statuses[document_id, found.works[number].key] = status
    for work in works:
        status = statuses.get((work["document"]["id"], work["key"]))
        work["library"] = (
            None if near is None or status is None else status_json(status, near.index.library)
        )


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
