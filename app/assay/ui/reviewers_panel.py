"""The Reviewers panel: every reviewer's decision on the current sentence side by side,
and the final decision that settles a disagreement (adjudication).

Like the claim panel it never writes: it emits the decision, and the team
controller saves it (one transaction, undoable).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assay.core.model import AnnotationState
from assay.core.vocabulary import CATEGORIES, VERDICTS, label_of
from assay.services.agreement import Adjudication, ReviewerDecision
from assay.ui.plain_text import escape, plain_label, rich_label
from assay.ui.sentence_model import categories_text

ROWS = ("Claim type", "Verdict", "Confidence", "Status", "Rationale")


class ReviewersPanel(QWidget):
    decided = Signal(int, object, object)  # sentence id, AnnotationState, annotation id | None
    cleared = Signal(int)  # sentence id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sentence_id: int | None = None
        self.columns: list[ReviewerDecision | None] = []
        self.headline = rich_label()  # Assay's own bold; anything else is escaped
        self.headline.setObjectName("teamHeadline")
        self.headline.setWordWrap(True)
        self.table = QTableWidget(len(ROWS), 0)
        self.table.setObjectName("reviewersTable")
        self.table.setAccessibleName("Each reviewer's decision")
        self.table.setTabKeyNavigation(False)  # Tab moves on to the decision form
        self.table.setVerticalHeaderLabels(list(ROWS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.decision_box = QGroupBox("Final decision")
        self.category_boxes = {term.value: QCheckBox(term.label) for term in CATEGORIES}
        self.not_a_claim_box = QCheckBox("Not a claim")
        self.verdict_combo = QComboBox()
        self.verdict_combo.setAccessibleName("Final verdict")
        self.verdict_combo.addItem("No verdict", None)
        for term in VERDICTS:
            self.verdict_combo.addItem(term.label, term.value)
        self.rationale_edit = QLineEdit()
        self.rationale_edit.setAccessibleName("Why this decision")
        self.rationale_edit.setPlaceholderText("Why (Return saves)")
        self.rationale_edit.returnPressed.connect(self.save_written_decision)
        self.save_button = QPushButton("&Save decision")
        self.save_button.clicked.connect(self.save_written_decision)
        self.clear_button = QPushButton("Clear decision")
        self.clear_button.clicked.connect(self._clear)
        self.decision_label = plain_label()  # names a reviewer
        self.decision_label.setObjectName("decisionLabel")
        self.decision_label.setWordWrap(True)
        boxes = QHBoxLayout()
        for box in (*self.category_boxes.values(), self.not_a_claim_box):
            boxes.addWidget(box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verdict_combo, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        decision_layout = QVBoxLayout(self.decision_box)
        decision_layout.addWidget(self.decision_label)
        decision_layout.addLayout(boxes)
        decision_layout.addWidget(self.rationale_edit)
        decision_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        layout.addWidget(self.decision_box)
        layout.addStretch(1)  # the table is short: keep the decision right under it
        self.setMinimumWidth(360)

    # --- showing ---------------------------------------------------------------------------

    def show_sentence(
        self,
        sentence_id: int | None,
        reviewers: list[tuple[str, str]],
        decisions: tuple[ReviewerDecision, ...],
        adjudication: Adjudication | None,
        *,
        hidden_reason: str = "",
        read_only: bool = False,
    ) -> None:
        """`reviewers`: (id, name) in column order, me first."""
        self.sentence_id = sentence_id
        if sentence_id is None or hidden_reason:
            self.columns = []
            self.table.setColumnCount(0)
            self.headline.setText(escape(hidden_reason or "No sentence."))
            self.decision_box.setEnabled(False)
            return
        by_reviewer = {d.reviewer_id: d for d in decisions}
        self.columns = [by_reviewer.get(reviewer_id) for reviewer_id, _ in reviewers]
        self.table.setColumnCount(len(reviewers))
        self.table.setHorizontalHeaderLabels(
            [f"{n} · {name}" for n, (_, name) in enumerate(reviewers, start=1)]
        )
        for column, decision in enumerate(self.columns):
            for row, text in enumerate(_cells(decision)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.table.setItem(row, column, item)
        decided = {(d.state.categories, d.state.not_a_claim, d.state.verdict) for d in decisions}
        if len(decisions) < 2:
            headline = "Only one reviewer has annotated this sentence." if decisions else ""
            headline = headline or "No reviewer has annotated this sentence yet."
        elif len(decided) > 1:
            headline = "<b>Reviewers disagree.</b> Ctrl+1…9 takes a reviewer's decision; "
            headline += "Ctrl+D writes your own."
            if adjudication is not None:
                headline = "<b>Reviewers disagree</b>; the final decision below settles it."
        else:
            headline = "Reviewers agree."
        self.headline.setText(headline)
        self._show_decision(adjudication)
        self.decision_box.setEnabled(not read_only)

    def _show_decision(self, adjudication: Adjudication | None) -> None:
        state = adjudication.state if adjudication else AnnotationState()
        for value, box in self.category_boxes.items():
            box.setChecked(value in state.categories)
        self.not_a_claim_box.setChecked(state.not_a_claim)
        self.verdict_combo.setCurrentIndex(max(0, self.verdict_combo.findData(state.verdict)))
        self.rationale_edit.setText(state.rationale)
        self.clear_button.setEnabled(adjudication is not None)
        if adjudication is None:
            self.decision_label.setText("Not decided yet.")
        else:
            picked = next(
                (
                    d.reviewer_name
                    for d in self.columns
                    if d is not None and d.annotation_id == adjudication.chosen_annotation_id
                ),
                None,
            )
            source = f"taken from {picked}" if picked else "written by the adjudicator"
            self.decision_label.setText(
                f"Decided: {_summary(state)} ({source}). Reports use this decision."
            )

    # --- deciding --------------------------------------------------------------------------

    def pick(self, column: int) -> bool:
        """Ctrl+n: decide as the n-th reviewer (0-based column) did."""
        if self.sentence_id is None or not self.decision_box.isEnabled():
            return False
        if not 0 <= column < len(self.columns) or self.columns[column] is None:
            return False
        chosen = self.columns[column]
        assert chosen is not None
        state = AnnotationState(
            categories=chosen.state.categories,
            not_a_claim=chosen.state.not_a_claim,
            verdict=chosen.state.verdict,
            rationale=chosen.state.rationale,
        )
        if state.is_empty:
            return False
        self.decided.emit(self.sentence_id, state, chosen.annotation_id)
        return True

    def focus_decision(self) -> None:
        first = next(iter(self.category_boxes.values()))
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def written_decision(self) -> AnnotationState:
        return AnnotationState(
            categories=frozenset(v for v, box in self.category_boxes.items() if box.isChecked()),
            not_a_claim=self.not_a_claim_box.isChecked(),
            verdict=self.verdict_combo.currentData(),
            rationale=self.rationale_edit.text().strip(),
        )

    def save_written_decision(self) -> None:
        state = self.written_decision()
        if self.sentence_id is None or not self.decision_box.isEnabled() or state.is_empty:
            return
        self.decided.emit(self.sentence_id, state, None)

    def _clear(self) -> None:
        if self.sentence_id is not None:
            self.cleared.emit(self.sentence_id)


def _cells(decision: ReviewerDecision | None) -> list[str]:
    if decision is None:
        return ["—", "", "", "not annotated", ""]
    state = decision.state
    return [
        categories_text(state) or "—",
        label_of(VERDICTS, state.verdict) or "—",
        str(state.confidence) if state.confidence else "",
        "reviewed" if state.status == "final" else "in progress",  # the table's word
        state.rationale,
    ]


def _summary(state: AnnotationState) -> str:
    parts = [
        categories_text(state) or "no claim type",
        label_of(VERDICTS, state.verdict) or "no verdict",
    ]
    return ", ".join(parts)
