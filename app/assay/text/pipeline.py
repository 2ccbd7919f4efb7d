"""Entry points: file or text → ParsedDocument (minimal first version)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import sentencex

from assay.core.model import Block, BlockKind, ParsedDocument, Segment
from assay.text.errors import Cancelled, ImportRefused

ProgressCallback = Callable[[int, int, str], None]
CancelCallback = Callable[[], bool]


def parse_file(
    path: str | Path,
    *,
    format: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ParsedDocument:
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise ImportRefused(f"{path.name} is empty.")
    if b"\x00" in data:
        raise ImportRefused(f"{path.name} looks like a binary file.")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    if cancel is not None and cancel():
        raise Cancelled()
    return parse_text(text, source_name=path.name, format=format, encoding=encoding)


def parse_text(
    text: str, *, source_name: str, format: str | None = None, encoding: str = "utf-8"
) -> ParsedDocument:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        collapsed = " ".join(chunk.split())
        if collapsed:
            parts.append(collapsed)
    blocks: list[Block] = []
    sentences: list[Segment] = []
    pos = 0
    for part in parts:
        blocks.append(Block(pos, pos + len(part), BlockKind.PARAGRAPH))
        for b in sentencex.get_sentence_boundaries("en", part):
            piece = b["text"]
            start = pos + b["start_index"] + (len(piece) - len(piece.lstrip()))
            end = pos + b["start_index"] + len(piece.rstrip())
            if end > start:
                sentences.append(Segment(start, end, BlockKind.PARAGRAPH))
        pos += len(part) + 1
    full = "\n".join(parts)
    title = parts[0][:200] if parts else Path(source_name).stem
    return ParsedDocument(
        text=full,
        sha256=hashlib.sha256(full.encode("utf-8")).hexdigest(),
        title=title,
        source_name=source_name,
        format=format or "plain",
        encoding=encoding,
        blocks=tuple(blocks),
        sentences=tuple(sentences),
    )


def segments_as_json(parsed: ParsedDocument) -> list[dict[str, object]]:
    """One object per sentence, for the command line."""
    return [
        {
            "start": s.start,
            "end": s.end,
            "text": parsed.text[s.start : s.end],
            "kind": str(s.kind),
            "section": s.section,
        }
        for s in parsed.sentences
    ]
