"""`assay segment FILE.pdf --json`: every sentence carries the boxes the page view shows."""

from __future__ import annotations

import json

import pytest

from assay.cli import main
from assay.text.pdf_boxes import sentence_boxes
from fixtures.documents import PdfLayout, font_folder, seed, write_pdf

pytestmark = pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")


def test_segment_json_gives_each_pdf_sentence_its_boxes(tmp_path, capsys):
    pdf = write_pdf(seed("000"), tmp_path / "paper.pdf", PdfLayout(columns=2))
    assert main(["segment", str(pdf), "--json"]) == 0
    segments = json.loads(capsys.readouterr().out)["sentences"]
    assert all("boxes" in s for s in segments)
    assert sum(1 for s in segments if s["boxes"]) >= 0.95 * len(segments)
    expected = sentence_boxes(pdf.read_bytes(), [(s["text"], s["page"]) for s in segments])
    for segment, boxes in zip(segments, expected, strict=True):
        assert segment["boxes"] == [
            {"page": b.page, "rect": [round(v, 2) for v in b.rect]} for b in boxes
        ]
        assert all(box["page"] == segment["page"] for box in segment["boxes"][:1])


def test_segment_json_of_markdown_has_no_boxes(small_seed, capsys):
    assert main(["segment", str(small_seed), "--json"]) == 0
    assert all("boxes" not in s for s in json.loads(capsys.readouterr().out)["sentences"])
