"""Document commands in the window: paste as new document, replace with a new version,
and settle orphans by keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QListWidget, QMessageBox

from assay.core.model import AnnotationState
from assay.ui import orphans_dialog

ORIGINAL = """# Magnesium and sleep

Magnesium glycinate is well absorbed. It calms the nervous system within days.

Doses of 300 mg a day were used in the trials. Side effects were rare and mild.
"""
EDITED = """# Magnesium and sleep

An opening paragraph was added. It moves every sentence below.

Magnesium glycinate is well absorbed. It calms the nervous system within days.

Doses of 300 mg a day were used in the trials.
"""
STATE = AnnotationState(frozenset({"safety"}), verdict="unsupported")


def wait_task(qtbot, window) -> tuple[object, str]:
    task = window.import_task
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=30_000) as blocker:
        pass
    return blocker.args


def test_ctrl_shift_v_pastes_the_clipboard_as_a_new_document(open_window, qtbot, press, errors):
    window = open_window()
    documents = window.page.document_combo.count()
    QGuiApplication.clipboard().setText(
        "Magnesium cures migraines in 90% of patients, a blog says.\n\n"
        "No trial is cited. The dose is not given."
    )
    press(window, "Ctrl+Shift+V")
    result, message = wait_task(qtbot, window)
    assert message == "" and result.sentence_count == 3
    assert result.title == "Magnesium cures migraines in 90% of patients, a blog says."
    assert window.page.document_combo.count() == documents + 1
    current = window.model.row_by_id(window.controller.current_id)
    assert current is not None and current.text.startswith("Magnesium cures migraines")
    press(window, "Ctrl+Shift+V")  # the same text again is recognised
    result, message = wait_task(qtbot, window)
    assert result is None and "already" in message
    assert errors and "already" in errors[-1][1]


def test_empty_clipboard_says_so(open_window, press):
    window = open_window()
    QGuiApplication.clipboard().setText("   ")
    press(window, "Ctrl+Shift+V")
    assert window.import_task is None
    assert "no text" in window.status.currentMessage()


def _review_with_annotations(open_window, tmp_path: Path, press):
    source = tmp_path / "paper.md"
    source.write_text(ORIGINAL, encoding="utf-8")
    window = open_window()
    assert window.create_review(tmp_path / "doc.assay")
    window.import_document(source)
    return window, source


def test_replace_moves_annotations_and_orphans_are_attached_by_keyboard(
    open_window, qtbot, press, tmp_path, monkeypatch
):
    window, _ = _review_with_annotations(open_window, tmp_path, press)
    wait_task(qtbot, window)
    session = window.session
    rows = {row.text: row.id for row in session.sentence_rows()}
    session.save_annotation(rows["It calms the nervous system within days."], STATE)
    session.save_annotation(rows["Side effects were rare and mild."], STATE)
    window.controller.reload()
    edited = tmp_path / "paper-v2.md"
    edited.write_text(EDITED, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(edited), ""))
    window.actions_by_id["replace_document"].trigger()
    result, message = wait_task(qtbot, window)
    assert message == "" and result.reattached == {"quote": 1} and result.orphaned == 1
    assert "re-attached 1 by quote; 1 orphaned" in window.status.currentMessage()
    states = {row.text: row.state for row in window.model.all_rows()}
    assert states["It calms the nervous system within days."] == STATE

    dialog = window.documents.orphans_dialog
    assert dialog is not None and dialog.isVisible()
    orphans = dialog.findChild(QListWidget, "orphanList")
    suggestions = dialog.findChild(QListWidget, "suggestionList")
    assert orphans.count() == 1
    assert suggestions.item(0).text().startswith("was next to it")
    assert "Doses of 300 mg" in suggestions.item(0).text()
    suggestions.setFocus()
    qtbot.keyClick(suggestions, Qt.Key.Key_Return)  # attach to the first suggestion
    assert not dialog.isVisible()
    assert window.session.orphans() == []
    states = {row.text: row.state for row in window.model.all_rows()}
    assert states["Doses of 300 mg a day were used in the trials."] == STATE


def test_delete_discards_an_orphan_after_confirming(
    open_window, qtbot, press, tmp_path, monkeypatch
):
    window, _ = _review_with_annotations(open_window, tmp_path, press)
    wait_task(qtbot, window)
    session = window.session
    rows = {row.text: row.id for row in session.sentence_rows()}
    session.save_annotation(rows["Side effects were rare and mild."], STATE)
    edited = tmp_path / "paper-v2.md"
    edited.write_text(EDITED, encoding="utf-8")
    window.documents.replace(session.documents()[0].id, edited)
    wait_task(qtbot, window)
    dialog = window.documents.orphans_dialog
    asked: list[str] = []
    monkeypatch.setattr(
        orphans_dialog, "ask_to_confirm", lambda _p, _t, text, _a: asked.append(text) or True
    )
    orphans = dialog.findChild(QListWidget, "orphanList")
    orphans.setFocus()
    qtbot.keyClick(orphans, Qt.Key.Key_Delete)
    assert asked and "Side effects were rare and mild." in asked[0]
    assert window.session.orphans() == []


def test_orphans_command_with_none_says_all_is_attached(open_window, monkeypatch):
    window = open_window()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    window.actions_by_id["orphans"].trigger()
    assert told == ["Every annotation is attached to a sentence."]


def test_pasting_from_a_web_page_keeps_its_headings_and_lists(
    open_window, qtbot, press, monkeypatch
):
    from assay.ui import document_commands

    # What a browser puts on the clipboard (a QMimeData made in Python and handed to
    # the clipboard is freed twice at exit by PySide, so the reading is replaced).
    html = (
        "<html><body><!--StartFragment--><h2>Magnesium and migraine</h2>"
        "<ul><li>Cuts migraine days by <b>half</b>.</li><li>No trial is named.</li></ul>"
        "<script>alert('x')</script><!--EndFragment--></body></html>"
    )
    text = "Magnesium and migraine\nCuts migraine days by half.\nNo trial is named."
    monkeypatch.setattr(document_commands, "clipboard_content", lambda: (text, html))
    window = open_window()
    press(window, "Ctrl+Shift+V")
    result, message = wait_task(qtbot, window)
    assert message == "" and result.title == "Magnesium and migraine"
    rows = [r for r in window.model.all_rows() if r.document_id == result.document_id]
    assert [(r.kind.value, r.text) for r in rows] == [
        ("heading", "Magnesium and migraine"),
        ("list_item", "Cuts migraine days by half."),
        ("list_item", "No trial is named."),
    ]
