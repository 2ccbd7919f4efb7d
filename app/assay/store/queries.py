"""Every SELECT in Assay: documents, sentence rows, annotations, progress, stats."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any

from assay.core.model import (
    SKIPPED_KINDS,
    AnnotationState,
    Block,
    BlockKind,
    DocumentInfo,
    ParsedDocument,
    Segment,
    SentenceRow,
    Span,
    page_at,
)
from assay.core.vocabulary import CATEGORIES, VERDICTS, Term
from assay.store.codec import (
    EMPTY_STATE,
    STATE_COLUMNS,
    pages_from_json,
    spans_from_json,
    state_from_row,
)

_STATE_SELECT = ", ".join(f"a.{column}" for column in STATE_COLUMNS)
_SKIPPED = tuple(str(kind) for kind in SKIPPED_KINDS)
_SKIPPED_SQL = "(" + ", ".join(f"'{kind}'" for kind in _SKIPPED) + ")"


def documents(conn: sqlite3.Connection) -> list[DocumentInfo]:
    rows = conn.execute(
        "SELECT d.id, d.sha256, d.title, d.source_name, d.format, d.encoding, d.imported_at, "
        "(SELECT count(*) FROM sentences s WHERE s.document_id = d.id) "
        "FROM documents d ORDER BY d.position, d.id"
    )
    return [DocumentInfo(*row) for row in rows]


def document_by_sha256(conn: sqlite3.Connection, sha256: str) -> DocumentInfo | None:
    row = conn.execute(
        "SELECT d.id, d.sha256, d.title, d.source_name, d.format, d.encoding, d.imported_at, "
        "(SELECT count(*) FROM sentences s WHERE s.document_id = d.id) "
        "FROM documents d WHERE d.sha256 = ?",
        (sha256,),
    ).fetchone()
    return DocumentInfo(*row) if row else None


def document_text(conn: sqlite3.Connection, document_id: int) -> str:
    row = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        raise KeyError(f"no document {document_id}")
    return str(row[0])


def document_blocks(conn: sqlite3.Connection, document_id: int) -> list[Block]:
    rows = conn.execute(
        'SELECT start, "end", kind, level, section FROM blocks '
        "WHERE document_id = ? ORDER BY ordinal",
        (document_id,),
    )
    kinds = {kind.value: kind for kind in BlockKind}  # a dict is ~10x faster than BlockKind()
    return [
        Block(start, end, kinds[kind], level, section) for start, end, kind, level, section in rows
    ]


def document_spans(conn: sqlite3.Connection, document_id: int) -> list[Span]:
    row = conn.execute("SELECT spans FROM documents WHERE id = ?", (document_id,)).fetchone()
    return spans_from_json(row[0]) if row else []


def document_notes(conn: sqlite3.Connection, document_id: int) -> list[str]:
    row = conn.execute("SELECT notes FROM documents WHERE id = ?", (document_id,)).fetchone()
    return list(json.loads(row[0])) if row else []


def sentence_rows(conn: sqlite3.Connection, reviewer_id: str) -> list[SentenceRow]:
    """All sentences, documents in position order, with one reviewer's state.

    Sentences are read per document in index order (no sort), the reviewer's
    annotations once into a dict, and each row's text is a slice of its
    document's text: 100,000 rows cost one pass in Python.
    """
    states = {
        row[0]: state_from_row(row[1:])
        for row in conn.execute(
            f"SELECT a.sentence_id, {_STATE_SELECT} FROM annotations a WHERE a.reviewer_id = ?",
            (reviewer_id,),
        )
    }
    kinds = {kind.value: kind for kind in BlockKind}
    # Every sentence of a block shares its section title: keep one copy of each.
    sections: dict[str, str] = {}
    share = sections.setdefault
    result: list[SentenceRow] = []
    append = result.append
    for document_id, text, pages_json in conn.execute(
        "SELECT id, text, pages FROM documents ORDER BY position, id"
    ).fetchall():
        pages = pages_from_json(pages_json)
        rows = conn.execute(
            'SELECT id, ordinal, start, "end", kind, section FROM sentences '
            "WHERE document_id = ? ORDER BY ordinal",
            (document_id,),
        )
        for sentence_id, ordinal, start, end, kind, section in rows:
            append(
                SentenceRow(
                    sentence_id, document_id, ordinal, start, end, kinds[kind],
                    share(section, section),
                    text[start:end], states.get(sentence_id, EMPTY_STATE),
                    page_at(pages, start) if pages else None,
                )
            )  # fmt: skip
    return result


def sentence_verdicts(
    conn: sqlite3.Connection, document_id: int, reviewer_id: str
) -> list[tuple[int, int, int, str | None]]:
    """(id, start, end, verdict) of one document's sentences, for one reviewer."""
    rows = conn.execute(
        'SELECT s.id, s.start, s."end", a.verdict FROM sentences s '
        "LEFT JOIN annotations a ON a.sentence_id = s.id AND a.reviewer_id = ? "
        "WHERE s.document_id = ? ORDER BY s.ordinal",
        (reviewer_id, document_id),
    )
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def sentence_location(conn: sqlite3.Connection, sentence_id: int) -> tuple[int, int, int] | None:
    """(document_id, start, end) of a sentence, or None if it does not exist."""
    row = conn.execute(
        'SELECT document_id, start, "end" FROM sentences WHERE id = ?', (sentence_id,)
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def annotation_state(
    conn: sqlite3.Connection, sentence_id: int, reviewer_id: str
) -> AnnotationState:
    row = conn.execute(
        f"SELECT {_STATE_SELECT} FROM annotations a WHERE a.sentence_id = ? AND a.reviewer_id = ?",
        (sentence_id, reviewer_id),
    ).fetchone()
    return EMPTY_STATE if row is None else state_from_row(row)


def last_position(conn: sqlite3.Connection, reviewer_id: str) -> int | None:
    row = conn.execute(
        "SELECT sentence_id FROM positions WHERE reviewer_id = ?", (reviewer_id,)
    ).fetchone()
    return None if row is None else row[0]


def progress_counts(conn: sqlite3.Connection, reviewer_id: str) -> list[tuple[int, str, int, int]]:
    """Per document: (id, title, reviewed, total), excluding skipped kinds."""
    rows = conn.execute(
        "SELECT d.id, d.title, "
        "  count(a.id) FILTER (WHERE a.status = 'final'), count(s.id) "
        "FROM documents d "
        f"LEFT JOIN sentences s ON s.document_id = d.id AND s.kind NOT IN {_SKIPPED_SQL} "
        "LEFT JOIN annotations a ON a.sentence_id = s.id AND a.reviewer_id = ? "
        "GROUP BY d.id ORDER BY d.position, d.id",
        (reviewer_id,),
    )
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def stats(conn: sqlite3.Connection, reviewer_id: str) -> dict[str, Any]:
    """Counts for one reviewer's annotations, overall and per document."""
    per_document: list[dict[str, Any]] = []
    by_category: Counter[str] = Counter()
    by_verdict: Counter[str] = Counter()
    not_a_claim = annotated = 0
    progress = {row[0]: row for row in progress_counts(conn, reviewer_id)}
    for info in documents(conn):
        doc_categories: Counter[str] = Counter()
        doc_verdicts: Counter[str] = Counter()
        doc_not_a_claim = doc_annotated = 0
        rows = conn.execute(
            "SELECT a.categories, a.verdict, a.not_a_claim FROM annotations a "
            "JOIN sentences s ON s.id = a.sentence_id "
            "WHERE s.document_id = ? AND a.reviewer_id = ?",
            (info.id, reviewer_id),
        )
        for categories, verdict, is_not_a_claim in rows:
            doc_annotated += 1
            doc_categories.update(json.loads(categories))
            if verdict:
                doc_verdicts[verdict] += 1
            doc_not_a_claim += int(bool(is_not_a_claim))
        _, _, reviewed, reviewable = progress.get(info.id, (info.id, info.title, 0, 0))
        per_document.append(
            {
                "id": info.id,
                "title": info.title,
                "source_name": info.source_name,
                "sentences": info.sentence_count,
                "reviewable": reviewable,
                "reviewed": reviewed,
                "annotated": doc_annotated,
                "not_a_claim": doc_not_a_claim,
                "by_category": vocabulary_counts(CATEGORIES, doc_categories),
                "by_verdict": vocabulary_counts(VERDICTS, doc_verdicts),
            }
        )
        by_category.update(doc_categories)
        by_verdict.update(doc_verdicts)
        not_a_claim += doc_not_a_claim
        annotated += doc_annotated
    return {
        "documents": len(per_document),
        "sentences": sum(d["sentences"] for d in per_document),
        "reviewable": sum(d["reviewable"] for d in per_document),
        "reviewed": sum(d["reviewed"] for d in per_document),
        "annotated": annotated,
        "not_a_claim": not_a_claim,
        "by_category": vocabulary_counts(CATEGORIES, by_category),
        "by_verdict": vocabulary_counts(VERDICTS, by_verdict),
        "per_document": per_document,
    }


def vocabulary_counts(terms: tuple[Term, ...], counted: Counter[str]) -> dict[str, int]:
    """Every term of the vocabulary (zero when unused), in vocabulary order, then any
    label the review added of its own."""
    counts = {term.value: counted.get(term.value, 0) for term in terms}
    counts.update(sorted((value, n) for value, n in counted.items() if value not in counts))
    return counts


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta"))


def stored_document(conn: sqlite3.Connection, document_id: int) -> tuple[ParsedDocument, list[int]]:
    """A stored document as the text layer sees one (its sentences in order), and the
    ids of those sentences, index for index."""
    row = conn.execute(
        "SELECT sha256, title, source_name, format, encoding, text, spans, notes, pages "
        "FROM documents WHERE id = ?",
        (document_id,),
    ).fetchone()
    if row is None:
        raise KeyError(f"no document {document_id}")
    sha, title, source_name, fmt, encoding, text, spans, notes, pages = row
    kinds = {kind.value: kind for kind in BlockKind}
    ids: list[int] = []
    segments: list[Segment] = []
    for sentence_id, start, end, kind, section in conn.execute(
        'SELECT id, start, "end", kind, section FROM sentences '
        "WHERE document_id = ? AND ordinal >= 0 ORDER BY ordinal",
        (document_id,),
    ):
        ids.append(sentence_id)
        segments.append(Segment(start, end, kinds[kind], section))
    parsed = ParsedDocument(
        text=text, sha256=sha, title=title, source_name=source_name, format=fmt,
        encoding=encoding, blocks=tuple(document_blocks(conn, document_id)),
        sentences=tuple(segments), spans=tuple(spans_from_json(spans)),
        notes=tuple(json.loads(notes)), pages=pages_from_json(pages),
    )  # fmt: skip
    return parsed, ids
