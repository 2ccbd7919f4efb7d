"""Converting between core dataclasses and column values / JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from assay.core.model import AnnotationState, Span, SpanStyle

EMPTY_STATE = AnnotationState()

# Column order shared by the annotation SELECTs and state_from_row().
STATE_COLUMNS = (
    "categories",
    "not_a_claim",
    "verdict",
    "citation_accuracy",
    "evidence_type",
    "certainty",
    "confidence",
    "rationale",
    "status",
)


def state_from_row(row: Sequence[Any]) -> AnnotationState:
    """Build a state from the STATE_COLUMNS values (None row → empty state)."""
    if row[0] is None:
        return EMPTY_STATE
    return AnnotationState(
        categories=_categories(row[0]),
        not_a_claim=bool(row[1]),
        verdict=row[2],
        citation_accuracy=row[3],
        evidence_type=row[4],
        certainty=row[5],
        confidence=row[6],
        rationale=row[7],
        status=row[8],
    )


@lru_cache(maxsize=512)
def _categories(stored: str) -> frozenset[str]:
    # A review holds few distinct sets: parsed once each, not once per annotation
    # (1,000,000 annotations: json.loads alone took ~4 s of opening the window).
    return frozenset(json.loads(stored))


def state_values(state: AnnotationState) -> tuple[Any, ...]:
    return (
        categories_json(state.categories),
        int(state.not_a_claim),
        state.verdict,
        state.citation_accuracy,
        state.evidence_type,
        state.certainty,
        state.confidence,
        state.rationale,
        state.status,
    )


def categories_json(categories: frozenset[str]) -> str:
    return json.dumps(sorted(categories))  # sorted: stable bytes for equal sets


def state_to_json(state: AnnotationState | None) -> str | None:
    """The before/after snapshot kept in the events log."""
    if state is None or state.is_empty:
        return None
    return json.dumps(
        {
            "categories": sorted(state.categories),
            "not_a_claim": state.not_a_claim,
            "verdict": state.verdict,
            "citation_accuracy": state.citation_accuracy,
            "evidence_type": state.evidence_type,
            "certainty": state.certainty,
            "confidence": state.confidence,
            "rationale": state.rationale,
            "status": state.status,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def spans_to_json(spans: Sequence[Span]) -> str:
    return json.dumps([[span.start, span.end, str(span.style)] for span in spans])


def pages_from_json(value: str) -> tuple[tuple[int, int], ...]:
    """documents.pages: [[offset, page number], ...] → what core.model.page_at takes."""
    return tuple((int(offset), int(number)) for offset, number in json.loads(value))


def pages_to_json(pages: tuple[tuple[int, int], ...]) -> str:
    return json.dumps([list(page) for page in pages])


def spans_from_json(value: str) -> list[Span]:
    return [Span(start, end, SpanStyle(style)) for start, end, style in json.loads(value)]
