"""Bundles through the window: export (Ctrl+E), import with its dry-run summary, drop,
undo the merge, a bad bundle, and a bundle opened on a fresh install."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
)

from assay.core.model import AnnotationState, Reviewer
from assay.exchange.bundle_read import read_bundle
from assay.services import config
from assay.services.exchange import export_bundle
from assay.services.session import ReviewSession
from assay.ui import dialogs

BOB = Reviewer("b0b00000-0000-4000-8000-000000000002", "Bob Colleague")
BOB_STATE = AnnotationState(
    categories=frozenset({"dose"}), verdict="unsupported", rationale="No trial.", status="final"
)


@pytest.fixture
def team_review(tmp_path: Path, small_seed: Path) -> Path:
    review = tmp_path / "team.assay"
    with ReviewSession.create(review, config.ensure_reviewer()) as session:
        session.import_file(small_seed)
    return review


@pytest.fixture
def bob_bundle(tmp_path: Path, small_seed: Path) -> Path:
    """Bob reviewed the same document on his laptop and sent every third sentence back."""
    review = tmp_path / "bob.assay"
    with ReviewSession.create(review, BOB) as session:
        session.import_file(small_seed)
        for row in session.sentence_rows()[::3]:
            session.save_annotation(row.id, BOB_STATE)
    bundle = tmp_path / "bob.assaybundle"
    export_bundle(review, bundle, reviewer=BOB)
    return bundle


def annotation_count(review: Path, reviewer_id: str) -> int:
    with sqlite3.connect(review) as conn:
        return conn.execute(
            "SELECT count(*) FROM annotations WHERE reviewer_id = ?", (reviewer_id,)
        ).fetchone()[0]


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=30_000)


def test_ctrl_e_exports_my_annotations_of_the_current_document(
    open_window, press, qtbot, team_review, tmp_path, on_next_modal, monkeypatch
):
    window = open_window((team_review,))
    press(window, "1", "S", "Return")  # one annotation of mine, marked reviewed
    target = tmp_path / "out" / "mine"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Assay bundles")
    )

    def choose(dialog: QDialog) -> None:
        for button in dialog.findChildren(QRadioButton):
            if "current document" in button.text() or "my annotations" in button.text():
                button.setChecked(True)
        dialog.accept()

    on_next_modal(choose)
    press(window, "Ctrl+E")
    wait_idle(qtbot, window)
    written = target.with_name("mine.assaybundle")
    bundle = read_bundle(written)
    assert len(bundle.documents) == 1
    assert [a.reviewer for a in bundle.annotations] == [window.reviewer.id]
    assert "Exported 1 document(s) and 1 annotation(s)" in window.status.currentMessage()
    assert config.bundle_folder() == target.parent


def test_import_shows_the_dry_run_then_merges_and_undo_restores(
    open_window, press, qtbot, team_review, bob_bundle, on_next_modal, monkeypatch
):
    window = open_window((team_review,))
    expected = len(window.model.all_rows()[::3])
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(bob_bundle)], "Assay bundles")
    )
    seen: dict[str, object] = {}

    def merge(dialog: QDialog) -> None:
        table = dialog.findChild(QTableWidget, "mergePlanTable")
        seen["rows"] = [
            [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]
        assert annotation_count(team_review, BOB.id) == 0  # the dry run wrote nothing
        button = next(b for b in dialog.findChildren(QPushButton) if "Merge into" in b.text())
        button.click()

    on_next_modal(merge)
    press(window, "Ctrl+Shift+I")
    wait_idle(qtbot, window)
    assert seen["rows"][0][2:4] == ["Bob Colleague", f"{expected:,}"]  # reviewer, new
    assert annotation_count(team_review, BOB.id) == expected
    assert window.session is not None and window.session.path == team_review
    assert "Merged team.assay" in window.status.currentMessage()
    undo = window.actions_by_id["undo_merge"]
    assert undo.isEnabled()
    backup = window.exchange.last_backup
    assert backup is not None and backup.exists()

    monkeypatch.setattr(dialogs, "ask_to_confirm", lambda *a: True)
    undo.trigger()
    assert annotation_count(team_review, BOB.id) == 0
    assert window.session is not None and not window.session.read_only
    assert not undo.isEnabled()


def test_importing_the_same_bundle_again_offers_nothing_to_merge(
    open_window, qtbot, team_review, bob_bundle, on_next_modal
):
    window = open_window((team_review,))
    on_next_modal(
        lambda d: next(b for b in d.findChildren(QPushButton) if "Merge" in b.text()).click()
    )
    window.exchange.import_bundles([bob_bundle])
    wait_idle(qtbot, window)
    before = annotation_count(team_review, BOB.id)
    texts: list[str] = []

    def look(dialog: QDialog) -> None:
        texts.extend(b.text() for b in dialog.findChildren(QPushButton))
        dialog.reject()

    on_next_modal(look)
    window.exchange.import_bundles([bob_bundle])
    qtbot.waitUntil(lambda: bool(texts), timeout=30_000)
    assert not any("Merge into" in text for text in texts)
    assert annotation_count(team_review, BOB.id) == before


def test_dropping_a_broken_bundle_says_why_and_changes_nothing(
    open_window, qtbot, team_review, tmp_path, errors
):
    window = open_window((team_review,))
    broken = tmp_path / "broken.assaybundle"
    broken.write_bytes(b"this is not a zip file at all")
    before = team_review.read_bytes()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(broken))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    title, message = errors[-1]
    assert title == "Cannot import bundle" and "broken.assaybundle" in message
    assert "zip" in message.lower()
    assert window.session is not None and window.session.path == team_review
    assert team_review.read_bytes() == before


def test_a_bundle_opened_on_a_fresh_install_asks_where_to_keep_the_review(
    open_window, qtbot, tmp_path, small_seed, monkeypatch, on_next_modal
):
    lead = Reviewer("1ead0000-0000-4000-8000-000000000003", "Lead Person")
    source = tmp_path / "lead.assay"
    with ReviewSession.create(source, lead) as session:
        session.import_file(small_seed)
        session.save_annotation(session.sentence_rows()[0].id, BOB_STATE)
    bundle = tmp_path / "Magnesium claims-Lead-Person.assaybundle"
    export_bundle(source, bundle, reviewer=lead)
    chosen = tmp_path / "kept" / "Team magnesium"
    chosen.parent.mkdir()
    asked: list[str] = []

    def save_dialog(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(chosen), "Assay reviews (*.assay)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    told: list[str] = []

    def read_and_close(box) -> None:
        told.append(box.text())
        box.accept()

    on_next_modal(read_and_close)
    window = open_window((bundle,))
    qtbot.waitUntil(lambda: bool(told), timeout=30_000)
    # Suggested: the review's own name (the sender's name cut off), in the documents folder.
    assert Path(asked[0]).name == "Magnesium claims.assay"
    created = chosen.with_name("Team magnesium.assay")
    assert window.session is not None and window.session.path == created
    assert created.exists() and window.model.rowCount() > 10
    assert not list(config.data_dir().glob("Magnesium*.assay"))
    assert "Team magnesium.assay" in told[0] and "Lead Person" in told[0]
    assert "Annotations: 1" in told[0] and "Documents (1)" in told[0]


def test_a_bundle_on_a_fresh_install_makes_nothing_if_the_save_dialog_is_cancelled(
    open_window, qtbot, tmp_path, small_seed, monkeypatch
):
    source = tmp_path / "lead.assay"
    with ReviewSession.create(source, BOB) as session:
        session.import_file(small_seed)
    bundle = tmp_path / "claims.assaybundle"
    export_bundle(source, bundle, reviewer=BOB)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window = open_window((bundle,))
    qtbot.waitUntil(lambda: "no review was made" in window.status.currentMessage())
    assert window.session is None
    assert not list(config.data_dir().glob("*.assay"))


def test_a_merge_that_fails_reopens_the_review_unchanged(
    open_window, qtbot, team_review, bob_bundle, on_next_modal, errors
):
    window = open_window((team_review,))
    current = window.controller.current_id

    def spoil_then_merge(dialog: QDialog) -> None:
        # The file changes between the dry run and the merge (a sync tool, say).
        bob_bundle.write_bytes(bob_bundle.read_bytes()[:200])
        next(b for b in dialog.findChildren(QPushButton) if "Merge into" in b.text()).click()

    on_next_modal(spoil_then_merge)
    window.exchange.import_bundles([bob_bundle])
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    wait_idle(qtbot, window)
    title, message = errors[-1]
    assert title == "Cannot import bundle" and "Nothing was changed" in message
    assert annotation_count(team_review, BOB.id) == 0
    assert window.session is not None and window.session.path == team_review
    assert not window.session.read_only and window.controller.current_id == current
    assert not window.actions_by_id["undo_merge"].isEnabled()


def test_return_in_the_summary_merges(
    open_window, press, qtbot, team_review, bob_bundle, on_next_modal
):
    window = open_window((team_review,))
    on_next_modal(
        # To the dialog itself: under load the application's focus widget may still be
        # the window's, and a Return sent there left the summary open (a hung run).
        lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Return)
    )
    window.exchange.import_bundles([bob_bundle])
    qtbot.waitUntil(lambda: annotation_count(team_review, BOB.id) > 0, timeout=30_000)
    wait_idle(qtbot, window)
    assert window.session is not None and window.session.path == team_review


def test_the_merge_runs_off_the_ui_thread(
    open_window, qtbot, team_review, bob_bundle, on_next_modal, monkeypatch
):
    import threading

    from assay.services import exchange

    threads: list[threading.Thread] = []
    real_merge = exchange.merge_bundles

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(exchange, "merge_bundles", watched)
    window = open_window((team_review,))
    on_next_modal(
        lambda d: next(b for b in d.findChildren(QPushButton) if "Merge into" in b.text()).click()
    )
    window.exchange.import_bundles([bob_bundle])
    qtbot.waitUntil(lambda: bool(threads), timeout=30_000)
    wait_idle(qtbot, window)
    assert threads[0] is not threading.main_thread()
    assert annotation_count(team_review, BOB.id) > 0


def test_a_read_only_review_offers_a_new_review_and_says_why(
    open_window, qtbot, team_review, bob_bundle, on_next_modal
):
    from assay.services.session import ReviewSession as Session

    holder = Session.open(team_review, BOB)  # another Assay has the file open
    try:
        window = open_window((team_review,))
        assert window.session is not None and window.session.read_only
        seen: list[str] = []

        def look(dialog: QDialog) -> None:
            seen.extend(label.text() for label in dialog.findChildren(QLabel))
            seen.extend(button.text() for button in dialog.findChildren(QPushButton))
            dialog.reject()

        on_next_modal(look)
        window.exchange.import_bundles([bob_bundle])
        qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
        assert any("open read-only here" in text for text in seen)
        assert not any("Merge into" in text for text in seen)
        assert any("New review from bundle" in text for text in seen)
    finally:
        holder.close()


def test_a_bundle_waits_for_a_document_import_to_finish(
    open_window, qtbot, team_review, bob_bundle, seed_dir
):
    window = open_window((team_review,))
    other = sorted(seed_dir.glob("*.txt"))[-1]
    task = window.import_document(other)
    assert task is not None
    assert window.exchange.import_bundles([bob_bundle]) is None  # refused, said why
    assert "being imported" in window.status.currentMessage()
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert annotation_count(team_review, BOB.id) == 0
