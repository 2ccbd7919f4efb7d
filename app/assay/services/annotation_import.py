"""Importing W3C Web Annotations (or a Hypothesis export) into a review
(docs/EXPORTS.md, "W3C": the rules).

Each annotation goes under its creator as a reviewer, as a merged bundle brings other
reviewers' work: a creator `urn:uuid:…` is that reviewer (Assay's own export), any
other creator a reviewer of their own (a name-based id: the same creator, the same
reviewer); one that names no creator goes under the local reviewer. Nothing already
in the review changes: where the creator already annotated the sentence, the imported
annotation is counted as unchanged (the same decision) or conflicting (another one),
and left out. It is placed with the text layer's re-anchoring (position, quote, fuzzy;
docs/REANCHOR.md), then, for a quote that is part of a sentence (a Hypothesis
highlight), on the sentence where the quote is found in the text; what fits nowhere in
its document goes to the orphans queue (Document ▸ Orphaned annotations…). One
transaction: all or nothing.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assay.core.bulk import gc_paused
from assay.core.model import Reviewer
from assay.core.vocabulary import EVIDENCE_KINDS
from assay.exchange.w3c_import import ImportedAnnotation, read, reviewer_id
from assay.services.review_lock import hold
from assay.store import exchange_writes, queries, version_writes, writes
from assay.store.connection import transaction
from assay.store.review_file import open_review
from assay.text.reanchor import Anchor, reanchor

ProgressCallback = Callable[[int, int, str], None]
_KINDS = {term.value for term in EVIDENCE_KINDS}


@dataclass(slots=True)
class ImportResult:
    read: int = 0  # annotations in the file that quote text
    placed: int = 0
    orphaned: int = 0  # in the orphans queue
    unplaced: int = 0  # on no document of this review
    unchanged: int = 0  # the creator's same decision is already there
    conflicting: int = 0  # the creator already decided otherwise there: left out
    reviewers: dict[str, str] = field(default_factory=dict)  # id -> name, of those placed
    methods: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        parts = [f"{self.placed:,} placed"]
        for count, text in (
            (self.orphaned, "orphaned (Document ▸ Orphaned annotations…)"),
            (self.unchanged, "already there"),
            (self.conflicting, "left out: their creator already decided otherwise there"),
            (self.unplaced, "on no document of this review"),
        ):
            if count:
                parts.append(f"{count:,} {text}")
        return f"Imported {self.read:,} annotation(s): {', '.join(parts)}."


@dataclass(slots=True)
class _Document:
    id: int
    text: str
    spans: list[tuple[int, int]]  # sentences
    sentence_ids: list[int]


def import_annotations(
    review: Path,
    file: Path,
    *,
    reviewer: Reviewer,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Place the file's annotations in the review (see the module's docstring)."""
    annotations = read(Path(file).read_bytes())
    report = progress or (lambda done, total, stage: None)
    report(1, 4, "read")
    lock = hold(Path(review), action="import annotations")
    try:
        conn = open_review(Path(review), read_only=False)
        try:
            with gc_paused():
                return _import(conn, annotations, reviewer, report)
        finally:
            conn.close()
    finally:
        lock.release()


def _import(
    conn: sqlite3.Connection,
    annotations: list[ImportedAnnotation],
    reviewer: Reviewer,
    report: ProgressCallback,
) -> ImportResult:
    result = ImportResult(read=len(annotations))
    documents = _documents(conn)
    by_document: dict[int, list[ImportedAnnotation]] = {}
    for annotation in annotations:
        doc_id = _document_for(conn, annotation, documents, annotations)
        if doc_id is None:
            result.unplaced += 1
        else:
            by_document.setdefault(doc_id, []).append(annotation)
    placements: dict[int, int | None] = {}  # key -> sentence id
    for doc_id, group in by_document.items():
        placements.update(_place(documents[doc_id], group, result))
    report(2, 4, "placed")
    existing = _existing(conn)
    names = dict(conn.execute("SELECT id, name FROM reviewers"))
    stamp = writes.now_iso()
    rows: dict[tuple[int, str], list] = {}  # (sentence, reviewer) -> annotation row
    evidence_rows: list[tuple] = []
    orphan_rows: list[tuple] = []
    events: list[tuple] = []
    ids_taken = {row[0] for row in conn.execute("SELECT id FROM annotations")}
    ids_taken |= {row[0] for row in conn.execute("SELECT id FROM orphans")}
    evidence_taken = {row[0] for row in conn.execute("SELECT id FROM evidence")}
    for doc_id, group in by_document.items():
        document = documents[doc_id]
        for annotation in group:
            owner = reviewer_id(annotation.creator_id) or reviewer.id
            name = annotation.creator_name or names.get(owner) or annotation.creator_id
            names.setdefault(owner, name or reviewer.name)
            sentence = placements.get(annotation.key)
            state = _state(annotation)
            if sentence is not None and (sentence, owner) in existing:
                same = existing[(sentence, owner)] == state
                result.unchanged += same
                result.conflicting += not same
                continue
            if sentence is not None and (sentence, owner) in rows:  # a second highlight
                _fold(rows[(sentence, owner)], annotation)
                continue
            ann_id = annotation.id if annotation.id and annotation.id not in ids_taken else None
            ann_id = ann_id or str(uuid.uuid4())
            ids_taken.add(ann_id)
            created = annotation.created or stamp
            if sentence is None:
                exact, prefix, suffix = annotation.exact, annotation.prefix, annotation.suffix
            else:
                index = document.sentence_ids.index(sentence)
                exact, prefix, suffix = writes.quote_anchor(document.text, *document.spans[index])
            row = [ann_id, sentence if sentence is not None else doc_id, owner,
                   json.dumps(sorted(state[0])), int(state[1]), *state[2:7], annotation.rationale,
                   state[7], created, annotation.modified or created, exact, prefix, suffix,
                   "{}", ""]  # fmt: skip
            items = _evidence(ann_id, annotation, stamp, evidence_taken)
            if sentence is None:
                evidence = [[i[0], i[2], i[3], i[4], i[5], i[6], i[9]] for i in items]
                orphan_rows.append((*row, json.dumps(evidence, ensure_ascii=False), stamp))
                result.orphaned += 1
            else:
                rows[(sentence, owner)] = row
                evidence_rows.extend(items)
                result.placed += 1
                result.reviewers[owner] = names[owner]
            events.append((stamp, reviewer.id, "import", "annotation", ann_id, None,
                           json.dumps({"creator": annotation.creator_id or None})))  # fmt: skip
    report(3, 4, "writing")
    with transaction(conn):
        exchange_writes.insert_reviewers(
            conn, [(rid, names[rid]) for rid in sorted({row[2] for row in rows.values()}
                                                       | {row[2] for row in orphan_rows})]
        )  # fmt: skip
        exchange_writes.insert_annotations(conn, list(rows.values()))
        exchange_writes.insert_evidence(conn, evidence_rows)
        version_writes.insert_orphans(conn, orphan_rows)
        exchange_writes.log_events(conn, events)
    report(4, 4, "done")
    return result


def _documents(conn: sqlite3.Connection) -> dict[int, _Document]:
    found = {}
    for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY position, id").fetchall():
        parsed, ids = queries.stored_document(conn, doc_id)
        spans = [(s.start, s.end) for s in parsed.sentences]
        found[doc_id] = _Document(doc_id, parsed.text, spans, ids)
    return found


def _document_for(
    conn: sqlite3.Connection,
    annotation: ImportedAnnotation,
    documents: dict[int, _Document],
    everything: list[ImportedAnnotation],
) -> int | None:
    """The document an annotation's source names: by the hash of its text (or of an
    earlier version); else — a web address, as Hypothesis gives — the document holding
    most of that source's quotes; else the only document of the review."""
    if annotation.source.startswith("urn:sha256:"):
        sha = annotation.source.removeprefix("urn:sha256:")
        row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
        row = (
            row
            or conn.execute(
                "SELECT document_id FROM document_versions WHERE sha256 = ?", (sha,)
            ).fetchone()
        )
        return row[0] if row else None
    quotes = [a.exact for a in everything if a.source == annotation.source and a.exact]
    hits = Counter(
        doc.id for doc in documents.values() for quote in quotes[:200] if quote in doc.text
    )
    if hits:
        return max(hits, key=lambda doc_id: (hits[doc_id], -doc_id))
    return next(iter(documents)) if len(documents) == 1 else None


def _place(
    document: _Document, group: list[ImportedAnnotation], result: ImportResult
) -> dict[int, int | None]:
    """key -> sentence id (None: an orphan), through re-anchoring, then quote search."""
    anchors = [
        Anchor(str(a.key), a.start if a.start is not None else -1,
               a.end if a.end is not None else -1, a.exact, a.prefix, a.suffix)
        for a in group
    ]  # fmt: skip
    placed: dict[int, int | None] = {}
    for annotation, placement in zip(
        group, reanchor(anchors, document.text, document.spans), strict=True
    ):
        index = placement.sentence
        if index is None:
            index = _containing(document, annotation)
            method = "quote in text" if index is not None else "orphaned"
        else:
            method = str(placement.method.value if placement.method else "")
        result.methods[method] += 1
        placed[annotation.key] = None if index is None else document.sentence_ids[index]
    return placed


def _containing(document: _Document, annotation: ImportedAnnotation) -> int | None:
    """The sentence where a partial quote starts: its given position if the text there
    is the quote, else the occurrence whose context agrees best."""
    text, exact = document.text, annotation.exact
    if not exact.strip():
        return None
    start = annotation.start
    if start is None or text[start : start + len(exact)] != exact:
        best, start = -1, None
        at = text.find(exact)
        while at >= 0:
            before = text[max(0, at - 64) : at]
            after = text[at + len(exact) : at + len(exact) + 64]
            score = _agreement(before, annotation.prefix, reverse=True) + _agreement(
                after, annotation.suffix
            )
            if score > best:
                best, start = score, at
            at = text.find(exact, at + 1)
    if start is None:
        return None
    middle = start + len(exact.strip()) // 2  # the sentence holding most of it
    for index, (first, last) in enumerate(document.spans):
        if first <= middle < last:
            return index
    return None


def _agreement(text: str, context: str, *, reverse: bool = False) -> int:
    count = 0
    pairs = (
        zip(text[::-1], context[::-1], strict=False)
        if reverse
        else zip(text, context, strict=False)
    )
    for a, b in pairs:
        if a != b:
            break
        count += 1
    return count


def _state(a: ImportedAnnotation) -> tuple:
    """The decision, in ANNOTATION_COLUMNS order from categories to status."""
    return (frozenset(a.categories), a.not_a_claim, a.verdict, a.citation_accuracy,
            a.evidence_type, a.certainty, a.confidence, a.status)  # fmt: skip


def _existing(conn: sqlite3.Connection) -> dict[tuple[int, str], tuple]:
    return {
        (sentence, owner): (frozenset(json.loads(cats)), bool(nac), *rest)
        for sentence, owner, cats, nac, *rest in conn.execute(
            "SELECT sentence_id, reviewer_id, categories, not_a_claim, verdict, "
            "citation_accuracy, evidence_type, certainty, confidence, status FROM annotations"
        )
    }


def _fold(row: list, annotation: ImportedAnnotation) -> None:
    """A second annotation of one sentence by one creator joins the first: its claim
    types, and its notes after the first's rationale."""
    categories = sorted(set(json.loads(row[3])) | annotation.categories)
    row[3] = json.dumps(categories)
    row[5] = row[5] or annotation.verdict
    if annotation.rationale:
        row[10] = f"{row[10]}\n\n{annotation.rationale}" if row[10] else annotation.rationale


def _evidence(
    annotation_id: str, annotation: ImportedAnnotation, stamp: str, taken: set[str]
) -> list[tuple]:
    """Rows for exchange_writes.insert_evidence; an item the evidence editor would
    refuse (a malformed DOI) is kept as a note holding what the file said."""
    from assay.services.evidence import check_item, check_source

    rows = []
    for item in annotation.evidence:
        kind, value, locator, note = item.kind, item.value, item.locator, item.note
        try:
            if kind not in _KINDS:
                raise ValueError(kind)
            value, locator, note = check_item(kind, value, locator, note)
            source = check_source(item.source)
        except ValueError:
            kind, value, source = "note", f"{item.kind}: {item.value}", ""
        item_id = item.id if item.id and item.id not in taken else str(uuid.uuid4())
        taken.add(item_id)
        rows.append((item_id, annotation_id, kind, value, note,
                     item.created or stamp, locator, "{}", "", source))  # fmt: skip
    return rows
