"""The table (CSV/XLSX) and W3C Web Annotation exports: read the review once, read-only,
build the bytes (`exchange.table_export`, `exchange.xlsx_file`, `exchange.w3c_annotations`),
write them atomically. Deterministic: the same review and the same `exported_at` give
the same bytes. `progress(done, total, stage)` may raise (Cancel) before the file is
written; nothing is written then.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from assay.core.bulk import gc_paused
from assay.core.model import page_at
from assay.exchange.bundle_write import write_atomically
from assay.exchange.export_records import (
    Decision,
    ExportAnnotation,
    ExportDocument,
    ExportEvidence,
    ExportHighlight,
)
from assay.store import export_rows
from assay.store.review_file import open_review

ProgressCallback = Callable[[int, int, str], None]
TableFormat = Literal["csv", "xlsx"]
TABLE_FORMATS: tuple[TableFormat, ...] = ("csv", "xlsx")
# Column widths of the XLSX, in characters (Excel's unit), for HEADER_PER_REVIEWER.
XLSX_WIDTHS = (28, 6, 9, 60, 18, 14, 18, 14, 12, 10, 48, 40, 18, 12, 24, 24, 40)


@dataclass(frozen=True, slots=True)
class ExportData:
    review_id: str
    documents: tuple[ExportDocument, ...]
    annotations: tuple[ExportAnnotation, ...]
    decisions: dict[tuple[int, int], Decision]


@dataclass(frozen=True, slots=True)
class WrittenExport:
    path: Path
    size: int
    rows: int  # table rows, or annotations


def now_stamp() -> str:
    """Now in UTC, ISO 8601 with milliseconds (as Assay stores its times)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def load(review_path: Path) -> ExportData:
    """Everything the exports write, from one read-only connection."""
    conn = open_review(Path(review_path), read_only=True)
    try:
        documents = {}
        pages: dict[int, list[tuple[int, int]]] = {}
        for doc_id, sha256, title, source_name, text, pages_json in export_rows.document_rows(conn):
            documents[doc_id] = ExportDocument(doc_id, sha256, title, source_name, text)
            pages[doc_id] = [tuple(pair) for pair in json.loads(pages_json)]  # type: ignore[misc]
        evidence: dict[str, list[ExportEvidence]] = defaultdict(list)
        for annotation_id, *item in export_rows.evidence_rows(conn):
            evidence[annotation_id].append(ExportEvidence(*item))
        highlights: dict[str, list[ExportHighlight]] = defaultdict(list)
        for annotation_id, *phrase in export_rows.highlight_rows(conn):
            highlights[annotation_id].append(ExportHighlight(*phrase))
        annotations = []
        for row in export_rows.annotation_rows(conn):
            (ann_id, doc_id, ordinal, start, end, reviewer_id, reviewer_name, categories,
             not_a_claim, *fields, rationale, status, created, modified) = row  # fmt: skip
            doc_pages = pages[doc_id]
            annotations.append(
                ExportAnnotation(
                    ann_id,
                    documents[doc_id],
                    ordinal,
                    start,
                    end,
                    page_at(doc_pages, start) if doc_pages else None,
                    reviewer_id,
                    reviewer_name,
                    tuple(json.loads(categories)),
                    bool(not_a_claim),
                    *fields,
                    rationale or "",
                    status,
                    created,
                    modified,
                    tuple(evidence.get(ann_id, ())),
                    tuple(highlights.get(ann_id, ())),
                )  # fmt: skip
            )
        decisions = {
            key: Decision(name, tuple(json.loads(cats)), bool(nac), verdict, rationale or "", mod)
            for key, (name, cats, nac, verdict, rationale, mod) in export_rows.decision_rows(
                conn
            ).items()
        }
        return ExportData(
            export_rows.review_id(conn), tuple(documents.values()), tuple(annotations), decisions
        )
    finally:
        conn.close()


def write_table(
    review: Path,
    path: Path,
    format: TableFormat,
    per: Literal["reviewer", "sentence"] = "reviewer",
    *,
    exported_at: str | None = None,
    progress: ProgressCallback | None = None,
) -> WrittenExport:
    """One row per sentence × reviewer (or per sentence, with the decision that stands)
    as CSV or XLSX, written atomically."""
    from assay.exchange.table_export import VERDICT_COLUMN, csv_bytes, table
    from assay.exchange.xlsx_file import xlsx_bytes

    if format not in TABLE_FORMATS:
        raise ValueError(f"unknown table format {format!r}: choose csv or xlsx")
    report = _reporter(progress, 4)
    with gc_paused():
        report(1, "reading the review")
        data = load(review)
        report(2, "building rows")
        header, rows = table(data.annotations, data.decisions, per)
        report(3, "writing")
        if format == "csv":
            content = csv_bytes(header, rows)
        else:
            content = xlsx_bytes(
                header, rows, widths=XLSX_WIDTHS, verdict_column=VERDICT_COLUMN,
                created=exported_at or now_stamp(), sheet_name="Sentences" if per == "sentence"
                else "Annotations",
            )  # fmt: skip
        write_atomically(Path(path), content, private=False)
    report(4, "done")
    return WrittenExport(Path(path), len(content), len(rows))


def write_w3c(
    review: Path,
    path: Path,
    *,
    exported_at: str | None = None,
    page_size: int | None = None,
    progress: ProgressCallback | None = None,
) -> WrittenExport:
    """Every annotation as W3C Web Annotation JSON-LD (an AnnotationCollection in
    pages), written atomically."""
    from assay.exchange import w3c_annotations

    report = _reporter(progress, 4)
    with gc_paused():
        report(1, "reading the review")
        data = load(review)
        report(2, "building annotations")
        content = w3c_annotations.collection_bytes(
            data.annotations,
            review_id=data.review_id,
            label=Path(review).stem,
            exported_at=exported_at or now_stamp(),
            page_size=page_size or w3c_annotations.PAGE_SIZE,
        )
        report(3, "writing")
        write_atomically(Path(path), content, private=False)
    report(4, "done")
    return WrittenExport(Path(path), len(content), len(data.annotations))


def _reporter(progress: ProgressCallback | None, total: int) -> Callable[[int, str], None]:
    def report(done: int, stage: str) -> None:
        if progress is not None:
            progress(done, total, stage)

    return report
