"""The table export: CSV read back with the csv module, XLSX with openpyxl."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from export_helpers import PINNED, annotated_review

from assay.exchange.table_export import HEADER_PER_REVIEWER, neutralised
from assay.services.exports import write_table


@pytest.fixture
def review(tmp_path: Path, small_seed: Path) -> Path:
    return annotated_review(tmp_path, small_seed)


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = data[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # CRLF ends every record; a line break inside a (quoted) cell stays a bare LF.
    assert text.endswith("\r\n") and text.count("\r\n") == len(rows)
    return rows


def test_csv_one_row_per_sentence_and_reviewer(review: Path, tmp_path: Path) -> None:
    out = tmp_path / "table.csv"
    written = write_table(review, out, "csv", exported_at=PINNED)
    rows = read_csv(out)
    assert tuple(rows[0]) == HEADER_PER_REVIEWER
    assert written.rows == len(rows) - 1 == 6  # Ada 3, Ben 3
    column = {name: index for index, name in enumerate(rows[0])}
    ada_first = next(r for r in rows[1:] if r[column["Reviewer"]] == "Ada Reviewer")
    assert ada_first[column["Sentence no."]] == "1"
    assert ada_first[column["Claim types"]] == "Efficacy; Dose"
    assert ada_first[column["Verdict"]] == "Overstated"
    assert ada_first[column["Evidence type"]] == "RCT"
    assert ada_first[column["GRADE certainty"]] == "Low"
    assert ada_first[column["Citation accuracy"]] == "Minor error"
    assert ada_first[column["Confidence"]] == "4"
    assert ada_first[column["Evidence"]].splitlines() == [
        "DOI 10.3390/nu9050429 (p. 3; the trial)",
        "Quoted passage Magnesium reduced cramps. (p. 7)",
        "URL https://example.org/study",
    ]
    # Formula injection neutralised: a leading quote, the rest kept.
    assert ada_first[column["Rationale"]] == '\'=HYPERLINK("http://x") only one small trial, n = 12'
    bens = [r for r in rows[1:] if r[column["Reviewer"]] == "Ben Second"]
    assert [r[column["Rationale"]] for r in bens[:2]] == ["'+fine", "'+fine"]
    assert bens[2][column["Claim types"]] == "Not a claim"
    assert {r[column["Status"]] for r in bens} == {"In progress"}


def test_csv_per_sentence_gives_the_decision_that_stands(review: Path, tmp_path: Path) -> None:
    out = tmp_path / "decisions.csv"
    write_table(review, out, "csv", "sentence", exported_at=PINNED)
    rows = read_csv(out)
    column = {name: index for index, name in enumerate(rows[0])}
    assert len(rows) - 1 == 4  # sentences 1-4
    standings = [r[column["Standing"]] for r in rows[1:]]
    assert standings == ["disputed", "disputed", "single", "single"]
    assert rows[1][column["Verdict"]] == ""  # disputed: no decision
    assert rows[3][column["Verdict"]] == "Overstated"
    assert rows[3][column["Decided by"]] == "Ada Reviewer"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(value: str) -> None:
    assert neutralised(value) == "'" + value
    assert neutralised("a" + value) == "a" + value


def test_xlsx_read_back(review: Path, tmp_path: Path) -> None:
    out = tmp_path / "table.xlsx"
    write_table(review, out, "xlsx", exported_at=PINNED)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert sheet.title == "Annotations"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Q7"  # 17 columns, the last Highlights
    header = [cell.value for cell in sheet[1]]
    assert tuple(header) == HEADER_PER_REVIEWER
    assert all(cell.font.b for cell in sheet[1])
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 6
    verdict = header.index("Verdict") + 1
    rationale = header.index("Rationale") + 1
    ada = sheet.cell(row=2, column=verdict)
    assert ada.value == "Overstated" and ada.fill.fgColor.rgb == "FFF2CE7D"
    ben = sheet.cell(row=3, column=verdict)
    assert ben.value == "Supported" and ben.fill.fgColor.rgb == "FF7DCEB8"
    # A formula-like text stays text, verbatim, marked with Excel's quote prefix.
    cell = sheet.cell(row=2, column=rationale)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert cell.quotePrefix
    assert sheet.cell(row=2, column=header.index("Confidence") + 1).value == 4
    assert sheet.cell(row=2, column=4).alignment.wrap_text
    assert sheet.column_dimensions["D"].width == 60


def test_exports_are_deterministic_with_a_pinned_time(review: Path, tmp_path: Path) -> None:
    for format in ("csv", "xlsx"):
        first, second = tmp_path / f"a.{format}", tmp_path / f"b.{format}"
        write_table(review, first, format, exported_at=PINNED)
        write_table(review, second, format, exported_at=PINNED)
        assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_failed_export_leaves_no_file(
    review: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assay.text.errors import Cancelled

    def cancel(done: int, total: int, stage: str) -> None:
        if stage == "writing":
            raise Cancelled

    with pytest.raises(Cancelled):
        write_table(review, tmp_path / "t.xlsx", "xlsx", progress=cancel)
    assert list(tmp_path.glob("t.xlsx*")) == [] and list(tmp_path.glob(".t.xlsx*")) == []
