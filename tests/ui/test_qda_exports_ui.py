"""File ▸ Export for NVivo/ATLAS.ti/MAXQDA (.qdpx)… and File ▸ Export references…:
the file chosen is written off the UI thread behind a progress dialog whose Cancel
leaves no file."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton

from assay.core.model import AnnotationState
from assay.services import config
from assay.services.session import ReviewSession
from assay.store import qda_queries


@pytest.fixture
def review(tmp_path: Path, seed_dir: Path) -> Path:
    path = tmp_path / "mine.assay"
    with ReviewSession.create(path, config.ensure_reviewer()) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
        for row in session.sentence_rows()[:3]:
            session.save_annotation(row.id, AnnotationState(verdict="overstated", rationale="r"))
    return path


def _save_as(monkeypatch, path: Path, chosen_filter: str) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), chosen_filter))


def _idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=30_000)


def test_the_file_menu_offers_both_exports(open_window, review):
    window = open_window((review,))
    texts = [action.text() for action in window.menus["file"].actions()]
    assert "Export for NVivo/ATLAS.ti/MAXQDA (.qdpx)…" in texts
    assert "Export references…" in texts


def test_export_qdpx_writes_the_project(open_window, qtbot, review, tmp_path, monkeypatch):
    window = open_window((review,))
    target = tmp_path / "out" / "for-nvivo"
    target.parent.mkdir()
    _save_as(monkeypatch, target, "REFI-QDA project (*.qdpx)")
    window.actions_by_id["export_qdpx"].trigger()
    _idle(qtbot, window)
    written = target.with_name("for-nvivo.qdpx")
    with zipfile.ZipFile(written) as archive:
        assert archive.namelist()[0] == "project.qde"
        assert archive.read("project.qde").count(b"<PlainTextSelection ") == 3
    assert "3 coded selection(s) to for-nvivo.qdpx" in window.status.currentMessage()


def test_export_references_takes_the_format_of_the_filter(
    open_window, qtbot, review, tmp_path, monkeypatch
):
    window = open_window((review,))
    target = tmp_path / "refs"
    _save_as(monkeypatch, target, "BibTeX (*.bib)")
    window.actions_by_id["export_references"].trigger()
    _idle(qtbot, window)
    written = tmp_path / "refs.bib"
    assert written.read_text(encoding="utf-8").startswith("@article{")
    assert "work(s) to refs.bib" in window.status.currentMessage()


def test_cancel_leaves_no_file(open_window, qtbot, review, tmp_path, monkeypatch):
    from assay.ui import qda_exports

    held = threading.Event()
    real = qda_queries.annotation_rows

    def slow(*args, **kwargs):
        held.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(qda_queries, "annotation_rows", slow)
    window = open_window((review,))
    target = tmp_path / "out.qdpx"
    task = qda_exports.export_qdpx_to(window, target)
    (cancel,) = [b for b in task.dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    cancel.click()
    held.set()
    _idle(qtbot, window)
    assert not target.exists()
    assert [p for p in tmp_path.iterdir() if "out.qdpx" in p.name] == []
    assert "Export cancelled; no file was written." in window.status.currentMessage()
