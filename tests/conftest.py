"""Shared fixtures: an isolated ASSAY_HOME, a reviewer, seed documents, reviews."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.core.model import Block, BlockKind, ParsedDocument, Reviewer, Segment

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def assay_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config and data at a fresh folder so no test touches the real ones."""
    home = tmp_path_factory.mktemp("assay-home")
    monkeypatch.setenv("ASSAY_HOME", str(home))
    return home


@pytest.fixture
def reviewer() -> Reviewer:
    return Reviewer("7d1f4a1e-0000-4000-8000-000000000001", "Ada Reviewer", "ada@example.org")


@pytest.fixture
def seed_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture
def small_seed(seed_dir: Path) -> Path:
    return sorted(seed_dir.glob("*.txt"))[0]


@pytest.fixture
def tmp_review(tmp_path: Path, reviewer: Reviewer, small_seed: Path) -> Path:
    """A closed review file holding the small seed document."""
    from assay.services.session import ReviewSession

    path = tmp_path / "review.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(small_seed)
    return path


@pytest.fixture
def session(tmp_review: Path, reviewer: Reviewer) -> Iterator[object]:
    from assay.services.session import ReviewSession

    with ReviewSession.open(tmp_review, reviewer) as opened:
        yield opened


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
