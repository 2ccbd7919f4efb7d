"""Team review in the window: everyone side by side, the disagreement filter and keys,
adjudication by picking or writing a decision (undoable, kept apart from the
reviewers' own), another reviewer's view, blind mode and the agreement panel."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget

from assay.core.model import AnnotationState, Reviewer
from assay.services import agreement, config
from assay.services.session import ReviewSession
from assay.ui.agreement_dialog import AgreementDialog
from assay.ui.sentence_model import COL_TEAM, COL_VERDICT

BOB = Reviewer("b0b00000-0000-4000-8000-000000000002", "Bob Colleague")
AGREED = AnnotationState(categories=frozenset({"efficacy"}), verdict="supported", status="final")
BOBS_VIEW = AnnotationState(
    categories=frozenset({"dose"}), verdict="unsupported", rationale="No RCT.", status="final"
)


@pytest.fixture
def team_review(tmp_path: Path, small_seed: Path) -> Path:
    """Me and Bob on the same six sentences: we agree on three and differ on three."""
    review = tmp_path / "team.assay"
    me = config.ensure_reviewer()
    with ReviewSession.create(review, me) as session:
        session.import_file(small_seed)
        ids = [row.id for row in session.sentence_rows() if row.kind.value == "paragraph"][:6]
        for sentence_id in ids:
            session.save_annotation(sentence_id, AGREED)
    with ReviewSession.open(review, BOB) as session:
        for n, sentence_id in enumerate(ids):
            session.save_annotation(sentence_id, AGREED if n < 3 else BOBS_VIEW)
    # The lead's view: blind coding (on by default) switched off in this review.
    config.set_blind_mode(review_id_of(review), False)
    return review


def review_id_of(review: Path) -> str:
    with sqlite3.connect(review) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'review_id'").fetchone()[0]


def disagreeing_ids(review: Path) -> list[int]:
    with ReviewSession.open(review, config.ensure_reviewer()) as session:
        return [d.sentence_id for d in agreement.disagreements(session)]


def adjudications(review: Path) -> list[tuple[int, str | None, str | None, str]]:
    with sqlite3.connect(review) as conn:
        return conn.execute(
            "SELECT sentence_id, verdict, chosen_annotation_id, rationale FROM adjudications "
            "ORDER BY sentence_id"
        ).fetchall()


def bob_annotation_id(review: Path, sentence_id: int) -> str:
    with sqlite3.connect(review) as conn:
        return conn.execute(
            "SELECT id FROM annotations WHERE sentence_id = ? AND reviewer_id = ?",
            (sentence_id, BOB.id),
        ).fetchone()[0]


def test_disagreements_are_marked_filtered_and_reached_with_d(open_window, press, team_review):
    window = open_window((team_review,))
    model = window.model
    open_ids = disagreeing_ids(team_review)
    assert len(open_ids) == 3
    for sentence_id in open_ids:
        row = model.visible_row_of(sentence_id)
        assert model.index(row, COL_TEAM).data() == "⚠ Disagree"
    table = window.page.table
    assert table.team_combo.isVisibleTo(table)
    table.choose_team_filter("open_disagreements")
    assert [model.sentence_id_at(r) for r in range(model.rowCount())] == open_ids
    table.choose_team_filter(BOB.id)
    assert model.rowCount() == 6
    table.choose_team_filter(None)

    window.controller.go_to(model.all_rows()[0].id)
    press(window, "D")
    assert window.controller.current_id == open_ids[0]
    press(window, "D")
    assert window.controller.current_id == open_ids[1]
    press(window, "Shift+D")
    assert window.controller.current_id == open_ids[0]


def test_picking_a_reviewers_decision_settles_it_and_undo_takes_it_back(
    open_window, press, team_review
):
    window = open_window((team_review,))
    first = disagreeing_ids(team_review)[0]
    window.controller.go_to(window.model.all_rows()[0].id)
    press(window, "Ctrl+Shift+R")
    assert window.reviewers_dock.isVisible()
    press(window, "D")
    panel = window.reviewers_panel
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(2)]
    assert headers[0].endswith("(me)") and headers[1] == "2 · Bob Colleague"
    verdict_row = [panel.table.item(1, c).text() for c in range(2)]
    assert verdict_row == ["Supported", "Unsupported"]

    press(window, "Ctrl+2")
    assert adjudications(team_review) == [
        (first, "unsupported", bob_annotation_id(team_review, first), "No RCT.")
    ]
    row = window.model.visible_row_of(first)
    assert window.model.index(row, COL_TEAM).data() == "Settled"
    assert "taken from Bob Colleague" in panel.decision_label.text()
    # The reviewers' own annotations are untouched: agreement stays honest.
    assert len(disagreeing_ids(team_review)) == 2
    with sqlite3.connect(team_review) as conn:
        verdicts = conn.execute(
            "SELECT verdict FROM annotations WHERE sentence_id = ? ORDER BY verdict", (first,)
        ).fetchall()
    assert verdicts == [("supported",), ("unsupported",)]

    press(window, "D")  # the settled one is no longer "open"
    assert window.controller.current_id == disagreeing_ids(team_review)[0]
    press(window, "Ctrl+Z")
    assert adjudications(team_review) == []
    assert window.controller.current_id == first
    press(window, "Ctrl+Shift+Z")
    assert len(adjudications(team_review)) == 1


def test_the_lead_writes_a_decision_of_their_own(open_window, press, qtbot, team_review):
    window = open_window((team_review,))
    target = disagreeing_ids(team_review)[-1]
    window.controller.go_to(target)
    press(window, "Ctrl+D")
    panel = window.reviewers_panel
    assert QApplication.focusWidget() is panel.category_boxes["mechanism"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    panel.verdict_combo.setCurrentIndex(panel.verdict_combo.findData("overstated"))
    panel.rationale_edit.setFocus()
    qtbot.keyClicks(panel.rationale_edit, "Dose claim, but the trial was small")
    press(window, "Return")
    assert adjudications(team_review) == [
        (target, "overstated", None, "Dose claim, but the trial was small")
    ]
    window.close()
    with ReviewSession.open(team_review, config.ensure_reviewer()) as session:
        decision = agreement.adjudication(session, target)
    assert decision is not None and decision.state.categories == frozenset({"mechanism"})


def test_showing_bobs_annotations_is_read_only(open_window, press, team_review):
    window = open_window((team_review,))
    combo = window.findChild(type(window.page.document_combo), "showReviewerCombo")
    assert combo.isVisibleTo(window) and combo.count() == 2
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    last = disagreeing_ids(team_review)[-1]
    window.controller.go_to(last)
    row = window.model.visible_row_of(last)
    assert window.model.index(row, COL_VERDICT).data() == "Unsupported"
    press(window, "S")
    assert "Showing Bob Colleague's annotations" in window.status.currentMessage()
    with sqlite3.connect(team_review) as conn:
        assert conn.execute(
            "SELECT verdict FROM annotations WHERE sentence_id = ? AND reviewer_id = ?",
            (last, BOB.id),
        ).fetchone() == ("unsupported",)
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert window.model.index(row, COL_VERDICT).data() == "Supported"


def test_blind_coding_is_on_by_default_and_shown_in_the_window(
    open_window, press, team_review, on_next_modal
):
    config.set_blind_mode(review_id_of(team_review), True)  # as in any review not switched
    window = open_window((team_review,))
    assert window.actions_by_id["blind_mode"].isChecked()
    label = window.team.blind_label
    assert label.isVisibleTo(window) and "Blind coding" in label.text()
    teams = {window.model.index(r, COL_TEAM).data() for r in range(window.model.rowCount())}
    assert "hidden" in teams and "⚠ Disagree" not in teams and "3 agree" not in teams
    assert not any(t and "agree" in t for t in teams)
    # A reviewer still coding who switches it off is asked first; Cancel keeps it on.
    on_next_modal(lambda box: box.reject())
    window.actions_by_id["blind_mode"].trigger()
    assert window.actions_by_id["blind_mode"].isChecked() and window.team.blind
    assert config.blind_mode(review_id_of(team_review))


def test_blind_mode_hides_others_until_the_document_is_finished(
    open_window, press, team_review, on_next_modal
):
    config.set_blind_mode(review_id_of(team_review), True)
    window = open_window((team_review,))
    assert window.actions_by_id["blind_mode"].isChecked()
    first = disagreeing_ids(team_review)[0]
    row = window.model.visible_row_of(first)
    assert window.model.index(row, COL_TEAM).data() == "hidden"
    window.controller.go_to(first)
    press(window, "Ctrl+Shift+R")
    assert "Blind mode" in window.reviewers_panel.headline.text()
    assert window.reviewers_panel.table.columnCount() == 0
    press(window, "D")
    assert "blind mode hides the documents" in window.status.currentMessage()

    def confirm(box) -> None:
        (show,) = [b for b in box.buttons() if b.text() == "Show others' decisions"]
        show.click()

    on_next_modal(confirm)
    window.actions_by_id["blind_mode"].trigger()  # off again, by the menu (the lead)
    assert not config.blind_mode(review_id_of(team_review))
    assert not window.actions_by_id["blind_mode"].isChecked()
    assert not window.team.blind_label.isVisibleTo(window)
    assert window.model.index(row, COL_TEAM).data() == "⚠ Disagree"
    assert window.reviewers_panel.table.columnCount() == 2


def test_blind_mode_shows_others_once_i_have_reviewed_every_sentence(open_window, team_review):
    with ReviewSession.open(team_review, config.ensure_reviewer()) as session:
        for row in session.sentence_rows():
            if row.state.status != "final":
                session.save_annotation(row.id, row.state.with_changes(status="final"))
    config.set_blind_mode(review_id_of(team_review), True)
    window = open_window((team_review,))
    first = disagreeing_ids(team_review)[0]
    row = window.model.visible_row_of(first)
    assert window.model.index(row, COL_TEAM).data() == "⚠ Disagree"


def test_the_agreement_panel_shows_alpha_per_measure(open_window, press, team_review):
    window = open_window((team_review,))
    press(window, "Ctrl+Shift+A")
    dialog = window.findChild(AgreementDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.findChild(QTableWidget, "agreementAlphaTable")
    cells = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    with ReviewSession.open(team_review, config.ensure_reviewer()) as session:
        report = agreement.agreement_report(session)
    assert cells["Verdict"] == f"{report['verdict']['alpha']:.3f}"
    assert set(cells) == {"Verdict"} | {
        f"Claim type: {name}" for name in ("Mechanism", "Efficacy", "Dose", "Safety")
    }
    pairs = dialog.findChild(QTableWidget, "agreementPairTable")
    assert pairs.rowCount() == 1 and pairs.item(0, 1).text() == "50%"
    dialog.close()


def test_d_in_a_review_of_one_says_there_is_nobody_to_disagree_with(
    open_window, press, tmp_path, small_seed
):
    review = tmp_path / "solo.assay"
    with ReviewSession.create(review, config.ensure_reviewer()) as session:
        session.import_file(small_seed)
    window = open_window((review,))
    start = window.controller.current_id
    press(window, "D")
    assert "nobody else has annotated" in window.status.currentMessage()
    assert window.controller.current_id == start
    assert not window.page.table.team_combo.isVisibleTo(window.page.table)
