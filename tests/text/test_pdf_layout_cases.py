"""PDF import, one test per defect class of issue 11 ("Faithful text", "Structure").

Each test lays out a small PDF by hand (tests/fixtures/pdf_layouts.py: every printed
line at an absolute position, in the size and weight a journal would use) and checks
what `parse_file` gives: the sentences, their kinds and their pages. Kinds are
compared as strings so the file also imports against a reader that predates the
caption and note kinds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assay.core.model import ParsedDocument, page_at
from assay.text.pipeline import parse_file
from fixtures.documents import font_folder
from fixtures.pdf_layouts import A4_HEIGHT, A4_WIDTH, MARGIN, Sheet, prose

pytestmark = pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")

TEXT_WIDTH = A4_WIDTH - 2 * MARGIN
BODY = 10.0
LEADING = 12.0


def parse(sheet: Sheet, tmp_path: Path, name: str = "layout.pdf") -> ParsedDocument:
    return parse_file(sheet.save(tmp_path / name))


def sentences(document: ParsedDocument, *kinds: str) -> list[str]:
    """Sentence texts, of the given kinds only when kinds are given."""
    return [
        document.text[s.start : s.end]
        for s in document.sentences
        if not kinds or str(s.kind) in kinds
    ]


def blocks(document: ParsedDocument, *kinds: str) -> list[str]:
    return [
        document.text[b.start : b.end].strip("\f")
        for b in document.blocks
        if not kinds or str(b.kind) in kinds
    ]


def kinds_of(document: ParsedDocument) -> list[tuple[str, str]]:
    """(kind, text) per sentence: what an assertion message should show."""
    return [(str(s.kind), document.text[s.start : s.end]) for s in document.sentences]


def columns_of_prose(
    sheet: Sheet, topics: list[str], left: float, width: float, gutter: float, top: float
) -> dict[str, list[str]]:
    """Columns side by side, each a paragraph of sentences naming its own topic, their
    lines written to the content stream row by row across the columns (as producers
    that emit text by height do), so that only geometry gives the reading order."""
    written: dict[str, list[str]] = {}
    wrapped: list[list[str]] = []
    for index, topic in enumerate(topics):
        written[topic] = prose(topic, 6, start=index)
        wrapped.append(sheet.wrap(" ".join(written[topic]), width))
    for row in range(max(len(lines) for lines in wrapped)):
        for index, lines in enumerate(wrapped):
            if row < len(lines):
                sheet.line(left + index * (width + gutter), top + row * LEADING, lines[row])
    return written


# 1. Font size as printed ----------------------------------------------------------


def test_text_set_with_a_scaled_text_matrix_stays_one_paragraph(tmp_path):
    """Tf 1 with the size in the text matrix: PDFium's font size is 1.0 there, the
    printed size 10 pt. A 6+ line paragraph must not fall apart into lines."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 90, "Scaled type in a journal article", size=16, bold=True)
    written = prose("magnesium", 9)
    lines = sheet.wrap(" ".join(written), TEXT_WIDTH)
    assert len(lines) >= 6
    for row, text in enumerate(lines):
        sheet.scaled_line(MARGIN, 130 + row * LEADING, text, size=BODY)
    parsed = parse(sheet, tmp_path)
    assert blocks(parsed, "paragraph") == [" ".join(written)], kinds_of(parsed)
    assert sentences(parsed, "paragraph") == written


# 2. Text outside the visible page --------------------------------------------------


def test_lines_drawn_outside_the_page_are_not_text(tmp_path):
    """Qt's PDF writer draws a line at a page break twice, once below the page; some
    producers park draft notes at a negative x. A viewer shows neither."""
    sheet = Sheet()
    first = prose("zinc", 4)
    cut_head, cut_tail = "The final zinc measurement was taken", "at the close of the study."
    sheet.page()
    baseline = sheet.paragraph(MARGIN, 90, TEXT_WIDTH, " ".join(first))
    sheet.line(MARGIN, baseline, cut_head)
    sheet.line(MARGIN, A4_HEIGHT + 14, cut_tail)  # the next page's first line, off this page
    sheet.line(-400, 300, "Hidden draft remark about copper.")
    sheet.page()
    sheet.line(MARGIN, 90, cut_tail)
    parsed = parse(sheet, tmp_path)
    assert "Hidden" not in parsed.text
    assert parsed.text.count("at the close of the study") == 1
    assert sentences(parsed, "paragraph") == [*first, f"{cut_head} {cut_tail}"]


# 3-5. Columns ------------------------------------------------------------------------


def test_two_columns_under_a_full_width_title_and_abstract(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Trace minerals in two cohorts", size=16, bold=True)
    abstract = prose("selenium", 3)
    baseline = sheet.paragraph(MARGIN, 110, TEXT_WIDTH, " ".join(abstract))
    gutter = 18.0
    width = (TEXT_WIDTH - gutter) / 2
    written = columns_of_prose(sheet, ["iron", "zinc"], MARGIN, width, gutter, baseline + 14)
    parsed = parse(sheet, tmp_path)
    found = sentences(parsed, "paragraph")
    mixed = [s for s in found if "iron" in s and "zinc" in s]
    assert not mixed
    assert found == [*abstract, *written["iron"], *written["zinc"]], kinds_of(parsed)


def test_three_columns_with_narrow_gutters_are_read_column_by_column(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Notice on mineral supplements", size=16, bold=True)
    gutter = 12.0
    width = (TEXT_WIDTH - 2 * gutter) / 3
    written = columns_of_prose(sheet, ["iron", "zinc", "copper"], MARGIN, width, gutter, 110)
    parsed = parse(sheet, tmp_path)
    found = sentences(parsed, "paragraph")
    assert found == [*written["iron"], *written["zinc"], *written["copper"]], kinds_of(parsed)


def test_a_sidebar_beside_two_columns_never_interleaves_with_them(tmp_path):
    """A narrow box of small type at the left, two body columns beside it; the
    sidebar's baselines fall between the body's. The title's space between "zinc" and
    "in" lies over the gutter between the sidebar and the body."""
    sheet = Sheet()
    sheet.page()
    title = "Iron and zinc in practice"
    sheet.line(MARGIN, 80, title, size=16, bold=True)
    sidebar_width, gap = 110.0, 16.0
    body_left = MARGIN + sidebar_width + gap
    gutter = 14.0
    width = (A4_WIDTH - MARGIN - body_left - gutter) / 2
    sidebar = prose("selenium", 4)
    sidebar_lines = sheet.wrap(" ".join(sidebar), sidebar_width, size=8)
    sheet.rectangle(MARGIN - 4, 100, sidebar_width + 8, len(sidebar_lines) * 9.5 + 12)
    sheet.lines(MARGIN, 113, sidebar_lines, size=8, leading=9.5)
    written = columns_of_prose(sheet, ["iron", "zinc"], body_left, width, gutter, 110)
    parsed = parse(sheet, tmp_path)
    assert sentences(parsed, "title") == [title], kinds_of(parsed)[:3]
    found = sentences(parsed)[1:]
    interleaved = [s for s in found if "selenium" in s and ("iron" in s or "zinc" in s)]
    assert not interleaved, interleaved
    body = [s for s in found if "iron" in s or "zinc" in s]
    assert body == [*written["iron"], *written["zinc"]], kinds_of(parsed)
    assert [s for s in found if "selenium" in s] == sidebar


# 6. Superscripts ----------------------------------------------------------------------


def test_a_superscript_keeps_its_line_in_order(tmp_path):
    """ "The ¹H NMR spectrum…": the raised "1" is its own text object, written after the
    rest of the line as some producers do."""
    sheet = Sheet()
    sheet.page()
    before = prose("lithium", 2)
    baseline = sheet.paragraph(MARGIN, 90, TEXT_WIDTH, " ".join(before))
    start, rest = "The ", "H NMR spectrum of compound 3 readily showed the expected peaks."
    after = prose("lithium", 2, start=5)
    x = MARGIN + sheet.width(start)
    sheet.line(MARGIN, baseline, start)
    sheet.line(x + sheet.width("1", size=6), baseline, rest)
    sheet.line(x, baseline - 4, "1", size=6)
    sheet.paragraph(MARGIN, baseline + LEADING, TEXT_WIDTH, " ".join(after))
    parsed = parse(sheet, tmp_path)
    found = sentences(parsed, "paragraph")
    squeezed = [re.sub(r"\s", "", s) for s in found]
    wanted = re.sub(r"\s", "", "The 1" + rest)
    assert wanted in squeezed, found
    assert len(found) == 5 and found[:2] == before and found[3:] == after, found


# 7. Running headers and footers ---------------------------------------------------------

TITLE = "Magnesium and Sleep: A Pooled Analysis"
JOURNAL = "Journal of Applied Nutrition 12 (2024)"


def _paper_with_running_matter(sheet: Sheet, title: str, header: str) -> list[str]:
    """Four+ pages: the title on page 1; on the others a running header 80 pt from the
    top (outside a 9 % band) with the page number at the right; on every page a footer
    80 pt from the bottom with "Page N". One paragraph runs across every page break."""
    written = prose("magnesium", 150)
    lines = sheet.wrap(" ".join(written), TEXT_WIDTH)
    per_page = 50
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    assert len(pages) >= 4
    for number, page_lines in enumerate(pages, start=1):
        sheet.page()
        if number == 1:
            sheet.line(MARGIN, 100, title, size=16, bold=True)
        else:
            sheet.line(MARGIN, 80, header, size=8)
            sheet.line(A4_WIDTH - MARGIN - sheet.width(str(number), 8), 80, str(number), 8)
        sheet.line(MARGIN, A4_HEIGHT - 80, JOURNAL, size=8)
        sheet.line(A4_WIDTH - MARGIN - sheet.width(f"Page {number}", 8), A4_HEIGHT - 80,
                   f"Page {number}", 8)  # fmt: skip
        sheet.lines(MARGIN, 130, page_lines)
    return written


def test_running_header_and_footer_just_outside_the_margin_band_are_dropped(tmp_path):
    sheet = Sheet()
    written = _paper_with_running_matter(sheet, TITLE, "Magnesium and sleep")
    parsed = parse(sheet, tmp_path)
    assert "Magnesium and sleep" not in parsed.text
    assert "Journal of Applied" not in parsed.text
    assert not re.search(r"Page \d", parsed.text)
    assert sentences(parsed, "title") == [TITLE]
    assert sentences(parsed, "paragraph") == written
    # A sentence cut by the first page break starts on page 1 and is whole.
    cut = next(s for s in parsed.sentences if page_at(parsed.pages, s.end - 1) == 2)
    assert page_at(parsed.pages, cut.start) == 1


# 8. Notes ---------------------------------------------------------------------------------


def test_footnotes_and_front_matter_lines_are_notes_of_their_own(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Zinc status in older adults", size=16, bold=True)
    sheet.line(MARGIN, 100, "Jane Doe*, Omar Haddad", size=10)
    notes = [
        "* Correspondence: jane.doe@example.org",
        "Received 3 March 2021; Accepted 9 June 2021",
        "© 2021 The Authors. Published by Example Press.",
    ]
    written = prose("zinc", 60)
    lines = sheet.wrap(" ".join(written), TEXT_WIDTH)
    first_page = 48
    sheet.lines(MARGIN, 130, lines[:first_page])
    sheet.lines(MARGIN, A4_HEIGHT - 90, notes, size=7.5, leading=9)
    sheet.page()
    sheet.lines(MARGIN, 80, lines[first_page:])
    parsed = parse(sheet, tmp_path)
    assert blocks(parsed, "note") == notes, kinds_of(parsed)
    glued = [s for s in sentences(parsed) if "zinc" in s and re.search(r"Corresp|Received|©", s)]
    assert not glued


# 9-10. Headings and labels -------------------------------------------------------------------


def test_a_heading_alone_on_its_line_is_a_heading_and_a_run_in_phrase_is_not(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Engines for dynamic languages", size=16, bold=True)
    sheet.line(MARGIN, 115, "2 Design", size=12, bold=True)
    intro = prose("cache", 3)
    baseline = sheet.paragraph(MARGIN, 135, TEXT_WIDTH, " ".join(intro))
    sheet.line(MARGIN, baseline + 10, "Object layout", bold=True)
    run_in = "Representation specialization: objects."
    rest = (
        "In JavaScript, names map to slots through hidden classes. "
        "Each hidden class records the offsets of its properties. "
        "A change of shape moves the object to another class."
    )
    baseline += 10 + LEADING
    sheet.line(MARGIN, baseline, run_in, bold=True)
    x = MARGIN + sheet.width(run_in + " ", bold=True)
    rest_lines = sheet.wrap(rest, TEXT_WIDTH - (x - MARGIN))
    first, *others = rest_lines
    sheet.line(x, baseline, first)
    sheet.paragraph(MARGIN, baseline + LEADING, TEXT_WIDTH, " ".join(others))
    parsed = parse(sheet, tmp_path)
    assert blocks(parsed, "heading") == ["2 Design", "Object layout"], kinds_of(parsed)
    assert blocks(parsed, "paragraph") == [" ".join(intro), f"{run_in} {rest}"]


# 11. Hyphens ---------------------------------------------------------------------------


def test_line_end_hyphens_are_dropped_only_inside_broken_words(tmp_path):
    """The parts of "count-based" and "language-to-meaning" are written elsewhere as
    words; "magnesium" and "pH" are not split anywhere else."""
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Sensors and supplements", size=16, bold=True)
    lines = [
        "Tablets of organic magnesium salts dissolved fast, and the count was based",
        "on pill diaries that every patient kept. Oral magne-",
        "sium citrate was the form most patients chose, with a count-",
        "based dosing schedule agreed at the first visit. The gel was pH-",
        "responsive and released the dose in the small intestine, and the",
        "language-to-",
        "meaning mapping of the diary items was checked by two raters. The",
        "meaning of each item was explained to the patients at the start.",
    ]
    sheet.lines(MARGIN, 110, lines)
    parsed = parse(sheet, tmp_path)
    text = parsed.text
    for word in ("magnesium citrate", "count-based", "pH-responsive", "language-to-meaning"):
        assert word in text, text
    for broken in ("magne-sium", "countbased", "pHresponsive", "languageto"):
        assert broken not in text


# 12-13. Captions and tables ------------------------------------------------------------


def test_figure_and_table_captions_are_captions(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Serum magnesium by group", size=16, bold=True)
    before, after = prose("magnesium", 3), prose("magnesium", 3, start=4)
    baseline = sheet.paragraph(MARGIN, 110, TEXT_WIDTH, " ".join(before))
    sheet.rectangle(MARGIN + 60, baseline + 4, 300, 120)
    figure = "Figure 1. Serum magnesium in the two groups over twelve weeks."
    table = "Table 2: Baseline characteristics of the participants."
    baseline += 140
    sheet.line(MARGIN + 60, baseline, figure, size=9)
    baseline = sheet.paragraph(MARGIN, baseline + 24, TEXT_WIDTH, " ".join(after))
    sheet.line(MARGIN, baseline + 12, table, size=9)
    parsed = parse(sheet, tmp_path)
    assert blocks(parsed, "caption") == [figure, table], kinds_of(parsed)
    assert sentences(parsed, "paragraph") == [*before, *after]


TABLE = [
    ["Study", "Dose", "Participants", "Outcome"],
    ["Boyle 2017", "300 mg", "126", "Less anxiety"],
    ["Abbasi 2012", "500 mg", "46", "Better sleep"],
    ["Tarleton 2017", "248 mg", "112", "Fewer symptoms"],
    ["Rondanelli 2011", "225 mg", "43", "Longer sleep"],
]


def test_a_table_gives_rows_with_cells_kept_apart(tmp_path):
    sheet = Sheet()
    sheet.page()
    sheet.line(MARGIN, 80, "Trials of magnesium", size=16, bold=True)
    intro = prose("magnesium", 2)
    baseline = sheet.paragraph(MARGIN, 110, TEXT_WIDTH, " ".join(intro))
    cell_x = [MARGIN, MARGIN + 120, MARGIN + 210, MARGIN + 320]
    baseline += 14
    for row in TABLE:
        for x, cell in zip(cell_x, row, strict=True):
            sheet.line(x, baseline, cell, size=9)
        baseline += 13
    after = prose("magnesium", 2, start=3)
    sheet.paragraph(MARGIN, baseline + 14, TEXT_WIDTH, " ".join(after))
    parsed = parse(sheet, tmp_path)
    rows = sentences(parsed, "table_header", "table_row")
    assert rows == ["\t".join(row) for row in TABLE], kinds_of(parsed)
    assert sentences(parsed, "paragraph") == [*intro, *after]


# 14. Reference lists ---------------------------------------------------------------------

ENTRIES = [
    "Boyle NB, Lawton C, Dye L. The effects of magnesium supplementation on subjective "
    "anxiety and stress: a systematic review. Nutrients. 2017;9(5):429.",
    "Abbasi B, Kimiagar M, Sadeghniiat K, et al. The effect of magnesium supplementation "
    "on primary insomnia in elderly: a double-blind trial. J Res Med Sci. 2012;17(12):1161-9.",
    "Tarleton EK, Littenberg B, MacLean CD, et al. Role of magnesium supplementation in the "
    "treatment of depression: a randomized clinical trial. PLoS One. 2017;12(6):e0180067.",
    "Rondanelli M, Opizzi A, Monteferrario F, et al. The effect of melatonin, magnesium, and "
    "zinc on primary insomnia in long-term care facility residents. J Am Geriatr Soc. "
    "2011;59(1):82-90.",
    "Serefko A, Szopa A, Wlaz P, et al. Magnesium in depression. Pharmacol Rep. 2013;65(3):547-54.",
    "Schwalfenberg GK, Genuis SJ. The importance of magnesium in clinical healthcare. "
    "Scientifica. 2017;2017:4179326.",
]
AUTHOR_YEAR = [
    "Abbasi, B., Kimiagar, M., & Sadeghniiat, K. (2012). The effect of magnesium "
    "supplementation on primary insomnia in elderly. Journal of Research in Medical "
    "Sciences, 17(12), 1161-1169.",
    "Boyle, N. B., Lawton, C., & Dye, L. (2017). The effects of magnesium supplementation "
    "on subjective anxiety and stress. Nutrients, 9(5), 429.",
    "Rondanelli, M., Opizzi, A., & Monteferrario, F. (2011). The effect of melatonin, "
    "magnesium, and zinc on primary insomnia. Journal of the American Geriatrics Society, "
    "59(1), 82-90.",
    "Serefko, A., Szopa, A., & Wlaz, P. (2013). Magnesium in depression. Pharmacological "
    "Reports, 65(3), 547-554.",
    "Tarleton, E. K., Littenberg, B., & MacLean, C. D. (2017). Role of magnesium "
    "supplementation in the treatment of depression. PLoS One, 12(6), e0180067.",
]


def _reference_pdf(sheet: Sheet, entries: list[str], style: str, break_in: int) -> None:
    """A short paper whose reference list wraps each entry (a hanging indent) and goes
    on overleaf after the first line of entry number `break_in`."""
    sheet.page()
    sheet.line(MARGIN, 80, "Magnesium and mood", size=16, bold=True)
    cites = "[1-6]" if style != "author-year" else "(Boyle et al., 2017; Serefko et al., 2013)"
    body = f"{' '.join(prose('magnesium', 12))} Magnesium may lift mood {cites}."
    baseline = sheet.paragraph(MARGIN, 110, TEXT_WIDTH, body)
    sheet.line(MARGIN, baseline + 14, "References", size=12, bold=True)
    baseline += 14 + 18
    width, indent = 380.0, 18.0
    for number, entry in enumerate(entries, start=1):
        label = {"brackets": f"[{number}] ", "dotted": f"{number}. ", "author-year": ""}[style]
        first, *others = sheet.wrap(label + entry, width, size=9)
        rest = sheet.wrap(" ".join(others), width - indent, size=9) if others else []
        assert rest
        for row, text in enumerate([first, *rest]):
            if number == break_in and row == 1:  # the page is full: the entry goes on overleaf
                sheet.page()
                baseline = 80.0
            sheet.line(MARGIN + (indent if row else 0), baseline, text, size=9)
            baseline += 11
        baseline += 2


@pytest.mark.parametrize("style", ["brackets", "dotted", "author-year"])
def test_a_reference_list_gives_one_unit_per_entry(tmp_path, style):
    entries = AUTHOR_YEAR if style == "author-year" else ENTRIES
    sheet = Sheet()
    _reference_pdf(sheet, entries, style, break_in=3)
    parsed = parse(sheet, tmp_path)
    found = [re.sub(r"^(\[\d+\]|\d+\.) ", "", s) for s in sentences(parsed, "reference")]
    assert found == entries, kinds_of(parsed)[-12:]
    third = [s for s in parsed.sentences if s.kind == "reference"][2]
    assert (page_at(parsed.pages, third.start), page_at(parsed.pages, third.end - 1)) == (1, 2)
