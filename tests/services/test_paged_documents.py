"""A PDF's pages through the whole app: review file, table, bundles, old files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from assay.core.model import Reviewer, page_at
from assay.exchange.bundle_read import read_bundle
from assay.services.exchange import export_bundle, merge_bundles
from assay.services.session import ReviewSession
from assay.text.pipeline import parse_file
from fixtures.documents import PdfLayout, font_folder, seed, write_pdf

pytestmark = pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    return write_pdf(seed("001"), tmp_path / "paper.pdf", PdfLayout(running_header=True))


def test_imported_pdf_rows_carry_their_page(tmp_path, reviewer, pdf):
    review = tmp_path / "r.assay"
    parsed = parse_file(pdf)
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(pdf)
    with ReviewSession.open(review, reviewer) as session:
        rows = session.sentence_rows()
    assert [row.page for row in rows] == [page_at(parsed.pages, s.start) for s in parsed.sentences]
    assert rows[-1].page == parsed.pages[-1][1] > 10


def test_markdown_rows_have_no_page(tmp_review, reviewer):
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert {row.page for row in session.sentence_rows()} == {None}


def test_bundle_carries_pages_and_markdown_has_none(tmp_path, tmp_review, reviewer, pdf):
    markdown_bundle = export_bundle(tmp_review, tmp_path / "md.assaybundle", reviewer=reviewer)
    with zipfile.ZipFile(markdown_bundle.path) as archive:
        names = [n for n in archive.namelist() if n.endswith("structure.json")]
        assert all("pages" not in json.loads(archive.read(n)) for n in names)

    review = tmp_path / "r.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(pdf)
    bundle = export_bundle(review, tmp_path / "pdf.assaybundle", reviewer=reviewer).path
    with zipfile.ZipFile(bundle) as archive:
        assert json.loads(archive.read("manifest.json"))["format_version"] == 4
    (document,) = read_bundle(bundle).documents
    assert document.pages == parse_file(pdf).pages

    lead = Reviewer("11111111-0000-4000-8000-000000000001", "Lead")
    fresh = tmp_path / "fresh.assay"
    merge_bundles(fresh, [bundle], reviewer=lead)
    with ReviewSession.open(fresh, lead) as session:
        assert session.sentence_rows()[-1].page == document.pages[-1][1]
