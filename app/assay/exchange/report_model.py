"""The report's content as plain data: what every report format writes.

`services.report` fills it from the store; the writers (`report_format` for Markdown and
JSON, `report_html`, `report_docx`, and `ui.report_pdf`) only lay it out. Pure: no SQL,
no Qt.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from assay.core.vocabulary import CATEGORIES, VERDICTS

# The parts a reader may leave out, in the order they are written.
SECTIONS: tuple[str, ...] = ("title", "summary", "sentences", "citations")
SECTION_LABELS: dict[str, str] = {
    "title": "Title page (review, documents and their hashes, reviewers, dates)",
    "summary": "Summary with charts",
    "sentences": "Every decided or disputed sentence",
    "citations": "Citation problems",
}
FORMATS: tuple[str, ...] = ("html", "pdf", "docx", "md", "json")
FORMAT_LABELS: dict[str, str] = {
    "html": "Web page (HTML, one self-contained file)",
    "pdf": "PDF",
    "docx": "Word document (DOCX)",
    "md": "Markdown",
    "json": "JSON (to process)",
}
SUFFIXES: dict[str, str] = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "md": ".md",
                            "json": ".json"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReportOptions:
    sections: frozenset[str] = frozenset(SECTIONS)
    anonymous: bool = False  # reviewers shown as "Reviewer 1", "Reviewer 2", …

    def has(self, section: str) -> bool:
        return section in self.sections


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
class SourceNumbersLine:
    """A statement of a cited work's abstract with numbers of the sentence's kinds."""

    work: str  # "Boyle et al. 2017, Nutrients"
    statement: str
    claim_numbers: str  # the sentence's numbers of those kinds ("50–80%, <10%")
    source_numbers: str  # the statement's ("23%, 41%")


@dataclass(frozen=True, slots=True)
class SourceNumbers:
    """Numbers beside the cited source (`claims.source_numbers`)."""

    absent: str  # "Not in the cited source: …" ("" when every number is there)
    lines: tuple[SourceNumbersLine, ...]  # closest first


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
    start: int = 0  # code-point offsets in the document's text (end exclusive)
    end: int = 0
    source_numbers: SourceNumbers | None = None  # only when there is something to show
    highlights: tuple[str, ...] = ()  # the reviewers' highlighted phrases, in text order


@dataclass(frozen=True, slots=True)
class DocumentReport:
    id: int
    title: str
    source_name: str
    sentences: tuple[SentenceReport, ...]
    verdicts: dict[str, int] = field(default_factory=dict)  # decided verdict -> count
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """A document on the title page and in the progress chart."""

    id: int
    title: str
    source_name: str
    sha256: str
    imported_at: str
    sentences: int  # every sentence unit
    reviewable: int  # table headers and reference entries left out
    reviewed: int  # reviewable sentences someone marked reviewed


@dataclass(frozen=True, slots=True)
class CitationProblem:
    """A work cited in a document that is written in several ways, that the
    reviewer's library describes differently, or that the library only nearly holds."""

    work: str  # "Boyle et al. 2017, Nutrients"
    kind: str  # "variants" | "library" | "near miss"
    details: tuple[str, ...]  # one line per field that differs

    @property
    def what(self) -> str:
        """How the report names the problem after the work."""
        return PROBLEM_PHRASES.get(self.kind, self.kind)


PROBLEM_PHRASES = {
    "variants": "written in several ways",
    "library": "differs from your library",
    # No library match, but an entry that is almost the work: a possible mis-citation.
    "near miss": "possible citation error: your library holds a near miss",
}


@dataclass(frozen=True, slots=True)
class AgreementFigure:
    measure: str  # "Verdict", "Efficacy", …
    alpha: float | None  # Krippendorff's alpha; None when nothing was coded twice
    sentences: int


@dataclass(frozen=True, slots=True)
class ReportContent:
    review_name: str
    exported_at: str  # UTC ISO 8601
    options: ReportOptions
    reviewers: tuple[str, ...]  # as the report names them
    first_activity: str  # the earliest and latest annotation times ("" when none)
    last_activity: str
    documents: tuple[DocumentFacts, ...]
    reports: tuple[DocumentReport, ...]  # aligned with documents
    problems: tuple[tuple[CitationProblem, ...], ...]  # aligned with documents
    agreement: tuple[AgreementFigure, ...]

    @property
    def sentence_count(self) -> int:
        return sum(len(report.sentences) for report in self.reports)


# -- tallies for the summary --------------------------------------------------------------

NO_CLAIM_TYPE = "No claim type"


def verdicts_by_claim_type(reports: tuple[DocumentReport, ...]) -> list[tuple[str, Counter[str]]]:
    """Claim type label -> decided verdicts of the sentences of that type (a sentence of
    two types counts in both), in vocabulary order; types with no verdict left out."""
    tally: dict[str, Counter[str]] = {term.value: Counter() for term in CATEGORIES}
    untyped: Counter[str] = Counter()
    for report in reports:
        for sentence in report.sentences:
            if sentence.standing == "disputed" or not sentence.verdict:
                continue
            for category in sentence.categories or ():
                tally.setdefault(category, Counter())[sentence.verdict] += 1
            if not sentence.categories:
                untyped[sentence.verdict] += 1
    labels = {term.value: term.label for term in CATEGORIES}
    rows = [(labels.get(value, value), counts) for value, counts in tally.items() if counts]
    if untyped:
        rows.append((NO_CLAIM_TYPE, untyped))
    return rows


def verdicts_by_document(content: ReportContent) -> list[tuple[str, Counter[str]]]:
    return [(report.title, Counter(report.verdicts)) for report in content.reports]


def verdict_order() -> tuple[str, ...]:
    return tuple(term.value for term in VERDICTS)


def standing_counts(report: DocumentReport) -> Counter[str]:
    return Counter(sentence.standing for sentence in report.sentences)


def shown_time(stamp: str) -> str:
    """ "2025-05-01T10:00:00+00:00" -> "2025-05-01 10:00 UTC" (as written when not ISO)."""
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        return f"{moment:%Y-%m-%d %H:%M}"
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
