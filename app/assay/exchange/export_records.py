"""The annotations an export writes, as plain values (no SQL, no Qt): what the table
export (CSV/XLSX) and the W3C Web Annotation export share. services.exports fills them
from the store."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExportDocument:
    id: int
    sha256: str
    title: str
    source_name: str
    text: str


@dataclass(frozen=True, slots=True)
class ExportEvidence:
    id: str
    kind: str  # core.vocabulary.EVIDENCE_KINDS
    value: str
    locator: str
    note: str
    source: str
    created: str


@dataclass(frozen=True, slots=True)
class ExportHighlight:
    """A highlighted phrase of the annotation's sentence (code points, end exclusive)."""

    id: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class ExportAnnotation:
    id: str
    document: ExportDocument
    ordinal: int  # the sentence's index in its document (0-based)
    start: int  # code points into document.text, end exclusive
    end: int
    page: int | None
    reviewer_id: str
    reviewer_name: str
    categories: tuple[str, ...]
    not_a_claim: bool
    verdict: str | None
    citation_accuracy: str | None
    evidence_type: str | None
    certainty: str | None  # GRADE
    confidence: int | None
    rationale: str
    status: str  # draft | final
    created: str
    modified: str
    evidence: tuple[ExportEvidence, ...] = ()
    highlights: tuple[ExportHighlight, ...] = ()  # in text order

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Decision:
    """An adjudication: the decision that stands on a sentence reviewers disagreed on."""

    adjudicator: str
    categories: tuple[str, ...]
    not_a_claim: bool
    verdict: str | None
    rationale: str
    modified: str
