"""Every flag Assay raises by itself, sentence by sentence, for a review or a bare
document: `assay check`, and the window table's "Flagged" filter. Qt-free.

Kinds (docs/CHECKS.md):

- possible mis-citation: a cited work the reviewer's library only nearly holds
  (`evidence.near_miss`), on each sentence citing it;
- variant spelling: a cited work written several ways in the document, on each
  sentence citing it (on its first entry when no sentence cites it);
- reference value: a dose or a stated RDA/UL that the reference values contradict
  (`claims.dose_checks.check_sentence`);
- missing reference: a marker ("[7]", "(Smith 2019)") with no entry in the list;
- number not in source: a claim number absent from the cited source's abstract
  (`source_number_flags`, a hook the lead wires at merge).

Flags are derived, never stored; a review's are cached per (review, document text,
library contents), so the window asks again after every edit at the cost of one query.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from assay.claims.dose_checks import check_sentence, find_nutrients
from assay.claims.source_numbers import absent_line, compare
from assay.core.model import BlockKind, ParsedDocument, page_at
from assay.evidence.library_formats import LibraryEntry
from assay.evidence.library_match import LibraryIndex
from assay.evidence.near_miss import LibraryStatus, NearMissIndex, classify
from assay.evidence.reference_markers import MarkerFinder
from assay.evidence.references import citations, document_references, glosses, group_works
from assay.services.library import works_in_library
from assay.services.references import DocumentCitations, document_citations, short_citation
from assay.services.source_numbers import abstracts_of
from assay.store import library_store, queries

MIS_CITATION = "possible mis-citation"
VARIANT_SPELLING = "variant spelling"
NUMBER_NOT_IN_SOURCE = "number not in source"
REFERENCE_VALUE = "reference value"
MISSING_REFERENCE = "missing reference"
KINDS = (MIS_CITATION, VARIANT_SPELLING, NUMBER_NOT_IN_SOURCE, REFERENCE_VALUE, MISSING_REFERENCE)

_NOT_CHECKED = frozenset({BlockKind.REFERENCE, BlockKind.TABLE_HEADER, BlockKind.HEADING})
CONTEXT_SENTENCES = 6  # sentences looked back for the nutrient a table row is about


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str  # one of KINDS
    document: str  # the document's title
    ordinal: int  # the sentence's place in its document, from 0
    page: int | None  # a paged source's page, else None
    sentence: str
    reason: str
    sentence_id: int | None = None  # in a review; None for a bare document
    document_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def bare_citations(parsed: ParsedDocument) -> DocumentCitations:
    """A document's references and citations as `document_citations` gives a stored
    one's, for a document read from a file (sentence ids are the ordinals)."""
    refs = document_references(parsed)
    works = group_works([ref.reference for ref in refs])
    ids = tuple(range(len(parsed.sentences)))
    return DocumentCitations(
        0, parsed, ids, tuple(refs), tuple(works),
        {entry: w for w, work in enumerate(works) for entry in work.entries},
        citations(parsed, refs) if refs else {}, glosses(parsed, refs) if refs else {},
        {sentence_id: sentence_id for sentence_id in ids},
    )  # fmt: skip


def library_index(entries: Sequence[LibraryEntry]) -> NearMissIndex | None:
    return NearMissIndex(LibraryIndex(list(entries))) if entries else None


def document_flags(
    found: DocumentCitations,
    near: NearMissIndex | None,
    *,
    document_id: int | None = None,
    with_ids: bool = False,
) -> list[Flag]:
    """Every flag of one document, in sentence order (and, per sentence, in KINDS order).
    `with_ids`: the sentence ids of `found` are a review's (not ordinals)."""
    parsed = found.parsed
    statuses: dict[int, LibraryStatus] = (
        {}
        if near is None
        else {n: classify(work.canonical, near, n) for n, work in enumerate(found.works)}
    )
    reasons: dict[int, list[tuple[str, str]]] = {}

    def add(index: int, kind: str, reason: str) -> None:
        reasons.setdefault(index, []).append((kind, reason))

    _citation_flags(found, statuses, near, add)
    _marker_flags(found, add)
    _reference_value_flags(parsed, add)
    for index, kind, reason in source_number_flags(found, near):
        add(index, kind, reason)
    flags: list[Flag] = []
    order = {kind: rank for rank, kind in enumerate(KINDS)}
    for index in sorted(reasons):
        segment = parsed.sentences[index]
        for kind, reason in sorted(reasons[index], key=lambda pair: order[pair[0]]):
            flags.append(
                Flag(
                    kind, parsed.title, index, page_at(parsed.pages, segment.start),
                    parsed.text[segment.start : segment.end], reason,
                    found.sentence_ids[index] if with_ids else None, document_id,
                )
            )  # fmt: skip
    return flags


def _citing(found: DocumentCitations) -> dict[int, list[int]]:
    """Work index -> the sentence indexes citing it, in order."""
    by_work: dict[int, list[int]] = {}
    for index, entries in sorted(found.cited.items()):
        for work in dict.fromkeys(found.work_of_entry[entry] for entry in entries):
            by_work.setdefault(work, []).append(index)
    return by_work


def _citation_flags(
    found: DocumentCitations,
    statuses: dict[int, LibraryStatus],
    near: NearMissIndex | None,
    add,  # noqa: ANN001
) -> None:
    citing = _citing(found)
    for number, work in enumerate(found.works):
        name = short_citation(work)
        status = statuses.get(number)
        for miss in status.near_misses if status is not None else ():
            assert near is not None  # a near miss needs a library
            entry = near.index.library[miss.entry_index]
            author = entry.authors[0] if entry.authors else "?"
            held = f"{author} {entry.year or 'n.d.'}, “{entry.title}”"
            reason = (
                f"cites {name}; your library holds {held} ({miss.why}; differs: "
                f"{', '.join(miss.differs) or 'nothing shown'})"
            )
            for index in citing.get(number, ()):
                add(index, MIS_CITATION, reason)
        if work.differences:
            fields = sorted({difference.field for difference in work.differences})
            reason = (
                f"cites {name}, written {len(work.variants)} ways in the document "
                f"({', '.join(fields)} {'differs' if len(fields) == 1 else 'differ'})"
            )
            # Once per work, where the variants are: its first entry in the reference
            # list (flagging every citing sentence repeated it 27 times on the sample).
            add(found.references[work.entries[0]].sentence, VARIANT_SPELLING, reason)


def _marker_flags(found: DocumentCitations, add) -> None:  # noqa: ANN001
    if not found.references:
        return  # no reference list: a bracket or a year in parentheses cites nothing
    parsed = found.parsed
    finder = MarkerFinder([(ref.sentence, ref.marker, ref.reference) for ref in found.references])
    entry_sentences = {s for ref in found.references for s in (ref.sentence, *ref.continuation)}
    for index, segment in enumerate(parsed.sentences):
        if index in entry_sentences or segment.kind in _NOT_CHECKED:
            continue
        text = parsed.text[segment.start : segment.end]
        missing = finder.unresolved(text, segment.kind)
        if missing:
            noun = "has no entry" if len(missing) == 1 else "have no entries"
            add(index, MISSING_REFERENCE, f"{', '.join(missing)} {noun} in the reference list")


def _reference_value_flags(parsed: ParsedDocument, add) -> None:  # noqa: ANN001
    text, context, context_at = parsed.text, None, -CONTEXT_SENTENCES - 1
    for index, segment in enumerate(parsed.sentences):
        sentence = text[segment.start : segment.end]
        named = find_nutrients(sentence)
        if segment.kind in _NOT_CHECKED or not any(c.isdigit() for c in sentence):
            if named:
                context, context_at = named[-1][0], index
            continue
        nearby = context if index - context_at <= CONTEXT_SENTENCES else None
        for flag in check_sentence(sentence, context_nutrient=nearby).flags:
            add(index, REFERENCE_VALUE, flag.message)
        if named:
            context, context_at = named[-1][0], index


def source_number_flags(
    found: DocumentCitations, near: NearMissIndex | None
) -> list[tuple[int, str, str]]:
    """(sentence index, NUMBER_NOT_IN_SOURCE, reason) for each citing sentence whose
    numbers the abstracts of the works it cites never state (the library's entries for
    those works: `claims.source_numbers.compare`, as the Evidence tab shows them)."""
    if near is None:
        return []
    sources = abstracts_of(found.works, works_in_library(found.works, near))
    flags: list[tuple[int, str, str]] = []
    for index, entries in sorted(found.cited.items()) if sources else ():
        works = dict.fromkeys(found.work_of_entry[entry] for entry in entries)
        cited = [sources[work] for work in works if work in sources]
        if not cited:
            continue
        segment = found.parsed.sentences[index]
        comparison = compare(found.parsed.text[segment.start : segment.end], cited)
        if comparison.absent:
            flags.append((index, NUMBER_NOT_IN_SOURCE, absent_line(comparison)))
    return flags


# ------------------------------------------------------------------------ a review

_cache: dict[tuple[str, int, str, int, str], list[Flag]] = {}


def review_flags(conn: sqlite3.Connection, near: NearMissIndex | None = None) -> list[Flag]:
    """Every flag of every document of a review, against `near` or else the review's
    own library. Cached per document text and library contents."""
    from assay.services import library

    if near is not None:  # another library than the review's: nothing to cache
        return [
            flag
            for document in queries.documents(conn)
            for flag in document_flags(
                document_citations(conn, document.id),
                near,
                document_id=document.id,
                with_ids=True,
            )  # fmt: skip
        ]
    own = library._index(conn)  # the review's library, built once and cached
    count, latest = library_store.library_state(conn)
    review = queries.meta(conn).get("review_id", "")
    flags: list[Flag] = []
    live: set[tuple[str, int, str, int, str]] = set()
    for document in queries.documents(conn):
        key = (review, document.id, document.sha256, count, latest)
        live.add(key)
        if key not in _cache:
            found = document_citations(conn, document.id)
            _cache[key] = document_flags(found, own, document_id=document.id, with_ids=True)
        flags.extend(_cache[key])
    for stale in [key for key in _cache if key[0] == review and key not in live]:
        del _cache[stale]
    return flags


def flagged_sentence_ids(conn: sqlite3.Connection) -> frozenset[int]:
    """The sentences with at least one flag (the window's "Flagged" filter)."""
    return frozenset(flag.sentence_id for flag in review_flags(conn) if flag.sentence_id)


def parsed_flags(parsed: ParsedDocument, entries: Sequence[LibraryEntry]) -> list[Flag]:
    """The flags of a document read from a file, against a library's entries."""
    return document_flags(bare_citations(parsed), library_index(entries))
