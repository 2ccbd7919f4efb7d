"""Sentence boxes on PDF pages (text/pdf_boxes.py): on the right page, around the
sentence's own characters, never on a copy already taken, never a guess."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from assay.core.model import ParsedDocument, page_at
from assay.text.pdf_boxes import normalise, sentence_boxes
from assay.text.pipeline import parse_file
from fixtures.documents import PdfLayout, font_folder, seed, write_pdf

pytestmark = pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")


def sentence_pages(parsed: ParsedDocument) -> list[tuple[str, int | None]]:
    return [
        (parsed.text[s.start : s.end], page_at(parsed.pages, s.start)) for s in parsed.sentences
    ]


def letters(text: str) -> str:
    """Letters and digits only: the band read under a box may miss low punctuation."""
    return "".join(c for c in normalise(text) if c.isalnum())


def text_under(pdf: bytes, page: int, rect: tuple[float, float, float, float]) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[page - 1].get_textpage()
        left, bottom, right, top = rect
        # The middle band of the box: neighbouring lines' loose boxes may touch its edges.
        middle = (bottom + top) / 2
        return textpage.get_text_bounded(left - 0.5, middle - 0.5, right + 0.5, middle + 0.5)
    finally:
        document.close()


@pytest.mark.parametrize(
    "layout", [PdfLayout(), PdfLayout(columns=2, running_header=True, hyphenate=True)]
)
def test_every_sentence_is_boxed_on_its_page_around_its_own_characters(tmp_path, layout):
    pdf_path = write_pdf(seed("000"), tmp_path / "paper.pdf", layout)
    parsed = parse_file(pdf_path)
    pdf = pdf_path.read_bytes()
    sentences = sentence_pages(parsed)
    boxes = sentence_boxes(pdf, sentences)
    found = [b for b in boxes if b]
    assert len(found) >= 0.95 * len(sentences)
    for (text, page), sentence in zip(sentences, boxes, strict=True):
        if not sentence:
            continue
        assert {box.page for box in sentence} <= {page, page + 1}
        assert sentence[0].page == page
        under = letters("".join(text_under(pdf, box.page, box.rect) for box in sentence))
        assert letters(text) in under
        for box in sentence:
            left, bottom, right, top = box.rect
            assert 0 <= left < right <= 596 and 0 <= bottom < top <= 842  # A4, in points


def test_a_sentence_running_onto_the_next_page_is_boxed_on_both(tmp_path):
    pdf_path = write_pdf(seed("001"), tmp_path / "long.pdf", PdfLayout(running_header=True))
    parsed = parse_file(pdf_path)
    boxes = sentence_boxes(pdf_path.read_bytes(), sentence_pages(parsed))
    spanning = [b for b in boxes if len({box.page for box in b}) == 2]
    assert spanning, "seed 001 has sentences cut by a page break"
    for sentence in spanning:
        first, second = sorted({box.page for box in sentence})
        assert second == first + 1


def _pdf_with_lines(path: Path, lines: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("body", "", str(font_folder() / "DejaVuSans.ttf"))  # type: ignore[operator]
    pdf.add_page()
    pdf.set_font("body", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path.read_bytes()


def test_a_repeated_sentence_takes_the_next_copy_and_an_absent_one_gets_nothing(tmp_path):
    same = "Magnesium improves sleep in older adults."
    pdf = _pdf_with_lines(tmp_path / "r.pdf", [same, "Something else is said here.", same])
    boxes = sentence_boxes(
        pdf, [(same, 1), (same, 1), (same, 1), ("A sentence the PDF never printed.", 1)]
    )
    first, second, third, absent = boxes
    assert len(first) == len(second) == 1
    assert first[0].rect[1] > second[0].rect[1]  # the second copy is lower on the page
    assert third == [] and absent == []
    assert sentence_boxes(pdf, [(same, 2), (same, None)]) == [[], []]  # no such page / none
