"""Checking one decoded JSON record against its schema; raising RecordError on any flaw.

The callers add the bundle and member name to the message.
"""

from __future__ import annotations

import functools
from typing import Any

from assay.core.model import BlockKind, SpanStyle
from assay.core.vocabulary import (
    CATEGORIES,
    CERTAINTY,
    CITATION_ACCURACY,
    CONFIDENCE_RANGE,
    EVIDENCE_KINDS,
    EVIDENCE_TYPES,
    STATUS_DRAFT,
    STATUS_FINAL,
    VERDICTS,
    values_of,
)
from assay.exchange import bundle_format as fmt
from assay.exchange.bundle_format import BundleAnnotation, BundleEvidence, BundleHighlight
from assay.exchange.bundle_values import is_evidence_value, is_timestamp, shown

_CATEGORIES = frozenset(values_of(CATEGORIES))
_VERDICTS = frozenset(values_of(VERDICTS))
_CITATION = frozenset(values_of(CITATION_ACCURACY))
_EVIDENCE_TYPES = frozenset(values_of(EVIDENCE_TYPES))
_CERTAINTY = frozenset(values_of(CERTAINTY))
_STATUSES = frozenset({STATUS_DRAFT, STATUS_FINAL})
_BLOCK_KINDS = frozenset(kind.value for kind in BlockKind)
_SPAN_STYLES = frozenset(style.value for style in SpanStyle)
_EVIDENCE_KINDS = frozenset(values_of(EVIDENCE_KINDS))


class RecordError(ValueError):
    """What is wrong with one record, without saying where it is."""


def check_fields(record: Any, expected: frozenset[str], what: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise RecordError(f"{what} is not a JSON object")
    keys = record.keys()
    if keys != expected:
        missing = sorted(expected - keys)
        unknown = sorted(keys - expected)
        parts = []
        if missing:
            parts.append(f"missing field(s) {', '.join(missing)}")
        if unknown:  # names from the bundle: shown on one line, a few of them
            parts.append(f"unknown field(s) {', '.join(shown(key) for key in unknown[:5])}")
        raise RecordError(f"{what}: {'; '.join(parts)}")
    return record


def text(value: Any, what: str, *, limit: int = fmt.MAX_TEXT_FIELD) -> str:
    if type(value) is not str or len(value) > limit:
        raise RecordError(f"{what} must be a string of at most {limit:,} characters")
    return value


def integer(value: Any, what: str, *, low: int = 0, high: int = fmt.SQLITE_MAX_INT) -> int:
    # type() is int: a JSON true/false (a bool) is no integer here
    if type(value) is not int or not low <= value <= high:
        raise RecordError(f"{what} must be an integer from {low} to {high:,}")
    return value


def timestamp(value: Any, what: str) -> str:
    if not is_timestamp(value):
        raise RecordError(
            f"{what} must be an ISO 8601 timestamp with a time zone (2024-05-01T10:00:00.000+00:00)"
        )
    return str(value)


def uuid(value: Any, what: str) -> str:
    if type(value) is not str or fmt.UUID_RE.fullmatch(value) is None:
        raise RecordError(f"{what} must be a lowercase UUID")
    return value


def sha256(value: Any, what: str) -> str:
    if type(value) is not str or fmt.SHA256_RE.fullmatch(value) is None:
        raise RecordError(f"{what} must be a lowercase hex SHA-256")
    return value


def reviewer_id(value: Any, what: str) -> str:
    if type(value) is not str or not value or len(value) > 200:
        raise RecordError(f"{what} must be a non-empty string of at most 200 characters")
    return value


def _choice(value: Any, allowed: frozenset[str], what: str) -> str | None:
    if value is None or (type(value) is str and value in allowed):
        return value
    raise RecordError(f"{what} must be null or one of {', '.join(sorted(allowed))}")


def revision(value: Any, by: Any, what: str) -> tuple[tuple[tuple[str, int], ...], str]:
    """A record's revision history: {installation: count}, each count ≥ 1, and the
    installation of the latest revision (one of them; "" with an empty history)."""
    if type(value) is not dict or len(value) > fmt.MAX_REVISION_ENTRIES:
        raise RecordError(f"{what} revision must be an object of installation: count")
    try:  # most records of a bundle share a few histories: check each once
        # The types are in the key: True == 1 and must not hit 1's cached answer.
        return _checked_revision(tuple((k, v, type(v)) for k, v in value.items()), by, what)
    except TypeError:  # an unhashable count (a list, an object): the slow path says so
        return _check_revision(value, by, what)


@functools.lru_cache(maxsize=1024)
def _checked_revision(
    items: tuple[tuple[str, Any, type], ...], by: Any, what: str
) -> tuple[tuple[tuple[str, int], ...], str]:
    return _check_revision({key: count for key, count, _ in items}, by, what)


def _check_revision(
    value: dict[str, Any], by: Any, what: str
) -> tuple[tuple[tuple[str, int], ...], str]:
    for key, count in value.items():
        installation(key, f"{what} revision installation")
        if type(count) is not int or not 1 <= count < 2**53:
            raise RecordError(f"{what} revision counts must be integers from 1 to 2^53")
    if type(by) is not str or ((by or value) and by not in value):
        raise RecordError(f"{what} revised_by must be one of the revision's installations")
    return tuple(sorted(value.items())), by


def installation(value: Any, what: str) -> str:
    if type(value) is not str or fmt.UUID_RE.fullmatch(value) is None:
        raise RecordError(f"{what} must be an installation id (a lowercase UUID)")
    return value


def annotation(record: Any, version: int = fmt.FORMAT_VERSION) -> BundleAnnotation:
    revised = version >= fmt.REVISIONS_FORMAT_VERSION
    expected = fmt.ANNOTATION_FIELD_SET if revised else fmt.LEGACY_ANNOTATION_FIELD_SET
    record = check_fields(record, expected, "annotation")
    history = (
        revision(record["revision"], record["revised_by"], "annotation") if revised else ((), "")
    )
    categories = record["categories"]
    if (
        type(categories) is not list
        or any(type(c) is not str or c not in _CATEGORIES for c in categories)
        or len(set(categories)) != len(categories)
    ):
        raise RecordError(f"annotation categories must be distinct values of {sorted(_CATEGORIES)}")
    if type(record["not_a_claim"]) is not bool:
        raise RecordError("annotation not_a_claim must be true or false")
    confidence = record["confidence"]
    if confidence is not None and (
        type(confidence) is not int or confidence not in CONFIDENCE_RANGE
    ):
        raise RecordError("annotation confidence must be null or 1-5")
    if type(record["status"]) is not str or record["status"] not in _STATUSES:
        raise RecordError("annotation status must be draft or final")
    start = integer(record["start"], "annotation start")
    end = integer(record["end"], "annotation end", low=start)
    return BundleAnnotation(
        uuid(record["id"], "annotation id"),
        sha256(record["document"], "annotation document"),
        integer(record["ordinal"], "annotation ordinal"),
        start,
        end,
        reviewer_id(record["reviewer"], "annotation reviewer"),
        tuple(sorted(categories)),
        record["not_a_claim"],
        _choice(record["verdict"], _VERDICTS, "annotation verdict"),
        _choice(record["citation_accuracy"], _CITATION, "annotation citation_accuracy"),
        _choice(record["evidence_type"], _EVIDENCE_TYPES, "annotation evidence_type"),
        _choice(record["certainty"], _CERTAINTY, "annotation certainty"),
        confidence,
        text(record["rationale"], "annotation rationale"),
        record["status"],
        timestamp(record["created"], "annotation created"),
        timestamp(record["modified"], "annotation modified"),
        text(record["quote_exact"], "annotation quote_exact", limit=fmt.MAX_MEMBER_BYTES),
        text(record["quote_prefix"], "annotation quote_prefix"),
        text(record["quote_suffix"], "annotation quote_suffix"),
        *history,
    )


def evidence(record: Any, version: int = fmt.FORMAT_VERSION) -> BundleEvidence:
    located = isinstance(record, dict) and "locator" in record
    fields = fmt.EVIDENCE_FIELDS_WITH_LOCATOR if located else fmt.EVIDENCE_FIELDS
    if version >= fmt.SOURCE_FORMAT_VERSION and isinstance(record, dict) and "source" in record:
        fields = fields | {"source"}
    revised = version >= fmt.REVISIONS_FORMAT_VERSION
    record = check_fields(record, fields | fmt.REVISION_FIELDS if revised else fields, "evidence")
    history = (
        revision(record["revision"], record["revised_by"], "evidence") if revised else ((), "")
    )
    return BundleEvidence(
        uuid(record["id"], "evidence id"),
        uuid(record["annotation"], "evidence annotation"),
        _kind(record["kind"], _EVIDENCE_KINDS, "evidence kind"),
        _evidence_value(record["kind"], record["value"]),
        text(record["note"], "evidence note"),
        timestamp(record["created"], "evidence created"),
        text(record.get("locator", ""), "evidence locator", limit=200),
        *history,
        text(record.get("source", ""), "evidence source", limit=fmt.MAX_EVIDENCE_SOURCE),
    )


def highlight(record: Any) -> BundleHighlight:
    record = check_fields(record, fmt.HIGHLIGHT_FIELDS, "highlight")
    start = integer(record["start"], "highlight start")
    end = integer(record["end"], "highlight end")
    if end <= start:
        raise RecordError("highlight end must come after its start")
    context = fmt.MAX_HIGHLIGHT_CONTEXT
    return BundleHighlight(
        uuid(record["id"], "highlight id"),
        uuid(record["annotation"], "highlight annotation"),
        start,
        end,
        text(record["exact"], "highlight exact"),
        text(record["prefix"], "highlight prefix", limit=context),
        text(record["suffix"], "highlight suffix", limit=context),
        timestamp(record["created"], "highlight created"),
        timestamp(record["modified"], "highlight modified"),
    )


def reviewer(record: Any) -> tuple[str, str]:
    record = check_fields(record, fmt.REVIEWER_FIELDS, "reviewer")
    return reviewer_id(record["id"], "reviewer id"), text(record["name"], "reviewer name")


def structure(
    record: Any, length: int
) -> tuple[
    tuple[tuple[int, int, str], ...],
    tuple[str, ...],
    tuple[tuple[int, int, str, int, str], ...],
    tuple[tuple[int, int, str, str], ...],
    tuple[tuple[int, int], ...],
]:
    """Spans, notes, blocks, sentences and pages; every offset must lie inside the text."""
    paged = isinstance(record, dict) and "pages" in record
    fields = fmt.STRUCTURE_FIELDS_WITH_PAGES if paged else fmt.STRUCTURE_FIELDS
    record = check_fields(record, fields, "structure")
    text(record["encoding"], "structure encoding", limit=100)
    spans = tuple(
        (*_range(item, length, "span"), _kind(item[2], _SPAN_STYLES, "span style"))
        for item in _rows(record["spans"], 3, "spans")
    )
    notes = tuple(text(note, "note") for note in _list(record["notes"], "notes"))
    blocks = tuple(
        (
            *_range(item, length, "block"),
            _kind(item[2], _BLOCK_KINDS, "block kind"),
            integer(item[3], "block level", high=fmt.MAX_BLOCK_LEVEL),
            text(item[4], "block section"),
        )
        for item in _rows(record["blocks"], 5, "blocks")
    )
    sentences = tuple(
        (
            *_range(item, length, "sentence"),
            _kind(item[2], _BLOCK_KINDS, "sentence kind"),
            text(item[3], "sentence section"),
        )
        for item in _rows(record["sentences"], 4, "sentences")
    )
    return spans, notes, blocks, sentences, _pages(record.get("pages", []), length)


def _pages(value: Any, length: int) -> tuple[tuple[int, int], ...]:
    """[[offset, page number], ...]: offsets inside the text and both rising."""
    pages = tuple(
        (
            integer(item[0], "page offset", high=length),
            integer(item[1], "page number", low=1, high=fmt.MAX_PAGE_NUMBER),
        )
        for item in _rows(value, 2, "pages")
    )
    for (offset, number), (next_offset, next_number) in zip(pages, pages[1:], strict=False):
        if next_offset <= offset or next_number <= number:
            raise RecordError("structure pages must rise in offset and page number")
    if pages and pages[-1][0] > length:
        raise RecordError("structure pages run past the end of the text")
    return pages


def _evidence_value(kind: str, value: Any) -> str:
    text(value, "evidence value")
    if not is_evidence_value(kind, value):
        raise RecordError(f"evidence value is not a well-formed {kind.upper()}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if type(value) is not list:
        raise RecordError(f"structure {what} must be a list")
    return value


def _rows(value: Any, width: int, what: str) -> list[list[Any]]:
    rows = _list(value, what)
    for row in rows:
        if type(row) is not list or len(row) != width:
            raise RecordError(f"each of structure {what} must be a list of {width} values")
    return rows


def _range(item: list[Any], length: int, what: str) -> tuple[int, int]:
    start, end = item[0], item[1]
    # The common case in one test; messages are only built for a bad value.
    if type(start) is int and type(end) is int and 0 <= start <= end <= length:
        return start, end
    integer(start, f"{what} start")
    integer(end, f"{what} end", low=start)
    raise RecordError(f"{what} [{start}, {end}) runs past the end of the text ({length})")


def _kind(value: Any, allowed: frozenset[str], what: str) -> str:
    if type(value) is not str or value not in allowed:
        raise RecordError(f"{what} must be one of {', '.join(sorted(allowed))}")
    return value
