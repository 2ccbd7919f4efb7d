"""A document's references: its entries, the sentences that cite them, the gloss
lines under them, and the works they name. Pure: no SQL, no Qt.

`document_references(parsed)` reads every REFERENCE sentence (a sentence holding
several numbered entries gives several; an entry cut by a page break is finished by
the block after it). `citations(parsed, refs)` links citing sentences to entries by
"[3]"/"[1, 4–6]" markers, by author-year ("(Boyle et al., 2017)", "Boyle et al.
(2017)", a table cell "Boyle NB, 2017"), and by layout: a run of reference entries
right after a claim paragraph or list item supports that claim. `glosses` links the
"– what the paper found" line under an entry to it. `works_json` puts it together
for `assay refs REVIEW --json`. Parsing one entry is `reference_parse`, grouping
entries into works `reference_groups`, reading in-text markers `reference_markers`;
the public names are re-exported here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assay.core.model import Block, BlockKind, ParsedDocument
from assay.evidence.reference_groups import FieldDifference, Variant, Work, group_works
from assay.evidence.reference_markers import MarkerFinder
from assay.evidence.reference_parse import Reference, leading_marker, parse_reference

__all__ = [
    "DocumentReference",
    "FieldDifference",
    "Reference",
    "Variant",
    "Work",
    "citations",
    "document_references",
    "glosses",
    "group_works",
    "parse_reference",
    "works_json",
]


@dataclass(frozen=True, slots=True)
class DocumentReference:
    """One reference entry of a document and where it is."""

    sentence: int  # index into parsed.sentences of the REFERENCE sentence holding it
    start: int  # [start, end) of the entry in parsed.text, continuation included
    end: int
    reference: Reference
    marker: str = ""  # its number: written ("[3]", "3.") or its place in an ordered list
    continuation: tuple[int, ...] = ()  # sentences after a page break that finish the entry


_CHECK_MARKS = ("✓", "✔", "☑")
_GLOSS_MARKS = ("– ", "- ", "— ", "→ ", "-> ", "⇒ ")
_CLAIM_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM})
_TEXT_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE})
_BIBLIOGRAPHY_TITLE = re.compile(
    r"^\W*(?:references?|bibliography|literature(?: cited)?|sources|works cited|citations"
    r"|further reading|литература|参考文献)\W*$",
    re.I,
)
_NEXT_ENTRY = re.compile(r"\s(?:\[(\d{1,4})\]|(\d{1,3})\.)\s+(?=\S)")
_NEXT_CHECK_MARK = re.compile(r"\s[✓✔☑]\s")
_CONTINUATION_MAX = 500  # characters: longer is a paragraph of its own, not a split entry


# ---------------------------------------------------------------- entries


class _Layout:
    """Which block each sentence is in, and each block's sentences."""

    def __init__(self, parsed: ParsedDocument) -> None:
        blocks, sentences = parsed.blocks, parsed.sentences
        self.block_of = [0] * len(sentences)
        self.first = [len(sentences)] * (len(blocks) + 1)
        block = 0
        for index, sentence in enumerate(sentences):
            while block + 1 < len(blocks) and blocks[block + 1].start <= sentence.start:
                block += 1
            self.block_of[index] = block
            self.first[block] = min(self.first[block], index)
        for block in range(len(blocks) - 1, -1, -1):  # a block without sentences: empty range
            self.first[block] = min(self.first[block], self.first[block + 1])

    def sentences(self, block: int) -> range:
        return range(self.first[block], self.first[block + 1])


def document_references(parsed: ParsedDocument) -> list[DocumentReference]:
    """Every reference entry of the document, in order."""
    layout = _Layout(parsed)
    text, blocks = parsed.text, parsed.blocks
    found: list[DocumentReference] = []
    block = 0
    while block < len(blocks):
        if blocks[block].kind != BlockKind.REFERENCE:
            block += 1
            continue
        before = len(found)
        for index in layout.sentences(block):
            sentence = parsed.sentences[index]
            for start, end in _entry_spans(text, sentence.start, sentence.end):
                found.append(DocumentReference(index, start, end, parse_reference(text[start:end])))
        continued = _continued(parsed, layout, block, found[-1]) if len(found) > before else None
        if continued is not None:
            found[-1] = continued
            block += 1  # the continuation block is the entry's, not a block of its own
        block += 1
    return _numbered(parsed, layout, found)


def _entry_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A reference sentence may hold several entries run together ("[1] … [2] …" or
    "✓ … ✓ …" on lines without a blank line between): cut where the next number
    follows, or before each check mark."""
    if text.startswith(_CHECK_MARKS, start):
        cuts = [m.start() + 1 for m in _NEXT_CHECK_MARK.finditer(text, start, end)]
        return list(zip([start, *cuts], [c - 1 for c in cuts] + [end], strict=True))
    head = leading_marker(text[start:end])
    if not head:
        return [(start, end)]
    spans, expected, piece_start = [], int(head) + 1, start
    for match in _NEXT_ENTRY.finditer(text, start, end):
        number = match.group(1) or match.group(2)
        dotted = match.group(2) is not None
        if int(number) != expected or (dotted and text[match.start() - 1] != "."):
            continue
        spans.append((piece_start, match.start()))
        piece_start, expected = match.start() + 1, expected + 1
    spans.append((piece_start, end))
    return spans


def _continued(
    parsed: ParsedDocument, layout: _Layout, block: int, entry: DocumentReference
) -> DocumentReference | None:
    """The entry finished by the next block, when a page break cut it ("✓ Rosanoff A …
    does low or suboptimal" / "magnesium status … Adv Nutr. 2016;7(1):25–43.")."""
    if entry.reference.year is not None or block + 1 >= len(parsed.blocks):
        return None
    after = parsed.blocks[block + 1]
    piece = parsed.text[after.start : after.end]
    if (
        after.kind not in _TEXT_KINDS
        or len(piece) > _CONTINUATION_MAX
        or _is_gloss(parsed.blocks[block], after, piece)
    ):
        return None
    joined = parse_reference(f"{parsed.text[entry.start : entry.end]} {piece}")
    if joined.year is None or not (joined.volume or joined.pages):
        return None
    return replace(
        entry, end=after.end, reference=joined, continuation=tuple(layout.sentences(block + 1))
    )


def _numbered(
    parsed: ParsedDocument, layout: _Layout, entries: list[DocumentReference]
) -> list[DocumentReference]:
    """Each entry's number: the written one, else its place in an ordered list (Markdown
    drops the "1." of "1. Boyle NB …"), counted on from the entry in the block before."""
    result: list[DocumentReference] = []
    for entry in entries:
        marker = entry.reference.marker
        block = layout.block_of[entry.sentence]
        if not marker and parsed.blocks[block].level >= 1:
            if entry.reference.raw.startswith(_CHECK_MARKS):
                pass  # a "- ✓ …" bullet: not numbered
            elif result and layout.block_of[result[-1].sentence] == block - 1:
                marker = str(int(result[-1].marker) + 1) if result[-1].marker else ""
            elif block == 0 or parsed.blocks[block - 1].kind != BlockKind.REFERENCE:
                marker = "1"
        result.append(replace(entry, marker=marker))
    return result


# ---------------------------------------------------------------- glosses and runs


def _is_gloss(entry_block: Block, block: Block, text: str) -> bool:
    """A "– what the paper found" line, or a list item nested under the entry."""
    if block.kind not in _TEXT_KINDS:
        return False
    if text.startswith(_GLOSS_MARKS):
        return True
    return block.kind == BlockKind.LIST_ITEM and block.level > entry_block.level


def _gloss_blocks(
    parsed: ParsedDocument, layout: _Layout, refs: Sequence[DocumentReference]
) -> dict[int, int]:
    """Gloss block → index of the entry it glosses (the last entry before it)."""
    last_entry_of: dict[int, int] = {}  # the block that ends an entry → the entry
    for index, ref in enumerate(refs):
        ends_in = layout.block_of[ref.continuation[-1] if ref.continuation else ref.sentence]
        last_entry_of[ends_in] = index
    found: dict[int, int] = {}
    for ends_in, index in last_entry_of.items():
        after = ends_in + 1
        if after >= len(parsed.blocks) or after in last_entry_of:
            continue
        block = parsed.blocks[after]
        if block.kind == BlockKind.REFERENCE:
            continue
        entry_block = parsed.blocks[layout.block_of[refs[index].sentence]]
        if _is_gloss(entry_block, block, parsed.text[block.start : block.end]):
            found[after] = index
    return found


def glosses(parsed: ParsedDocument, refs: Sequence[DocumentReference]) -> dict[int, int]:
    """Gloss sentence index → index into refs of the entry it glosses."""
    layout = _Layout(parsed)
    return {
        sentence: index
        for block, index in sorted(_gloss_blocks(parsed, layout, refs).items())
        for sentence in layout.sentences(block)
    }


def _run_citations(
    parsed: ParsedDocument, layout: _Layout, refs: Sequence[DocumentReference]
) -> Iterable[tuple[int, int]]:
    """(claim sentence, entry) for each run of entries (with their glosses and
    continuations) right after a claim paragraph or list item. A numbered run is a
    bibliography, cited by its markers, not by the paragraph above it."""
    entries_in: dict[int, list[int]] = defaultdict(list)
    members: set[int] = set(_gloss_blocks(parsed, layout, refs))
    for index, ref in enumerate(refs):
        entries_in[layout.block_of[ref.sentence]].append(index)
        members.update(layout.block_of[s] for s in (ref.sentence, *ref.continuation))
    block = 0
    while block < len(parsed.blocks):
        if block not in entries_in:
            block += 1
            continue
        first, run = block, []
        while block in members:
            run.extend(entries_in.get(block, ()))
            block += 1
        claim = first - 1
        if claim < 0 or claim in members or any(refs[i].marker for i in run):
            continue
        claim_block = parsed.blocks[claim]
        if claim_block.kind not in _CLAIM_KINDS or _BIBLIOGRAPHY_TITLE.match(
            parsed.text[claim_block.start : claim_block.end]
        ):
            continue
        for sentence in layout.sentences(claim):
            for index in run:
                yield sentence, index


def citations(
    parsed: ParsedDocument, refs: Sequence[DocumentReference]
) -> dict[int, tuple[int, ...]]:
    """Citing sentence index → indexes into refs of the entries it cites."""
    layout = _Layout(parsed)
    found: dict[int, set[int]] = defaultdict(set)
    for sentence, index in _run_citations(parsed, layout, refs):
        found[sentence].add(index)
    entry_sentences = {s for ref in refs for s in (ref.sentence, *ref.continuation)}
    finder = MarkerFinder([(ref.sentence, ref.marker, ref.reference) for ref in refs])
    for number, segment in enumerate(parsed.sentences):
        if number not in entry_sentences:
            text = parsed.text[segment.start : segment.end]
            found[number].update(finder.cited_in(number, text, segment.kind))
    return {
        sentence: tuple(sorted(found[sentence])) for sentence in sorted(found) if found[sentence]
    }


# ---------------------------------------------------------------- JSON for the CLI


def _fields(ref: Reference) -> dict[str, Any]:
    return {
        "authors": list(ref.authors),
        "et_al": ref.et_al,
        "title": ref.title,
        "journal": ref.journal,
        "year": ref.year,
        "volume": ref.volume,
        "issue": ref.issue,
        "pages": list(ref.pages) if ref.pages else None,
        "doi": ref.doi,
        "pmid": ref.pmid,
    }


def works_json(parsed: ParsedDocument) -> list[dict[str, Any]]:
    """One object per work, sorted by key: the canonical fields, each variant as
    written with its count and reference sentences, the differences, and the
    sentences that cite the work or gloss it (ordinal = sentence index, text)."""
    refs = document_references(parsed)
    works = group_works([ref.reference for ref in refs])
    cited_by: dict[int, set[int]] = defaultdict(set)
    for sentence, entries in citations(parsed, refs).items():
        for index in entries:
            cited_by[index].add(sentence)
    glossed_by: dict[int, set[int]] = defaultdict(set)
    for sentence, index in glosses(parsed, refs).items():
        glossed_by[index].add(sentence)

    def sentences(ordinals: Iterable[int]) -> list[dict[str, Any]]:
        spans = parsed.sentences
        return [
            {"ordinal": s, "text": parsed.text[spans[s].start : spans[s].end]}
            for s in sorted(set(ordinals))
        ]

    result = []
    for work in sorted(works, key=lambda w: w.key):
        result.append(
            {
                "key": work.key,
                "canonical": _fields(work.canonical),
                "entries": len(work.entries),
                "variants": [
                    {
                        "raw": variant.reference.raw,
                        "count": len(variant.entries),
                        "ordinals": [refs[i].sentence for i in variant.entries],
                    }
                    for variant in work.variants
                ],
                "differences": [
                    {
                        "variant": difference.variant,
                        "field": difference.field,
                        "canonical": difference.canonical,
                        "value": difference.value,
                        "ops": [list(op) for op in difference.ops],
                    }
                    for difference in work.differences
                ],
                "cited_by": sentences(s for i in work.entries for s in cited_by[i]),
                "glosses": sentences(s for i in work.entries for s in glossed_by[i]),
            }
        )
    return result
