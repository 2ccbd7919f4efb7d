"""Evidence in the window: Shift+E adds (a malformed DOI is explained in the dialog),
Delete removes, and both undo and redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QListWidget


def _evidence_texts(window) -> list[str]:
    listing = window.findChild(QListWidget, "evidenceList")
    return [listing.item(i).text() for i in range(listing.count())]


def test_shift_e_adds_checked_evidence_and_undo_redo_it(open_window, press, qtbot, on_next_modal):
    window = open_window()
    press(window, "J", "J")
    sentence = window.controller.current_id
    assert _evidence_texts(window) == ["No evidence yet."]
    attempts: list[str] = []

    def fill(dialog: QDialog) -> None:
        dialog.set_kind("doi")
        dialog.value_edit.setPlainText("nutrients 2017")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.click()  # refused: the dialog stays open and says why
        error = dialog.findChild(QLabel, "evidenceError")
        attempts.append(error.text() if error.isVisible() else "")
        dialog.value_edit.setPlainText("https://doi.org/10.3390/NU9050429")
        dialog.note_edit.setText("the trial the text cites")
        ok.click()

    on_next_modal(fill)
    press(window, "Shift+E")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.page.source_view)
    assert attempts and "is not a DOI" in attempts[0]
    assert _evidence_texts(window) == ["DOI: 10.3390/nu9050429 — the trial the text cites"]
    assert [i.value for i in window.session.evidence(sentence)] == ["10.3390/nu9050429"]
    press(window, "Ctrl+Z")
    assert window.session.evidence(sentence) == []
    assert _evidence_texts(window) == ["No evidence yet."]
    press(window, "Ctrl+Shift+Z")
    assert [i.value for i in window.session.evidence(sentence)] == ["10.3390/nu9050429"]


def test_delete_removes_the_selected_item(open_window, qtbot, press):
    window = open_window()
    press(window, "J")
    sentence = window.controller.current_id
    window.session.add_evidence(sentence, "quote", "no effect on sleep", locator="p. 12")
    window.evidence.refresh()
    assert _evidence_texts(window) == ["Quoted passage, p. 12: “no effect on sleep”"]
    listing = window.findChild(QListWidget, "evidenceList")
    window.page.claim_panel.show_tab(window.evidence.box)  # the Evidence tab (Alt+V)
    assert window.page.claim_panel.notes_tabs.tabText(1) == "Ev&idence (1)"
    listing.setCurrentRow(0)
    listing.setFocus()
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert window.session.evidence(sentence) == []
    press(window, "Ctrl+Z")
    assert [i.locator for i in window.session.evidence(sentence)] == ["p. 12"]


def test_the_evidence_tab_lists_what_the_sentence_cites(open_window):
    window = open_window()  # the sample review
    (claim,) = [
        r for r in window.model.all_rows() if r.text.startswith("Hormone fluctuation-linked mood")
    ]
    window.controller.go_to(claim.id)
    texts = _evidence_texts(window)
    assert texts[0].startswith("Cited here: Tarleton et al. 2015")
    assert len(texts) == 3 and "⚠ written" in texts[2]
    assert window.page.claim_panel.notes_tabs.tabText(1) == "Ev&idence (3)"


def test_the_evidence_count_shows_for_the_sentence_the_window_opens_on(
    open_window, qtbot, tmp_review
):
    from assay.services import config
    from assay.services.session import ReviewSession

    reviewer = config.set_reviewer("Test Reviewer")
    with ReviewSession.open(tmp_review, reviewer) as session:
        sentence = session.sentence_rows()[3].id
        session.add_evidence(sentence, "pmid", "28445426")
        session.set_last_position(sentence)
    window = open_window((tmp_review,))  # opens at that sentence: the first refresh
    assert window.controller.current_id == sentence
    tabs = window.page.claim_panel.notes_tabs
    assert tabs.currentIndex() == 0  # the Rationale tab is shown, the Evidence tab hidden
    qtbot.waitUntil(lambda: tabs.tabText(1) == "Ev&idence (1)")


def test_a_quoted_passage_names_the_reference_it_comes_from(
    open_window, press, qtbot, on_next_modal
):
    window = open_window()  # the sample review: its documents list references
    (claim,) = [
        r for r in window.model.all_rows() if r.text.startswith("Hormone fluctuation-linked mood")
    ]
    window.controller.go_to(claim.id)
    window.focus_text()
    offered: list[str] = []

    def fill(dialog: QDialog) -> None:
        dialog.set_kind("quote")
        dialog.value_edit.setPlainText("no change in mood scores")
        combo = dialog.source_combo
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        combo.setCurrentIndex(1)  # the first of the document's references
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    on_next_modal(fill)
    press(window, "Shift+E")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.page.source_view)
    assert len(offered) > 1 and offered[0] == ""
    (item,) = window.session.evidence(claim.id)
    assert item.source == offered[1]
    assert f"from {offered[1][:40]}" in _evidence_texts(window)[-1]


def test_a_typed_doi_names_the_source_work(open_window, press, qtbot, on_next_modal):
    window = open_window()
    press(window, "J")
    sentence = window.controller.current_id

    def fill(dialog: QDialog) -> None:
        dialog.set_kind("quote")
        dialog.value_edit.setPlainText("magnesium had no effect")
        dialog.source_combo.setEditText("doi:10.3390/NU9050429")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    on_next_modal(fill)
    press(window, "Shift+E")
    qtbot.waitUntil(lambda: bool(window.session.evidence(sentence)))
    assert [i.source for i in window.session.evidence(sentence)] == ["10.3390/nu9050429"]
    assert _evidence_texts(window)[-1].endswith("· from 10.3390/nu9050429")
