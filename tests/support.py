"""Helpers the tests import by name (`from support import ...`); fixtures live in
conftest.py. Kept apart so that `import` never picks up another folder's conftest."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from assay.core.model import Block, BlockKind, ParsedDocument, Segment

REPO = Path(__file__).resolve().parent.parent


def synthetic_document(
    sentences: int, *, name: str = "synthetic.txt", kinds: tuple[BlockKind, ...] = ()
) -> ParsedDocument:
    """A ParsedDocument with `sentences` short sentences, one block per 10.

    `kinds` cycles over the sentences' kinds (paragraph when empty).
    """
    pieces = [f"Sentence {i} says magnesium helps {name}." for i in range(sentences)]
    text_parts: list[str] = []
    segments: list[Segment] = []
    blocks: list[Block] = []
    position = 0
    for block_start in range(0, sentences, 10):
        block_text = " ".join(pieces[block_start : block_start + 10])
        offset = position
        for i, piece in enumerate(pieces[block_start : block_start + 10], start=block_start):
            kind = kinds[i % len(kinds)] if kinds else BlockKind.PARAGRAPH
            segments.append(Segment(offset, offset + len(piece), kind, "Results"))
            offset += len(piece) + 1
        blocks.append(Block(position, position + len(block_text), BlockKind.PARAGRAPH))
        text_parts.append(block_text)
        position += len(block_text) + 1
    text = "\n".join(text_parts)
    return ParsedDocument(
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        title=f"Synthetic {name}",
        source_name=name,
        format="plain",
        encoding="utf-8",
        blocks=tuple(blocks),
        sentences=tuple(segments),
    )


def dump(path: Path) -> str:
    """The review's full content as SQL, read without writing."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
