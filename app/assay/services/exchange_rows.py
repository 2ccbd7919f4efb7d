"""Converting between the store's row tuples and the bundle's records."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from assay.core import revisions
from assay.core.model import Block, BlockKind, ParsedDocument, Segment, Span, SpanStyle
from assay.exchange.bundle_format import (
    Bundle,
    BundleAnnotation,
    BundleDocument,
    BundleEvidence,
    BundleHighlight,
)
from assay.exchange.merge_plan import ConflictChange, ReviewSnapshot
from assay.store import (
    document_rows,
    exchange_queries,
    highlight_store,
    queries,
    version_queries,
)
from assay.store import revisions as revision_store


def annotation_from_row(row: Sequence[Any]) -> BundleAnnotation:
    """A row of exchange_queries.merge_relevant_annotation_rows (categories as JSON,
    not_a_claim as an integer)."""
    return BundleAnnotation(
        *row[:6],
        tuple(sorted(json.loads(row[6]))),
        bool(row[7]),
        *row[8:20],
        revisions.from_json(row[20]),
        row[21],
    )


def annotation_to_row(annotation: BundleAnnotation, sentence_id: int) -> tuple[Any, ...]:
    """A row in exchange_writes.ANNOTATION_COLUMNS order."""
    a = annotation
    return (
        a.id, sentence_id, a.reviewer, _categories_json(a.categories), int(a.not_a_claim),
        a.verdict, a.citation_accuracy, a.evidence_type, a.certainty, a.confidence,
        a.rationale, a.status, a.created, a.modified,
        a.quote_exact, a.quote_prefix, a.quote_suffix,
        revisions.to_json(a.revision), a.revised_by,
    )  # fmt: skip


def conflict_row(conflict: ConflictChange, found: str) -> tuple[Any, ...]:
    """A row for exchange_writes.insert_conflicts: theirs kept whole, with its evidence."""
    theirs = conflict.theirs
    return (
        theirs.id, conflict.ours_id, theirs.reviewer, theirs.document, theirs.ordinal,
        revisions.to_json(theirs.revision),
        json.dumps(
            {
                "annotation": theirs._asdict(),
                "evidence": [item._asdict() for item in conflict.evidence],
            },
            ensure_ascii=False,
            sort_keys=True,
        ),
        conflict.bundle, found,
    )  # fmt: skip


def conflict_from_json(text: str) -> tuple[BundleAnnotation, list[BundleEvidence]]:
    """What conflict_row kept: their annotation and its evidence."""
    value = json.loads(text)
    record = value["annotation"]
    record["categories"] = tuple(record["categories"])
    record["revision"] = tuple((key, count) for key, count in record["revision"])
    evidence = [
        BundleEvidence(
            **{**item, "revision": tuple((key, count) for key, count in item["revision"])}
        )
        for item in value["evidence"]
    ]
    return BundleAnnotation(**record), evidence


def evidence_to_row(item: BundleEvidence, annotation_id: str | None = None) -> tuple[Any, ...]:
    """A row for exchange_writes.insert_evidence (on another annotation id if given)."""
    return (
        item.id, annotation_id or item.annotation, item.kind, item.value, item.note,
        item.created, item.locator, revisions.to_json(item.revision), item.revised_by,
        item.source,
    )  # fmt: skip


@functools.lru_cache(maxsize=64)
def _categories_json(categories: tuple[str, ...]) -> str:
    # Cached: four categories make sixteen sets, written 100,000 times in a big merge.
    return json.dumps(sorted(categories))


def state_json(
    annotation: BundleAnnotation | None, bundle: str | None = None, *, orphaned: bool = False
) -> str | None:
    """The events log's before/after snapshot (as codec.state_to_json), plus the bundle
    (and `"orphaned": true` for one that went to the orphans)."""
    if annotation is None:
        return None
    return _state_json(annotation[6:15], bundle, orphaned)


def highlight_to_row(item: BundleHighlight) -> tuple[Any, ...]:
    """A row for highlight_store.insert_highlights (HIGHLIGHT_COLUMNS order)."""
    return tuple(item)


def evidence_json(evidence: Sequence[BundleEvidence]) -> str:
    """An orphan's evidence as version_writes.orphan_annotations stores it:
    [[id, kind, value, note, created], ...] by id."""
    return json.dumps(
        [[e.id, e.kind, e.value, e.note, e.created, e.locator, e.source] for e in sorted(evidence)],
        ensure_ascii=False,
    )


@functools.lru_cache(maxsize=4096)
def _state_json(state: tuple[Any, ...], bundle: str | None, orphaned: bool = False) -> str:
    # Cached: a merge of 100,000 annotations holds few distinct states.
    a = BundleAnnotation("", "", 0, 0, 0, "", *state, "", "", "", "", "")
    value: dict[str, Any] = {
        "categories": list(a.categories),
        "not_a_claim": a.not_a_claim,
        "verdict": a.verdict,
        "citation_accuracy": a.citation_accuracy,
        "evidence_type": a.evidence_type,
        "certainty": a.certainty,
        "confidence": a.confidence,
        "rationale": a.rationale,
        "status": a.status,
    }
    if bundle is not None:
        value["bundle"] = bundle
    if orphaned:
        value["orphaned"] = True
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def parsed_document(document: BundleDocument) -> ParsedDocument:
    """What store.writes.insert_document takes: the sender's blocks and sentences as is."""
    return ParsedDocument(
        text=document.text,
        sha256=document.sha256,
        title=document.title,
        source_name=document.source_name,
        format=document.format,
        encoding=document.encoding,
        blocks=tuple(
            Block(start, end, BlockKind(kind), level, section)
            for start, end, kind, level, section in document.blocks
        ),
        sentences=tuple(
            Segment(start, end, BlockKind(kind), section)
            for start, end, kind, section in document.sentences
        ),
        spans=tuple(Span(start, end, SpanStyle(style)) for start, end, style in document.spans),
        notes=document.notes,
        pages=document.pages,
    )


def load_snapshot(conn: sqlite3.Connection | None, bundles: Sequence[Bundle]) -> ReviewSnapshot:
    """What a merge plan compares against; an empty snapshot for a review not yet made.

    Only what the bundles can touch is loaded: the sentences of their documents, and
    the annotations they carry or that their reviewers made (not the whole review).
    A bundle document that is an earlier version of a review document brings the
    current version's text and sentences, and the orphans among the carried ids.
    """
    if conn is None:
        return ReviewSnapshot({}, {}, {}, set(), {})
    shas = {document.sha256 for bundle in bundles for document in bundle.documents}
    documents = exchange_queries.document_titles(conn)
    ids = exchange_queries.document_ids_by_sha(conn)
    earlier = _earlier_versions(conn, shas - ids.keys(), ids)
    shas.update(earlier.values())
    sentences = {
        sha: {
            ordinal: (start, end)
            for ordinal, (_, start, end) in exchange_queries.sentence_ids(conn, ids[sha]).items()
        }
        for sha in shas
        if sha in ids
    }
    carried = {a.id for bundle in bundles for a in bundle.annotations}
    carried.update(item.annotation for bundle in bundles for item in bundle.evidence)
    carried.update(item.annotation for bundle in bundles for item in bundle.highlights)
    reviewers = {a.reviewer for bundle in bundles for a in bundle.annotations}
    annotations = {
        row[0]: annotation_from_row(row)
        for row in exchange_queries.merge_relevant_annotation_rows(
            conn, sorted(carried), sorted(reviewers)
        )
    }
    evidence_ids = {row[0] for row in exchange_queries.evidence_rows(conn)}
    carried_ids = sorted(carried)
    carried_evidence = sorted({item.id for bundle in bundles for item in bundle.evidence})
    return ReviewSnapshot(
        documents,
        sentences,
        annotations,
        evidence_ids,
        exchange_queries.reviewer_names(conn),
        earlier=earlier,
        texts={sha: queries.document_text(conn, ids[sha]) for sha in earlier.values()},
        orphans={
            key: revisions.from_json(value)
            for key, value in exchange_queries.orphan_revisions(conn, carried_ids).items()
        }
        if earlier
        else {},
        tombstones=revision_store.tombstones(conn, "annotation", carried_ids),
        evidence_tombstones=set(revision_store.tombstones(conn, "evidence", carried_evidence)),
        highlight_ids=highlight_store.known_ids(conn) | highlight_store.buried(conn)
        if any(bundle.highlights for bundle in bundles)
        else set(),
        conflicts={
            (entity_id, revisions.from_json(revision))
            for entity_id, revision in exchange_queries.conflict_keys(conn, carried_ids)
        },
        owners=exchange_queries.installation_owners(conn),
        removed=document_rows.removed_titles(conn),
    )


def _earlier_versions(
    conn: sqlite3.Connection, unknown: set[str], ids: dict[str, int]
) -> dict[str, str]:
    """old sha256 -> current sha256, for those of `unknown` that are an earlier text of
    a review document (replaced by an edited version since)."""
    sha_by_id = {document_id: sha for sha, document_id in ids.items()}
    earlier = {}
    for sha in sorted(unknown):
        owner = version_queries.version_owner(conn, sha)
        if owner is not None and owner in sha_by_id:
            earlier[sha] = sha_by_id[owner]
    return earlier
