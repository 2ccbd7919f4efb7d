"""Search that moves: Return / F3 next hit, Shift+Return / Shift+F3 previous (going
round), Down into the table; the hit's row selected, its words marked in the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_return_and_f3_walk_the_hits_and_wrap(open_window, press, qtbot) -> None:
    window = open_window()
    table = window.page.table
    press(window, "Ctrl+F")
    assert QApplication.focusWidget() is table.search_edit
    qtbot.keyClicks(table.search_edit, "magnesium")
    press(window, "Return")
    total = window.model.rowCount()
    assert total > 3
    hits = [window.model.sentence_id_at(row) for row in range(total)]
    first = window.controller.current_id
    assert first in hits and "magnesium" in window.model.row_by_id(first).text.lower()
    assert (
        table.count_label.text().startswith("hit ") and f"of {total:,}" in table.count_label.text()
    )
    selected = table.view.selectionModel().currentIndex().row()
    assert window.model.sentence_id_at(selected) == first
    press(window, "Return")  # next
    second = window.controller.current_id
    assert hits.index(second) == (hits.index(first) + 1) % total
    press(window, "Shift+Return")  # previous
    assert window.controller.current_id == first
    qtbot.keyClick(table.search_edit, Qt.Key.Key_F3)
    assert window.controller.current_id == second
    qtbot.keyClick(table.search_edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.controller.current_id == first
    assert QApplication.focusWidget() is table.search_edit  # typing can go on
    # Going round: from the last hit, the next is the first.
    window.controller.go_to(hits[-1])
    press(window, "Return")
    assert window.controller.current_id == hits[0]
    assert table.count_label.text() == f"hit 1 of {total:,}"
    assert "round to the first" in window.status.currentMessage()
    press(window, "Shift+Return")
    assert window.controller.current_id == hits[-1]


def test_the_words_found_are_marked_in_the_text(open_window, press, qtbot) -> None:
    window = open_window()
    table = window.page.table
    press(window, "Ctrl+F")
    qtbot.keyClicks(table.search_edit, "Magnesium")
    press(window, "Return")
    view = window.page.source_view
    marks = view.search_matches()
    assert marks
    text = window.session.document_text(view.document_id)
    assert all(text[start:end].lower() == "magnesium" for start, end in marks)
    row = window.model.row_by_id(window.controller.current_id)
    assert any(row.start <= start < row.end for start, _ in marks)
    table.search_edit.clear()
    assert view.search_matches() == []


def test_down_moves_into_the_table_and_no_hit_says_so(open_window, press, qtbot) -> None:
    window = open_window()
    table = window.page.table
    press(window, "Ctrl+F")
    qtbot.keyClicks(table.search_edit, "magnesium")
    press(window, "Down")
    assert QApplication.focusWidget() is table.view
    assert table.view.selectionModel().currentIndex().isValid()
    press(window, "Ctrl+F")
    table.search_edit.setText("zzzz-not-in-any-sentence")
    press(window, "Return")
    assert table.count_label.text() == "no hits"
    assert "No sentence" in window.status.currentMessage()
