"""Bad PDFs (issue 11, "Bad input"): odd page boxes, text off the page, fonts without a
Unicode map, and a 1,000-page file.

Every PDF is made here: fpdf2 writes the pages, pypdfium2 turns or crops them and saves
the result, and the few things neither can write (a Type3 font with no encoding, a
1,000-page file in a blink) are written as bytes by `_pdf_bytes`. A test states the
sentences a reader sees on each page and compares what the import gives with them.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from assay.core.model import BlockKind, ParsedDocument, Reviewer, page_at
from assay.services.importer import import_file
from assay.text.errors import Cancelled, ImportRefused
from assay.text.pipeline import parse_file
from fixtures.documents import VARIANTS, font_folder, seed, write_pdf
from support import dump

# What a font without a Unicode map turns into: control characters, private-use code
# points, replacement characters. None of them may reach the reviewer's text.
_GARBAGE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")

# Three pages a reader can tell apart: each paragraph names its own supplement.
_PAGES = [
    [
        "The magnesium trial enrolled adults with anxiety.",
        "Doses of magnesium were given daily for twelve weeks to every patient in the group.",
        "Those given magnesium reported less anxiety than the placebo group.",
    ],
    [
        "The zinc trial enrolled adults who slept badly.",
        "Zinc was taken each evening with a light meal by all of the volunteers.",
        "Sleep improved slightly, though not more than with placebo.",
    ],
    [
        "The iron study followed women with fatigue.",
        "Iron was given only to those whose ferritin was low at the start.",
        "Fatigue eased in the iron group and not in the control group.",
    ],
]
_EXPECTED = [(page, text) for page, sentences in enumerate(_PAGES, 1) for text in sentences]


def _sentences(parsed: ParsedDocument) -> list[tuple[int, str]]:
    """(page, sentence) in the order the document gives them."""
    return [
        (page_at(parsed.pages, s.start), parsed.text[s.start : s.end]) for s in parsed.sentences
    ]


def _three_pages(path: Path) -> Path:
    """_PAGES as an A4 PDF in Helvetica, one paragraph a page, well inside the margins."""
    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=11)
    for sentences in _PAGES:
        pdf.add_page()
        pdf.set_y(70)
        pdf.multi_cell(150, 6, " ".join(sentences))
    pdf.output(str(path))
    return path


def _edited(source: Path, target: Path, edit: Callable[[int, pdfium.PdfPage], None]) -> Path:
    """A copy of `source` with each page changed by `edit(index, page)`, saved by PDFium."""
    document = pdfium.PdfDocument(str(source))
    try:
        for index in range(len(document)):
            page = document[index]
            edit(index, page)
            page.close()
        document.save(str(target))
    finally:
        document.close()
    return target


def _pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (numbered from 1; object 1 is the catalog) with a
    correct cross-reference table, so PDFium reads it as written, not repaired."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


# --- rotated pages --------------------------------------------------------------------


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_rotated_page_keeps_its_text_in_order_on_its_page(tmp_path, rotation):
    source = _three_pages(tmp_path / "upright.pdf")
    turned = _edited(
        source, tmp_path / "turned.pdf", lambda i, page: page.set_rotation(rotation if i else 0)
    )
    assert pdfium.PdfDocument(str(turned))[1].get_rotation() == rotation

    assert _sentences(parse_file(turned)) == _EXPECTED


@pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")
@pytest.mark.parametrize("variant", ["two-columns", "everything"])
def test_a_real_layout_with_every_page_turned_reads_as_when_upright(tmp_path, variant):
    """Two columns, running header and footer, hyphens: pages turned 0, 90, 180, 270 in
    turn give the same sentences on the same pages as the upright file."""
    upright = write_pdf(seed("001"), tmp_path / "upright.pdf", VARIANTS[variant])
    turned = _edited(
        upright, tmp_path / "turned.pdf", lambda i, page: page.set_rotation(90 * (i % 4))
    )

    expected = _sentences(parse_file(upright))
    assert len(expected) > 700 and expected[-1][0] >= 10
    assert _sentences(parse_file(turned)) == expected


# --- crop box, media box, text off the page --------------------------------------------

# A 600 × 800 pt page; the crop box shows x 40–470, y 100–700 (PDF points, y upwards).
_CROP = (40, 100, 470, 700)
_OUTSIDE_CROP = [
    ("Proof for the {} issue only, do not circulate.", 60, 40),  # above the crop box
    ("Printed on {} recycled paper stock.", 60, 770),  # below it
]
_SLUG_WORDS = ["spring", "summer", "autumn"]


def _cropped_pages(path: Path) -> Path:
    """_PAGES on 600 × 800 pt pages, each with a printer's slug above and below the
    area _CROP keeps and a note in the right margin beyond it (fpdf2 measures y down)."""
    pdf = FPDF(unit="pt", format=(600, 800))
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=11)
    for sentences, word in zip(_PAGES, _SLUG_WORDS, strict=True):
        pdf.add_page()
        for template, x, y in _OUTSIDE_CROP:
            pdf.set_xy(x, y)
            pdf.cell(0, 14, template.format(word))
        pdf.set_xy(60, 300)
        pdf.multi_cell(380, 14, " ".join(sentences))  # x 60–440: inside
        pdf.set_xy(490, 320)
        pdf.multi_cell(100, 14, f"Trimmed {word} margin remark.")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("rotation", [0, 90])
def test_text_outside_the_crop_box_is_left_out_and_text_inside_kept(tmp_path, rotation):
    full = _cropped_pages(tmp_path / "full.pdf")
    whole_text = parse_file(full).text
    for word in _SLUG_WORDS:  # the uncropped page shows all of it, and so imports it
        assert f"{word} issue" in whole_text and f"{word} recycled" in whole_text
        assert f"Trimmed {word}" in whole_text

    def crop(index: int, page: pdfium.PdfPage) -> None:
        page.set_cropbox(*_CROP)
        page.set_rotation(rotation if index == 1 else 0)

    cropped = _edited(full, tmp_path / "cropped.pdf", crop)
    assert pdfium.PdfDocument(str(cropped))[0].get_cropbox() == _CROP

    assert _sentences(parse_file(cropped)) == _EXPECTED


def test_text_beyond_a_media_box_shrunk_under_it_is_left_out(tmp_path):
    """The lower half of each page is drawn, then the media box cut to the upper half."""
    pdf = FPDF(unit="pt", format=(600, 800))
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=11)
    for sentences, word in zip(_PAGES, _SLUG_WORDS, strict=True):
        pdf.add_page()
        pdf.set_xy(60, 150)
        pdf.multi_cell(400, 14, " ".join(sentences))
        pdf.set_xy(60, 600)
        pdf.multi_cell(400, 14, f"A {word} paragraph that only the full sheet showed.")
    pdf.output(str(tmp_path / "sheet.pdf"))
    half = _edited(
        tmp_path / "sheet.pdf",
        tmp_path / "half.pdf",
        lambda i, page: page.set_mediabox(0, 400, 600, 800),
    )

    assert _sentences(parse_file(half)) == _EXPECTED


def test_text_drawn_outside_the_page_is_left_out(tmp_path):
    """Beyond each edge of the page, and a sentence drawn a second time below the page
    (Qt's PDF writer does that at a page break): none of it shows, none is imported."""
    pdf = FPDF(unit="pt", format=(600, 800))
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=11)
    for number, sentences in enumerate(_PAGES, 1):
        pdf.add_page()
        pdf.set_xy(60, 300)
        pdf.multi_cell(400, 14, " ".join(sentences))
        pdf.text(-300, 400, f"Left of page {number} lies this sentence.")
        pdf.text(650, 400, f"Right of page {number} lies this sentence.")
        pdf.text(60, -30, f"Above page {number} lies this sentence.")
        pdf.text(60, 830, sentences[-1])  # the page's last sentence again, off the page
    pdf.output(str(tmp_path / "spill.pdf"))
    raw = pdfium.PdfDocument(str(tmp_path / "spill.pdf"))[0].get_textpage().get_text_range()
    raw = " ".join(raw.split())
    assert "Left of page 1" in raw and raw.count(_PAGES[0][-1]) == 2  # PDFium has it all

    assert _sentences(parse_file(tmp_path / "spill.pdf")) == _EXPECTED


# --- fonts without a Unicode map ---------------------------------------------------------

_TO_UNICODE_TARGET = re.compile(rb"(<[0-9A-F]{4}> )<([0-9A-F]{4})>")


def _without_to_unicode(pdf: bytes) -> bytes:
    """The font keeps its glyphs but loses its map to Unicode: PDFium then gives the
    glyph numbers as characters (control characters)."""
    return re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group()), pdf)


def _mapped_to(target: bytes) -> Callable[[bytes], bytes]:
    """The font's map sends every character but the space to `target`'s block
    (b"E0": private use; b"FF" + b"FD": the replacement character), same byte length."""

    def mutate(pdf: bytes) -> bytes:
        def one(match: re.Match[bytes]) -> bytes:
            if match.group(2) == b"0020":
                return match.group()
            code = target + match.group(2)[2:] if len(target) == 2 else target
            return match.group(1) + b"<" + code + b">"

        return _TO_UNICODE_TARGET.sub(one, pdf)

    return mutate


_BROKEN_FONTS = {
    "no ToUnicode": _without_to_unicode,
    "private use": _mapped_to(b"E0"),
    "replacement": _mapped_to(b"FFFD"),
}


def _pages_with_broken_font(path: Path, broken: set[int], mutate: Callable[[bytes], bytes]) -> Path:
    """_PAGES over and over up to the last broken page (three at least); the pages in
    `broken` are set in an embedded DejaVu font whose Unicode map `mutate` spoils, the
    others in Helvetica. Written uncompressed, so the map is plain bytes to spoil."""
    folder = font_folder()
    pdf = FPDF()
    pdf.set_compression(False)
    pdf.add_font("spoilt", "", str(folder / "DejaVuSans.ttf"))  # type: ignore[operator]
    for number in range(1, max(broken | {len(_PAGES)}) + 1):
        pdf.add_page()
        pdf.set_font("spoilt" if number in broken else "helvetica", size=11)
        pdf.set_y(70)
        pdf.multi_cell(150, 6, " ".join(_PAGES[(number - 1) % len(_PAGES)]))
    path.write_bytes(mutate(bytes(pdf.output())))
    return path


needs_dejavu = pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")


@needs_dejavu
@pytest.mark.parametrize("spoil", list(_BROKEN_FONTS))
def test_a_page_in_a_font_without_unicode_map_is_named_and_not_imported(tmp_path, spoil):
    path = _pages_with_broken_font(tmp_path / "broken.pdf", {2}, _BROKEN_FONTS[spoil])
    raw = pdfium.PdfDocument(str(path))[1].get_textpage().get_text_range()
    assert len(_GARBAGE.findall(raw)) > 50  # PDFium gives garbage for page 2

    parsed = parse_file(path)

    assert _sentences(parsed) == [(p, t) for p, t in _EXPECTED if p != 2]
    assert not _GARBAGE.search(parsed.text)
    (note,) = [note for note in parsed.notes if "Unicode" in note]
    assert re.search(r"\bpage 2\b", note) and "not imported" in note


@needs_dejavu
def test_every_unreadable_page_is_named(tmp_path):
    path = _pages_with_broken_font(tmp_path / "broken.pdf", {2, 4, 5}, _without_to_unicode)
    parsed = parse_file(path)
    (note,) = [note for note in parsed.notes if "Unicode" in note]
    assert "pages 2, 4, 5" in note
    assert sorted({page for page, _ in _sentences(parsed)}) == [1, 3]


@needs_dejavu
@pytest.mark.parametrize("spoil", list(_BROKEN_FONTS))
def test_a_pdf_with_only_unreadable_pages_is_refused_naming_them(tmp_path, spoil):
    path = _pages_with_broken_font(tmp_path / "garbled.pdf", {1, 2, 3}, _BROKEN_FONTS[spoil])
    with pytest.raises(ImportRefused, match=r"“garbled.pdf”.*Unicode.*pages 1, 2, 3.*OCR"):
        parse_file(path)


def test_a_type3_font_with_no_encoding_is_refused_naming_the_page(tmp_path):
    """A Type3 font whose glyphs are named g1…g20 and whose codes are 1…20: nothing
    says which letters they are."""
    codes = list(range(1, 21))
    names = b" ".join(b"/g%d" % code for code in codes)
    procs = b" ".join(b"/g%d 6 0 R" % code for code in codes)
    line = bytes(codes).hex().encode()
    content = b"BT /F1 12 Tf 72 700 Td <%s> Tj 0 -20 Td <%s> Tj ET" % (line, line[::-1])
    font = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 600] "
        b"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << %s >> "
        b"/Encoding << /Type /Encoding /Differences [1 %s] >> "
        b"/FirstChar 1 /LastChar 20 /Widths [%s] >>" % (procs, names, b" ".join([b"500"] * 20))
    )
    path = tmp_path / "type3.pdf"
    path.write_bytes(
        _pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                _stream(content),
                font,
                _stream(b"500 0 0 0 400 600 d1 0 0 400 600 re f"),  # every glyph a box
            ]
        )
    )
    with pytest.raises(ImportRefused, match=r"“type3.pdf”.*Unicode.*page 1\b"):
        parse_file(path)


@needs_dejavu
def test_the_importer_passes_the_unreadable_pages_note_on(tmp_review, reviewer, tmp_path):
    path = _pages_with_broken_font(tmp_path / "broken.pdf", {3}, _mapped_to(b"E0"))
    result = import_file(tmp_review, path, reviewer=reviewer)
    assert any("page 3" in note and "Unicode" in note for note in result.notes)
    assert result.sentence_count == 6


# --- a 1,000-page PDF -----------------------------------------------------------------------

_LONG_PAGES = 1000


@pytest.fixture(scope="module")
def thousand_pages(tmp_path_factory) -> Path:
    """1,000 pages of Helvetica text, three sentences each, written as bytes (fpdf2
    takes seconds for this). Each page names its number and a dose of its own."""
    count = _LONG_PAGES
    first_page = 4  # objects 1–3: catalog, page tree, font
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (count, b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(count))),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for number in range(1, count + 1):
        lines = [
            f"Trial {number} gave {number % 400 + 100} mg of magnesium to each adult.",
            f"Its report on page {number} found less cramping than with placebo.",
            "The authors call for a larger study before any advice is given.",
        ]
        shown = b" Tj T* ".join(b"(%s)" % line.encode("ascii") for line in lines)
        content = b"BT /F1 11 Tf 14 TL 72 500 Td %s Tj ET" % shown
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (first_page + 2 * (number - 1) + 1)
        )
        objects.append(_stream(content))
    path = tmp_path_factory.mktemp("thousand") / "thousand.pdf"
    path.write_bytes(_pdf_bytes(objects))
    return path


def test_a_1000_page_pdf_reports_every_page_and_keeps_pages(thousand_pages):
    seen: list[tuple[int, int, str]] = []
    parsed = parse_file(thousand_pages, progress=lambda *args: seen.append(args))

    reading = [(done, total) for done, total, stage in seen if stage == "reading pages"]
    assert reading == [(page, _LONG_PAGES) for page in range(_LONG_PAGES)]
    later = [stage for _, _, stage in seen[len(reading) :]]
    assert later and "reading pages" not in later  # then the later stages, in order
    sentences = _sentences(parsed)
    assert len(sentences) == 3 * _LONG_PAGES
    assert sentences[0] == (1, "Trial 1 gave 101 mg of magnesium to each adult.")
    assert sentences[-2] == (1000, "Its report on page 1000 found less cramping than with placebo.")
    assert [page for page, _ in sentences] == [n for n in range(1, 1001) for _ in range(3)]


def _open_paths() -> set[str]:
    folder = Path("/proc/self/fd")
    paths = set()
    for fd in folder.iterdir():
        try:
            paths.add(os.readlink(fd))
        except OSError:
            continue
    return paths


@pytest.mark.parametrize("cancel_at", [1, 500, 999])
def test_a_1000_page_pdf_stops_at_the_page_where_cancel_is_asked(thousand_pages, cancel_at):
    """Cancel is honoured at the very next page: no page after it is read, and the file
    is closed when Cancelled arrives."""
    pages_read: list[int] = []
    asked = False

    def progress(done: int, total: int, stage: str) -> None:
        nonlocal asked
        if stage == "reading pages":
            pages_read.append(done)
            asked = done == cancel_at

    with pytest.raises(Cancelled):
        parse_file(thousand_pages, progress=progress, cancel=lambda: asked)

    assert pages_read == list(range(cancel_at + 1))
    if sys.platform.startswith("linux"):
        assert str(thousand_pages) not in _open_paths()


@pytest.mark.parametrize("stage", ["finding paragraphs", "inline markup"])
def test_a_1000_page_pdf_can_be_cancelled_after_reading_its_pages(thousand_pages, stage):
    asked = False

    def progress(done: int, total: int, current: str) -> None:
        nonlocal asked
        asked = asked or current == stage

    with pytest.raises(Cancelled):
        parse_file(thousand_pages, progress=progress, cancel=lambda: asked)
    assert asked


def test_cancelling_the_import_of_a_1000_page_pdf_leaves_the_review_unchanged(
    thousand_pages, tmp_review: Path, reviewer: Reviewer
):
    before = dump(tmp_review)
    pages: list[int] = []

    def progress(done: int, total: int, stage: str) -> None:
        if stage == "reading pages":
            pages.append(done)

    with pytest.raises(Cancelled):
        import_file(
            tmp_review,
            thousand_pages,
            reviewer=reviewer,
            progress=progress,
            cancel=lambda: len(pages) > 500,
        )
    assert dump(tmp_review) == before
    assert len(pages) == 501


def _page_two_sideways(path: Path) -> Path:
    """_PAGES; page 2's paragraph is drawn turned 90° (running up the sheet), as a
    landscape table or page is set on a portrait sheet."""
    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=11)
    for number, sentences in enumerate(_PAGES, 1):
        pdf.add_page()
        if number == 2:
            with pdf.rotation(90, x=105, y=148):
                pdf.set_xy(40, 120)
                pdf.multi_cell(150, 6, " ".join(sentences))
        else:
            pdf.set_y(70)
            pdf.multi_cell(150, 6, " ".join(sentences))
    pdf.output(str(path))
    return path


def test_sideways_text_keeps_the_page_it_is_printed_on(tmp_path):
    """Text turned on the page (a rotated table, a margin stamp) may well be kept apart
    from the flow, but it is printed on page 2 and must say so (the page view and the
    reviewer's citations rely on it).

    Today: every page's turned text is appended after the last page, so it gets the
    last page's number (3 here; on a 300-page report, page 300)."""
    parsed = parse_file(_page_two_sideways(tmp_path / "sideways.pdf"))
    zinc = [(page, text) for page, text in _sentences(parsed) if "inc" in text]
    assert zinc and {page for page, _ in zinc} == {2}


def test_one_paragraph_in_a_broken_font_on_a_readable_page_is_not_imported(tmp_path):
    """A page whose body is readable but one paragraph (about a fifth of its
    characters) is set in a font with no Unicode map.

    Today: `_unreadable` judges a whole page at once (> 20 % bad characters), so this
    page counts as readable and the garbage is imported, glued to the next real
    sentence: '\\ue049\\ue072\\ue06f… Vitamin D does not prevent fractures…' (private
    use) or '\\x01\\x04 \\x05\\x06… Vitamin D…' (no ToUnicode). It should leave the
    broken text out (per text object or word: PDFium's FPDFText_HasUnicodeMapError, or
    the same character test per word) and add a note naming page 1."""
    paragraphs = [
        "Magnesium lowers blood pressure in adults with hypertension.",
        "Zinc shortens colds by a day or two when taken early.",
        "Iron helps those who lack it and harms some who do not.",
        "Vitamin D does not prevent fractures in healthy adults.",
        "Selenium showed no benefit for cancer prevention in large trials.",
    ]
    failures = []
    for spoil, mutate in _BROKEN_FONTS.items():
        pdf = FPDF()
        pdf.set_compression(False)
        pdf.add_font("spoilt", "", str(font_folder() / "DejaVuSans.ttf"))
        pdf.add_page()
        for index, paragraph in enumerate(paragraphs):
            pdf.set_font("spoilt" if index == 2 else "helvetica", size=11)
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(4)
        path = tmp_path / f"{spoil}.pdf"
        path.write_bytes(mutate(bytes(pdf.output())))
        parsed = parse_file(path)
        got = [text for _, text in _sentences(parsed)]
        if (
            got != [p for i, p in enumerate(paragraphs) if i != 2]
            or _GARBAGE.search(parsed.text)
            or not any(re.search(r"\bpage 1\b", n) and "Unicode" in n for n in parsed.notes)
        ):
            failures.append((spoil, got, parsed.notes))
    assert not failures, failures


def test_the_layout_of_a_long_pdf_reports_progress_and_honours_cancel(thousand_pages):
    """After the last page is read, `blocks_from_pages` lays out every page in one call
    with no checkpoint: on the 1,000-page two-column paper of bench/bench_pdf.py that is
    7.4 s with no progress and no way to stop (cancel asked as "finding paragraphs" is
    reported: Cancelled 7,364 ms later; asked at page 500: 7.7 ms). It should report
    progress and check cancel per page (or every few pages) while it builds lines and
    columns (`_flow`: printed_lines + reading_order per page is 60 % of the layout).

    Structural check, no timing: the 'finding paragraphs' stage (or any stage between
    reading the last page and 'inline markup') reports more than once for 1,000 pages."""
    seen: list[tuple[int, int, str]] = []
    parse_file(thousand_pages, progress=lambda *args: seen.append(args))
    between = [s for _, _, s in seen if s not in ("reading pages", "inline markup", "sentences")]
    assert len(between) >= 10, between


def test_a_margin_note_beside_a_paragraph_is_not_glued_into_its_sentences(tmp_path):
    """(Layout, seen while testing crop boxes.) A two-line note in the right margin,
    50 pt beyond a three-line paragraph, is read into the paragraph: at 57de4fb
    'Fatigue eased in the iron group and not in Trimmed autumn the control group.';
    with the lead's uncommitted pdf_layout/pdf_running edits of the same hour 'Those
    given Trimmed spring magnesium reported less anxiety…' and the sentence before cut
    in two ('Doses of magnesium were' | 'given daily…'). Invented and cut sentences;
    the note should be a unit of its own and the paragraph whole."""
    pdf = FPDF(unit="pt", format=(600, 800))
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=11)
    for sentences, word in zip(_PAGES, ["spring", "summer", "autumn"], strict=True):
        pdf.add_page()
        pdf.set_xy(60, 300)
        pdf.multi_cell(380, 14, " ".join(sentences))
        pdf.set_xy(490, 320)
        pdf.multi_cell(100, 14, f"Trimmed {word} margin remark.")
    pdf.output(str(tmp_path / "margin.pdf"))
    got = _sentences(parse_file(tmp_path / "margin.pdf"))
    body = [item for item in got if "Trimmed" not in item[1] and "margin remark" not in item[1]]
    assert body == _EXPECTED, got


def test_a_landscape_page_set_upright_by_its_rotation_reads_in_place(tmp_path):
    """LaTeX's pdflscape and many report generators: the content is drawn turned on a
    portrait sheet and the page's /Rotate 90 turns it back, so a viewer shows ordinary
    horizontal text on a landscape page. It should read like any page.

    Today: PDFium reports the characters turned (the page's own rotation is not taken
    into account), so the reader puts page 2's paragraph among the rotated margin
    stamps: NOTE blocks after the last page, labelled page 3, and the paragraph is out
    of the reading order."""
    sideways = _page_two_sideways(tmp_path / "sideways.pdf")
    landscape = _edited(
        sideways, tmp_path / "landscape.pdf", lambda i, page: page.set_rotation(90 if i == 1 else 0)
    )
    parsed = parse_file(landscape)
    assert _sentences(parsed) == _EXPECTED
    assert {s.kind for s in parsed.sentences} == {BlockKind.PARAGRAPH}


def test_words_after_a_character_the_page_text_leaves_out_are_measured_where_printed(tmp_path):
    """PDFium's page text drops a U+0002 mark that its character list keeps; measuring
    by position in the text would measure each later word one character early."""
    from assay.text.pdf_reader import page_words

    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(50, 60, "Pages 147\x02154 \x02Cited words follow here.")
    pdf.output(str(tmp_path / "marks.pdf"))
    document = pdfium.PdfDocument(str(tmp_path / "marks.pdf"))
    words = page_words(document, 0).words
    document.close()
    assert [w.text for w in words] == ["Pages", "147154", "Cited", "words", "follow", "here."]
    for word in words[2:]:
        printed = pdf.get_string_width(word.text)
        assert word.right - word.left == pytest.approx(printed, abs=1.0), word.text


def test_turned_labels_on_a_page_are_notes_one_by_one(tmp_path):
    """Charts' axis titles printed turned (running up the page), several per page: each
    is a note of its own, never the page's labels run together into one."""
    labels = ["Spread of influence", "Running time (min)", "Share of common seeds"]
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.set_xy(20, 30)
    pdf.multi_cell(170, 6, " ".join(_PAGES[0]))
    pdf.set_font("helvetica", size=8)
    for number, label in enumerate(labels):
        x, y = 30 + 60 * number, 200
        with pdf.rotation(90, x=x, y=y):
            pdf.text(x, y, label)
    pdf.output(str(tmp_path / "labels.pdf"))
    parsed = parse_file(tmp_path / "labels.pdf")
    notes = [text for _, text in _sentences(parsed) if any(w in text for w in ("Spread", "Run"))]
    notes += [text for _, text in _sentences(parsed) if "Share" in text]
    assert sorted(notes) == sorted(labels)
    assert [text for _, text in _sentences(parsed)][: len(_PAGES[0])] == _PAGES[0]
