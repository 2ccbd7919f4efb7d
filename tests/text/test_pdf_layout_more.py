"""PDF import: more defect classes of issue 11, on PDFs the tests generate (see
test_pdf_layout_cases.py for the fixtures): abstract labels inside one paragraph, a
title repeated by the running header, a sentence joined over the footnotes, compounds
broken after a linking word, an author-year entry cut by a page break, a caption's
label kept with its sentence."""

from __future__ import annotations

import re

import pytest
from test_pdf_layout_cases import (
    AUTHOR_YEAR,
    ENTRIES,
    LEADING,
    TEXT_WIDTH,
    TITLE,
    _paper_with_running_matter,
    blocks,
    kinds_of,
    parse,
    sentences,
)

from assay.core.model import ParsedDocument, page_at
from fixtures.pdf_layouts import A4_HEIGHT, MARGIN, Sheet, prose


# F1 (issue class 10) -----------------------------------------------------------------
def test_structured_abstract_labels_are_headings_of_their_own(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Magnesium for night cramps: a trial", size=16, bold=True)
    sheet.line(MARGIN, 110, "Abstract", size=12, bold=True)
    parts = {
        "Background:": prose("magnesium", 2),
        "Methods:": prose("placebo", 2, start=2),
        "Results:": prose("cramp", 2, start=4),
        "Conclusions:": prose("trial", 2, start=6),
    }
    baseline = 130.0
    for label, written in parts.items():
        sheet.line(MARGIN, baseline, label, bold=True)
        x = MARGIN + sheet.width(label + " ", bold=True)
        first, *others = sheet.wrap(" ".join(written), TEXT_WIDTH - (x - MARGIN))
        sheet.line(x, baseline, first)
        baseline = sheet.paragraph(MARGIN, baseline + LEADING, TEXT_WIDTH, " ".join(others))
    parsed = parse(sheet, tmp_path)
    expected: list[tuple[str, str]] = [("heading", "Abstract")]
    for label, written in parts.items():
        expected += [("heading", label), *(("paragraph", s) for s in written)]
    assert kinds_of(parsed)[1:] == expected


# F2 (class 7) -------------------------------------------------------------------------


def test_a_title_repeated_by_the_running_header_is_kept_on_page_1(tmp_path):
    """The running header on pages 2+ is the title itself (as in most journals); the
    title on page 1 sits 20 pt lower than the header does, in 16 pt bold."""
    sheet = Sheet()
    written = _paper_with_running_matter(sheet, TITLE, TITLE)
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "title") == [TITLE], kinds_of(parsed)[:3]
    assert parsed.text.count(TITLE) == 1
    assert sentences(parsed, "paragraph") == written


# F3 (class 8 / 7) -----------------------------------------------------------------------


def test_a_sentence_cut_by_a_page_break_is_joined_over_the_footnotes(tmp_path):
    """Page 1 ends mid-sentence; three small note lines sit at its foot; page 2 goes on."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Zinc status in older adults", size=16, bold=True)
    notes = [
        "* Correspondence: jane.doe@example.org",
        "Received 3 March 2021; Accepted 9 June 2021",
        "© 2021 The Authors. Published by Example Press.",
    ]
    written = prose("zinc", 60)
    lines = sheet.wrap(" ".join(written), TEXT_WIDTH)
    sheet.lines(MARGIN, 130, lines[:48])
    sheet.lines(MARGIN, A4_HEIGHT - 90, notes, size=7.5, leading=9)
    sheet.page()
    sheet.lines(MARGIN, 80, lines[48:])
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "paragraph") == written


# F5 (class 11) -------------------------------------------------------------------------


def test_a_compound_broken_after_its_inner_hyphen_keeps_it(tmp_path):
    """ "language-to-" + "meaning", "stop-the-" + "world": the first part already holds a
    hyphen, and "to", "the" are words; "meaning" and "world" are written nowhere else
    (a word list would know them)."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Parsers and collectors", size=16, bold=True)
    lines = [
        "The parser learns a language-to-",
        "meaning mapping from pairs of sentences and their logical forms, and",
        "the runtime avoids a stop-the-",
        "world pause by collecting the heap in small steps.",
    ]
    sheet.lines(MARGIN, 110, lines)
    parsed = parse(sheet, tmp_path)
    assert "language-to-meaning" in parsed.text, parsed.text
    assert "stop-the-world" in parsed.text, parsed.text


# F6 (class 14) -------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["author-year"])
def test_the_last_entry_cut_by_a_page_break_is_joined(tmp_path, style):
    """The list's last entry goes on overleaf: page 2 holds only its indented tail."""
    from test_pdf_layout_cases import _reference_pdf

    entries = AUTHOR_YEAR if style == "author-year" else ENTRIES
    sheet = Sheet()
    _reference_pdf(sheet, entries, style, break_in=len(entries))
    parsed = parse(sheet, tmp_path)
    found = [re.sub(r"^(\[\d+\]|\d+\.) ", "", s) for s in sentences(parsed, "reference")]
    assert found == entries, kinds_of(parsed)[-4:]


# F8 (class 12; the segmenter, not the PDF reader) ------------------------------------


def test_a_caption_label_stays_with_its_sentence(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Serum magnesium by group", size=16, bold=True)
    sheet.paragraph(MARGIN, 110, TEXT_WIDTH, " ".join(prose("magnesium", 3)))
    figure = "Figure 1. Serum magnesium in the two groups over twelve weeks."
    sheet.line(MARGIN + 60, 300, figure, size=9)
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "caption") == [figure], kinds_of(parsed)


def test_a_table_row_opening_a_page_starts_that_page():
    from assay.core.model import BlockKind
    from assay.text.blocks import RawBlock
    from assay.text.pipeline import parse_blocks

    raw = [
        RawBlock(BlockKind.PARAGRAPH, "\fMagnesium was given daily."),
        RawBlock(BlockKind.TABLE_ROW, "\fStudy\tDose"),
        RawBlock(BlockKind.PARAGRAPH, "Zinc was given weekly."),
    ]
    parsed = parse_blocks(raw, source_name="paper.pdf", format="pdf")
    pages = {parsed.text[s.start : s.end]: page_at(parsed.pages, s.start) for s in parsed.sentences}
    assert pages == {
        "Magnesium was given daily.": 1,
        "Study\tDose": 2,
        "Zinc was given weekly.": 2,
    }


def test_a_displayed_equation_is_a_formula_and_the_prose_around_it_stays_whole(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Composition of phrase vectors", size=16, bold=True)
    before = "We define a composition function that yields a phrase vector p:"
    after = "where u and v are the vectors of the two words of the phrase."
    sheet.line(MARGIN, 120, before)
    sheet.line(MARGIN + 120, 144, "p = f(u, v) = W[u; v]   (1)")
    sheet.line(MARGIN, 168, after)
    parsed = parse(sheet, tmp_path)
    assert blocks(parsed, "formula") == ["p = f(u, v) = W[u; v] (1)"], kinds_of(parsed)
    assert sentences(parsed, "paragraph") == [before, after]


def test_the_author_line_is_a_note_and_the_title_names_the_document(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 70, "Research Article", size=16)
    sheet.line(MARGIN, 100, "Magnesium Glycinate and Sleep Quality", size=16, bold=True)
    sheet.line(MARGIN, 130, "Ann B. Smith, Carl D. Jones, and Eve F. Brown", size=11, bold=True)
    sheet.paragraph(MARGIN, 160, TEXT_WIDTH, " ".join(prose("magnesium", 4)))
    parsed = parse(sheet, tmp_path)
    assert parsed.title == "Magnesium Glycinate and Sleep Quality"
    assert blocks(parsed, "note") == ["Ann B. Smith, Carl D. Jones, and Eve F. Brown"]
    assert blocks(parsed, "title") == ["Magnesium Glycinate and Sleep Quality"]


def test_a_charts_labels_are_notes_one_by_one_not_sentences(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Serum magnesium by dose", size=16, bold=True)
    text = " ".join(prose("magnesium", 3))
    after = sheet.paragraph(MARGIN, 110, TEXT_WIDTH, text)
    top = after + 20
    sheet.rectangle(MARGIN + 24, top + 160, 370, 0.5)  # the x axis
    for bar in range(10):  # a bar chart: ten bars and its labels over them
        height = 20 + 12 * bar
        sheet.rectangle(MARGIN + 30 + 36 * bar, top + 160 - height, 20, height)
    for bar, label in enumerate(["Placebo 12", "Low 18", "High 25"]):
        sheet.line(MARGIN + 40 + 120 * bar, top + 60, label, size=8)
        sheet.line(MARGIN + 40 + 120 * bar, top + 75, "mg/day", size=8)
    for tick, label in enumerate(["300 mg", "200 mg", "100 mg"]):  # the y axis
        sheet.line(MARGIN + 12, top + 30 + 10 * tick, label, size=8)
    sheet.line(MARGIN, top + 190, "Figure 1. Serum magnesium by dose.", size=9)
    parsed = parse(sheet, tmp_path)
    # The labels are kept (as notes, or as cells where they line up like a table's),
    # never read into prose; the paragraph and the caption stay whole.
    labels = " ".join(blocks(parsed, "note", "table_row"))
    assert all(label in labels for label in ("Placebo 12", "Low 18", "High 25", "mg/day"))
    assert {"300 mg", "200 mg", "100 mg"} <= set(blocks(parsed, "note"))  # one by one
    assert sentences(parsed, "paragraph") == prose("magnesium", 3), kinds_of(parsed)
    assert blocks(parsed, "caption") == ["Figure 1. Serum magnesium by dose."]


def test_accents_drawn_as_glyphs_go_onto_the_letter_they_sit_over():
    import unicodedata

    from assay.text.pdf_accents import compose_accents

    def nfc(text: str) -> str:
        return unicodedata.normalize("NFC", text)

    after = lambda position: 1  # noqa: E731 - the glyph sits over the next letter (TeX)
    before = lambda position: -1  # noqa: E731 - over the letter before ("Ageˆncia")
    assert nfc(compose_accents("Gr´egory", after)) == "Grégory"
    assert nfc(compose_accents("na¨ıve", after)) == "naïve"  # TeX's dotless i
    assert nfc(compose_accents("Franc¸ois", before)) == "François"
    assert nfc(compose_accents("Aviac¸a˜o", before)) == "Aviação"
    assert compose_accents("Pat´", before) == "Pat´"  # no "t́" letter: left as printed
    assert compose_accents("don´t", lambda position: 0) == "don´t"  # between letters
    assert len(compose_accents("Gr´egory", after)) == len("Gr´egory")  # indexes hold


def test_the_white_paper_as_a_pdf_cites_the_works_its_markdown_cites(tmp_path):
    """Seed 001 typeset as a PDF (nested bullets indented, tables as cells in columns,
    cells wrapping onto several lines) gives the same works as its Markdown, each cited
    by the same sentences and table rows (the References panel's data)."""
    from assay.evidence.references import works_json
    from assay.text.pipeline import parse_file
    from fixtures.documents import seed
    from fixtures.pdf_layouts import typeset

    markdown = seed("001")
    pdf = parse_file(typeset(markdown, tmp_path / "white-paper.pdf"))

    def cited(parsed: ParsedDocument) -> dict[str, list[str]]:
        return {work["key"]: [c["text"] for c in work["cited_by"]] for work in works_json(parsed)}

    expected, found = cited(markdown), cited(pdf)
    assert set(found) == set(expected)
    assert {key: texts for key, texts in found.items() if texts != expected[key]} == {}


WRAPPED = [
    ["Study", "Dose", "Outcome"],
    ["Boyle 2017", "225-300 mg magnesium a day", "Reduced anxiety in mild to moderate cases of it"],
    ["Abbasi 2012", "500 mg", "Better sleep"],
    [
        "Tarleton 2017",
        "248 mg magnesium chloride a day",
        "Fewer symptoms of depression at six weeks",
    ],
    ["Rondanelli 2011", "225 mg", "Longer sleep"],
]


def test_a_table_whose_cells_wrap_gives_one_row_per_printed_row(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Trials of magnesium", size=16, bold=True)
    intro = prose("magnesium", 2)
    baseline = sheet.paragraph(MARGIN, 110, TEXT_WIDTH, " ".join(intro)) + 14
    cell_x, width = [MARGIN, MARGIN + 110, MARGIN + 260], [100.0, 140.0, 200.0]
    for row in WRAPPED:
        wrapped = [sheet.wrap(cell, w, size=9) for cell, w in zip(row, width, strict=True)]
        for x, lines in zip(cell_x, wrapped, strict=True):
            sheet.lines(x, baseline, lines, size=9, leading=11)
        baseline += 11 * max(len(lines) for lines in wrapped) + 4
    parsed = parse(sheet, tmp_path)
    rows = sentences(parsed, "table_header", "table_row")
    assert rows == ["\t".join(row) for row in WRAPPED], kinds_of(parsed)


def test_a_caption_beside_a_figure_the_text_wraps_around_is_not_read_into_it(tmp_path):
    """Text set narrow beside a figure, the figure's caption under it on the right, its
    lines half a line lower than the text's: two streams, never one interleaved."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Magnesium and sleep", size=16, bold=True)
    written = prose("magnesium", 24)
    narrow = TEXT_WIDTH * 0.55
    lines = sheet.wrap(" ".join(written), narrow)
    wrapped, rest = lines[:8], " ".join(lines[8:])
    end = sheet.lines(MARGIN, 110, wrapped, leading=LEADING)
    sheet.paragraph(MARGIN, end, TEXT_WIDTH, rest, leading=LEADING)
    right = MARGIN + narrow + 20
    sheet.rectangle(right, 95, TEXT_WIDTH - narrow - 20, 40)
    caption = "Figure 1: Serum magnesium before and after twelve weeks of the supplement."
    caption_lines = sheet.wrap(caption, TEXT_WIDTH - narrow - 20)
    assert len(caption_lines) >= 3
    sheet.lines(right, 110 + 3 * LEADING + LEADING / 2, caption_lines, leading=LEADING)
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "paragraph") == written, kinds_of(parsed)
    assert sentences(parsed, "caption") == [caption], kinds_of(parsed)


def test_authors_set_side_by_side_are_read_one_author_at_a_time(tmp_path):
    """Names centred over their affiliations and addresses, three authors in a row (as
    IEEE and ACM set them): each author's lines are one note, never read across."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, TITLE, size=16, bold=True)
    authors = [
        ("Ann Smith", "Department of Nutrition,", "Oslo University", "ann@oslo.example"),
        ("Bo Lee", "School of Medicine,", "Seoul National University", "bo@snu.example"),
        ("Cy Diaz", "Institute of Physiology,", "University of Chile", "cy@uchile.example"),
    ]
    slot = TEXT_WIDTH / len(authors)
    for number, lines in enumerate(authors):
        middle = MARGIN + slot * (number + 0.5)
        for row, text in enumerate(lines):
            size = 12 if row == 0 else 10
            sheet.line(middle - sheet.width(text, size) / 2, 110 + 14 * row, text, size)
    written = prose("magnesium", 4)
    sheet.paragraph(MARGIN, 190, TEXT_WIDTH, " ".join(written))
    parsed = parse(sheet, tmp_path)
    notes = sentences(parsed, "note")
    for name, *rest in authors:
        assert name in notes, kinds_of(parsed)
        assert " ".join(rest) in notes, kinds_of(parsed)
    assert sentences(parsed, "paragraph") == written


def test_a_table_across_the_column_gutter_keeps_its_rows(tmp_path):
    """A two-column page with a full-width table whose labels sit left of the columns'
    gutter and whose figures sit right of it: one row per printed row, never the labels
    run together as a paragraph and the figures after them."""
    from test_pdf_layout_cases import columns_of_prose

    sheet = Sheet()
    sheet.page()
    width, gutter = (TEXT_WIDTH - 18) / 2, 18
    columns_of_prose(sheet, ["magnesium", "zinc"], MARGIN, width, gutter, 90)
    sheet.line(MARGIN, 250, "Table 1. Baseline characteristics of the two groups.", size=10)
    rows = [
        ("Age: mean, SD", "67.7", "72.8", "<0.001"),
        ("Women (%)", "53.1", "64.1", "<0.001"),
        ("Education: mean, SD", "8.7", "7.9", "0.02"),
        ("Current smoking (%)", "47.0", "41.8", "0.05"),
    ]
    right = MARGIN + width + gutter
    for number, (label, *figures) in enumerate(rows):
        baseline = 270 + number * LEADING
        sheet.line(MARGIN, baseline, label, size=9)
        for cell, figure in enumerate(figures):
            sheet.line(right + 8 + cell * 70, baseline, figure, size=9)
    columns_of_prose(sheet, ["iron", "calcium"], MARGIN, width, gutter, 350)
    parsed = parse(sheet, tmp_path)
    table = blocks(parsed, "table_row")
    assert table == ["\t".join(row) for row in rows], kinds_of(parsed)


def test_an_option_list_with_one_long_option_keeps_its_rows(tmp_path):
    """A list of options and what they do (a program's --help in a manual, laid out as
    on a real manual page), one option so long that its description runs on after a
    word space: read row by row, never the options run together and then their
    descriptions (a gutter found between the two is the list's, not the page's)."""
    sheet = Sheet()
    sheet.page()
    size = 10.9
    above = [
        (158, "5.2 Invoking the decoder", 14.3),
        (177, "The decoder reads a structure from a file of definitions and a binary", size),
        (190, "file of encoded data.", size),
        (206, "Usage: decoder [OPTION] DEFINITIONS ENCODED TYPE", size),
        (219, "Decodes the data in the ENCODED file, for the TYPE element", size),
        (232.5, "described in the DEFINITIONS file, and prints what it found.", size),
    ]
    for top, text, text_size in above:
        sheet.line(90, top, text, size=text_size)
    options = [
        ("-b, --benchmark", "perform a benchmark on decoding"),
        ("-s, --strict", "use strict decoding"),
        ("-t, --no-time-strict", "use strict decoding but not in time fields"),
        ("-h, --help", "display this help and exit"),
        ("-v, --version", "output version information and exit"),
    ]
    for number, (option, description) in enumerate(options):
        top = 258.8 + number * 13.15
        if option.startswith("-t"):  # too long for its slot: one space, then the text
            sheet.line(101, top, f"{option} {description}", size=size)
        else:
            sheet.line(101, top, option, size=size)
            sheet.line(227, top, description, size=size)
    below = [
        "Report bugs to: the mailing list.",
        "Home page of the library: <https://example.org/library/>",
        "General help using the tools: <https://example.org/help/>",
    ]
    for number, text in enumerate(below):
        sheet.line(90, 337.7 + number * 13.15, text, size=size)
    parsed = parse(sheet, tmp_path)
    rows = [f"{option}\t{description}" for option, description in options]
    long_option = rows.pop(2).replace("\t", " ")
    assert blocks(parsed, "table_row") == rows, kinds_of(parsed)
    assert long_option in sentences(parsed)
    labels = [option for option, _ in options]
    for sentence in sentences(parsed):
        assert sum(label in sentence for label in labels) <= 1, sentence


def test_a_label_at_the_right_margin_is_a_note_not_part_of_its_line(tmp_path):
    """A manual's definition line with its kind set flush right ("[Function]") after a
    wide space, the definition wrapping onto a second line: the label is a note of its
    own, read before the definition, which stays one sentence; prose is untouched."""
    sheet = Sheet()
    sheet.page()
    text = " ".join(prose("magnesium", 3))
    baseline = sheet.paragraph(MARGIN, 120, TEXT_WIDTH, text)
    first = "int magnesium_dose_for_adults (const char * name, const char * unit,"
    sheet.line(MARGIN, baseline + 6, first)
    label = "[Function]"
    sheet.line(MARGIN + TEXT_WIDTH - sheet.width(label), baseline + 6, label)
    sheet.line(MARGIN + 40, baseline + 6 + LEADING, "int weeks)")
    sheet.line(MARGIN + 20, baseline + 6 + 2.5 * LEADING, "It returns a dose.")
    parsed = parse(sheet, tmp_path)
    found = sentences(parsed)
    definition = f"{first} int weeks)"
    assert found.index(label) + 1 == found.index(definition), found
    assert all(sentence in found for sentence in prose("magnesium", 3)), found
    assert kinds_of(parsed)[found.index(label)] == ("note", label)
