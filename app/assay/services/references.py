"""A stored document's references, works and citations, for the window and the CLI.

Everything here is derived from the document's own text (`assay.evidence.references`),
so nothing is stored and bundles need carry nothing new: a recipient derives the same
works from the same text. Results are cached per document text (SHA-256): parsing
and grouping a document's references takes milliseconds, but the window asks on every
move to the next sentence.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

from assay.core.model import ParsedDocument
from assay.evidence.references import (
    DocumentReference,
    Work,
    citations,
    document_references,
    glosses,
    group_works,
    works_json,
)
from assay.store import queries

_CACHE_SIZE = 16


@dataclass(frozen=True, slots=True)
class DocumentCitations:
    document_id: int
    parsed: ParsedDocument
    sentence_ids: tuple[int, ...]  # index -> sentence id
    references: tuple[DocumentReference, ...]
    works: tuple[Work, ...]
    work_of_entry: dict[int, int] = field(default_factory=dict)  # entry -> work index
    cited: dict[int, tuple[int, ...]] = field(default_factory=dict)  # sentence index -> entries
    glossed: dict[int, int] = field(default_factory=dict)  # gloss sentence index -> entry
    positions: dict[int, int] = field(default_factory=dict)  # sentence id -> index

    def index_of(self, sentence_id: int) -> int | None:
        return self.positions.get(sentence_id)

    def works_cited_by(self, sentence_id: int) -> list[int]:
        """Work indexes the sentence cites (or, for a gloss line, the work it glosses),
        in the order of their entries in the text."""
        index = self.index_of(sentence_id)
        if index is None:
            return []
        entries = list(self.cited.get(index, ()))
        if index in self.glossed:
            entries.append(self.glossed[index])
        # In the order the text gives them (dict keeps the first place of each work).
        return list(dict.fromkeys(self.work_of_entry[entry] for entry in sorted(entries)))

    def citing_sentences(self, work_index: int) -> list[int]:
        """Sentence ids that cite a work, in document order."""
        entries = set(self.works[work_index].entries)
        return [
            self.sentence_ids[index]
            for index, cited in sorted(self.cited.items())
            if entries.intersection(cited)
        ]


def short_citation(work: Work) -> str:
    """ "Boyle et al. 2017, Nutrients" — how a work is named in lists."""
    ref = work.canonical
    author = ref.first_author_surname or (ref.title[:40] if ref.title else ref.raw[:40])
    more = " et al." if len(ref.authors) > 1 or ref.et_al else ""
    parts = [f"{author}{more} {ref.year or 'n.d.'}".strip()]
    if ref.journal:
        parts.append(ref.journal)
    return ", ".join(parts)


def citation_line(work: Work) -> str:
    """A work for the claim panel: its name and a warning when it is written differently."""
    line = short_citation(work)
    if work.differences:
        fields = sorted({difference.field for difference in work.differences})
        verb = "differs" if len(fields) == 1 else "differ"
        line += f" ⚠ written {len(work.variants)} ways ({', '.join(fields)} {verb})"
    return line


_cache: OrderedDict[tuple[str, int, str], DocumentCitations] = OrderedDict()


def document_citations(conn: sqlite3.Connection, document_id: int) -> DocumentCitations:
    (sha,) = conn.execute("SELECT sha256 FROM documents WHERE id = ?", (document_id,)).fetchone()
    # The review too: another review may hold the same text under the same id, with
    # other sentence ids.
    key = (queries.meta(conn).get("review_id", ""), document_id, sha)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    parsed, sentence_ids = queries.stored_document(conn, document_id)
    refs = document_references(parsed)
    works = group_works([ref.reference for ref in refs])
    work_of_entry = {entry: w for w, work in enumerate(works) for entry in work.entries}
    result = DocumentCitations(
        document_id, parsed, tuple(sentence_ids), tuple(refs), tuple(works), work_of_entry,
        # No entries, nothing to cite: skip two passes over every sentence (1M: ~2 s).
        citations(parsed, refs) if refs else {}, glosses(parsed, refs) if refs else {},
        {sentence_id: index for index, sentence_id in enumerate(sentence_ids)},
    )  # fmt: skip
    _cache[key] = result
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return result


def cited_lines(conn: sqlite3.Connection, sentence_id: int) -> list[str]:
    """What a sentence cites, one line per work, for the claim panel."""
    location = queries.sentence_location(conn, sentence_id)
    if location is None:
        return []
    found = document_citations(conn, location[0])
    return [citation_line(found.works[w]) for w in found.works_cited_by(sentence_id)]


def reference_choices(conn: sqlite3.Connection, sentence_id: int) -> list[str]:
    """The document's works as written (canonical spelling) for "Add evidence":
    those the sentence cites first, then the others in document order."""
    location = queries.sentence_location(conn, sentence_id)
    if location is None:
        return []
    found = document_citations(conn, location[0])
    cited = found.works_cited_by(sentence_id)
    order = cited + [w for w in range(len(found.works)) if w not in cited]
    return [found.works[w].canonical.raw.lstrip("✓✔☑ ") for w in order]


def review_works_json(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """`assay refs REVIEW --json`: every document's works, each naming its document."""
    result: list[dict[str, Any]] = []
    for document in queries.documents(conn):
        parsed, sentence_ids = queries.stored_document(conn, document.id)
        for work in works_json(parsed):
            for group in ("cited_by", "glosses"):
                for sentence in work.get(group, []):
                    sentence["sentence_id"] = sentence_ids[sentence["ordinal"]]
            result.append({"document": {"id": document.id, "title": document.title}, **work})
    return result


def work_sentences(found: DocumentCitations) -> dict[int, list[int]]:
    """Work index -> the sentence ids citing it (for the References pane)."""
    by_work: dict[int, set[int]] = defaultdict(set)
    for index, entries in found.cited.items():
        for entry in entries:
            by_work[found.work_of_entry[entry]].add(found.sentence_ids[index])
    return {w: sorted(ids, key=found.positions.__getitem__) for w, ids in by_work.items()}
