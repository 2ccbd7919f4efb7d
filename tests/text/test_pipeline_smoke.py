from pathlib import Path

import pytest

from assay.text.errors import ImportRefused
from assay.text.pipeline import parse_file, parse_text, segments_as_json

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_parse_text_offsets_match_sentences() -> None:
    doc = parse_text("One sentence. Two sentence.\n\nNext para.", source_name="x.txt")
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert texts == ["One sentence.", "Two sentence.", "Next para."]


def test_parse_seed_file() -> None:
    doc = parse_file(SEEDS / "000_609534e461fc1ec7.txt")
    assert len(doc.sentences) > 10
    assert segments_as_json(doc)[0]["text"]


def test_empty_file_refused(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"  \n")
    with pytest.raises(ImportRefused, match="empty.txt"):
        parse_file(p)
