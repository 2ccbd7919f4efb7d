"""The reviewer's whole loop, by keyboard, checked in the database after reopening."""

from __future__ import annotations

from pathlib import Path

from assay.core.model import BlockKind
from assay.services import config
from assay.services.session import ReviewSession
from assay.ui.app import SAMPLE_REVIEW_NAME


def reopen(path: Path):
    return ReviewSession.open(path, config.reviewer())


def test_first_run_asks_the_name_and_opens_the_sample_review(open_window):
    window = open_window(name="Grace Reviewer")
    assert config.reviewer().name == "Grace Reviewer"
    sample = config.data_dir() / SAMPLE_REVIEW_NAME
    assert window.session is not None and window.session.path == sample
    assert window.page.document_combo.count() == 2
    assert window.model.rowCount() > 100
    assert window.controller.current_id is not None
    assert "Sentence 1 of" in window.page.claim_panel._position_label.text()


def test_keys_tag_set_verdict_write_rationale_and_mark_reviewed(open_window, qtbot, press):
    window = open_window()
    first = window.controller.current_id
    press(window, "1", "3", "O", "R")
    qtbot.keyClicks(window.page.claim_panel.rationale_edit, "Dose is from one trial")
    press(window, "Esc", "Alt+4", "Return")
    assert window.controller.current_id != first
    path = window.session.path
    window.close()

    with reopen(path) as session:
        state = session.annotation(first)
    assert state.categories == {"mechanism", "dose"}
    assert state.verdict == "overstated"
    assert state.rationale == "Dose is from one trial"
    assert state.confidence == 4
    assert state.status == "final"


def test_undo_and_redo_every_edit(open_window, qtbot, press):
    window = open_window()
    sentence = window.controller.current_id
    press(window, "2", "S")
    session = window.session
    assert session.annotation(sentence).verdict == "supported"
    press(window, "Ctrl+Z")
    assert session.annotation(sentence).verdict is None
    assert session.annotation(sentence).categories == {"efficacy"}
    press(window, "Ctrl+Z")
    assert session.annotation(sentence).is_empty
    press(window, "Ctrl+Shift+Z", "Ctrl+Shift+Z")
    assert session.annotation(sentence).verdict == "supported"
    assert window.page.claim_panel.verdict_buttons["supported"].isChecked()


def test_pressing_a_verdict_again_clears_it(open_window, qtbot, press):
    window = open_window()
    press(window, "U")
    assert window.session.annotation(window.controller.current_id).verdict == "unsupported"
    press(window, "U")
    assert window.session.annotation(window.controller.current_id).verdict is None


def test_next_previous_and_next_unreviewed_skip_references(open_window, qtbot, press):
    window = open_window()
    controller = window.controller
    start = controller.current_id
    press(window, "J")
    assert controller.current_id == start + 1
    press(window, "K", "Down")
    assert controller.current_id == start + 1
    press(window, "Up")
    assert controller.current_id == start
    references = [r for r in window.model.all_rows() if r.kind == BlockKind.REFERENCE]
    assert references, "the long seed has reference entries"
    visited = set()
    for _ in range(60):
        press(window, "N")
        visited.add(controller.current_id)
    assert not visited & {r.id for r in references}


def test_reopening_returns_to_where_the_reviewer_stopped(open_window, qtbot, press):
    window = open_window()
    for _ in range(5):
        press(window, "J")
    stopped_at = window.controller.current_id
    window.close()
    again = open_window()
    assert again.controller.current_id == stopped_at


def test_clicking_the_table_selects_in_the_text_and_back(open_window, qtbot, press):
    window = open_window()
    table = window.page.table
    row = 7
    index = window.model.index(row, 2)
    rect = table.view.visualRect(index)
    qtbot.mouseClick(table.view.viewport(), _left(), pos=rect.center())
    chosen = window.model.sentence_id_at(row)
    assert window.controller.current_id == chosen
    assert window.page.source_view.current_sentence() == chosen

    # Now click a sentence in the text: the table follows.
    target = window.model.row_by_id(chosen + 3)
    view = window.page.source_view
    view.set_current(target.id)  # scrolls it into view
    cursor = view.textCursor()
    cursor.setPosition(target.start + 2)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), _left(), pos=point)
    assert window.controller.current_id == target.id
    assert window.model.sentence_id_at(table.view.currentIndex().row()) == target.id


def test_ctrl_f_searches_and_filters_the_table(open_window, qtbot, press):
    window = open_window()
    press(window, "Ctrl+F")
    table = window.page.table
    assert table.search_edit.hasFocus()
    qtbot.keyClicks(table.search_edit, "glycinate lysinate")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < 20)
    for row in range(window.model.rowCount()):
        sentence = window.model.row_by_id(window.model.sentence_id_at(row))
        assert "glycinate lysinate" in sentence.text.lower()
    press(window, "Return")  # runs the search, does not mark anything reviewed
    assert window.session.progress().reviewed == 0


def test_filters_by_status_category_and_verdict(open_window, qtbot, press):
    window = open_window()
    press(window, "4", "X", "Return")
    table = window.page.table
    table.verdict_combo.setCurrentIndex(table.verdict_combo.findData("contradicted"))
    assert window.model.rowCount() == 1
    table.verdict_combo.setCurrentIndex(0)
    table.category_combo.setCurrentIndex(table.category_combo.findData("safety"))
    assert window.model.rowCount() == 1
    table.category_combo.setCurrentIndex(0)
    table.status_combo.setCurrentIndex(table.status_combo.findData("reviewed"))
    assert window.model.rowCount() == 1
    assert "1 of" in table.count_label.text()


def test_status_bar_shows_progress_and_saved(open_window, qtbot, press):
    window = open_window()
    total = window.session.progress().total
    press(window, "0", "Return")
    assert f"1 / {total:,} reviewed" in window.status.progress_label.text()
    assert "saved" in window.status.saved_label.text().lower()


def test_f1_lists_every_shortcut(open_window, qtbot, press, monkeypatch):
    from assay.ui import dialogs
    from assay.ui.keymap import ALL_BINDINGS

    shown = []
    monkeypatch.setattr(dialogs.KeymapDialog, "exec", lambda self: shown.append(self) or 0)
    window = open_window()
    press(window, "F1")
    assert shown and shown[0].table.rowCount() == len(ALL_BINDINGS)
    assert shown[0].table.item(0, 0).text() != ""


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
