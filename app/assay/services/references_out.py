"""`assay refs REVIEW --format csl-json|bibtex|ris`: the documents' works, merged with
what the reviewer's library says about them, written for a reference manager.

Each document's works come from services/references.py (variant spellings grouped into
one work); where the library holds a work (services/library.document_matches: DOI,
PMID, title, authors, year, journal), the library's fields win and the document's fill
what it lacks. A work cited by several documents is written once (same DOI, else same
work key), naming every document that cites it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from assay.evidence.library import LibraryEntry
from assay.evidence.reference_groups import Work
from assay.exchange.bundle_write import write_atomically
from assay.exchange.references_export import FORMATS, CitedWork, render
from assay.services.library import document_matches
from assay.services.references import document_citations
from assay.store import queries
from assay.store.review_file import open_review
from assay.text.errors import Cancelled

Progress = Callable[[int, int, str], None]

__all__ = ["FORMATS", "ReferencesExport", "cited_works", "export_references", "references_bytes"]


@dataclass(frozen=True, slots=True)
class ReferencesExport:
    path: Path | None
    size: int
    works: int
    from_library: int


def cited_works(
    conn: sqlite3.Connection,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[CitedWork]:
    """Every document's works, in document order, once each."""
    found: dict[str, CitedWork] = {}
    documents = queries.documents(conn)
    for n, document in enumerate(documents):
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(n, len(documents), "reading references")
        citations = document_citations(conn, document.id)
        matches = document_matches(conn, document.id)
        for index, work in enumerate(citations.works):
            entry = matches[index][1] if index in matches else None
            cited = _cited_work(work, entry, document.title)
            identity = f"doi:{cited.doi}" if cited.doi else f"key:{work.key}"
            if identity in found:
                earlier = found[identity]
                if document.title not in earlier.cited_in:
                    found[identity] = replace(earlier, cited_in=(*earlier.cited_in, document.title))
            else:
                found[identity] = cited
    return _unique_keys(list(found.values()))


def references_bytes(review_path: Path, format: str) -> tuple[bytes, list[CitedWork]]:
    conn = open_review(Path(review_path), read_only=True)
    try:
        works = cited_works(conn)
    finally:
        conn.close()
    return render(works, format), works


def export_references(
    review_path: Path,
    out_path: Path,
    format: str,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ReferencesExport:
    """Write the works to `out_path` atomically (a failure leaves no file)."""
    conn = open_review(Path(review_path), read_only=True)
    try:
        works = cited_works(conn, progress, cancel)
    finally:
        conn.close()
    data = render(works, format)
    if cancel is not None and cancel():
        raise Cancelled()
    write_atomically(Path(out_path), data, private=False)
    return ReferencesExport(Path(out_path), len(data), len(works),
                            sum(work.in_library for work in works))  # fmt: skip


def _cited_work(work: Work, entry: LibraryEntry | None, document: str) -> CitedWork:
    ref = work.canonical
    as_written = ref.raw.lstrip("✓✔☑ ")
    if entry is None:
        return CitedWork(
            key=work.key, type="article" if ref.journal else "other", title=ref.title,
            authors=ref.authors, year=ref.year, journal=ref.journal, journal_abbreviation="",
            volume=ref.volume, issue=ref.issue, pages=ref.pages, doi=ref.doi, pmid=ref.pmid,
            url="", abstract="", as_written=as_written, cited_in=(document,), in_library=False,
            et_al=ref.et_al,
        )  # fmt: skip
    return CitedWork(
        key=entry.key or work.key, type=entry.type or "other", title=entry.title or ref.title,
        authors=entry.authors or ref.authors, year=entry.year or ref.year,
        journal=entry.journal or ref.journal, journal_abbreviation=entry.journal_abbreviation,
        volume=entry.volume or ref.volume, issue=entry.issue or ref.issue,
        pages=entry.pages or ref.pages, doi=entry.doi or ref.doi, pmid=entry.pmid or ref.pmid,
        url=entry.url, abstract=entry.abstract, as_written=as_written, cited_in=(document,),
        in_library=True,
    )  # fmt: skip


def _unique_keys(works: list[CitedWork]) -> list[CitedWork]:
    """Two works may share a key (two libraries, two documents): later ones get -2, -3 …"""
    seen: dict[str, int] = {}
    result = []
    for work in works:
        count = seen.get(work.key, 0) + 1
        seen[work.key] = count
        result.append(work if count == 1 else replace(work, key=f"{work.key}-{count}"))
    return result
