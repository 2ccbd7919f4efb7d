"""The review as a table the lead sorts: one row per sentence × reviewer, or one per
sentence with the decision that stands; written as CSV (for Excel and LibreOffice) or
XLSX (`xlsx_file`). Pure: no SQL, no Qt (docs/EXPORTS.md, "Table").

CSV: UTF-8 with a byte-order mark (Excel reads UTF-8 only with one), CRLF line ends,
fields quoted where they hold a comma, a quote or a line break (quotes doubled), as
Excel writes them. A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading `'` so that no spreadsheet runs it as a formula (formula
injection); numbers are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from assay.core.vocabulary import (
    CATEGORIES,
    CERTAINTY,
    CITATION_ACCURACY,
    EVIDENCE_KINDS,
    EVIDENCE_TYPES,
    NOT_A_CLAIM,
    VERDICTS,
    label_of,
)
from assay.exchange.export_records import Decision, ExportAnnotation, ExportEvidence

Per = Literal["reviewer", "sentence"]
Cell = str | int | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

HEADER_PER_REVIEWER = (
    "Document", "Page", "Sentence no.", "Sentence", "Claim types", "Verdict",
    "Evidence type", "Citation accuracy", "GRADE certainty", "Confidence", "Rationale",
    "Evidence", "Reviewer", "Status", "Created", "Modified", "Highlights",
)  # fmt: skip
# Per sentence: who decided (the adjudicator, or the reviewers who agree) and how the
# decision stands (adjudicated, agreed, single, disputed) instead of reviewer and status.
HEADER_PER_SENTENCE = (
    *HEADER_PER_REVIEWER[:12], "Decided by", "Standing", "Created", "Modified", "Highlights",
)  # fmt: skip
VERDICT_COLUMN = HEADER_PER_REVIEWER.index("Verdict")
VERDICT_LABELS = {term.label: term.value for term in VERDICTS}


def table(
    annotations: Sequence[ExportAnnotation],
    decisions: dict[tuple[int, int], Decision],
    per: Per,
    check: Callable[[int, int], None] | None = None,
) -> tuple[tuple[str, ...], list[list[Cell]]]:
    """The header and the rows, in document, sentence and reviewer order."""
    if per == "reviewer":
        rows = []
        for index, annotation in enumerate(annotations):
            if check is not None and index % 10_000 == 0:
                check(index, len(annotations))
            rows.append(_reviewer_row(annotation))
        return HEADER_PER_REVIEWER, rows
    by_sentence: dict[tuple[int, int], list[ExportAnnotation]] = defaultdict(list)
    for annotation in annotations:
        by_sentence[(annotation.document.id, annotation.ordinal)].append(annotation)
    return HEADER_PER_SENTENCE, [
        _sentence_row(views, decisions.get(key)) for key, views in by_sentence.items()
    ]


def _reviewer_row(a: ExportAnnotation) -> list[Cell]:
    return [
        a.document.title, a.page, a.ordinal + 1, a.text, claim_types(a.categories, a.not_a_claim),
        label_of(VERDICTS, a.verdict), label_of(EVIDENCE_TYPES, a.evidence_type),
        label_of(CITATION_ACCURACY, a.citation_accuracy), label_of(CERTAINTY, a.certainty),
        a.confidence, a.rationale, evidence_text(a.evidence), a.reviewer_name,
        "Reviewed" if a.status == "final" else "In progress", a.created, a.modified,
        highlights_text([a]),
    ]  # fmt: skip


def _sentence_row(views: list[ExportAnnotation], decision: Decision | None) -> list[Cell]:
    """The decision that stands, as the report decides it (services/report.py): the
    adjudication, else what all the sentence's reviewers agree on, else disputed."""
    first = views[0]
    evidence = evidence_text(item for view in views for item in view.evidence)
    created = min(view.created for view in views)
    modified = max(view.modified for view in views)
    if decision is not None:
        standing, decided_by = "adjudicated", decision.adjudicator
        categories, not_a_claim, verdict = (
            decision.categories,
            decision.not_a_claim,
            decision.verdict,
        )
        rationale, modified = decision.rationale, max(modified, decision.modified)
    elif len({(v.categories, v.not_a_claim, v.verdict) for v in views}) == 1:
        standing = "agreed" if len(views) > 1 else "single"
        decided_by = ", ".join(view.reviewer_name for view in views)
        categories, not_a_claim, verdict = first.categories, first.not_a_claim, first.verdict
        rationale = " / ".join(dict.fromkeys(view.rationale for view in views if view.rationale))
    else:
        standing, decided_by = "disputed", ", ".join(view.reviewer_name for view in views)
        categories, not_a_claim, verdict, rationale = (), False, None, ""

    def shared(values: Iterable[object]) -> object:
        distinct = set(values)
        return distinct.pop() if len(distinct) == 1 and standing != "disputed" else None

    return [
        first.document.title, first.page, first.ordinal + 1, first.text,
        claim_types(categories, not_a_claim), label_of(VERDICTS, verdict),
        label_of(EVIDENCE_TYPES, shared(v.evidence_type for v in views)),  # type: ignore[arg-type]
        label_of(CITATION_ACCURACY, shared(v.citation_accuracy for v in views)),  # type: ignore[arg-type]
        label_of(CERTAINTY, shared(v.certainty for v in views)),  # type: ignore[arg-type]
        shared(v.confidence for v in views), rationale, evidence, decided_by, standing,
        created, modified, highlights_text(views),
    ]  # fmt: skip


def claim_types(categories: Sequence[str], not_a_claim: bool) -> str:
    """The labels in the vocabulary's order (Mechanism, Efficacy, Dose, Safety)."""
    order = {term.value: index for index, term in enumerate(CATEGORIES)}
    ordered = sorted(categories, key=lambda value: (order.get(value, len(order)), value))
    labels = [label_of(CATEGORIES, value) for value in ordered]
    return "; ".join([*labels, NOT_A_CLAIM.label] if not_a_claim else labels)


def highlights_text(views: Iterable[ExportAnnotation]) -> str:
    """The highlighted phrases, quoted, in text order, each once: “a”; “b”."""
    phrases = sorted({(h.start, h.end, h.exact) for view in views for h in view.highlights})
    return "; ".join(f"“{exact}”" for _, _, exact in phrases)


def evidence_text(items: Iterable[ExportEvidence]) -> str:
    """One line per item: "DOI 10.3390/nu9050429 (p. 12; from …; note)"."""
    lines = []
    for item in items:
        extra = [part for part in (item.locator, f"from {item.source}" if item.source else "",
                                   item.note) if part]  # fmt: skip
        line = f"{label_of(EVIDENCE_KINDS, item.kind)} {item.value}".strip()
        lines.append(f"{line} ({'; '.join(extra)})" if extra else line)
    return "\n".join(lines)


def neutralised(value: str) -> str:
    """A text cell no spreadsheet evaluates: a leading `'` before a formula's first sign."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO(newline="")
    buffer.write(BOM)
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(
        [
            "" if cell is None else neutralised(cell) if isinstance(cell, str) else cell
            for cell in row
        ]
        for row in rows
    )
    return buffer.getvalue().encode("utf-8")
