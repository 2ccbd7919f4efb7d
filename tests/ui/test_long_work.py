"""Quitting during long work offers to cancel it, and every long task's progress has
Cancel: an export, a merge, a document import."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from assay.core.model import AnnotationState, Reviewer
from assay.services import config
from assay.services.exchange import export_bundle
from assay.services.session import ReviewSession
from assay.store import export_queries

BOB = Reviewer("b0b00000-0000-4000-8000-000000000002", "Bob Colleague")


@pytest.fixture
def gate(monkeypatch):
    """Holds an export (or the export that makes a bundle) at reading its annotations
    until the test lets it go, so that a key press lands while it runs."""
    event = threading.Event()
    real = export_queries.annotation_records

    def held(*args, **kwargs):
        event.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(export_queries, "annotation_records", held)
    yield event
    event.set()


def answer_question(qtbot, button_text: str) -> list[str]:
    """Clicks `button_text` in the next question box; returns what it asked."""
    asked: list[str] = []

    def poll() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        boxes = [b for b in boxes if b.isVisible()]
        if not boxes:
            QTimer.singleShot(20, poll)
            return
        asked.append(boxes[0].text())
        (button,) = [b for b in boxes[0].buttons() if b.text().replace("&", "") == button_text]
        button.click()

    QTimer.singleShot(0, poll)
    return asked


def cancel_button(task) -> QPushButton:
    (button,) = [b for b in task.dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    return button


def review_with_a_document(tmp_path: Path, small_seed: Path) -> Path:
    review = tmp_path / "mine.assay"
    with ReviewSession.create(review, config.ensure_reviewer()) as session:
        session.import_file(small_seed)
        session.save_annotation(session.sentence_rows()[0].id, AnnotationState(verdict="supported"))
    return review


def test_the_export_progress_has_cancel(open_window, qtbot, tmp_path, small_seed, gate):
    window = open_window((review_with_a_document(tmp_path, small_seed),))
    target = tmp_path / "out.assaybundle"
    task = window.exchange.export_to(target)
    assert task is not None
    cancel_button(task).click()
    gate.set()
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=20_000)
    assert not target.exists()
    assert "Export cancelled" in window.status.currentMessage()


def test_ctrl_q_during_an_export_asks_and_cancels_it(
    open_window, press, qtbot, tmp_path, small_seed, gate
):
    window = open_window((review_with_a_document(tmp_path, small_seed),))
    target = tmp_path / "out.assaybundle"
    window.exchange.export_to(target)
    asked = answer_question(qtbot, "Cancel it and quit")
    press(window, "Ctrl+Q")
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert asked == ["An export is running. Cancel it and quit?"]
    gate.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    assert not target.exists()


def test_keep_working_lets_the_export_finish(open_window, press, qtbot, tmp_path, small_seed, gate):
    window = open_window((review_with_a_document(tmp_path, small_seed),))
    target = tmp_path / "out.assaybundle"
    window.exchange.export_to(target)
    asked = answer_question(qtbot, "Keep working")
    window.close()  # the window's close button
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    gate.set()
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=20_000)
    assert window.isVisible() and target.exists()


def test_cancelling_a_merge_leaves_the_review_unchanged(
    open_window, qtbot, tmp_path, small_seed, monkeypatch
):
    review = review_with_a_document(tmp_path, small_seed)
    bob = tmp_path / "bob.assay"
    with ReviewSession.create(bob, BOB) as session:
        session.import_file(small_seed)
        for row in session.sentence_rows()[::2]:
            session.save_annotation(row.id, AnnotationState(verdict="unsupported"))
    bundle = export_bundle(bob, tmp_path / "bob.assaybundle", reviewer=BOB).path
    window = open_window((review,))
    held = threading.Event()
    # The merge stops at its next step: hold it at the first one and cancel meanwhile.
    import assay.services.exchange as exchange_service

    real_read = exchange_service.read_bundle

    def slow_read(path):
        held.wait(20)
        return real_read(path)

    monkeypatch.setattr(exchange_service, "read_bundle", slow_read)
    task = window.exchange.merge_into(review, [bundle])
    assert task is not None
    cancel_button(task).click()
    held.set()
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=20_000)
    assert "Merge cancelled" in window.status.currentMessage()
    assert window.session is not None and window.session.path == review
    with sqlite3.connect(review) as conn:
        assert conn.execute(
            "SELECT count(*) FROM annotations WHERE reviewer_id = ?", (BOB.id,)
        ).fetchone() == (0,)
