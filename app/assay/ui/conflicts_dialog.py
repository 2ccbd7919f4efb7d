"""The conflicts a merge kept: mine and theirs side by side, keep one of them.

A conflict is an annotation changed both here and in a bundle since the two last met
(services.conflicts). Left, the conflicts (document, sentence, reviewer); right, the two
versions field by field. Keyboard: Up/Down choose, Return keeps mine (the safe choice:
nothing in the review changes), Alt+T takes theirs, Alt+M keeps mine, Esc closes.
Settling writes a new revision, so Edit ▸ Undo does not reverse it; the dialog says so.
Every text here comes from a review or a bundle: labels are plain text, never HTML.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assay.core.model import AnnotationState
from assay.core.vocabulary import CERTAINTY, EVIDENCE_TYPES, VERDICTS, label_of
from assay.services.conflicts import Conflict, ConflictError
from assay.services.session import ReviewSession
from assay.store.errors import ReviewFileError
from assay.ui.dialogs import show_error
from assay.ui.labels import elide
from assay.ui.sentence_model import categories_text

_CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1
FIELDS = ("Claim types", "Verdict", "Evidence type", "Certainty", "Confidence", "Status")
FINAL_NOTE = (
    "Keep mine leaves this review's version as it is; Take theirs replaces it with the "
    "bundle's version and adds its evidence. Either choice is final: it writes a new "
    "revision, which Edit ▸ Undo does not reverse (you can still edit the annotation "
    "afterwards), and merging the same bundle again changes nothing."
)


def plain_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """A label that shows its text as typed: reviewer names and rationales come from
    bundles, and rich text would render (or fetch) what they hold."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def state_fields(state: AnnotationState | None) -> dict[str, str]:
    """What the comparison shows of one version; "deleted here" when there is none."""
    if state is None:
        return {name: "" for name in FIELDS} | {"Verdict": "(deleted here)", "Rationale": ""}
    return {
        "Claim types": categories_text(state) or "—",
        "Verdict": label_of(VERDICTS, state.verdict) or "—",
        "Evidence type": label_of(EVIDENCE_TYPES, state.evidence_type) or "—",
        "Certainty": label_of(CERTAINTY, state.certainty) or "—",
        "Confidence": str(state.confidence) if state.confidence else "—",
        "Status": "reviewed" if state.status == "final" else "in progress",
        "Rationale": state.rationale or "—",
    }


class ConflictsDialog(QDialog):
    settled = Signal(int)  # the sentence whose annotation was settled

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflicts")
        self.session: ReviewSession | None = None
        self.sentence_text: Callable[[int], str] = lambda _sentence_id: ""
        self.conflict_list = QListWidget()
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setWordWrap(True)
        self.sentence = plain_label()
        self.sentence.setObjectName("conflictSentence")
        self.mine_header = plain_label("Mine (in this review)")
        self.theirs_header = plain_label()
        self.values: dict[tuple[str, str], QLabel] = {}
        grid = QGridLayout()
        grid.addWidget(self.mine_header, 0, 1)
        grid.addWidget(self.theirs_header, 0, 2)
        for row, name in enumerate((*FIELDS, "Rationale", "Evidence"), start=1):
            grid.addWidget(plain_label(name, wrap=False), row, 0, Qt.AlignmentFlag.AlignTop)
            for column, side in ((1, "mine"), (2, "theirs")):
                value = plain_label()
                value.setObjectName(f"{side}:{name}")
                self.values[side, name] = value
                grid.addWidget(value, row, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.note = plain_label(FINAL_NOTE)
        self.note.setObjectName("conflictNote")
        self.keep_button = QPushButton("Keep &mine")
        self.take_button = QPushButton("Take &theirs")
        # Return keeps mine: the choice that changes nothing in the review.
        self.keep_button.setDefault(True)
        self.keep_button.setAutoDefault(True)
        self.take_button.setAutoDefault(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        self.keep_button.clicked.connect(lambda: self.settle_current(take_theirs=False))
        self.take_button.clicked.connect(lambda: self.settle_current(take_theirs=True))
        listing_label = QLabel("&Conflicts")
        listing_label.setBuddy(self.conflict_list)
        left = QVBoxLayout()
        left.addWidget(listing_label)
        left.addWidget(self.conflict_list)
        right = QVBoxLayout()
        right.addWidget(self.sentence)
        right.addLayout(grid)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.conflict_list.currentItemChanged.connect(self._show_current)
        self.resize(960, 460)

    def load(
        self, session: ReviewSession, sentence_text: Callable[[int], str] | None = None
    ) -> int:
        """List the review's conflicts; return how many there are."""
        self.session = session
        if sentence_text is not None:
            self.sentence_text = sentence_text
        self.conflict_list.clear()
        for conflict in session.conflicts():
            item = QListWidgetItem(
                f"{elide(conflict.document_title, 50)} · sentence {conflict.ordinal + 1} · "
                f"{conflict.reviewer_name}"
            )
            item.setData(_CONFLICT_ROLE, conflict)
            self.conflict_list.addItem(item)
        if self.conflict_list.count():
            self.conflict_list.setCurrentRow(0)
        if session.read_only:
            self.note.setText(f"{session.read_only_reason} Conflicts can be settled later.")
        else:
            self.note.setText(FINAL_NOTE)
        self._update_buttons()
        self.conflict_list.setFocus()
        return self.conflict_list.count()

    def current_conflict(self) -> Conflict | None:
        item = self.conflict_list.currentItem()
        return None if item is None else item.data(_CONFLICT_ROLE)

    def _show_current(self) -> None:
        conflict = self.current_conflict()
        if conflict is None:
            self.sentence.setText("")
            for label in self.values.values():
                label.setText("")
            self._update_buttons()
            return
        text = self.sentence_text(conflict.sentence_id)
        where = f"{conflict.document_title}, sentence {conflict.ordinal + 1}"
        who = f"{conflict.reviewer_name}'s annotation"
        self.sentence.setText(f"{who} of {where}" + (f":\n“{elide(text, 400)}”" if text else ""))
        self.theirs_header.setText(f"Theirs (from “{conflict.bundle}”)")
        for side, state in (("mine", conflict.ours), ("theirs", conflict.theirs)):
            for name, value in state_fields(state).items():
                self.values[side, name].setText(value)
        self.values["mine", "Evidence"].setText("" if conflict.ours is None else "stays")
        count = conflict.theirs_evidence
        self.values["theirs", "Evidence"].setText(
            f"{count} item(s), added if you take theirs" if count else "none new"
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        enabled = (
            self.current_conflict() is not None
            and self.session is not None
            and not self.session.read_only
        )
        self.keep_button.setEnabled(enabled)
        self.take_button.setEnabled(enabled)

    def settle_current(self, *, take_theirs: bool) -> bool:
        conflict = self.current_conflict()
        if conflict is None or self.session is None or self.session.read_only:
            return False
        try:
            self.session.settle_conflict(conflict.id, take_theirs=take_theirs)
        except ConflictError as error:  # settled meanwhile (e.g. `assay conflicts`)
            show_error(self, "Conflict", f"{error} The list is shown afresh.")
            self.load(self.session)
            return False
        except (ReviewFileError, sqlite3.Error, OSError) as error:  # nothing was written
            show_error(self, "Cannot settle the conflict", f"{error} Nothing was changed.")
            return False
        row = self.conflict_list.currentRow()
        self.conflict_list.takeItem(row)
        self.settled.emit(conflict.sentence_id)
        if self.conflict_list.count() == 0:
            self.close()
            return True
        self.conflict_list.setCurrentRow(min(row, self.conflict_list.count() - 1))
        self.conflict_list.setFocus()
        return True
