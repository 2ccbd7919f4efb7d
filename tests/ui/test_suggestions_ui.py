"""Suggestions in the window: shown, never saved until A accepts them (undoable), and a
model trained on the reviewer's labels in the background."""

from __future__ import annotations

from assay.core.model import AnnotationState


def _go_to(window, start: str) -> int:
    (row,) = [r for r in window.model.all_rows() if r.text.startswith(start)]
    window.controller.go_to(row.id)
    return row.id


def test_a_dose_sentence_is_suggested_as_dose_and_a_accepts_it(open_window, press):
    window = open_window()  # the sample review, nothing labelled yet
    sentence = _go_to(window, "Keyora MoodFlow delivers 240 mg")
    panel = window.page.claim_panel
    assert "suggested: Dose (rules" in panel.categories_box.title()
    assert "240 mg" in panel.categories_box.toolTip()
    assert panel.category_buttons["dose"].property("suggested") is True
    assert not panel.category_buttons["dose"].isChecked()
    assert window.session.annotation(sentence) == AnnotationState()  # nothing saved yet
    press(window, "A")
    assert window.session.annotation(sentence).categories == {"dose"}
    assert panel.categories_box.title() == "Claim type"  # labelled now: no suggestion
    press(window, "Ctrl+Z")
    assert window.session.annotation(sentence) == AnnotationState()
    assert "suggested: Dose" in panel.categories_box.title()


def test_a_heading_is_suggested_as_not_a_claim(open_window):
    window = open_window()
    _go_to(window, 'Magnesium Glycinate - "Targeted to alleviate')
    assert "suggested: Not a claim" in window.page.claim_panel.categories_box.title()


def test_the_model_trains_in_the_background_once_there_are_enough_labels(open_window, qtbot):
    window = open_window()
    rows = [r for r in window.model.all_rows() if r.kind.value in ("paragraph", "list_item")]
    for index, row in enumerate(rows[:40]):
        category = ("mechanism", "efficacy", "dose", "safety")[index % 4]
        window.session.save_annotation(row.id, AnnotationState(frozenset({category})))
    for row in [r for r in window.model.all_rows() if r.kind.value == "heading"][:10]:
        window.session.save_annotation(row.id, AnnotationState(not_a_claim=True))
    window.controller.reload()
    flow = window.suggestions
    with qtbot.waitSignal(flow.model_trained, timeout=10_000):
        flow.train_if_ready()
    qtbot.waitUntil(lambda: flow.model is not None, timeout=5_000)
    assert "learn from your 50 labelled sentences" in window.status.currentMessage()
