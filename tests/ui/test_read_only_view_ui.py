"""Another reviewer's annotations (Show ▸ Bob's annotations) are a read-only view:
every editing key and action is refused with the reason, and nothing is written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from assay.core.model import AnnotationState, Reviewer
from assay.services import config
from assay.services.session import ReviewSession

BOB = Reviewer("b0b00000-0000-4000-8000-000000000002", "Bob Colleague")
BOBS = AnnotationState(categories=frozenset({"dose"}), verdict="unsupported", status="final")
WRITTEN = ("documents", "sentences", "annotations", "evidence", "adjudications", "orphans")


@pytest.fixture
def team_review(tmp_path: Path, small_seed: Path) -> Path:
    review = tmp_path / "team.assay"
    with ReviewSession.create(review, config.ensure_reviewer()) as session:
        session.import_file(small_seed)
        ids = [row.id for row in session.sentence_rows() if row.kind.value == "paragraph"][:4]
    with ReviewSession.open(review, BOB) as session:
        for sentence_id in ids:
            session.save_annotation(sentence_id, BOBS)
    return review


def content(review: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(review) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}"), key=repr) for t in WRITTEN}


def show_bob(window) -> None:  # noqa: ANN001
    combo = window.team.show_combo
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert window.controller.shown_reviewer is not None
    window.focus_text()


EDIT_KEYS = ("1", "2", "0", "S", "O", "X", "Alt+1", "M", "A", "Shift+E", "Ctrl+Z", "Ctrl+Y")


def test_every_edit_key_is_refused_in_bobs_view(
    open_window, press, qtbot, team_review, monkeypatch
) -> None:
    window = open_window((team_review,))
    press(window, "S", "O", "Ctrl+Z")  # edits of mine: Ctrl+Z and Ctrl+Y could act
    assert window.undo_stack.canUndo() and window.undo_stack.canRedo()
    before = content(team_review)
    index_before = window.undo_stack.index()
    dialogs: list[str] = []

    def refuse_any_dialog() -> None:  # a dialog opening is itself a failure
        modal = QApplication.activeModalWidget()
        if modal is not None:
            dialogs.append(modal.windowTitle())
            modal.close()

    show_bob(window)
    bobs_sentence = window.model.sentence_id_at(0)
    for row in range(window.model.rowCount()):
        if window.model.all_rows()[row].state == BOBS:
            bobs_sentence = window.model.all_rows()[row].id
            break
    window.controller.go_to(bobs_sentence)
    for key in EDIT_KEYS:
        window.status.clearMessage()
        window.focus_text()
        window.controller.go_to(bobs_sentence)
        press(window, key)
        refuse_any_dialog()
        message = window.status.currentMessage()
        assert "Showing Bob Colleague's annotations, read-only" in message, (key, message)
        assert "not" in message
    assert dialogs == []
    assert window.undo_stack.index() == index_before
    row = window.model.row_by_id(bobs_sentence)
    assert row is not None and row.state == BOBS  # still Bob's, shown unchanged
    window.close_review()
    assert content(team_review) == before


def test_decisions_and_evidence_removal_are_refused_too(open_window, press, team_review) -> None:
    window = open_window((team_review,))
    before = content(team_review)
    show_bob(window)
    press(window, "Ctrl+Shift+R")  # the Reviewers panel, where Ctrl+1 picks a decision
    window.focus_text()
    press(window, "Ctrl+1")
    assert "no decision was saved" in window.status.currentMessage() or (
        "has no decision" in window.status.currentMessage()
    )
    window.evidence.remove("no-such-id")
    assert "the evidence was not saved" in window.status.currentMessage()
    window.documents.paste_as_document()
    assert "read-only" in window.status.currentMessage()
    window.documents.remove_dialog()
    assert "Cannot remove the document" in window.status.currentMessage()
    window.close_review()
    assert content(team_review) == before
