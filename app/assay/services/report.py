"""The review report: per document, every annotated sentence with the decision that
stands (the adjudication, else what all its reviewers agree on; else it is disputed,
with each reviewer's view), its page, rationale, evidence and what it cites.

Assembled here from the store; `exchange.report_format` writes it as Markdown or JSON.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from assay.claims.source_numbers import SHOWN_STATEMENTS, SourceText, absent_line, side_by_side
from assay.core.model import page_at
from assay.core.vocabulary import CATEGORIES, label_of
from assay.exchange.report_model import (
    AgreementFigure,
    CitationProblem,
    DocumentFacts,
    DocumentReport,
    EvidenceLine,
    ReportContent,
    ReportOptions,
    ReviewerView,
    SentenceReport,
    SourceNumbers,
    SourceNumbersLine,
)
from assay.services import library, source_numbers
from assay.services.references import citation_line, document_citations, short_citation
from assay.store import queries, report_queries

__all__ = [
    "DocumentReport",
    "EvidenceLine",
    "ReviewerView",
    "SentenceReport",
    "build_content",
    "build_report",
    "write_report",
]


def build_report(
    conn: sqlite3.Connection,
    rename: Callable[[str], str] | None = None,
    on_document: Callable[[int, int], None] | None = None,
    problems: list[tuple[CitationProblem, ...]] | None = None,
) -> list[DocumentReport]:
    """Every document's decided or disputed sentences; `rename` maps each reviewer's
    name as the report shows it (anonymised: "Reviewer 1"). Given a `problems` list,
    each document's citation problems are added to it, while its citations are at hand
    (the cache keeps 16 documents: a second pass over 3,000 would parse them all again)."""
    name_of = rename or (lambda name: name)
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
            ReviewerView(name_of(name), tuple(json.loads(categories)), bool(not_a_claim), verdict,
                         rationale, status == "final")
        )  # fmt: skip
    adjudications = {
        sentence: (name_of(row[0]), *row[1:])
        for sentence, row in report_queries.adjudication_rows(conn).items()
    }
    evidence: dict[int, list[EvidenceLine]] = defaultdict(list)
    for sentence, reviewer, *item in report_queries.evidence_rows(conn):
        evidence[sentence].append(EvidenceLine(name_of(reviewer), *item))
    phrases: dict[int, list[str]] = defaultdict(list)
    for sentence, phrase, *_ in report_queries.highlight_rows(conn):
        if phrase not in phrases[sentence]:
            phrases[sentence].append(phrase)
    reports = []
    documents = queries.documents(conn)
    for done, info in enumerate(documents):
        if on_document is not None:
            on_document(done, len(documents))  # may raise Cancelled
        found = document_citations(conn, info.id)
        parsed = found.parsed
        pages = parsed.pages
        sentences = []
        verdicts: dict[str, int] = defaultdict(int)
        sources: dict[int, SourceText] | None = None  # the cited abstracts, when first needed
        for index, sentence_id in enumerate(found.sentence_ids):
            if sentence_id not in views and sentence_id not in adjudications:
                continue
            segment = parsed.sentences[index]
            text = parsed.text[segment.start : segment.end]
            works = found.works_cited_by(sentence_id)
            if works and sources is None:
                sources = source_numbers.document_sources(conn, info.id)
            report = _sentence(
                sentence_id, index, page_at(pages, segment.start) if pages else None,
                text, views.get(sentence_id, []),
                adjudications.get(sentence_id), evidence.get(sentence_id, []),
                [citation_line(found.works[w]) for w in works],
                (segment.start, segment.end),
                _numbers_beside(text, works, sources) if works and sources else None,
            )  # fmt: skip
            if sentence_id in phrases:
                report = replace(report, highlights=tuple(phrases[sentence_id]))
            if report.verdict and report.standing != "disputed":
                verdicts[report.verdict] += 1
            sentences.append(report)
        reports.append(
            DocumentReport(
                info.id, info.title, info.source_name, tuple(sentences), dict(verdicts), info.sha256
            )  # fmt: skip
        )
        if problems is not None:
            problems.append(citation_problems(conn, info.id))
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
    offsets: tuple[int, int],
    numbers: SourceNumbers | None = None,
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
        decided_by, rationale, tuple(views), tuple(evidence), tuple(cites), *offsets, numbers,
    )  # fmt: skip


def _numbers_beside(
    text: str, works: list[int], sources: dict[int, SourceText]
) -> SourceNumbers | None:
    """The sentence's numbers beside its cited abstracts', as the report writes them."""
    comparison = source_numbers.beside(text, works, sources)
    if comparison is None:
        return None
    lines = []
    for statement in comparison.statements[:SHOWN_STATEMENTS]:
        claim, source = side_by_side(statement)
        lines.append(SourceNumbersLine(statement.work_label, statement.text, claim, source))
    return SourceNumbers(absent_line(comparison), tuple(lines))


def build_content(
    conn: sqlite3.Connection,
    review_name: str,
    options: ReportOptions | None = None,
    exported_at: str | None = None,
    on_document: Callable[[int, int], None] | None = None,
) -> ReportContent:
    """Everything a report shows, reviewers renamed when `options.anonymous`."""
    options = options or ReportOptions()
    names = report_queries.reviewer_names(conn)
    numbered = {name: f"Reviewer {number}" for number, name in enumerate(names, 1)}
    rename = numbered.__getitem__ if options.anonymous else None
    problems: list[tuple[CitationProblem, ...]] = []
    reports = build_report(
        conn, rename, on_document, problems if options.has("citations") else None
    )
    progress = report_queries.document_progress(conn)
    documents = tuple(
        DocumentFacts(
            info.id,
            info.title,
            info.source_name,
            info.sha256,
            info.imported_at,
            info.sentence_count,
            *progress.get(info.id, (0, 0)),
        )  # fmt: skip
        for info in queries.documents(conn)
    )
    first, last = report_queries.activity_span(conn)
    return ReportContent(
        review_name, exported_at or now_iso(), options,
        tuple(numbered[name] for name in names) if options.anonymous else tuple(names),
        first, last, documents, tuple(reports), tuple(problems) or ((),) * len(reports),
        agreement_figures(conn) if options.has("summary") else (),
    )  # fmt: skip


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def citation_problems(conn: sqlite3.Connection, document_id: int) -> tuple[CitationProblem, ...]:
    """Works written in several ways in the document, then works the reviewer's library
    describes differently, then works it only nearly holds (possible mis-citations),
    each in the order of the document's entries."""
    found = document_citations(conn, document_id)
    problems = []
    for work in found.works:
        if work.differences:
            details = tuple(f"{d.field}: “{d.canonical}” and “{d.value}”" for d in work.differences)
            problems.append(CitationProblem(short_citation(work), "variants", details))
    for index, (match, _entry) in sorted(library.document_matches(conn, document_id).items()):
        if match.mismatches:
            details = tuple(
                f"{m.field}: “{m.in_document}” in the text, “{m.in_library}” in the library"
                for m in match.mismatches
            )
            problems.append(CitationProblem(short_citation(found.works[index]), "library", details))
    for index, status in sorted(library.document_library(conn, document_id).items()):
        for miss in status.near_misses:
            entry = library.library_entry(conn, miss.entry_index)
            author = entry.authors[0] if entry.authors else "?"
            details = (
                f"your library: {author} {entry.year or 'n.d.'}, “{entry.title}” ({miss.why})",
                *(
                    f"{f.field}: “{f.in_document}” in the text, “{f.in_library}” in the library"
                    for f in miss.fields
                    if f.differs
                ),
            )
            problems.append(
                CitationProblem(short_citation(found.works[index]), "near miss", details)
            )
    return tuple(problems)


def agreement_figures(conn: sqlite3.Connection) -> tuple[AgreementFigure, ...]:
    """Krippendorff's alpha for the verdict and each claim type (reviewers' own
    annotations; adjudications never change agreement)."""
    from assay.services.agreement import agreement_report

    found = agreement_report(conn)
    if found["reviewers"] < 2:
        return ()
    figures = [AgreementFigure("Verdict", found["verdict"]["alpha"], found["verdict"]["sentences"])]
    for name, alpha in found["categories"].items():
        figures.append(
            AgreementFigure(label_of(CATEGORIES, name), alpha["alpha"], alpha["sentences"])
        )
    return tuple(figures)


def write_report(conn: sqlite3.Connection, out: Path, review_name: str, *, as_json: bool) -> int:
    """Write the report (Markdown, or JSON) atomically; return the sentences reported."""
    from assay.services.report_export import render_report

    content = build_content(conn, review_name)
    data = render_report(content, "json" if as_json else "md")
    from assay.exchange.bundle_write import write_atomically

    write_atomically(Path(out), data, private=False)
    return content.sentence_count
