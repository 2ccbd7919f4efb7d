"""The window's side of bundle ownership: the dry run shows refused records and pairs
the reviewer's other computer; a merge says what conflicts it kept; Document ▸
Conflicts… settles them by keyboard and the window shows the chosen version. Names,
file names and rationales from bundles show as typed, never as HTML."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTableWidget, QWidget

from assay.core.model import AnnotationState, Reviewer
from assay.services import config
from assay.services.exchange import export_bundle, merge_bundles
from assay.services.session import ReviewSession
from assay.ui.exchange_dialogs import MergeSummaryDialog

LAPTOP = "0f0f0f0f-0000-4000-8000-00000000a002"
HOSTILE = "<b>x</b>"
BOB = Reviewer("b0b00000-0000-4000-8000-000000000002", "Bob Colleague")
DESK_STATE = AnnotationState(
    categories=frozenset({"dose"}), verdict="supported", rationale="Desk.", status="final"
)
LAPTOP_STATE = AnnotationState(
    categories=frozenset({"efficacy"}), verdict="contradicted", rationale=HOSTILE
)


@pytest.fixture
def me() -> Reviewer:
    """The window's reviewer, with a name a bundle could carry."""
    return config.set_reviewer("<i>Ada</i>")


@pytest.fixture
def desk(tmp_path: Path, small_seed: Path, me: Reviewer) -> Path:
    review = tmp_path / "desk.assay"
    with ReviewSession.create(review, me) as session:
        session.import_file(small_seed)
    return review


def laptop_review(desk: Path, me: Reviewer, tmp_path: Path) -> tuple[Path, Reviewer]:
    """The same documents on the reviewer's other computer (its own installation)."""
    laptop = dataclasses.replace(me, installation=LAPTOP)
    documents = tmp_path / "documents.assaybundle"
    export_bundle(desk, documents, reviewer=me)
    other = tmp_path / "laptop.assay"
    merge_bundles(other, [documents], reviewer=laptop, paired=[me.installation])
    return other, laptop


def annotate(review: Path, who: Reviewer, states: dict[int, AnnotationState]) -> list[int]:
    """Annotate sentences by ordinal; return their ids."""
    with ReviewSession.open(review, who) as session:
        rows = session.sentence_rows()
        for ordinal, state in states.items():
            session.save_annotation(rows[ordinal].id, state)
        return [rows[ordinal].id for ordinal in states]


def verdicts(review: Path, reviewer_id: str) -> dict[int, str | None]:
    with sqlite3.connect(f"file:{review}?mode=ro", uri=True) as conn:
        return dict(
            conn.execute(
                "SELECT sentence_id, verdict FROM annotations WHERE reviewer_id = ?",
                (reviewer_id,),
            ).fetchall()
        )


def answer_modal(match: Callable[[QWidget], bool], handler: Callable[[QWidget], None]) -> None:
    """Answer the first modal dialog that `match`es, from inside its event loop. Several
    can wait at once (a summary, the confirmation it opens, the summary planned again)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or not match(dialog):
            QTimer.singleShot(20, poll)
            return
        handler(dialog)

    QTimer.singleShot(0, poll)


def summary_facts(dialog: MergeSummaryDialog) -> dict[str, object]:
    table = dialog.findChild(QTableWidget, "mergePlanTable")
    refusals = dialog.findChild(QLabel, "mergeRefusals")
    return {
        "headers": [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())],
        "rows": [
            [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ],
        "refusals": None if refusals is None else refusals.text(),
        "refusals_format": None if refusals is None else refusals.textFormat(),
        "can_pair": dialog.pair_button is not None,
    }


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=30_000)


def test_pairing_from_the_summary_lets_my_laptops_work_in(open_window, qtbot, desk, me, tmp_path):
    other, laptop = laptop_review(desk, me, tmp_path)
    (sentence,) = annotate(other, laptop, {1: LAPTOP_STATE})
    bundle = tmp_path / "<b>laptop.assaybundle"
    export_bundle(other, bundle, reviewer=laptop)
    window = open_window((desk,))
    seen: dict[str, object] = {}

    def first_summary(dialog: QWidget) -> None:
        assert isinstance(dialog, MergeSummaryDialog)
        seen["before"] = summary_facts(dialog)
        dialog.pair_button.click()  # opens the confirmation, answered below

    def confirmation(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["question"] = box.text()
        seen["question_format"] = box.textFormat()
        seen["default"] = box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        seen["paired_while_asking"] = config.paired_installations()
        box.button(QMessageBox.StandardButton.Yes).click()

    def second_summary(dialog: QWidget) -> None:
        assert isinstance(dialog, MergeSummaryDialog)
        seen["after"] = summary_facts(dialog)
        dialog.merge_button.click()

    answer_modal(lambda d: getattr(d, "pair_button", None) is not None, first_summary)
    answer_modal(lambda d: isinstance(d, QMessageBox), confirmation)
    answer_modal(
        lambda d: isinstance(d, MergeSummaryDialog) and d.pair_button is None, second_summary
    )
    window.exchange.import_bundles([bundle])
    qtbot.waitUntil(lambda: "after" in seen, timeout=30_000)
    wait_idle(qtbot, window)

    before = seen["before"]
    assert before["can_pair"] and "Refused" in before["headers"]
    refused_column = before["headers"].index("Refused")
    assert before["rows"][0][refused_column] == "1"
    assert "1 record(s) under your name in “<b>laptop.assaybundle” were refused" in str(
        before["refusals"]
    )
    assert before["refusals_format"] == Qt.TextFormat.PlainText
    question = str(seen["question"])
    assert "“<b>laptop.assaybundle”" in question and LAPTOP[:8] in question
    assert "change your own annotations" in question
    assert seen["question_format"] == Qt.TextFormat.PlainText and seen["default"]
    assert seen["paired_while_asking"] == {}  # nothing is trusted before the answer
    assert config.paired_installations() == {LAPTOP: "<b>laptop.assaybundle"}
    after = seen["after"]
    assert after["refusals"] is None and "Refused" not in after["headers"]
    assert after["rows"][0][after["headers"].index("New")] == "1"
    assert verdicts(desk, me.id) == {sentence: "contradicted"}
    assert window.session is not None and window.model.row_by_id(sentence).state == LAPTOP_STATE


def test_saying_no_pairs_nothing_and_the_merge_goes_ahead_without_those_records(
    open_window, qtbot, desk, me, tmp_path, small_seed
):
    other, laptop = laptop_review(desk, me, tmp_path)
    annotate(other, laptop, {1: LAPTOP_STATE})
    mine = tmp_path / "laptop.assaybundle"
    export_bundle(other, mine, reviewer=laptop)
    bobs = tmp_path / "bob.assay"
    with ReviewSession.create(bobs, BOB) as session:
        session.import_file(small_seed)
        session.save_annotation(session.sentence_rows()[2].id, DESK_STATE)
    from_bob = tmp_path / "bob.assaybundle"
    export_bundle(bobs, from_bob, reviewer=BOB)
    window = open_window((desk,))
    answers: list[str] = []

    def summary(dialog: QWidget) -> None:
        assert isinstance(dialog, MergeSummaryDialog)
        answer_modal(lambda d: isinstance(d, QMessageBox), decline)
        dialog.pair_button.click()
        answers.append("still open" if dialog.isVisible() else "closed")
        dialog.merge_button.click()

    def decline(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        answers.append("asked")
        box.defaultButton().click()  # No, as Return would

    answer_modal(lambda d: isinstance(d, MergeSummaryDialog), summary)
    window.exchange.import_bundles([mine, from_bob])
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=30_000)
    wait_idle(qtbot, window)
    assert answers == ["asked", "still open"]
    assert config.paired_installations() == {}
    assert verdicts(desk, me.id) == {}
    assert list(verdicts(desk, BOB.id).values()) == ["supported"]
    message = window.status.currentMessage()
    assert "1 new" in message and "1 refused" in message


def test_a_merge_that_keeps_conflicts_says_where_to_settle_them(
    open_window, qtbot, desk, me, tmp_path
):
    other, laptop = laptop_review(desk, me, tmp_path)
    annotate(desk, me, {0: DESK_STATE})
    annotate(other, laptop, {0: LAPTOP_STATE})
    bundle = tmp_path / "laptop.assaybundle"
    export_bundle(other, bundle, reviewer=laptop)
    config.pair_installation(LAPTOP, bundle.name)
    window = open_window((desk,))
    answer_modal(lambda d: isinstance(d, MergeSummaryDialog), lambda d: d.merge_button.click())
    window.exchange.import_bundles([bundle])
    qtbot.waitUntil(lambda: "Merged" in window.status.currentMessage(), timeout=30_000)
    wait_idle(qtbot, window)
    message = window.status.currentMessage()
    assert "1 conflicting" in message
    assert "1 conflict(s) kept: Document ▸ Conflicts… to settle them." in message
    assert list(verdicts(desk, me.id).values()) == ["supported"]  # mine stays until settled


@pytest.fixture
def conflicted(desk: Path, me: Reviewer, tmp_path: Path) -> tuple[Path, list[int]]:
    """Two sentences annotated on both computers before they met: two conflicts."""
    other, laptop = laptop_review(desk, me, tmp_path)
    sentences = annotate(desk, me, {0: DESK_STATE, 2: DESK_STATE})
    annotate(other, laptop, {0: LAPTOP_STATE, 2: LAPTOP_STATE.with_changes(verdict="unsupported")})
    bundle = tmp_path / "laptop.assaybundle"
    export_bundle(other, bundle, reviewer=laptop)
    result = merge_bundles(desk, [bundle], reviewer=me, paired=[LAPTOP])
    assert len(result.plan.conflicts) == 2
    return desk, sentences


def open_conflicts(window, qtbot):
    action = window.actions_by_id["conflicts"]
    assert action in window.menus["document"].actions() and action.isEnabled()
    action.trigger()
    dialog = window.exchange.conflicts.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_return_keeps_mine_and_alt_t_takes_theirs(open_window, qtbot, conflicted, me):
    review, (first, second) = conflicted
    window = open_window((review,))
    dialog = open_conflicts(window, qtbot)
    listing = dialog.conflict_list
    assert listing.count() == 2 and listing.hasFocus()
    texts = [listing.item(row).text() for row in range(2)]
    assert all("<i>Ada</i>" in text for text in texts)
    assert {text.split(" · ")[1] for text in texts} == {"sentence 1", "sentence 3"}
    shown = dialog.current_conflict()
    assert shown is not None and shown.sentence_id == first
    mine, theirs = dialog.values["mine", "Rationale"], dialog.values["theirs", "Rationale"]
    assert (mine.text(), theirs.text()) == ("Desk.", HOSTILE)
    assert dialog.values["mine", "Verdict"].text() == "Supported"
    assert dialog.values["theirs", "Verdict"].text() == "Contradicted"
    assert "laptop.assaybundle" in dialog.theirs_header.text()
    assert "<i>Ada</i>'s annotation" in dialog.sentence.text()
    plain = Qt.TextFormat.PlainText
    labels = [*dialog.values.values(), dialog.sentence, dialog.theirs_header, dialog.note]
    assert all(label.textFormat() == plain for label in labels)
    assert "Undo does not reverse" in dialog.note.text()

    qtbot.keyClick(listing, Qt.Key.Key_Return)  # keep mine
    assert listing.count() == 1 and dialog.isVisible()
    assert window.controller.current_id == first
    assert window.page.claim_panel.current_state().verdict == "supported"
    assert "1 left" in window.status.currentMessage()

    qtbot.keyClick(listing, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # take theirs
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert verdicts(review, me.id) == {first: "supported", second: "unsupported"}
    assert window.controller.current_id == second
    assert window.model.row_by_id(second).state.verdict == "unsupported"
    assert window.page.claim_panel.current_state().rationale == HOSTILE
    assert "Every conflict is settled" in window.status.currentMessage()
    assert window.session is not None and window.session.conflicts() == []


def test_a_conflict_settled_elsewhere_meanwhile_says_so(
    open_window, qtbot, conflicted, me, monkeypatch
):
    review, (first, _second) = conflicted
    window = open_window((review,))
    dialog = open_conflicts(window, qtbot)
    shown = dialog.current_conflict()
    assert shown is not None
    window.session.settle_conflict(shown.id, take_theirs=False)  # as `assay conflicts` would
    errors: list[str] = []
    monkeypatch.setattr(
        "assay.ui.conflicts_dialog.show_error", lambda _p, _t, message: errors.append(message)
    )
    dialog.take_button.click()
    assert errors == ["That conflict was settled already. The list is shown afresh."]
    assert dialog.conflict_list.count() == 1
    assert verdicts(review, me.id)[first] == "supported"  # theirs was not taken


def test_a_read_only_review_lists_conflicts_but_cannot_settle_them(open_window, qtbot, conflicted):
    review, _ = conflicted
    holder = ReviewSession.open(review, BOB)  # another Assay has the file open
    try:
        window = open_window((review,))
        assert window.session is not None and window.session.read_only
        dialog = open_conflicts(window, qtbot)
        assert dialog.conflict_list.count() == 2
        assert not dialog.keep_button.isEnabled() and not dialog.take_button.isEnabled()
        qtbot.keyClick(dialog.conflict_list, Qt.Key.Key_Return)
        assert dialog.conflict_list.count() == 2
        assert "settled later" in dialog.note.text()
    finally:
        holder.close()
