"""Numbers made visible: marked in the text, and a table filter for sentences with them."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QCheckBox

from assay.claims.numbers import has_numbers
from assay.ui.document_builder import NUMBER_PROPERTY


def test_with_numbers_filter_keeps_only_sentences_that_state_a_number(open_window):
    window = open_window()  # the sample review
    total = len(window.model.all_rows())
    check = window.findChild(QCheckBox)
    assert check.text() == "With n&umbers"
    check.setChecked(True)
    ids = [window.model.sentence_id_at(i) for i in range(window.model.rowCount())]
    shown = [window.model.row_by_id(sentence_id) for sentence_id in ids]
    assert 0 < len(shown) < total
    assert all(has_numbers(row.text) for row in shown)
    assert any("240 mg" in row.text for row in shown)
    check.setChecked(False)
    assert window.model.rowCount() == total


def test_numbers_are_underlined_in_the_text(open_window, qtbot):
    window = open_window()
    (row,) = [
        r for r in window.model.all_rows() if r.text.startswith("Keyora MoodFlow delivers 240 mg")
    ]
    window.controller.go_to(row.id)
    document = window.page.source_view.document()
    text = document.toPlainText()
    at = text.index("240 mg")
    cursor = QTextCursor(document)
    cursor.setPosition(at + 1)
    # Marked just after the text is shown, so that the first paint waits for nothing.
    qtbot.waitUntil(lambda: cursor.charFormat().property(NUMBER_PROPERTY) is True)
    cursor.setPosition(text.index("Keyora") + 1)
    assert cursor.charFormat().property(NUMBER_PROPERTY) is None
