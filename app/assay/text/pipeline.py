"""Entry points: a file or a string → ParsedDocument (text, blocks, sentences, spans)."""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assay.core.model import (
    SECTION_SEPARATOR,
    Block,
    BlockKind,
    ParsedDocument,
    Segment,
    Span,
    page_at,
)
from assay.text.blocks import RawBlock, markdown_blocks, plain_blocks
from assay.text.errors import Cancelled
from assay.text.inline import Run, inline_to_runs
from assay.text.normalise import normalise_source
from assay.text.pdf_cleanup import clean_pdf_markdown
from assay.text.pdf_kinds import is_caption
from assay.text.reading import read_text_file
from assay.text.segmenter import sentence_spans

ProgressCallback = Callable[[int, int, str], None]
CancelCallback = Callable[[], bool]

WHOLE_SEGMENT_KINDS = frozenset(
    {
        BlockKind.TITLE,
        BlockKind.HEADING,
        BlockKind.TABLE_HEADER,
        BlockKind.TABLE_ROW,
        BlockKind.REFERENCE,
        BlockKind.FORMULA,
    }
)
_MARKDOWN_SIGNS = re.compile(r"^(?:#{1,6} |\s*[-*+] |\s*\d{1,3}[.)] |> |```)|\*\*|__|\]\(", re.M)
_DROPPED_SOURCE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_CITATION = re.compile(r"\b(?:19|20)\d{2}[a-z]?\s*;\s*\d+\s*(?:\(\s*[\w-]+\s*\))?\s*:\s*[\w-]+")
_BRACKET_NUMBER = re.compile(r"^\[\d{1,4}\]\s")
# Whitespace runs other than a single space: replacing these with " " is the same as
# replacing every \s+ run, without rebuilding the string at every word.
_SPACES = re.compile(r"[^\S ]\s*| \s+")
_NUMBERED = re.compile(r"\d{1,4}\.\s")
_SOURCE_SEPARATOR = "\x00"
_SOURCES_PER_CALL = 8
_TABLE_KINDS = (BlockKind.TABLE_HEADER, BlockKind.TABLE_ROW)
_REFERENCE_CANDIDATES = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE)
# Kinds compared once a block: a member read through the enum class costs ~80 ns.
_PARAGRAPH, _HEADING, _CAPTION, _REFERENCE = (
    BlockKind.PARAGRAPH,
    BlockKind.HEADING,
    BlockKind.CAPTION,
    BlockKind.REFERENCE,
)
_LABEL_CHARS = 24
_CHECKPOINT_LINES = 2000  # ~10-40 ms of work at each stage's pace
_CHECKPOINT_BLOCKS = 1000
_NORMALISE_PIECE = 1 << 20  # characters


class _Checkpoint:
    """A point where a long parse reports progress and honours a cancel."""

    __slots__ = ("cancel", "progress")

    def __init__(self, progress: ProgressCallback | None, cancel: CancelCallback | None) -> None:
        self.progress = progress
        self.cancel = cancel

    def __call__(self, done: int, total: int, stage: str) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled()
        if self.progress is not None:
            self.progress(done, total, stage)


def _normalise(text: str, check: _Checkpoint) -> str:
    """normalise_source in ~1 M-character pieces cut after a newline.

    Piecewise is the same: NFC never composes across "\n", a "\r\n" stays in one piece.
    """
    if len(text) <= _NORMALISE_PIECE:
        return normalise_source(text)
    pieces: list[str] = []
    start = 0
    while start < len(text):
        check(start, len(text), "normalising")
        cut = text.find("\n", start + _NORMALISE_PIECE)
        end = len(text) if cut < 0 else cut + 1
        pieces.append(normalise_source(text[start:end]))
        start = end
    return "".join(pieces)


def looks_like_markdown(text: str) -> bool:
    """Headings, list markers, emphasis or links on a fair share of the lines."""
    sample = text[:200_000]
    signs = len(_MARKDOWN_SIGNS.findall(sample))
    return signs >= 3 or signs > sample.count("\n") // 50 > 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a file is read: a parse makes hundreds of
    thousands of small objects, all freed by reference counts, and the collector, set off
    by the allocations alone, walks them again and again (about 5% of a PDF import)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_file(
    path: str | Path,
    *,
    format: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ParsedDocument:
    """Read, decode, clean and segment a file: PDF, DOCX and HTML by their readers,
    anything else as Markdown or plain text."""
    path = Path(path)
    reader = _reader_for(path)
    if reader is not None:
        format, read = reader
        with collector_paused():
            raw = read(path, _Checkpoint(progress, cancel))
            return parse_blocks(
                raw,
                source_name=path.name,
                format=format,
                notes=tuple(getattr(raw, "notes", ())),
                progress=progress,
                cancel=cancel,
            )
    decoded = read_text_file(path)
    if cancel is not None and cancel():
        raise Cancelled()
    if format is None and path.suffix.lower() in (".md", ".markdown"):
        format = "markdown"
    return parse_text(
        decoded.text,
        source_name=path.name,
        format=format,
        encoding=decoded.encoding,
        progress=progress,
        cancel=cancel,
    )


Reader = Callable[[Path, Callable[[int, int, str], None]], list[RawBlock]]
READER_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}


def _reader_for(path: Path) -> tuple[str, Reader] | None:
    """The reader for a file's format, imported only when such a file comes along."""
    format = READER_SUFFIXES.get(path.suffix.lower())
    if format == "pdf":
        from assay.text.pdf_reader import read_pdf

        return format, read_pdf
    if format == "docx":
        from assay.text.docx_reader import read_docx

        return format, read_docx
    if format == "html":
        from assay.text.html_reader import read_html

        return format, read_html
    return None


def parse_text(
    text: str,
    *,
    source_name: str,
    format: str | None = None,
    encoding: str = "utf-8",
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ParsedDocument:
    """Normalise, clean, split into blocks and sentences. ``format``: markdown|plain|None."""
    check = _Checkpoint(progress, cancel)
    text = _normalise(text, check)
    if format is None:
        format = "markdown" if looks_like_markdown(text) else "plain"
    notes: list[str] = []
    if encoding.replace("_", "-").lower() not in ("utf-8", "ascii"):
        notes.append(f"Encoding: {encoding} (not UTF-8)")
    lines = text.split("\n")
    total = len(lines)

    def checkpoint(done: int) -> None:
        if done // _CHECKPOINT_LINES == checkpoint.last:  # type: ignore[attr-defined]
            return
        checkpoint.last = done // _CHECKPOINT_LINES  # type: ignore[attr-defined]
        check(done, total, "blocks")

    checkpoint.last = -1  # type: ignore[attr-defined]
    if format == "markdown":
        if "<s" in text or "<S" in text:
            lines = _DROPPED_SOURCE.sub("", text).split("\n")
        cleaned = clean_pdf_markdown(
            lines, lambda done: check(done, len(lines), "cleaning"), _CHECKPOINT_LINES
        )
        notes.extend(cleaned.notes)
        raw = markdown_blocks(cleaned.lines, checkpoint)
    else:
        raw = plain_blocks(lines, checkpoint)
    return _finish(
        raw,
        markdown=format == "markdown",
        check=check,
        source_name=source_name,
        format=format,
        encoding=encoding,
        notes=notes,
    )


def parse_blocks(
    raw: list[RawBlock],
    *,
    source_name: str,
    format: str,
    encoding: str = "utf-8",
    notes: tuple[str, ...] = (),
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ParsedDocument:
    """For readers that find the blocks themselves (PDF, DOCX, HTML).

    Each block's source is plain text (no Markdown); whitespace runs collapse to one
    space. A form feed "\f" in a source marks where a new page begins (PDF): the
    document records those offsets as `pages`, numbered from 1 in order of the marks.
    """
    check = _Checkpoint(progress, cancel)
    return _finish(
        raw,
        sources=_normalised_sources(raw),
        markdown=False,
        paged=True,
        check=check,
        source_name=source_name,
        format=format,
        encoding=encoding,
        notes=list(notes),
    )


def _normalised_sources(raw: list[RawBlock]) -> list[str]:
    """Each block's source normalised, a few sources per call, joined.

    The same as one call per source: a separator that is no space, composes with
    nothing and is changed by nothing stays where it is and keeps the sources apart.
    Not all in one call: one letter to compose makes NFC redo all the text it is given.
    """
    sources = [raw_block.source for raw_block in raw]
    # An ASCII source without "\r" is normalised already (str knows if it is ASCII).
    pending = [i for i, source in enumerate(sources) if not source.isascii() or "\r" in source]
    for first in range(0, len(pending), _SOURCES_PER_CALL):
        group = pending[first : first + _SOURCES_PER_CALL]
        texts = [sources[i] for i in group]
        joined = _SOURCE_SEPARATOR.join(texts)
        if joined.count(_SOURCE_SEPARATOR) == len(texts) - 1:
            texts = normalise_source(joined).split(_SOURCE_SEPARATOR)
        else:  # a source holds the separator
            texts = [normalise_source(text) for text in texts]
        for index, text in zip(group, texts, strict=True):
            sources[index] = text
    return sources


def _finish(
    raw: list[RawBlock],
    *,
    sources: list[str] | None = None,
    markdown: bool,
    paged: bool = False,
    check: _Checkpoint,
    source_name: str,
    format: str,
    encoding: str,
    notes: list[str],
) -> ParsedDocument:
    if sources is None:
        sources = [raw_block.source for raw_block in raw]
    full_text, blocks, spans, pages = _assemble(
        raw, sources, markdown=markdown, paged=paged, check=check
    )
    sentences = _sentences(full_text, blocks, check)
    if check.progress is not None:
        check.progress(len(blocks), len(blocks), "sentences")
    notes.append(f"{len(sentences)} sentences in {len(blocks)} blocks")
    # The document's title block if it has one (a PDF's title may follow a "Research
    # Article" label set as large), else its first heading, else the file's name.
    title = next(
        (full_text[b.start : b.end] for b in blocks if b.kind == BlockKind.TITLE),
        next(
            (full_text[b.start : b.end] for b in blocks if b.kind == BlockKind.HEADING),
            Path(source_name).stem,
        ),
    )
    return ParsedDocument(
        text=full_text,
        sha256=hashlib.sha256(full_text.encode("utf-8")).hexdigest(),
        title=title,
        source_name=source_name,
        format=format,
        encoding=encoding,
        blocks=tuple(blocks),
        sentences=tuple(sentences),
        spans=tuple(spans),
        notes=tuple(notes),
        pages=tuple(pages),
    )


def _single_spaced(text: str) -> str:
    """Whitespace runs → one space."""
    # Printable text holds no whitespace but " ": without "  " there is no run to collapse.
    if "  " not in text and text.isprintable():
        return text
    return _SPACES.sub(" ", text)


def _collapsed(text: str) -> str:
    """Whitespace runs → one space, ends trimmed."""
    return _single_spaced(text).strip()


def _plain_with_pages(source: str) -> tuple[str, list[int]]:
    """Collapsed, trimmed plain text and the offsets in it where "\f" page marks were."""
    if "\f" not in source:
        return _collapsed(source), []
    text = ""
    marks: list[int] = []
    for index, part in enumerate(source.split("\f")):
        if index:
            marks.append(len(text))
        piece = _single_spaced(part)
        if text.endswith(" ") and piece.startswith(" "):
            piece = piece[1:]
        text += piece
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return text, [min(max(0, mark - lead), len(text)) for mark in marks]


def _flatten(runs: list[Run], base: int, spans: list[Span]) -> str:
    """Runs → one collapsed, trimmed string; styled runs become spans at ``base``."""
    if len(runs) == 1 and not runs[0][1]:
        return _collapsed(runs[0][0])  # the common case: no styles
    first_new = len(spans)
    out: list[str] = []
    length = 0
    for text, styles in runs:
        text = _single_spaced(text)
        if (length == 0 or out[-1].endswith(" ")) and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        if styles:
            core_start = length + len(text) - len(text.lstrip())
            core_end = length + len(text.rstrip())
            for style in sorted(styles):
                if core_end > core_start:
                    spans.append(Span(base + core_start, base + core_end, style))
        out.append(text)
        length += len(text)
    joined = "".join(out)
    stripped = joined.rstrip()
    if len(stripped) < len(joined):
        limit = base + len(stripped)
        for i in range(first_new, len(spans)):
            span = spans[i]
            if span.end > limit:
                spans[i] = Span(span.start, limit, span.style)
        # Only this call's spans can have become empty.
        spans[first_new:] = [s for s in spans[first_new:] if s.end > s.start]
    return stripped


def _block_kind(raw: RawBlock, text: str) -> BlockKind:
    if raw.kind in _REFERENCE_CANDIDATES:
        # The first character rules out most blocks before any pattern is tried:
        # "[" opens _BRACKET_NUMBER, a digit (what \d is) opens _NUMBERED.
        first = text[:1]
        if first == "✓":
            return _REFERENCE
        numbered = raw.ordered or (first == "[" and _BRACKET_NUMBER.match(text) is not None)
        if numbered and _CITATION.search(text):
            return _REFERENCE
        if (
            raw.kind == _PARAGRAPH
            and first.isdecimal()
            and _NUMBERED.match(text)
            and _CITATION.search(text)
        ):
            return _REFERENCE
    return raw.kind


def _assemble(
    raw_blocks: list[RawBlock],
    sources: list[str],
    *,
    markdown: bool,
    paged: bool,
    check: _Checkpoint,
) -> tuple[str, list[Block], list[Span], list[tuple[int, int]]]:
    pieces: list[str] = []
    blocks: list[Block] = []
    spans: list[Span] = []
    pages: list[tuple[int, int]] = []  # (offset, page number) of each page start
    page = 0
    waiting_marks = 0  # page marks of dropped (empty) blocks, placed at the next block
    trail: list[tuple[int, str]] = []
    section = ""
    pos = 0
    count = len(raw_blocks)
    for index, raw in enumerate(raw_blocks):
        if index % _CHECKPOINT_BLOCKS == 0:
            check(index, count, "inline markup")
        source = sources[index]  # the block's source (normalised for a reader's blocks)
        if raw.kind in _TABLE_KINDS:
            if paged and "\f" in source:
                # A row that opens a page: its marks go where the row starts.
                waiting_marks += source.count("\f")
                source = source.replace("\f", "")
            cells = []
            cell_pos = pos
            for cell in source.split("\t"):
                if markdown or "<" in cell:
                    cell_text = _flatten(
                        inline_to_runs(cell.strip(), markdown=markdown), cell_pos, spans
                    )
                else:  # plain text without tags: inline_to_runs gives it back as one run
                    cell_text = _collapsed(cell.strip())
                cells.append(cell_text)
                cell_pos += len(cell_text) + 1
            while cells and not cells[-1]:
                cells.pop()  # trailing empty cells carry nothing
            text = "\t".join(cells)
            if paged and text.strip():
                for _ in range(waiting_marks):
                    page += 1
                    if pages and pages[-1][0] == pos:
                        pages.pop()  # an empty page: the next one starts at the same place
                    pages.append((pos, page))
                waiting_marks = 0
        elif markdown:
            text = _flatten(inline_to_runs(source), pos, spans)
        elif not paged:
            text = _collapsed(source)
        elif "\f" not in source and not waiting_marks:  # no page starts here
            text = _collapsed(source)
            if not text:
                continue
        else:
            text, marks = _plain_with_pages(source)
            if waiting_marks:
                marks = [0] * waiting_marks + marks
                waiting_marks = 0
            if not text:  # trimmed already
                waiting_marks = len(marks)
                continue
            for mark in marks:
                page += 1
                if pages and pages[-1][0] == pos + mark:
                    pages.pop()  # an empty page: the next one starts at the same place
                pages.append((pos + mark, page))
        if not text.strip():
            continue
        kind = _block_kind(raw, text)
        if kind == _HEADING:
            trail = [(lvl, t) for lvl, t in trail if lvl < raw.level] + [(raw.level, text)]
            section = SECTION_SEPARATOR.join(t for _, t in trail)
        blocks.append(Block(pos, pos + len(text), kind, raw.level, section))
        pieces.append(text)
        pos += len(text) + 1
    return "\n".join(pieces), blocks, spans, pages


def _sentences(text: str, blocks: list[Block], check: _Checkpoint) -> list[Segment]:
    """Each block is segmented on its own: a sentence never spans two blocks."""
    sentences: list[Segment] = []
    count = len(blocks)
    for index, block in enumerate(blocks):
        if index % _CHECKPOINT_BLOCKS == 0:
            check(index, count, "sentences")
        kind, start, section = block.kind, block.start, block.section
        if kind in WHOLE_SEGMENT_KINDS:
            for first, end in _trimmed(text, start, block.end):
                sentences.append(Segment(first, end, kind, section))
            continue
        piece = text[start : block.end]
        spans = sentence_spans(piece)
        if kind == _CAPTION:
            spans = _label_with_sentence(piece, spans)
        sentences.extend(
            [Segment(start + first, start + end, kind, section) for first, end in spans]
        )
    return sentences


def _label_with_sentence(
    text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]
) -> list[tuple[int, int]]:
    """A caption's label ("Figure 1.") is one sentence with the words it labels."""
    spans = list(spans)
    label = text[spans[0][0] : spans[0][1]] if spans else ""
    if len(spans) >= 2 and len(label) <= _LABEL_CHARS and is_caption(label + " X"):
        spans[:2] = [(spans[0][0], spans[1][1])]
    return spans


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end > start and not text[start].isspace() and not text[end - 1].isspace():
        return [(start, end)]  # most blocks: trimmed already, nothing to copy
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return [(start + left, start + right)] if right > left else []


def segments_as_json(parsed: ParsedDocument) -> list[dict[str, object]]:
    """One object per sentence, for the command line."""
    return [
        {
            "start": s.start,
            "end": s.end,
            "text": parsed.text[s.start : s.end],
            "kind": str(s.kind),
            "section": s.section,
            **({"page": page_at(parsed.pages, s.start)} if parsed.pages else {}),
        }
        for s in parsed.sentences
    ]
