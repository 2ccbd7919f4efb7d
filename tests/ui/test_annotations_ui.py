"""File ▸ Export table…, Export annotations…, Import annotations… from the window."""

from __future__ import annotations

import json

import openpyxl
from PySide6.QtWidgets import QFileDialog, QInputDialog

from assay.ui import annotations_flow


def test_export_table_from_the_menu_writes_an_xlsx(
    open_window, press, qtbot, tmp_path, monkeypatch
):
    window = open_window()  # the sample review
    press(window, "J", "2", "O")  # Efficacy, Overstated
    target = tmp_path / "table"
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda *a, **k: (annotations_flow.PER_CHOICES[0], True)
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName",
        lambda *a, **k: (str(target), annotations_flow.TABLE_FILTERS["xlsx"]),
    )  # fmt: skip
    window.actions_by_id["export_table"].trigger()
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=30_000)
    sheet = openpyxl.load_workbook(tmp_path / "table.xlsx").active
    assert sheet.max_row == 2 and sheet["F2"].value == "Overstated"
    assert "Exported 1 row(s) to table.xlsx." in window.status.currentMessage()


def test_annotations_out_and_in_again(open_window, press, qtbot, tmp_path, monkeypatch):
    window = open_window()
    press(window, "J", "2", "O")
    out = tmp_path / "a.jsonld"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.actions_by_id["export_annotations"].trigger()
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=30_000)
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 1
    # Importing the same file again changes nothing, says so, and the review comes back.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    window.actions_by_id["import_annotations"].trigger()
    qtbot.waitUntil(lambda: window.session is not None and not window.exchange.busy, timeout=30_000)
    assert "0 placed, 1 already there" in window.status.currentMessage()


def test_cancel_leaves_no_file(open_window, qtbot, tmp_path, monkeypatch):
    import threading

    from assay.services import exports

    window = open_window()
    reading, cancelled = threading.Event(), threading.Event()
    real_load = exports.load

    def slow_load(review):  # the reviewer presses Cancel while the review is read
        reading.set()
        cancelled.wait(10)
        return real_load(review)

    monkeypatch.setattr(exports, "load", slow_load)
    target = tmp_path / "never.csv"
    task = window.annotations.export_table_to(target, "csv")
    assert reading.wait(10)
    task.worker.cancel()
    cancelled.set()
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=30_000)
    assert not target.exists() and not list(tmp_path.glob(".never.csv*"))


def test_a_qdpx_project_imports_from_the_same_menu(
    open_window, press, qtbot, tmp_path, monkeypatch
):
    """File ▸ Import annotations… takes a REFI-QDA project too: its coded selections go
    through the same close-import-reopen as W3C, and a reviewer's own work stays."""
    from assay.services.qdpx import export_qdpx

    window = open_window()
    press(window, "J", "2", "O")
    project = tmp_path / "from-nvivo.qdpx"
    export_qdpx(window.session.path, project, reviewer=window.reviewer)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(project), ""))
    window.actions_by_id["import_annotations"].trigger()
    qtbot.waitUntil(lambda: window.session is not None and not window.exchange.busy, timeout=30_000)
    message = window.status.currentMessage()
    assert "0 annotation(s) added, 1 left as they were" in message, message
