"""The review report: per document, every annotated sentence with the decision that
stands (the adjudication, else what all its reviewers agree on; else it is disputed,
with each reviewer's view), its page, rationale, evidence and what it cites.

Assembled here from the store; `exchange.report_format` writes it as Markdown or JSON.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from assay.core.model import page_at
from assay.services.references import citation_line, document_citations
from assay.store import queries, report_queries


@dataclass(frozen=True, slots=True)
class ReviewerView:
    reviewer: str
    categories: tuple[str, ...]
    not_a_claim: bool
    verdict: str | None
    rationale: str
    reviewed: bool


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    reviewer: str
    kind: str
    value: str
    locator: str
    note: str
    source: str = ""  # the work it comes from


@dataclass(frozen=True, slots=True)
class SentenceReport:
    sentence_id: int
    ordinal: int
    page: int | None
    text: str
    standing: str  # adjudicated | agreed | single | disputed
    categories: tuple[str, ...]  # of the decision; empty when disputed
    not_a_claim: bool
    verdict: str | None
    decided_by: str  # the adjudicator, or the reviewers who agree
    rationale: str
    views: tuple[ReviewerView, ...]
    evidence: tuple[EvidenceLine, ...]
    cites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentReport:
    id: int
    title: str
    source_name: str
    sentences: tuple[SentenceReport, ...]
    verdicts: dict[str, int] = field(default_factory=dict)  # decided verdict -> count


def build_report(conn: sqlite3.Connection) -> list[DocumentReport]:
    views: dict[int, list[ReviewerView]] = defaultdict(list)
    for (
        sentence,
        name,
        categories,
        not_a_claim,
        verdict,
        rationale,
        status,
        _id,
    ) in report_queries.annotation_rows(conn):
        views[sentence].append(
            ReviewerView(name, tuple(json.loads(categories)), bool(not_a_claim), verdict,
                         rationale, status == "final")
        )  # fmt: skip
    adjudications = report_queries.adjudication_rows(conn)
    evidence: dict[int, list[EvidenceLine]] = defaultdict(list)
    for sentence, *item in report_queries.evidence_rows(conn):
        evidence[sentence].append(EvidenceLine(*item))
    reports = []
    for info in queries.documents(conn):
        found = document_citations(conn, info.id)
        parsed = found.parsed
        pages = parsed.pages
        sentences = []
        verdicts: dict[str, int] = defaultdict(int)
        for index, sentence_id in enumerate(found.sentence_ids):
            if sentence_id not in views and sentence_id not in adjudications:
                continue
            segment = parsed.sentences[index]
            report = _sentence(
                sentence_id, index, page_at(pages, segment.start) if pages else None,
                parsed.text[segment.start : segment.end], views.get(sentence_id, []),
                adjudications.get(sentence_id), evidence.get(sentence_id, []),
                [citation_line(found.works[w]) for w in found.works_cited_by(sentence_id)],
            )  # fmt: skip
            if report.verdict and report.standing != "disputed":
                verdicts[report.verdict] += 1
            sentences.append(report)
        reports.append(
            DocumentReport(info.id, info.title, info.source_name, tuple(sentences), dict(verdicts))
        )
    return reports


def _sentence(
    sentence_id: int,
    ordinal: int,
    page: int | None,
    text: str,
    views: list[ReviewerView],
    adjudication: tuple | None,
    evidence: list[EvidenceLine],
    cites: list[str],
) -> SentenceReport:
    if adjudication is not None:
        name, categories, not_a_claim, verdict, rationale = adjudication
        standing, decided_by = "adjudicated", name
        decision = (tuple(json.loads(categories)), bool(not_a_claim), verdict, rationale)
    else:
        distinct = {(v.categories, v.not_a_claim, v.verdict) for v in views}
        if len(distinct) == 1:
            standing = "agreed" if len(views) > 1 else "single"
            first = views[0]
            decided_by = ", ".join(v.reviewer for v in views)
            rationale = " / ".join(dict.fromkeys(v.rationale for v in views if v.rationale))
            decision = (first.categories, first.not_a_claim, first.verdict, rationale)
        else:
            standing, decided_by = "disputed", ""
            decision = ((), False, None, "")
    categories, not_a_claim, verdict, rationale = decision
    return SentenceReport(
        sentence_id, ordinal, page, text, standing, categories, not_a_claim, verdict,
        decided_by, rationale, tuple(views), tuple(evidence), tuple(cites),
    )  # fmt: skip


def write_report(conn: sqlite3.Connection, out: Path, review_name: str, *, as_json: bool) -> int:
    """Write the report (Markdown, or JSON) atomically; return the sentences reported."""
    from datetime import datetime

    from assay.exchange.bundle_write import write_atomically
    from assay.exchange.report_format import report_json, report_markdown

    reports = build_report(conn)
    if as_json:
        text = json.dumps(report_json(reports), indent=1, ensure_ascii=False) + "\n"
    else:
        text = report_markdown(reports, review_name, f"{datetime.now():%Y-%m-%d %H:%M}")
    write_atomically(Path(out), text.encode("utf-8"))
    return sum(len(report.sentences) for report in reports)
