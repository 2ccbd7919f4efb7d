"""Document ▸ Rename document… and Remove document… in the window: the confirmation
names what goes, Ctrl+Z brings the document and its annotations back exactly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from assay.core.model import AnnotationState
from assay.services import config
from assay.services.session import ReviewSession
from support import REPO

SEEDS = sorted((REPO / "seeds").glob("*.txt"))
TABLES = ("documents", "blocks", "sentences", "annotations", "evidence", "originals")


def content(review: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(review) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}"), key=repr) for t in TABLES}


def make_review(tmp_path: Path) -> Path:
    review = tmp_path / "two.assay"
    with ReviewSession.create(review, config.ensure_reviewer()) as session:
        for seed in SEEDS:
            session.import_file(seed)
        second = session.documents()[1].id
        rows = [r for r in session.sentence_rows() if r.document_id == second][:3]
        for row in rows:
            session.save_annotation(row.id, AnnotationState(verdict="supported"))
        session.add_evidence(rows[0].id, "pmid", "12345678", "", "")
    return review


def test_remove_asks_with_the_count_and_ctrl_z_brings_it_all_back(
    open_window, press, qtbot, tmp_path, on_next_modal
) -> None:
    review = make_review(tmp_path)
    window = open_window((review,))
    second_id, title = list(window.controller.document_titles().items())[1]
    window.controller.go_to_document(second_id)
    before = content(review)
    asked: list[str] = []

    def confirm(box: QMessageBox) -> None:
        asked.append(box.text())
        remove = next(b for b in box.buttons() if "Remove" in b.text())
        remove.click()

    on_next_modal(confirm)
    window.actions_by_id["remove_document"].trigger()
    assert asked and f"Remove “{title}”" in asked[0]
    assert "3 annotations by 1 reviewer, 1 evidence item" in asked[0]
    assert second_id not in window.controller.document_titles()
    assert window.page.document_combo.count() == 1
    assert window.page.source_view.document_id != second_id
    with sqlite3.connect(review) as conn:
        assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (0,)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(window, "Ctrl+Z")
    assert window.controller.document_titles()[second_id] == title
    assert window.page.source_view.document_id == second_id
    assert content(review) == before
    press(window, "Ctrl+Y")  # and redo removes it again
    assert second_id not in window.controller.document_titles()


def test_cancelling_the_confirmation_removes_nothing(open_window, tmp_path, on_next_modal) -> None:
    review = make_review(tmp_path)
    window = open_window((review,))
    before = content(review)
    on_next_modal(lambda box: box.reject())
    window.documents.remove_dialog()
    assert content(review) == before and window.page.document_combo.count() == 2


def test_rename_changes_the_title_everywhere_and_undoes(
    open_window, press, tmp_path, monkeypatch
) -> None:
    review = make_review(tmp_path)
    window = open_window((review,))
    document_id = window.page.source_view.document_id
    old = window.controller.document_titles()[document_id]
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Magnesium white paper", True))
    )
    window.actions_by_id["rename_document"].trigger()
    assert window.page.document_combo.currentText() == "Magnesium white paper"
    with sqlite3.connect(review) as conn:
        assert conn.execute(
            "SELECT title FROM documents WHERE id = ?", (document_id,)
        ).fetchone() == ("Magnesium white paper",)
    window.focus_text()
    press(window, "Ctrl+Z")
    assert window.page.document_combo.currentText() == old
    assert window.page.source_view.document_id == document_id
