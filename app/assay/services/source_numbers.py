"""Numbers beside the cited source: a sentence's numbers beside those of the abstracts
the reviewer's library holds for the works it cites (`claims.source_numbers`).

For the Evidence tab (`numbers_beside_sources`) and the report (`document_sources` once
per document, then `beside` per sentence). Derived, never stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Protocol

from assay.claims.source_numbers import NumbersComparison, SourceText, compare
from assay.evidence.library_formats import LibraryEntry
from assay.evidence.library_match import Match
from assay.evidence.reference_groups import Work
from assay.services import library
from assay.services.references import document_citations, short_citation
from assay.store import queries


class _HasConnection(Protocol):
    @property
    def conn(self) -> sqlite3.Connection: ...


def numbers_beside_sources(session: _HasConnection, sentence_id: int) -> NumbersComparison | None:
    """The sentence's numbers beside the abstracts of the works it cites; None when it
    cites no work whose library entry has an abstract, or there is nothing to show
    (no number of a kind compared, or none in the sentence)."""
    conn = session.conn
    location = queries.sentence_location(conn, sentence_id)
    if location is None:
        return None
    found = document_citations(conn, location[0])
    works = found.works_cited_by(sentence_id)
    if not works:
        return None  # no library lookup for the many sentences that cite nothing
    index = found.index_of(sentence_id)
    if index is None:
        return None
    segment = found.parsed.sentences[index]
    text = found.parsed.text[segment.start : segment.end]
    return beside(text, works, document_sources(conn, location[0]))


def document_sources(conn: sqlite3.Connection, document_id: int) -> dict[int, SourceText]:
    """Work index -> the abstract of its library entry, for the document's works the
    library holds with an abstract. Empty without a library."""
    found = document_citations(conn, document_id)
    return abstracts_of(found.works, library.document_matches(conn, document_id))


def abstracts_of(
    works: Sequence[Work], matches: dict[int, tuple[Match, LibraryEntry]]
) -> dict[int, SourceText]:
    """Work index -> its library entry's abstract, for the matched works that have one."""
    return {
        work: SourceText(short_citation(works[work]), entry.abstract)
        for work, (_match, entry) in sorted(matches.items())
        if entry.abstract.strip()
    }


def beside(text: str, works: list[int], sources: dict[int, SourceText]) -> NumbersComparison | None:
    """`compare` against the sources of `works` that are known; None when none is, or
    when there is nothing to show."""
    cited = [sources[work] for work in works if work in sources]
    if not cited:
        return None
    comparison = compare(text, cited)
    return comparison if comparison.has_anything() else None
