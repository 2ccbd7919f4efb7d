"""Highlights in the window: Shift+Right selects words of the current sentence, H makes
them a highlight (drawn in the text, listed in the claim panel), Ctrl+Z undoes it,
Delete in the list removes one; a selection outside the sentence is explained."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | SHIFT


def test_shift_right_then_h_highlights_and_ctrl_z_undoes(open_window, press, qtbot):
    window = open_window()
    press(window, "J")
    view = window.page.source_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    sentence = window.controller.current_id
    (row,) = [r for r in window.model.all_rows() if r.id == sentence]
    for _ in range(3):  # three words, by Ctrl+Shift+Right
        qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)  # and one character more
    selected = view.selected_range()
    assert selected is not None and selected[0] == row.start
    press(window, "H")
    (item,) = window.session.highlights(sentence)
    assert row.text.startswith(item.quote_exact) and len(item.quote_exact.split()) >= 3
    assert (item.start, item.end) in view.highlight_spans()
    listing = window.page.claim_panel.highlights_list
    assert listing.isVisible() and listing.phrases() == [item.quote_exact]
    assert view.selected_range() is None  # the selection became the highlight
    # A second phrase: the next two words after it.
    for _ in range(2):
        qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    press(window, "H")
    assert len(window.session.highlights(sentence)) == 2
    press(window, "Ctrl+Z")
    assert [h.id for h in window.session.highlights(sentence)] == [item.id]
    press(window, "Ctrl+Z")
    assert window.session.highlights(sentence) == []
    assert view.highlight_spans() == [] and not listing.isVisible()
    press(window, "Ctrl+Shift+Z")
    assert [h.id for h in window.session.highlights(sentence)] == [item.id]


def test_h_without_a_selection_or_outside_the_sentence_says_why(open_window, press, qtbot):
    window = open_window()
    press(window, "J")
    view = window.page.source_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    sentence = window.controller.current_id
    press(window, "H")
    assert "Select words of the current sentence first" in window.status.currentMessage()
    (row,) = [r for r in window.model.all_rows() if r.id == sentence]
    cursor = view.textCursor()  # a drag from inside the sentence into the next one
    cursor.setPosition(row.start)
    cursor.setPosition(row.end + 5, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    press(window, "H")
    assert "inside the current sentence" in window.status.currentMessage()
    assert window.session.highlights(sentence) == []


def test_delete_in_the_list_removes_a_highlight(open_window, press, qtbot):
    window = open_window()
    press(window, "J")
    view = window.page.source_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    sentence = window.controller.current_id
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    press(window, "H")
    listing = window.page.claim_panel.highlights_list
    listing.list.setFocus()
    listing.list.setCurrentRow(0)
    qtbot.keyClick(listing.list, Qt.Key.Key_Delete)
    assert window.session.highlights(sentence) == []
    press(window, "Ctrl+Z")
    assert len(window.session.highlights(sentence)) == 1
