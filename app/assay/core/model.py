"""Plain dataclasses shared by every layer. No Qt, no SQL."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field, replace
from enum import StrEnum

# Joins a sentence's section trail: "Results › Sleep".
SECTION_SEPARATOR = " › "


class BlockKind(StrEnum):
    """What a block of a document is; each sentence inherits its block's kind."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_HEADER = "table_header"
    TABLE_ROW = "table_row"
    QUOTE = "quote"
    REFERENCE = "reference"
    CAPTION = "caption"  # a figure's or table's caption
    NOTE = "note"  # footnote, affiliation, correspondence, licence, keywords, dates
    FORMULA = "formula"  # a displayed equation, kept whole


# Kinds that "next unreviewed" skips: they assert nothing a reviewer rules on.
SKIPPED_KINDS = frozenset(
    {BlockKind.REFERENCE, BlockKind.TABLE_HEADER, BlockKind.NOTE, BlockKind.FORMULA}
)


class SpanStyle(StrEnum):
    """Inline presentation kept from the source markup (bold, sub/superscript ...)."""

    BOLD = "bold"
    ITALIC = "italic"
    SUB = "sub"
    SUP = "sup"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Span:
    """An inline style over [start, end) of the document text (code points)."""

    start: int
    end: int
    style: SpanStyle


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the normalised text: [start, end) in code points.

    Blocks are separated by exactly one "\\n" in the document text, and a table
    row keeps its cells separated by "\\t", so the text can be shown as is.
    """

    start: int
    end: int
    kind: BlockKind
    level: int = 0  # heading level 1-6, list nesting depth, 0 otherwise
    section: str = ""  # heading trail, " › "-joined


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence found in a document: [start, end) in code points of its text."""

    start: int
    end: int
    kind: BlockKind
    section: str = ""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """What the text layer hands to the store: everything needed to import."""

    text: str
    sha256: str
    title: str
    source_name: str
    format: str  # "markdown" | "plain" | "pdf" | "docx" | "html"
    encoding: str
    blocks: tuple[Block, ...]
    sentences: tuple[Segment, ...]
    spans: tuple[Span, ...] = ()
    notes: tuple[str, ...] = ()  # what cleaning did, shown to the reviewer
    # (offset, page number) where each page of a paged source (PDF) starts in `text`;
    # empty for sources without pages. A sentence's page is the last start ≤ its start.
    pages: tuple[tuple[int, int], ...] = ()


def page_at(pages: tuple[tuple[int, int], ...] | list[tuple[int, int]], offset: int) -> int | None:
    """The page number holding `offset`, or None for a source without pages."""
    index = bisect.bisect_right(pages, (offset, math.inf)) - 1
    return pages[index][1] if index >= 0 else None


def new_installation_id() -> str:
    import uuid  # imported when needed: keeps start-up lean

    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Reviewer:
    """The reviewer, and the installation of Assay they work on now: each installation
    (one laptop's config) has its own id, carried by every revision it makes and every
    bundle it writes, so a merge can tell the reviewer's own computers from others."""

    id: str
    name: str
    email: str = ""
    installation: str = field(default_factory=new_installation_id, compare=False)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    sha256: str
    title: str
    source_name: str
    format: str
    encoding: str
    imported_at: str
    sentence_count: int = 0


@dataclass(frozen=True, slots=True)
class AnnotationState:
    """The editable part of one reviewer's annotation of one sentence.

    Immutable so that undo commands can hold a before and an after value.
    """

    categories: frozenset[str] = field(default_factory=frozenset)
    not_a_claim: bool = False
    verdict: str | None = None
    citation_accuracy: str | None = None
    evidence_type: str | None = None
    certainty: str | None = None
    confidence: int | None = None
    rationale: str = ""
    status: str = "draft"

    def with_changes(self, **changes: object) -> AnnotationState:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_empty(self) -> bool:
        return self == AnnotationState()


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """One row of the sentence table: a sentence with the local reviewer's state."""

    id: int
    document_id: int
    ordinal: int
    start: int
    end: int
    kind: BlockKind
    section: str
    text: str
    state: AnnotationState
    page: int | None = None  # in a paged source (PDF); None otherwise
