"""Keys and states that used to mislead: `A` with nothing to accept, a sentence marked
reviewed with no claim type and no verdict, a stray verdict key, and a new empty review
(a hint of what to do, and no suggestion left over from the review before)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from assay.core.model import AnnotationState
from assay.ui.review_controller import EMPTY_REVIEW_HINT


def _go_to(window, start: str) -> int:
    (row,) = [r for r in window.model.all_rows() if r.text.startswith(start)]
    window.controller.go_to(row.id)
    window.focus_text()
    return row.id


def test_a_on_a_labelled_sentence_says_there_is_nothing_to_accept(open_window, press):
    window = open_window()  # the sample review
    sentence = _go_to(window, "Keyora MoodFlow delivers 240 mg")
    press(window, "3")  # Dose, by hand: no suggestion any more
    press(window, "A")
    assert "No suggestion to accept" in window.status.currentMessage()
    assert "already has a claim type" in window.status.currentMessage()
    assert window.session.annotation(sentence).categories == {"dose"}


def test_marking_reviewed_with_nothing_decided_is_allowed_and_said(open_window, press):
    window = open_window()
    sentence = _go_to(window, "Keyora MoodFlow delivers 240 mg")
    press(window, "M")
    assert window.session.annotation(sentence).status == "final"
    message = window.status.currentMessage()
    assert "Marked reviewed with no claim type and no verdict" in message
    assert "Ctrl+Z undoes" in message
    press(window, "Ctrl+Z")
    assert window.session.annotation(sentence) == AnnotationState()


def test_a_stray_verdict_key_shows_what_changed_with_the_undo_hint(open_window, press):
    window = open_window()
    sentence = _go_to(window, "Keyora MoodFlow delivers 240 mg")
    press(window, "S")
    assert window.status.currentMessage() == "Verdict: none → Supported · Ctrl+Z undoes"
    press(window, "O")
    assert window.status.currentMessage() == "Verdict: Supported → Overstated · Ctrl+Z undoes"
    press(window, "Ctrl+Z")
    assert window.session.annotation(sentence).verdict == "supported"


def test_a_new_empty_review_says_what_to_do_and_shows_no_old_suggestion(
    open_window, press, tmp_path, monkeypatch
):
    window = open_window()  # the sample review, a suggestion on screen
    _go_to(window, "Keyora MoodFlow delivers 240 mg")
    panel = window.page.claim_panel
    assert "suggested: Dose" in panel.categories_box.title()
    target = tmp_path / "Empty"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Assay reviews")
    )
    press(window, "Ctrl+N")
    assert window.session is not None and window.session.path == tmp_path / "Empty.assay"
    assert panel.categories_box.title() == "Claim type"
    assert window.page.source_view.placeholderText() == EMPTY_REVIEW_HINT
    assert "Drop a PDF, DOCX, web page or Markdown file here" in EMPTY_REVIEW_HINT
    press(window, "A")
    assert "no sentence is shown" in window.status.currentMessage()
