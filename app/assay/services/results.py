"""Plain result types the services return to the UI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class DocumentProgress(NamedTuple):
    document_id: int
    title: str
    reviewed: int
    total: int


@dataclass(frozen=True, slots=True)
class Progress:
    """Reviewed = the local reviewer's annotation is final; skipped kinds excluded."""

    reviewed: int
    total: int
    per_document: list[DocumentProgress] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportResult:
    document_id: int
    title: str
    sentence_count: int
    encoding: str
    notes: tuple[str, ...] = ()
