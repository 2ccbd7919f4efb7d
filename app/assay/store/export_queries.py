"""SELECTs that build a bundle's JSON records inside SQLite.

At 100,000 annotations, turning rows into Python objects and encoding them with the
json module took most of an export; SQLite's JSON functions write the same records
in C. Each record is in the bundle's canonical form, byte for byte what
`bundle_format.dump_line` writes: keys sorted, no spaces, UTF-8 kept, categories
sorted (tests/exchange/test_export_records.py holds the two to the same bytes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assay.store.exchange_writes import ANNOTATION_COLUMNS


def _revision(alias: str) -> str:
    """A stored revision {"installation": count}: already canonical (keys sorted,
    compact; store.revisions keeps it so), so it is copied as it is."""
    return f"json({alias}.revision)"


# Bundle field -> SQL expression over annotations a, sentences s, documents d.
_ANNOTATION_EXPRESSIONS = {
    "id": "a.id",
    "document": "d.sha256",
    "ordinal": "s.ordinal",
    "start": "s.start",
    "end": 's."end"',
    "reviewer": "a.reviewer_id",
    "categories": (
        "(SELECT json_group_array(value) FROM "
        "(SELECT value FROM json_each(a.categories) ORDER BY value))"
    ),
    "not_a_claim": "json(CASE WHEN a.not_a_claim THEN 'true' ELSE 'false' END)",
    # Every column from verdict on is written as stored (exchange_writes' order).
    **{name: f"a.{name}" for name in ANNOTATION_COLUMNS[ANNOTATION_COLUMNS.index("verdict") :]},
    "revision": _revision("a"),
}
_EVIDENCE_EXPRESSIONS = {
    "id": "e.id",
    "annotation": "e.annotation_id",
    "kind": "e.kind",
    "value": "e.value",
    "note": "e.note",
    "created": "e.created",
    "revision": _revision("e"),
    "revised_by": "e.revised_by",
}
# "locator" and "source" only where there is one (bundle_format): older Assays read the
# bundles of those who never name a source.
_LOCATED_EVIDENCE_EXPRESSIONS = {**_EVIDENCE_EXPRESSIONS, "locator": "e.locator"}
_SOURCED_EVIDENCE_EXPRESSIONS = {**_EVIDENCE_EXPRESSIONS, "source": "e.source"}
_LOCATED_SOURCED_EVIDENCE_EXPRESSIONS = {**_LOCATED_EVIDENCE_EXPRESSIONS, "source": "e.source"}
_FROM = (
    "FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
    "JOIN documents d ON d.id = s.document_id"
)


_HIGHLIGHT_EXPRESSIONS = {
    "id": "h.id",
    "annotation": "h.annotation_id",
    "start": "h.start",
    "end": 'h."end"',
    "exact": "h.quote_exact",
    "prefix": "h.quote_prefix",
    "suffix": "h.quote_suffix",
    "created": "h.created",
    "modified": "h.modified",
}


def _json_object(expressions: dict[str, str]) -> str:
    """json_object(...) with its keys in sorted order, as json's sort_keys writes them."""
    pairs = ", ".join(f"'{key}', {expressions[key]}" for key in sorted(expressions))
    # As a BLOB: the UTF-8 bytes come out as they are, never decoded and encoded again.
    return f"CAST(json_object({pairs}) AS BLOB)"


@dataclass(frozen=True, slots=True)
class AnnotationRecords:
    """The annotations an export carries, as JSON Lines text, with what the manifest needs."""

    lines: list[bytes]  # UTF-8 JSON, in bundle order: document, ordinal, reviewer, id
    reviewers: set[str]
    latest_modified: str | None
    evidence_lines: list[bytes]  # of those annotations, by id
    latest_evidence: str | None
    evidence_located: bool = False  # some evidence has a locator
    evidence_sourced: bool = False  # some evidence names its source work (format 5)
    highlight_lines: list[bytes] = field(default_factory=list)  # format 6, by id
    latest_highlight: str | None = None


def annotation_records(
    conn: sqlite3.Connection, document_ids: Sequence[int] | None, reviewer_id: str | None
) -> AnnotationRecords:
    """Annotations (all, or of some documents, or of one reviewer) and their evidence."""
    clauses: list[str] = []
    params: list[Any] = []
    if document_ids is not None:
        clauses.append(f"d.id IN ({', '.join('?' * len(document_ids))})")
        params.extend(document_ids)
    if reviewer_id is not None:
        clauses.append("a.reviewer_id = ?")
        params.append(reviewer_id)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    lines = [
        line
        for (line,) in conn.execute(
            f"SELECT {_json_object(_ANNOTATION_EXPRESSIONS)} {_FROM}{where} "
            "ORDER BY d.sha256, s.ordinal, a.reviewer_id, a.id",
            params,
        )
    ]
    reviewers: set[str] = set()
    latest: str | None = None
    for reviewer, newest in conn.execute(
        f"SELECT a.reviewer_id, max(a.modified) {_FROM}{where} GROUP BY a.reviewer_id", params
    ):
        reviewers.add(reviewer)
        latest = newest if latest is None else max(latest, newest)
    evidence = conn.execute(
        "SELECT CASE "
        f"WHEN e.locator = '' AND e.source = '' THEN {_json_object(_EVIDENCE_EXPRESSIONS)} "
        f"WHEN e.source = '' THEN {_json_object(_LOCATED_EVIDENCE_EXPRESSIONS)} "
        f"WHEN e.locator = '' THEN {_json_object(_SOURCED_EVIDENCE_EXPRESSIONS)} "
        f"ELSE {_json_object(_LOCATED_SOURCED_EVIDENCE_EXPRESSIONS)} END, "
        "e.created, e.locator, e.source "
        "FROM evidence e "
        f"WHERE e.annotation_id IN (SELECT a.id {_FROM}{where}) ORDER BY e.id",
        params,
    ).fetchall()
    evidence_lines = [line for line, *_ in evidence]
    latest_evidence = max((created for _, created, *_ in evidence), default=None)
    located = any(locator for _, _, locator, _ in evidence)
    sourced = any(source for *_, source in evidence)
    highlights = conn.execute(
        f"SELECT {_json_object(_HIGHLIGHT_EXPRESSIONS)}, h.modified FROM highlights h "
        f"WHERE h.annotation_id IN (SELECT a.id {_FROM}{where}) ORDER BY h.id",
        params,
    ).fetchall()
    return AnnotationRecords(
        lines, reviewers, latest, evidence_lines, latest_evidence, located, sourced,
        [line for line, _ in highlights], max((m for _, m in highlights), default=None),
    )  # fmt: skip


def structure_record(conn: sqlite3.Connection, document_id: int) -> tuple[str, bool]:
    """A document's structure member (encoding, spans, notes, blocks, sentences, and
    pages for a paged source) as JSON, and whether it has pages."""
    (pages,) = conn.execute("SELECT pages FROM documents WHERE id = ?", (document_id,)).fetchone()
    paged = "'pages', json(pages), " if pages != "[]" else ""
    (record,) = conn.execute(
        "SELECT json_object("
        "'blocks', (SELECT json_group_array(json_array(start, \"end\", kind, level, section)) "
        "FROM (SELECT * FROM blocks WHERE document_id = :id ORDER BY ordinal)), "
        f"'encoding', encoding, 'notes', json(notes), {paged}"
        "'sentences', (SELECT json_group_array(json_array(start, \"end\", kind, section)) "
        "FROM (SELECT * FROM sentences WHERE document_id = :id ORDER BY ordinal)), "
        "'spans', json(spans)) FROM documents WHERE id = :id",
        {"id": document_id},
    ).fetchone()
    return record, bool(paged)
