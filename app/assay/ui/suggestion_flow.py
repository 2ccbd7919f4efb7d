"""Suggested claim types in the window.

For a sentence the reviewer has not typed yet, the suggestion (rules, or once there
are enough of the reviewer's own labels, the model trained on them) outlines the
suggested buttons and names itself in the Claim type title, with the reasons in its
tooltip; A accepts it as an ordinary, undoable edit. Nothing is saved until then.
The model is trained on a worker thread after every few new labels.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from assay.core.model import AnnotationState, SentenceRow
from assay.core.vocabulary import CATEGORIES, NOT_A_CLAIM, label_of
from assay.ui.after_paint import FirstCallAfterPaint

if TYPE_CHECKING:
    from assay.claims.suggestion_model import Model
    from assay.claims.suggestions import Suggestion
    from assay.ui.main_window import MainWindow

RETRAIN_EVERY = 25  # new labels between two trainings
# Trained on an even sample of at most this many labels: training takes ~0.1 ms a
# label on the worker thread, which shares the interpreter with the window, so all the
# labels of a million-sentence review would slow the window for minutes.
MAX_TRAINING_LABELS = 20_000
CHECK_EVERY_EDITS = 5  # saves between two counts of the labels


def is_labelled(state: AnnotationState) -> bool:
    return bool(state.categories) or state.not_a_claim


def spread(rows: list[SentenceRow], limit: int) -> list[SentenceRow]:
    """At most `limit` rows, evenly spaced through `rows` (every document has its say)."""
    if len(rows) <= limit:
        return rows
    return [rows[i * len(rows) // limit] for i in range(limit)]


class SuggestionFlow(QObject):
    model_trained = Signal(object)  # Model | None, emitted from the worker thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model: Model | None = None
        self.current: Suggestion | None = None
        self._trained_on = 0
        self._training = False
        self._edits = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assay-suggest")
        self.model_trained.connect(self._on_trained)  # queued: emitted off the UI thread
        # The first refresh loads the rules and the numbers finder: after the window paints.
        panel = window.page.claim_panel
        window.controller.current_changed.connect(
            FirstCallAfterPaint(panel, self.refresh) if panel is not None else self.refresh
        )
        window.controller.saved.connect(lambda _text: self._after_edit())
        # Every edit, undo and redo moves the undo stack: the suggestion follows it there.
        window.undo_stack.indexChanged.connect(lambda _index: self.refresh())

    # --- showing ----------------------------------------------------------------------

    def refresh(self, sentence_id: int | None = None) -> None:
        from assay.claims.suggestion_model import suggest_with

        panel = self.window.page.claim_panel
        sentence_id = sentence_id if sentence_id is not None else self.window.controller.current_id
        row = None if sentence_id is None else self.window.model.row_by_id(sentence_id)
        self.current = None
        if panel is None:
            return
        if row is None or is_labelled(row.state):
            panel.show_suggestion(frozenset(), "", "")
            return
        suggestion = suggest_with(self.model, row.text, row.kind)
        if suggestion.is_empty:
            panel.show_suggestion(frozenset(), "", "")
            return
        self.current = suggestion
        values = frozenset({NOT_A_CLAIM.value}) if suggestion.not_a_claim else suggestion.categories
        names = ", ".join(label_of((*CATEGORIES, NOT_A_CLAIM), value) for value in sorted(values))
        source = "your labels" if suggestion.source == "model" else "rules"
        title = (
            f"Claim type · suggested: {names} ({source}, {suggestion.confidence:.0%}) · A accepts"
        )
        panel.show_suggestion(values, title, "\n".join(suggestion.reasons))

    def accept(self) -> None:
        """A: the suggestion becomes the reviewer's own claim type (undoable)."""
        refusal = self.window.controller.edit_refusal()
        if refusal:  # a read-only view: say so, whether or not there is a suggestion
            self.window.status.showMessage(refusal, 5000)
            return
        suggestion, panel = self.current, self.window.page.claim_panel
        if panel is None:
            return
        if suggestion is None:
            row = self._current_row()
            self.window.status.showMessage(
                "No suggestion to accept: no sentence is shown."
                if row is None
                else "No suggestion to accept: this sentence already has a claim type."
                if is_labelled(row.state)
                else "No suggestion for this sentence: no rule matched and too few of your "
                "labels look like it. Choose the claim type with 1–4 or 0.",
                6000,
            )
            return
        state = panel.current_state().with_changes(
            categories=frozenset() if suggestion.not_a_claim else suggestion.categories,
            not_a_claim=suggestion.not_a_claim,
        )
        self.window.controller.edit_current(state)

    # --- training -------------------------------------------------------------------

    def labelled_rows(self) -> list[SentenceRow]:
        return [row for row in self.window.model.all_rows() if is_labelled(row.state)]

    def _after_edit(self) -> None:
        # Counting the labels walks every row (~10 ms at 100,000): not on every key.
        self._edits += 1
        if self._edits >= CHECK_EVERY_EDITS:
            self._edits = 0
            self.train_if_ready()

    def train_if_ready(self) -> None:
        """Train when the labels first suffice, then after every RETRAIN_EVERY new ones."""
        labelled = self.labelled_rows()
        if len(labelled) >= self._trained_on + RETRAIN_EVERY or (
            self.model is None and len(labelled) >= 30 and len(labelled) != self._trained_on
        ):
            self.train(labelled)

    def train(self, labelled: list[SentenceRow] | None = None) -> None:
        """Train on the reviewer's labels on the worker thread (one training at a time)."""
        from assay.claims.suggestion_model import train

        if self._training:
            return
        rows = labelled if labelled is not None else self.labelled_rows()
        self._training = True
        self._trained_on = len(rows)
        examples = [(row.text, row.kind, row.state) for row in spread(rows, MAX_TRAINING_LABELS)]
        self._pool.submit(lambda: self.model_trained.emit(train(examples)))

    def _on_trained(self, model: Model | None) -> None:
        self._training = False
        if model is not None:
            self.model = model
            self.window.status.showMessage(
                f"Suggestions now learn from your {self._trained_on:,} labelled sentences.", 5000
            )
        self.refresh()

    def reset(self) -> None:
        """Another review: its own labels, its own model, and no suggestion left over
        from the review before (an empty review shows no sentence to refresh it)."""
        self.model, self.current, self._trained_on = None, None, 0
        panel = self.window.page.claim_panel
        if panel is not None:
            panel.show_suggestion(frozenset(), "", "")

    def _current_row(self) -> SentenceRow | None:
        current = self.window.controller.current_id
        return None if current is None else self.window.model.row_by_id(current)
