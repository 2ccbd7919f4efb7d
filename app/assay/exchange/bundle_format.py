"""The `.assaybundle` format: member names, limits, record types and the error.

A bundle is a zip holding `manifest.json`, per document `documents/<sha256>/text.txt`
and `documents/<sha256>/structure.json`, and `reviewers.jsonl`, `annotations.jsonl`,
`evidence.jsonl` (and, from format 6, `highlights.jsonl`). docs/EXCHANGE.md is the
prose version of this module.
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
# Version 4 adds the installation that made the bundle (manifest) and each annotation's
# and evidence item's revision history: every bundle is written as 4 since, because a
# merge needs both to keep a reviewer's own work theirs (docs/EXCHANGE.md).
# Version 5 adds "source" to evidence (the work a quoted passage comes from), only where
# there is one: a bundle without any is still written as 4, for older Assays.
# Version 6 adds `highlights.jsonl` (phrases of a sentence on an annotation), written
# only when a highlight exists: a bundle without any stays 4 or 5.
FORMAT_VERSION = 6
PAGES_FORMAT_VERSION = 2
LOCATOR_FORMAT_VERSION = 3
REVISIONS_FORMAT_VERSION = 4
SOURCE_FORMAT_VERSION = 5
HIGHLIGHTS_FORMAT_VERSION = 6
EXTENSION = ".assaybundle"

MANIFEST = "manifest.json"
REVIEWERS = "reviewers.jsonl"
ANNOTATIONS = "annotations.jsonl"
EVIDENCE = "evidence.jsonl"
HIGHLIGHTS = "highlights.jsonl"  # format 6, only when there is one
TEXT_MEMBER = "text.txt"
STRUCTURE_MEMBER = "structure.json"

# Limits a reader enforces before and while decompressing (a zip bomb stops here). An
# export checks the same ones before it writes (bundle_limits), so Assay never makes a
# bundle that it would refuse.
MAX_DOCUMENTS = 5_000
MAX_MEMBERS = 2 * MAX_DOCUMENTS + 5  # text + structure per document; manifest, 4 JSONL
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # all members inflated
# The file: all members, deflate's worst growth (≈0.03 %) and ≈300 bytes of headers each.
MAX_BUNDLE_BYTES = MAX_TOTAL_BYTES + 10 * 1024 * 1024
# The manifest grows by ≈700 bytes plus the title and file name per document.
MANIFEST_BASE_BYTES = 1024 * 1024
MANIFEST_DOCUMENT_BYTES = 4 * 1024
# A member may inflate to MAX_RATIO times its compressed size once past RATIO_FREE_BYTES
# (Assay's own members: 6-20x; deflate can reach 1,032x, which only a bomb needs).
MAX_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024
MAX_TEXT_FIELD = 100_000  # characters in one rationale, title, note ...
# Heading level 1-6, list depth: the HTML reader nests at most 2,048 elements deep, and
# the window indents by it (a Qt int).
MAX_BLOCK_LEVEL = 2_048
MAX_PAGE_NUMBER = 1_000_000
SQLITE_MAX_INT = 2**63 - 1  # no integer past this reaches SQLite

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
MANIFEST_FIELDS_WITH_INSTALLATION = MANIFEST_FIELDS | {"installation"}
MANIFEST_DOCUMENT_FIELDS = frozenset(
    {"sha256", "title", "source_name", "format", "text", "structure"}
)
STRUCTURE_FIELDS = frozenset({"encoding", "spans", "notes", "blocks", "sentences"})
STRUCTURE_FIELDS_WITH_PAGES = STRUCTURE_FIELDS | {"pages"}
REVIEWER_FIELDS = frozenset({"id", "name"})
EVIDENCE_FIELDS = frozenset({"id", "annotation", "kind", "value", "note", "created"})
EVIDENCE_FIELDS_WITH_LOCATOR = EVIDENCE_FIELDS | {"locator"}
MAX_EVIDENCE_SOURCE = 1_000  # characters: a reference as listed, with all its authors
HIGHLIGHT_FIELDS = frozenset(
    {"id", "annotation", "start", "end", "exact", "prefix", "suffix", "created", "modified"}
)
MAX_HIGHLIGHT_CONTEXT = 32  # characters of prefix and suffix, as Assay keeps them
REVISION_FIELDS = frozenset({"revision", "revised_by"})
MAX_REVISION_ENTRIES = 1_000  # installations in one record's history
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
    # Format 4: the version vector ((installation, count), ...) and who made the latest
    # revision; () and "" for records made before revision histories.
    revision: tuple[tuple[str, int], ...] = ()
    revised_by: str = ""

    def same_content(self, other: BundleAnnotation) -> bool:
        """The same record apart from its revision history."""
        return self[:-2] == other[:-2]


ANNOTATION_FIELDS: tuple[str, ...] = BundleAnnotation._fields
ANNOTATION_FIELD_SET = frozenset(ANNOTATION_FIELDS)
LEGACY_ANNOTATION_FIELD_SET = ANNOTATION_FIELD_SET - REVISION_FIELDS


class BundleEvidence(NamedTuple):
    id: str
    annotation: str
    kind: str
    value: str
    note: str
    created: str
    locator: str = ""  # where a quoted passage is, e.g. "p. 12" (format 3)
    revision: tuple[tuple[str, int], ...] = ()  # format 4, as for annotations
    revised_by: str = ""
    source: str = ""  # the work it comes from (format 5)


class BundleHighlight(NamedTuple):
    """A phrase of the annotation's sentence (format 6): document offsets with the
    quote and its context, so the recipient can check and place it."""

    id: str
    annotation: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    created: str
    modified: str


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
    installation: str = ""  # the installation that wrote it; "" before format 4
    highlights: tuple[BundleHighlight, ...] = ()  # format 6


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
