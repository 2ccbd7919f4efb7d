"""The `.assaybundle` format: member names, limits, record types and the error.

A bundle is a zip holding `manifest.json`, per document `documents/<sha256>/text.txt`
and `documents/<sha256>/structure.json`, and `reviewers.jsonl`, `annotations.jsonl`,
`evidence.jsonl`. docs/EXCHANGE.md is the prose version of this module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

FORMAT = "assay-bundle"
# Version 2 adds "pages" to a document's structure (PDF page starts); version 3 adds
# "locator" to evidence (the page of a quoted passage). A bundle is written with the
# lowest version that can carry its content, so older Assays keep reading what they can.
FORMAT_VERSION = 3
PAGES_FORMAT_VERSION = 2
LOCATOR_FORMAT_VERSION = 3
EXTENSION = ".assaybundle"

MANIFEST = "manifest.json"
REVIEWERS = "reviewers.jsonl"
ANNOTATIONS = "annotations.jsonl"
EVIDENCE = "evidence.jsonl"
TEXT_MEMBER = "text.txt"
STRUCTURE_MEMBER = "structure.json"

# Limits a reader enforces before and while decompressing (a zip bomb stops here).
MAX_BUNDLE_BYTES = 500 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_TEXT_FIELD = 100_000  # characters in one rationale, title, note ...

# Deterministic zip entries: no wall clock, no umask.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_PERMISSIONS = 0o100644 << 16
# `created` of a bundle with no timestamped content.
EPOCH = "1980-01-01T00:00:00+00:00"

SHA256_RE = re.compile(r"[0-9a-f]{64}")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DOCUMENT_MEMBER_RE = re.compile(r"documents/([0-9a-f]{64})/(text\.txt|structure\.json)")

MANIFEST_FIELDS = frozenset(
    {
        "format",
        "format_version",
        "app_version",
        "created",
        "reviewer",
        "scope",
        "documents",
        "members",
    }
)
MANIFEST_DOCUMENT_FIELDS = frozenset(
    {"sha256", "title", "source_name", "format", "text", "structure"}
)
STRUCTURE_FIELDS = frozenset({"encoding", "spans", "notes", "blocks", "sentences"})
STRUCTURE_FIELDS_WITH_PAGES = STRUCTURE_FIELDS | {"pages"}
REVIEWER_FIELDS = frozenset({"id", "name"})
EVIDENCE_FIELDS = frozenset({"id", "annotation", "kind", "value", "note", "created"})
EVIDENCE_FIELDS_WITH_LOCATOR = EVIDENCE_FIELDS | {"locator"}
SCOPE_DOCUMENTS = ("all", "current")
SCOPE_ANNOTATIONS = ("mine", "everyone")


class BundleError(Exception):
    """A bundle cannot be read or merged; `str(e)` names the bundle and the problem."""


class BundleAnnotation(NamedTuple):
    """One annotation as carried in `annotations.jsonl` (one JSON object per line).

    The sentence is named by its document's sha256 and its ordinal, with its offsets
    repeated so the recipient can check it points at the same text.
    """

    id: str
    document: str
    ordinal: int
    start: int
    end: int
    reviewer: str
    categories: tuple[str, ...]
    not_a_claim: bool
    verdict: str | None
    citation_accuracy: str | None
    evidence_type: str | None
    certainty: str | None
    confidence: int | None
    rationale: str
    status: str
    created: str
    modified: str
    quote_exact: str
    quote_prefix: str
    quote_suffix: str


ANNOTATION_FIELDS: tuple[str, ...] = BundleAnnotation._fields
ANNOTATION_FIELD_SET = frozenset(ANNOTATION_FIELDS)


class BundleEvidence(NamedTuple):
    id: str
    annotation: str
    kind: str
    value: str
    note: str
    created: str
    locator: str = ""  # where a quoted passage is, e.g. "p. 12" (format 3)


@dataclass(frozen=True, slots=True)
class BundleDocument:
    """A document with the segmentation the sender used (never re-segmented)."""

    sha256: str
    title: str
    source_name: str
    format: str
    encoding: str
    text: str
    spans: tuple[tuple[int, int, str], ...] = ()
    notes: tuple[str, ...] = ()
    blocks: tuple[tuple[int, int, str, int, str], ...] = ()  # start, end, kind, level, section
    sentences: tuple[tuple[int, int, str, str], ...] = ()  # start, end, kind, section
    pages: tuple[tuple[int, int], ...] = ()  # (offset, page number) of each page start


@dataclass(frozen=True, slots=True)
class Bundle:
    """A bundle read and validated in memory."""

    name: str
    app_version: str
    created: str
    reviewer_id: str
    reviewer_name: str
    scope_documents: str
    scope_annotations: str
    documents: tuple[BundleDocument, ...]
    reviewers: dict[str, str] = field(default_factory=dict)  # id -> name
    annotations: tuple[BundleAnnotation, ...] = ()
    evidence: tuple[BundleEvidence, ...] = ()


def text_member(sha256: str) -> str:
    return f"documents/{sha256}/{TEXT_MEMBER}"


def structure_member(sha256: str) -> str:
    return f"documents/{sha256}/{STRUCTURE_MEMBER}"


# One encoder for every record: json.dumps with options builds a new one per call,
# which is most of the cost at 100,000 records.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
dump_line = _ENCODER.encode  # one JSON Lines record: sorted keys, compact, UTF-8 kept


def dump_document(value: Any) -> bytes:
    """A JSON member (manifest, structure): sorted keys, one trailing newline."""
    return (_ENCODER.encode(value) + "\n").encode("utf-8")
