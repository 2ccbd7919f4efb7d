"""PDF import: defect classes found on real PDFs held out from the development corpus
(a Turkish medical journal, an Elsevier article, an OCR'd page), each laid out again
on a PDF the test generates (see test_pdf_layout_cases.py for the fixtures)."""

from __future__ import annotations

import re

from test_pdf_layout_cases import (
    AUTHOR_YEAR,
    ENTRIES,
    LEADING,
    TEXT_WIDTH,
    kinds_of,
    parse,
    sentences,
)

from fixtures.pdf_layouts import MARGIN, Sheet, prose


def justify(
    sheet: Sheet, x: float, baseline: float, text: str, width: float, size: float = 8.5
) -> None:
    """A line set word by word, its spaces stretched to end it at x + width (as
    justified text is); width 0 sets it as it comes (a paragraph's last line)."""
    words = text.split()
    widths = [sheet.width(word, size) for word in words]
    space = sheet.width(" ", size)
    if width and len(words) > 1:
        space = (width - sum(widths)) / (len(words) - 1)
    for word, word_width in zip(words, widths, strict=True):
        sheet.line(x, baseline, word, size=size)
        x += word_width + space


def test_entry_numbers_hung_into_the_gutter_stay_with_their_column(tmp_path):
    """A two-column reference list whose entry numbers hang left of each column's text:
    the right column's numbers ("7.") sit in the gutter, nearer their own entries than
    the left column. Every entry is one reference unit with its own number, never a
    left entry with a right-column number read into it."""
    entries = ENTRIES + AUTHOR_YEAR
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Magnesium and mood", size=16, bold=True)
    baseline = sheet.paragraph(MARGIN, 110, TEXT_WIDTH, " ".join(prose("magnesium", 6)))
    sheet.line(MARGIN, baseline + 14, "References", size=12, bold=True)
    hang, gutter = 19.0, 12.0
    width = (TEXT_WIDTH - gutter) / 2
    half = (len(entries) + 1) // 2
    for column, left in enumerate((MARGIN, MARGIN + width + gutter)):
        row = baseline + 32
        for number in range(column * half + 1, min(column * half + half, len(entries)) + 1):
            sheet.line(left, row, f"{number}.", size=8.5)
            lines = sheet.wrap(entries[number - 1], width - hang, size=8.5)
            for index, text in enumerate(lines):
                last = index == len(lines) - 1
                justify(sheet, left + hang, row, text, 0 if last else width - hang)
                row += 11
            row += 4
    parsed = parse(sheet, tmp_path)
    found = sentences(parsed, "reference")
    numbered = [f"{number}. {entry}" for number, entry in enumerate(entries, start=1)]
    assert found == numbered, kinds_of(parsed)[-14:]
    for sentence in sentences(parsed):
        assert len(re.findall(r"(?:^| )\d{1,2}\. [A-Z]", sentence)) <= 1, sentence


def test_an_article_info_sidebar_beside_the_abstract_is_read_apart(tmp_path):
    """Elsevier's first page: under the full-width title, an "article info" sidebar of
    short lines (history, keywords) set on its own baselines beside a justified
    abstract that reaches across the body's column gutter; two columns below. The
    abstract's sentences stay whole and the sidebar's lines are never read into them."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Magnesium in solar-powered field clinics", size=16, bold=True)
    sidebar = [
        "Article history:",
        "Received 12 December 2014",
        "Received in revised form",
        "28 December 2014",
        "Accepted 13 January 2015",
        "Keywords:",
        "Magnesium status",
        "Field clinics",
    ]
    for row, text in enumerate(sidebar):
        sheet.line(MARGIN, 130 + row * 9.6, text, size=7.5)
    abstract = prose("magnesium", 10)
    left = MARGIN + 150
    lines = sheet.wrap(" ".join(abstract), TEXT_WIDTH - 150, size=9)
    for row, text in enumerate(lines):
        last = row == len(lines) - 1
        justify(sheet, left, 129 + row * 11, text, 0 if last else TEXT_WIDTH - 150, 9)
    gutter = 18.0
    width = (TEXT_WIDTH - gutter) / 2
    written = {topic: prose(topic, 14) for topic in ("iron", "zinc")}
    for index, topic in enumerate(written):
        text = " ".join(written[topic])
        top = 129 + len(lines) * 11 + 30
        sheet.paragraph(MARGIN + index * (width + gutter), top, width, text, leading=LEADING)
    parsed = parse(sheet, tmp_path)
    found = sentences(parsed)
    assert all(sentence in found for sentence in abstract), kinds_of(parsed)[:20]
    for sentence in found:
        spoilt = [label for label in sidebar if label in sentence and label != sentence]
        assert not spoilt or all(s not in sentence for s in abstract), sentence
    body = [s for s in found if "iron" in s or "zinc" in s]
    assert body == [*written["iron"], *written["zinc"]], kinds_of(parsed)


def test_an_ocr_text_layer_stretched_word_by_word_reads_as_paragraphs(tmp_path):
    """An OCR'd scan (ocrmypdf, Tesseract): invisible text, every word a text object of
    its own stretched across the scan's word by its matrix (3 Tr, a varying word by
    word, d = 1). The size the page shows is the type's height, not its area: the
    paragraphs stay paragraphs, never notes and headings line by line."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Magnesium dosing in an archived trial", size=16, bold=True)
    written = prose("magnesium", 8)
    sheet._font(10, False)
    font = sheet.pdf.current_font
    sheet.pdf._out(sheet.pdf._set_font_for_page(font, 10))
    line_stretches = [0.8, 1.3, 0.95, 1.15]  # a scan's lines differ, and so do its words
    for row, text in enumerate(sheet.wrap(" ".join(written), TEXT_WIDTH / 1.4)):
        x, y = MARGIN, 842 - (120 + row * 12)
        for number, word in enumerate(text.split()):
            stretch = line_stretches[row % 4] * (1.0, 1.04, 0.97)[number % 3]
            encoded = font.encode_text(word)
            sheet.pdf._out(
                f"BT 3 Tr /F{font.i} 10 Tf {stretch:.2f} 0 0 1 {x:.2f} {y:.2f} Tm {encoded} ET"
            )
            x += (sheet.width(word) + sheet.width(" ")) * stretch
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "paragraph") == written, kinds_of(parsed)


def test_a_line_break_between_chinese_characters_is_no_space():
    """Chinese is set without spaces: a paragraph's lines joined where a word breaks
    ("病" | "原菌") give "病原菌", while Latin lines keep their joining space and a
    hyphen decided as before."""
    from assay.text.pdf_hyphens import HyphenJudge
    from assay.text.pdf_units import Unit, unit_text
    from assay.text.pdf_words import PdfWord, Piece, line_of

    def unit(*texts: str) -> Unit:
        lines = []
        for row, text in enumerate(texts):
            baseline = 700.0 - 12 * row
            words = [PdfWord(text, 72, 300, baseline - 2, baseline + 8, baseline, 10, False)]
            lines.append(line_of([Piece(words)], 1))
        return Unit(lines)

    judge = HyphenJudge(["magnesium"])
    chinese = unit("為消滅附著在稻種上的小粒菌核病等病", "原菌，以減輕在苗床和本田發病機會。")
    assert (
        unit_text(chinese, judge)
        == "為消滅附著在稻種上的小粒菌核病等病原菌，以減輕在苗床和本田發病機會。"
    )
    mixed = unit(
        "稻種經選種後，任選下表一種藥劑", "(Tebuconazole) 消毒。", "水基乳劑 magne-", "sium"
    )
    assert (
        unit_text(mixed, judge)
        == "稻種經選種後，任選下表一種藥劑 (Tebuconazole) 消毒。水基乳劑 magnesium"
    )


def test_a_standard_section_name_alone_on_its_line_is_a_heading_in_body_type(tmp_path):
    """A medical journal sets its subsections in the body's own type, indented like a
    paragraph ("Statistical Analysis", "Conflict of interest"): a standard section
    name standing alone on its line is a heading, the paragraphs around it are not."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Nitric oxide after sprint exercise", size=16, bold=True)
    before, after, last = prose("nitrite", 4), prose("nitrite", 3, start=4), prose("zinc", 2)
    baseline = sheet.paragraph(MARGIN, 120, TEXT_WIDTH, " ".join(before))
    for name, text in (("Statistical Analysis", after), ("Conflict of interest", last)):
        sheet.line(MARGIN + 15, baseline + 4, name)
        baseline = sheet.paragraph(MARGIN, baseline + 4 + LEADING, TEXT_WIDTH, " ".join(text))
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "heading") == ["Statistical Analysis", "Conflict of interest"]
    assert sentences(parsed, "paragraph") == [*before, *after, *last], kinds_of(parsed)


def test_a_huge_letter_drawn_over_the_text_is_a_note_not_a_word_of_its_lines(tmp_path):
    """A watermark letter (300 pt) printed across a paragraph's lines, on one line's
    baseline: the paragraph's sentences stay as written, the letter is a note."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Magnesium and the night shift", size=16, bold=True)
    written = prose("magnesium", 12)
    lines = sheet.wrap(" ".join(written), TEXT_WIDTH)
    baseline = sheet.lines(MARGIN, 120, lines, size=10)
    sheet.line(MARGIN + 150, 120 + 8 * 12, "A", size=300)  # on the ninth line's baseline
    sheet.line(MARGIN, baseline + 20, "Magnesium", size=30, bold=True)  # large, over nothing
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "paragraph") == written, kinds_of(parsed)
    assert ("note", "A") in kinds_of(parsed)
    assert "Magnesium" in sentences(parsed)  # as large, but drawn over no other word


def test_a_table_ruled_as_a_grid_gives_one_row_per_ruled_row(tmp_path):
    """A Word or Excel table with every cell boxed: a description wraps over three
    lines while the code and the entity beside it sit once, centred. Each ruled row is
    one table row of its own cells, an empty one kept in its place, never the columns
    read down as prose."""
    rows = [
        ("Class Code", "Class Code Description", "Associated Entity"),
        ("A1", "Airport with scheduled commercial flights that also serves as a "
         "military installation", "Locality Point, Military Installation"),
        ("B0", "Post office, branch, or station", "Locality Point"),
        ("C2", "An active incorporated place that is legally coextensive with a county "
         "subdivision but treated as independent of any county subdivision",
         "County Subdivision, Economic Census Place"),
        ("C3", "Consolidated city", "Consolidated City"),
        ("C4", "", "Locality Point"),  # an empty cell keeps its place
    ]  # fmt: skip
    sheet = Sheet()
    sheet.page()
    before = prose("magnesium", 3)
    top = sheet.paragraph(MARGIN, 90, TEXT_WIDTH, " ".join(before)) + 10
    widths = (80.0, 200.0, 170.0)
    for row in rows:
        wrapped = [
            sheet.wrap(text, width - 8, size=9) for text, width in zip(row, widths, strict=True)
        ]
        height = 11 * max(len(lines) for lines in wrapped) + 6
        x = MARGIN
        for lines, width in zip(wrapped, widths, strict=True):
            sheet.rectangle(x, top, width, height)
            first = top + (height - 11 * len(lines)) / 2 + 8.5  # centred in its cell
            sheet.lines(x + 4, first, lines, size=9, leading=11)
            x += width
        top += height
    after = prose("zinc", 3)
    sheet.paragraph(MARGIN, top + 24, TEXT_WIDTH, " ".join(after))
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "table_row") == ["\t".join(row) for row in rows], kinds_of(parsed)
    assert sentences(parsed, "paragraph") == [*before, *after]


def test_characters_the_page_text_leaves_out_are_found_by_bisection_as_by_code(tmp_path):
    """An Elsevier article's pages leave out U+0002 marks here and there: the
    bisection over PDFium's text-to-character map finds the same character for every
    text position as comparing the text with every character's code."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    from assay.text.pdf_reader import _char_indexes, _char_indexes_by_code

    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)  # a core font: its encoding keeps the marks
    for row in range(30):
        words = prose("magnesium", 1, start=row)[0].split()
        words.insert(row % len(words), "\x02" + words.pop(row % len(words)))
        pdf.text(MARGIN, 80 + 12 * row, " ".join(words))
    pdf.output(str(tmp_path / "marks.pdf"))
    document = pdfium.PdfDocument(str(tmp_path / "marks.pdf"))
    textpage = document[0].get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    assert len(text) < count  # the page's text left characters out
    found = _char_indexes(textpage, text, count)
    assert found == _char_indexes_by_code(textpage, text, count)
    assert len(found) == len(text) + 1
    textpage.close()
    document.close()


def test_line_numbers_in_the_margin_are_left_out_and_said_so(tmp_path):
    """A manuscript as submitted for review, its lines numbered in the left margin
    (Word's line numbering, counting on over the page break): the sentences read as
    written, no line number inside them, and the import notes say the numbers were
    left out. A numbered table on a page without line numbers keeps its numbers."""
    sheet = Sheet()
    written, number = [], 1
    for page in range(2):
        sheet.page()
        text = prose("magnesium", 20, start=page * 20)
        written += text
        for row, line in enumerate(sheet.wrap(" ".join(text), TEXT_WIDTH - 20)):
            sheet.line(MARGIN + 20, 80 + row * 14, line)
            sheet.line(MARGIN - 10 - sheet.width(str(number), 8), 80 + row * 14, str(number), 8)
            number += 1
    sheet.page()
    tail = prose("zinc", 3)
    top = sheet.paragraph(MARGIN, 80, TEXT_WIDTH, " ".join(tail)) + 10
    rows = [(str(n), f"Visit {n}", f"{10 * n} mg") for n in range(1, 13)]
    for index, cells in enumerate(rows):
        for cell, x in zip(cells, (MARGIN, MARGIN + 60, MARGIN + 200), strict=True):
            sheet.line(x, top + index * 12, cell)
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "paragraph") == [*written, *tail], kinds_of(parsed)[:6]
    assert sentences(parsed, "table_row") == ["\t".join(cells) for cells in rows]
    assert "The line numbers in the margin of pages 1, 2 were left out of the text" in (
        parsed.notes
    )


def test_a_sign_set_larger_inside_a_line_does_not_break_its_paragraph(tmp_path):
    """An Elsevier article sets "μm²" with its "μ" from a larger symbol font in the
    middle of a line of body text: the line is still the body's size, so the
    paragraph goes on through it (no new block, no heading made of half a sentence)."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Surface of the cell", size=16, bold=True)
    before = prose("magnesium", 3)
    sign = "The scan area was set as 5 × 5 μm2 and the scan rate was 2 Hz over the whole area."
    after = prose("magnesium", 3, start=3)
    lines = sheet.wrap(" ".join([*before, sign, *after]), TEXT_WIDTH, size=8)
    baseline = 110.0
    for text in lines:
        x = MARGIN
        for word in text.split():
            size = 10 if word == "μm2" else 8  # the sign's font is set larger
            sheet.line(x, baseline, word, size=size)
            x += sheet.width(word + " ", size=size)
        baseline += 10
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "paragraph") == [*before, sign, *after], kinds_of(parsed)
