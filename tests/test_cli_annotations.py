"""`assay export-table`, `assay export-annotations`, `assay import-annotations`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parent / "exchange"))
from export_helpers import annotated_review, fresh_review  # noqa: E402

from assay.cli import main  # noqa: E402


def test_table_annotations_out_and_in(tmp_path: Path, small_seed: Path, capsys) -> None:  # noqa: ANN001
    review = annotated_review(tmp_path, small_seed)
    assert main(["export-table", str(review), "-o", str(tmp_path / "t.xlsx")]) == 0
    assert "6 row(s)" in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").active.max_row == 7
    assert (
        main(["export-table", str(review), "--per", "sentence", "-o", str(tmp_path / "s.csv")]) == 0
    )
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbfDocument,")
    out = tmp_path / "a.jsonld"
    assert main(["export-annotations", str(review), "--format", "w3c", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["total"] == 6
    (tmp_path / "fresh").mkdir()
    fresh = fresh_review(tmp_path / "fresh", small_seed)
    capsys.readouterr()
    assert main(["import-annotations", str(fresh), str(out)]) == 0
    assert "6 placed" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("[]")
    assert main(["import-annotations", str(fresh), str(tmp_path / "bad.json")]) == 1
    assert "holds no annotations" in capsys.readouterr().err


def test_report_gives_the_spreadsheet_and_annotations_go_as_qdpx(
    tmp_path: Path,
    small_seed: Path,
    capsys,  # noqa: ANN001
) -> None:
    """`assay report --format csv|xlsx` is the table export; `export-annotations
    --format qdpx` and `import-annotations FILE.qdpx` are the REFI-QDA exchange."""
    import csv
    import zipfile

    review = annotated_review(tmp_path, small_seed)
    table = tmp_path / "lead.csv"
    assert main(["report", str(review), "--format", "csv", "-o", str(table)]) == 0
    rows = list(csv.reader(table.read_text("utf-8-sig").splitlines()))
    assert rows[0][0] == "Document" and len(rows) == 7
    assert main(["report", str(review), "--format", "xlsx"]) == 0
    assert openpyxl.load_workbook(review.with_suffix(".report.xlsx")).active.max_row == 7
    project = tmp_path / "for-nvivo.qdpx"
    assert main(["export-annotations", str(review), "-o", str(project)]) == 0
    assert "project.qde" in zipfile.ZipFile(project).namelist()
    (tmp_path / "fresh").mkdir()
    fresh = fresh_review(tmp_path / "fresh", small_seed)
    capsys.readouterr()
    assert main(["import-annotations", str(fresh), str(project)]) == 0
    assert "6 annotation(s) added" in capsys.readouterr().out
