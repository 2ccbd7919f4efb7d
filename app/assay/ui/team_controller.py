"""The team side of the window: everyone's decisions, disagreements and their
adjudication, whose annotations the page shows, and blind mode.

Owns no database access of its own: it reads a `TeamState` snapshot through the
services and writes adjudications through `assay.services.agreement`, each one an
undoable step on the window's undo stack.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QSignalBlocker, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLabel

from assay.core.model import AnnotationState
from assay.core.vocabulary import VERDICTS, label_of
from assay.services import agreement, config
from assay.services.errors import ReviewFileError
from assay.services.session import ReviewSession
from assay.services.team import (
    ANY_DISAGREEMENT,
    OPEN_DISAGREEMENTS,
    SETTLED,
    TeamState,
    decisions_of,
    load_team,
    refresh_sentence,
)
from assay.ui import dialogs
from assay.ui.review_controller import ReviewController
from assay.ui.reviewers_panel import ReviewersPanel
from assay.ui.sentence_model import categories_text
from assay.ui.sentence_table import SentenceTable
from assay.ui.undo import Decision, SetDecisionCommand

BLIND_NOTICE = (
    "Blind mode: other reviewers' decisions on this document stay hidden until you have "
    "reviewed every sentence of it."
)
BLIND_LABEL_TIP = (
    "Blind (independent) coding: each reviewer codes without seeing the others, so that "
    "agreement measures independent judgements. Other reviewers' decisions on a document "
    "show once you have reviewed every sentence of it. The lead switches it off to "
    "adjudicate: Team ▸ Blind mode."
)


def review_key(session: ReviewSession) -> str:
    """The review's own id (it survives a move or a copy), else its path."""
    return session.meta().get("review_id") or str(session.path)


class TeamController(QObject):
    notice = Signal(str)
    failed = Signal(str)
    blind_changed = Signal(bool)  # the menu's check mark follows the open review's setting

    def __init__(
        self,
        review: ReviewController,
        panel: ReviewersPanel,
        table: SentenceTable,
        show_combo: QComboBox,
        undo_stack: QUndoStack,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.panel = panel
        self.table = table
        self.show_combo = show_combo
        self.undo_stack = undo_stack
        self.session: ReviewSession | None = None
        self.state: TeamState | None = None
        self.blind = True  # blind coding is on in every review unless switched off there
        self.blind_label = QLabel("Blind coding")
        self.blind_label.setObjectName("blindLabel")
        self.blind_label.setToolTip(BLIND_LABEL_TIP)
        self.blind_label.setAccessibleName("Blind coding is on")
        self.blind_label.hide()
        table.team_ids_for = self._ids_for
        review.current_changed.connect(self._show_current)
        # Finishing a document lifts blind mode's veil on it: only then redraw it all.
        review.progress_changed.connect(lambda _p: self._refresh_views() if self.blind else None)
        panel.decided.connect(self.decide)
        panel.cleared.connect(lambda sentence_id: self.decide(sentence_id, None, None))
        show_combo.activated.connect(self._on_show_chosen)

    # --- lifecycle --------------------------------------------------------------------

    def attach(self, session: ReviewSession) -> None:
        self.session = session
        self.blind = config.blind_mode(review_key(session))
        self.blind_changed.emit(self.blind)
        self.reload()

    def detach(self) -> None:
        self.session = self.state = None
        self.panel.show_sentence(None, [], (), None)
        self.table.set_team_choices([])
        self.show_combo.clear()
        self.show_combo.hide()
        self.blind_label.hide()

    def reload(self) -> None:
        if self.session is None:
            return
        self.state = load_team(self.session)
        self._fill_show_combo()
        self._refresh_views()

    def on_local_save(self, sentence_id: int, _state: AnnotationState) -> None:
        """The local reviewer's edit changes their column and maybe a disagreement."""
        if self.session is None or self.state is None:
            return
        refresh_sentence(self.session, self.state, sentence_id)
        if self.state.others:
            self._update_sentence(sentence_id)

    # --- navigation ------------------------------------------------------------------------

    def next_disagreement(self, direction: int = 1) -> None:
        """D / Shift+D: the next open disagreement in document order, wrapping around."""
        state = self.state
        rows = self.review.model.all_rows()
        if state is None or not rows:
            return
        current = self.review.current_id
        start = self.review.model.position_of(current) if current is not None else None
        start = -1 if start is None else start
        hidden = self._hidden_documents()
        is_open = state.is_open
        for step in range(1, len(rows) + 1):
            row = rows[(start + direction * step) % len(rows)]
            if is_open(row.id) and row.document_id not in hidden:
                self.review.go_to(row.id)
                return
        if not state.others:
            self.notice.emit(
                "No open disagreements: nobody else has annotated this review yet "
                "(File ▸ Import bundle brings their work in)."
            )
        elif hidden:
            self.notice.emit(
                "No open disagreements you can see: blind mode hides the documents "
                "you have not finished."
            )
        else:
            self.notice.emit("No open disagreements: every one is settled.")

    # --- adjudication ---------------------------------------------------------------------

    def pick(self, number: int) -> None:
        """Ctrl+n: decide as the n-th reviewer in the panel did."""
        if not self.panel.isVisible():
            self.notice.emit("Show the Reviewers panel (Ctrl+Shift+R) to decide.")
            return
        if not self.panel.pick(number - 1):
            self.notice.emit(f"Reviewer {number} has no decision on this sentence.")

    def decide(
        self, sentence_id: int, decision: AnnotationState | None, chosen: str | None
    ) -> None:
        if self.session is None or self.state is None:
            return
        refusal = self.review.edit_refusal("no decision was saved")
        if refusal:
            self.notice.emit(refusal)
            return
        existing = self.state.adjudications.get(sentence_id)
        before: Decision = (
            None if existing is None else (existing.state, existing.chosen_annotation_id)
        )
        after: Decision = None if decision is None else (decision, chosen)
        if before == after or not self._write_decision(sentence_id, after):
            return
        self.undo_stack.push(SetDecisionCommand(self._undo_write, sentence_id, before, after))
        self.notice.emit("Final decision cleared." if after is None else "Final decision saved.")

    def _undo_write(self, sentence_id: int, decision: Decision) -> None:
        if self._write_decision(sentence_id, decision) and sentence_id != self.review.current_id:
            self.review.go_to(sentence_id)

    def _write_decision(self, sentence_id: int, decision: Decision) -> bool:
        assert self.session is not None and self.state is not None
        try:
            if decision is None:
                agreement.clear_adjudication(self.session, sentence_id)
                self.state.adjudications.pop(sentence_id, None)
            else:
                stored = agreement.adjudicate(self.session, sentence_id, *decision)
                self.state.adjudications[sentence_id] = stored
        except (ReviewFileError, sqlite3.Error, OSError, ValueError, KeyError) as error:
            self.failed.emit(f"The decision was not saved: {error}")
            return False
        self._update_sentence(sentence_id)
        if self.table.current_filter().team is not None:
            self.table.refilter()  # settled / open membership changed
            if self.review.current_id is not None:
                self.table.select_sentence(self.review.current_id)
        return True

    # --- whose annotations, blind mode ----------------------------------------------------

    def set_blind(self, on: bool) -> None:
        """Team ▸ Blind mode: for this review, on this computer. Switching it off asks
        first: a reviewer still coding would see the others' decisions."""
        session = self.session
        if session is None or on == self.blind:
            self.blind_changed.emit(self.blind)
            return
        parent = self.panel.window()
        if (
            not on
            and self.state is not None
            and self.state.others
            and not dialogs.ask_to_confirm(
                parent,
                "Switch blind coding off",
                "Show the other reviewers' decisions in this review before you have finished "
                "coding? Do this if you are the lead adjudicating; a reviewer still coding "
                "should keep it on, so that agreement measures independent judgements.",
                "Show others' decisions",
            )
        ):
            self.blind_changed.emit(self.blind)
            return
        self.blind = on
        config.set_blind_mode(review_key(session), on)
        self.blind_changed.emit(on)
        self.notice.emit(
            "Blind coding on: others' decisions stay hidden until you finish a document."
            if on
            else "Blind coding off in this review: everyone's decisions are shown."
        )
        if on and self.review.shown_reviewer is not None:
            self.review.show_reviewer(None)
        self._fill_show_combo()
        self._refresh_views()

    def _on_show_chosen(self, index: int) -> None:
        reviewer_id = self.show_combo.itemData(index)
        state = self.state
        if state is None or self.session is None:
            return
        shown = None
        if reviewer_id is not None and reviewer_id != state.me:
            shown = (reviewer_id, state.names.get(reviewer_id, reviewer_id))
        self.review.show_reviewer(shown)
        self._refresh_views()

    def _fill_show_combo(self) -> None:
        state = self.state
        combo = self.show_combo
        with QSignalBlocker(combo):
            combo.clear()
            if state is None:
                return
            combo.addItem("My annotations", None)
            for reviewer_id in state.reviewer_order()[1:]:
                combo.addItem(f"{state.names[reviewer_id]}'s annotations", reviewer_id)
            shown = self.review.shown_reviewer
            combo.setCurrentIndex(max(0, combo.findData(shown[0] if shown else None)))
        combo.setVisible(combo.count() > 1)
        self.blind_label.setVisible(self.blind and combo.count() > 1)
        # Looking at others' work would defeat blind mode.
        combo.setEnabled(not self.blind)
        combo.setToolTip(BLIND_NOTICE if self.blind else "Whose annotations the page shows")

    def _hidden_documents(self) -> set[int]:
        """Blind mode hides others' decisions on the documents I have not finished."""
        if not self.blind:
            return set()
        per_document = self.review.progress().per_document
        return {d.document_id for d in per_document if d.reviewed < d.total}

    def _hidden(self, sentence_id: int, hidden_documents: set[int] | None = None) -> bool:
        if not self.blind:
            return False
        row = self.review.model.row_by_id(sentence_id)
        hidden = self._hidden_documents() if hidden_documents is None else hidden_documents
        return row is None or row.document_id in hidden

    # --- views ----------------------------------------------------------------------------

    def _refresh_views(self) -> None:
        state = self.state
        if state is None:
            return
        hidden_documents = self._hidden_documents()
        texts: dict[int, str] = {}
        if state.others:
            for sentence_id in state.stands:
                hidden = bool(hidden_documents) and self._hidden(sentence_id, hidden_documents)
                texts[sentence_id] = self._team_text(sentence_id, hidden)
        self.review.model.set_team(texts, self._tooltip)
        choices: list[tuple[str, str | None]] = []
        if state.others:
            choices = [
                ("Everyone's sentences", None),
                ("Open disagreements", OPEN_DISAGREEMENTS),
                ("All disagreements", ANY_DISAGREEMENT),
                ("Settled by a final decision", SETTLED),
                *(
                    (f"Annotated by {state.names[r]}", r)
                    for r in state.reviewer_order()
                    if r in state.names
                ),
            ]
        self.table.set_team_choices(choices)
        if self.review.current_id is not None:
            self.table.select_sentence(self.review.current_id)
            self._show_current(self.review.current_id)

    def _team_text(self, sentence_id: int, hidden: bool) -> str:
        """The table's Team column: a word on how the reviewers stand."""
        assert self.state is not None
        count, differ = self.state.stands.get(sentence_id, (0, False))
        if count < 2:
            return ""
        if hidden:
            return "hidden"
        if sentence_id in self.state.adjudications:
            return "Settled"
        return "⚠ Disagree" if differ else f"{count} agree"

    def _update_sentence(self, sentence_id: int) -> None:
        hidden = self._hidden(sentence_id)
        self.review.model.set_team_text(sentence_id, self._team_text(sentence_id, hidden))
        if sentence_id == self.review.current_id:
            self._show_current(sentence_id)

    def _ids_for(self, choice: str) -> frozenset[int]:
        state = self.state
        if state is None or self.session is None:
            return frozenset()
        ids = state.sentence_ids(choice, self.session)
        hidden_documents = self._hidden_documents()
        if hidden_documents:
            ids = {s for s in ids if not self._hidden(s, hidden_documents)}
        return frozenset(ids)

    def _tooltip(self, sentence_id: int) -> str:
        state = self.state
        if state is None or self.session is None:
            return ""
        if self._hidden(sentence_id):
            return BLIND_NOTICE
        lines = [
            f"{d.reviewer_name}: {categories_text(d.state) or 'no claim type'} · "
            f"{label_of(VERDICTS, d.state.verdict) or 'no verdict'}"
            for d in decisions_of(self.session, sentence_id)
        ]
        decided = state.adjudications.get(sentence_id)
        if decided is not None:
            lines.append(
                f"Final decision: {categories_text(decided.state) or 'no claim type'} · "
                f"{label_of(VERDICTS, decided.state.verdict) or 'no verdict'}"
            )
        return "\n".join(lines)

    def refresh_panel(self) -> None:
        if self.review.current_id is not None:
            self._show_current(self.review.current_id)

    def _show_current(self, sentence_id: int) -> None:
        state = self.state
        # A hidden panel is brought up to date when it is shown (refresh_panel).
        if state is None or self.session is None or not self.panel.isVisible():
            return
        hidden = BLIND_NOTICE if self._hidden(sentence_id) else ""
        order = state.reviewer_order()
        self.panel.show_sentence(
            sentence_id,
            [(r, state.names[r] + (" (me)" if r == state.me else "")) for r in order],
            () if hidden else decisions_of(self.session, sentence_id),
            state.adjudications.get(sentence_id),
            hidden_reason=hidden,
            read_only=self.session.read_only,
        )
