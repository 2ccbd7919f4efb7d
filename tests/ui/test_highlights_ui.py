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


def test_another_document_shows_its_own_highlights_never_the_last_ones(open_window, press):
    """Highlights are positions in the text shown: a new text drops the old ones before
    it is marked (they would fall on other words of it, or past its end)."""
    window = open_window()
    press(window, "J")
    view = window.page.source_view
    sentence = window.controller.current_id
    (row,) = [r for r in window.model.all_rows() if r.id == sentence]
    view.set_highlights([(row.start, row.start + 5)])
    assert view.highlight_spans()
    other = next(r for r in window.model.all_rows() if r.document_id != row.document_id)
    view.show_document(other.document_id, "Zinc helps.", [], [], [])
    assert view.highlight_spans() == []


def test_a_review_closed_before_its_first_paint_marks_no_numbers(open_window, qtbot, qtlog):
    """Numbers are marked after the first paint; a review closed before that paint
    leaves the same QTextDocument emptied, which must not be marked (its offsets would
    point past its end: Qt's "QTextCursor::setPosition: Position out of range")."""
    window = open_window()
    view = window.page.source_view
    row = window.model.all_rows()[0]
    view.show_document(row.document_id, "A long opening sentence. Then 350 mg/day.", [], [], [])
    view.clear_document()
    view.viewport().update()
    qtbot.wait(100)
    assert not [r for r in qtlog.records if "out of range" in r.message]
