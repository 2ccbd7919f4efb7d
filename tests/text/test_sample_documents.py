"""The samples written as real Word files (tests/fixtures/documents.py) import with
the same sentences as their Markdown: every sentence, tables included."""

from __future__ import annotations

import pytest

from assay.text.pipeline import parse_file
from fixtures.documents import seed, write_docx


@pytest.mark.parametrize("name", ["000", "001"])
def test_docx_gives_the_markdown_sentences_and_kinds(tmp_path, name):
    markdown = seed(name)
    parsed = parse_file(write_docx(markdown, tmp_path / f"{name}.docx"))
    assert parsed.format == "docx"
    expected = [(markdown.text[s.start : s.end], s.kind) for s in markdown.sentences]
    found = [(parsed.text[s.start : s.end], s.kind) for s in parsed.sentences]
    assert found == expected
