"""The review controller: current sentence, navigation and saved, undoable edits.

It owns no widgets; it connects the ones the main window composes (source view,
claim panel, sentence table model) to a `ReviewSession`, so that each stays
ignorant of the others and of the database.
"""

from __future__ import annotations

import contextlib
import sqlite3
from bisect import bisect_left
from collections import defaultdict
from datetime import datetime
from operator import itemgetter

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QUndoStack

from assay.core.model import SKIPPED_KINDS, AnnotationState, SentenceRow
from assay.core.vocabulary import CATEGORIES, NOT_A_CLAIM, STATUS_FINAL, VERDICTS, label_of
from assay.services.results import Progress
from assay.services.session import ReviewSession
from assay.store.errors import ReviewFileError
from assay.ui.claim_panel import ClaimPanel
from assay.ui.labels import elide
from assay.ui.review_progress import count_progress
from assay.ui.sentence_model import SentenceTableModel
from assay.ui.source_view import SentenceSpan, SourceView
from assay.ui.undo import SetAnnotationCommand, describe_change

POSITION_SAVE_DELAY_MS = 800
# One short line: QTextEdit draws a placeholder on one line, without wrapping.
EMPTY_REVIEW_HINT = "Drop a PDF, DOCX, web page or Markdown file here, or File ▸ Import… (Ctrl+I)."


class ReviewController(QObject):
    current_changed = Signal(int)  # sentence id
    saved = Signal(str)  # a status line: "All changes saved at 14:02:11"
    progress_changed = Signal(object)  # Progress
    failed = Signal(str)  # a message for the reviewer
    notice = Signal(str)  # a transient hint ("Every sentence is reviewed")

    def __init__(
        self,
        model: SentenceTableModel,
        source_view: SourceView,
        panel: ClaimPanel,
        undo_stack: QUndoStack,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.source_view = source_view
        self.panel = panel
        self.undo_stack = undo_stack
        self.session: ReviewSession | None = None
        self.current_id: int | None = None
        # Whose annotations the page shows: None is the local reviewer (editable).
        self.shown_reviewer: tuple[str, str] | None = None
        self._document_titles: dict[int, str] = {}
        self._spans_by_document: dict[int, list[SentenceSpan]] = {}
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(POSITION_SAVE_DELAY_MS)
        self._position_timer.timeout.connect(self._save_position)
        panel.state_edited.connect(self.edit_current)
        panel.mark_reviewed_and_next.connect(self.mark_reviewed_and_next)
        source_view.sentence_clicked.connect(self.go_to)
        source_view.step_requested.connect(self.step)

    # --- session lifecycle -------------------------------------------------------------

    def attach(self, session: ReviewSession) -> None:
        self.session = session
        self.shown_reviewer = None
        self.undo_stack.clear()
        self.panel.set_read_only(session.read_only)
        self.reload()
        start = session.last_position()
        if start is None or self.model.row_by_id(start) is None:
            start = self._first_unreviewed_id()
        if start is not None:
            self.go_to(start)

    def detach(self) -> None:
        self.panel.flush_rationale()
        self._save_position()
        self.undo_stack.clear()
        self.session = None
        self.current_id = None
        self.model.load([], {})
        self.source_view.clear_document()
        self.source_view.setPlaceholderText("")
        self.panel.show_sentence(None, "")

    def reload(self) -> None:
        """Read every sentence again (after an import); keeps the current sentence."""
        assert self.session is not None
        documents = self.session.documents()
        self._document_titles = {d.id: d.title for d in documents}
        # An empty review says what to do (the text view shows this while it is empty).
        self.source_view.setPlaceholderText("" if documents else EMPTY_REVIEW_HINT)
        rows = self.session.sentence_rows(self.shown_reviewer[0] if self.shown_reviewer else None)
        self.model.load(rows, self._document_titles)
        spans: dict[int, list[SentenceSpan]] = defaultdict(list)
        for row in rows:
            spans[row.document_id].append((row.id, row.start, row.end, row.state.verdict))
        self._spans_by_document = dict(spans)
        shown = self.source_view.document_id
        if shown in self._spans_by_document:
            # Keep the text already on screen (a preview, or before an import).
            self.source_view.set_sentences(self._spans_by_document[shown])
        else:
            self.source_view.clear_document()
        if self.current_id is not None and self.model.row_by_id(self.current_id) is not None:
            self.go_to(self.current_id)
        self.progress_changed.emit(self.progress())

    def show_reviewer(self, reviewer: tuple[str, str] | None) -> None:
        """Show another reviewer's annotations (read-only), or None for mine."""
        assert self.session is not None
        self.panel.flush_rationale()
        self.shown_reviewer = reviewer
        self.panel.set_read_only(self.session.read_only or reviewer is not None)
        self.reload()

    def document_titles(self) -> dict[int, str]:
        return dict(self._document_titles)

    def progress(self) -> Progress:
        return count_progress(self.model.all_rows(), self._document_titles)

    # --- navigation ----------------------------------------------------------------------

    def go_to(self, sentence_id: int) -> None:
        row = self.model.row_by_id(sentence_id)
        if row is None or self.session is None:
            return
        self.panel.flush_rationale()  # leaving a sentence saves what was typed
        row = self.model.row_by_id(sentence_id)  # the flush may have replaced it
        assert row is not None
        if self.source_view.document_id != row.document_id:
            self._show_document(row.document_id)
        self.current_id = sentence_id
        self.source_view.set_current(sentence_id)
        self.panel.show_sentence(row, self._position_text(row))
        self._position_timer.start()
        self.current_changed.emit(sentence_id)

    def go_to_document(self, document_id: int) -> None:
        spans = self._spans_by_document.get(document_id)
        if spans:
            self.go_to(spans[0][0])

    def step(self, delta: int) -> None:
        """Next/previous sentence in the table's order (the filter applies)."""
        if self.current_id is None:
            first = self.model.sentence_id_at(0)
            if first is not None:
                self.go_to(first)
            return
        visible = self.model.visible_row_of(self.current_id)
        if visible is not None:
            target = self.model.sentence_id_at(visible + delta)
        else:
            rows = self.model.all_rows()
            position = self.model.position_of(self.current_id) or 0
            target_position = position + delta
            target = rows[target_position].id if 0 <= target_position < len(rows) else None
        if target is not None:
            self.go_to(target)

    def next_unreviewed(self, direction: int = 1) -> None:
        target = self._find_unreviewed(direction)
        if target is None:
            self.notice.emit("Every sentence is reviewed.")
        else:
            self.go_to(target)

    def _find_unreviewed(self, direction: int) -> int | None:
        rows = self.model.all_rows()
        if not rows:
            return None
        start = self.model.position_of(self.current_id) if self.current_id is not None else -1
        start = -1 if start is None else start
        count = len(rows)
        for step in range(1, count + 1):
            row = rows[(start + direction * step) % count]
            if _is_unreviewed(row):
                return row.id
        return None

    def _first_unreviewed_id(self) -> int | None:
        for row in self.model.all_rows():
            if _is_unreviewed(row):
                return row.id
        rows = self.model.all_rows()
        return rows[0].id if rows else None

    # --- edits ---------------------------------------------------------------------------

    def edit_current(self, new_state: AnnotationState) -> None:
        if self.current_id is None or self.session is None:
            return
        row = self.model.row_by_id(self.current_id)
        if row is None:
            return
        before = row.state
        if new_state == before:
            return
        refusal = self.edit_refusal()
        if refusal:
            # A key press in a read-only view is not an error worth a dialog each time.
            self.panel.show_state(before)
            self.notice.emit(refusal)
            return
        if not self._write(self.current_id, new_state):
            self.panel.show_state(before)
            return
        self.undo_stack.push(
            SetAnnotationCommand(
                self.write_state,
                self.current_id,
                before,
                new_state,
                describe_change(before, new_state),
            )
        )
        # Say what changed, so a stray key (typed as a dialog closed) never goes unseen.
        notice = change_notice(before, new_state)
        if notice:
            self.notice.emit(notice)

    def edit_refusal(self, outcome: str = "the change was not made") -> str:
        """Why nothing may be changed now ("" if it may): another reviewer's annotations
        are shown (read-only), or the review itself is read-only. Every edit asks, and
        says what did not happen (`outcome`: "the evidence was not saved")."""
        if self.session is None:
            return "No review is open."
        if self.shown_reviewer is not None:
            return (
                f"Showing {self.shown_reviewer[1]}'s annotations, read-only; {outcome}. "
                "Choose “My annotations” under Show to edit yours."
            )
        if self.session.read_only:
            return f"This review is read-only; {outcome}."
        return ""

    def write_state(self, sentence_id: int, state: AnnotationState) -> None:
        """Undo/redo: write a state and show the sentence it belongs to."""
        if self._write(sentence_id, state) and sentence_id != self.current_id:
            self.go_to(sentence_id)

    def mark_reviewed_and_next(self) -> None:
        self.panel.flush_rationale()
        state = self.panel.current_state()
        if self.current_id is not None and state.status != STATUS_FINAL:
            self.edit_current(state.with_changes(status=STATUS_FINAL))
        self.next_unreviewed(1)

    def _write(self, sentence_id: int, state: AnnotationState) -> bool:
        assert self.session is not None
        row = self.model.row_by_id(sentence_id)
        try:
            self.session.save_annotation(sentence_id, state)
        except (ReviewFileError, sqlite3.Error, OSError) as error:
            self.failed.emit(f"The change was not saved: {error}")
            return False
        self.model.update_state(sentence_id, state)
        self._update_span_verdict(sentence_id, state.verdict)
        self.source_view.set_verdict(sentence_id, state.verdict)
        if sentence_id == self.current_id:
            self.panel.show_state(state)
        if row is not None and row.state.status != state.status:
            self.progress_changed.emit(self.progress())
        self.saved.emit(f"All changes saved at {datetime.now():%H:%M:%S}")
        return True

    # --- helpers -------------------------------------------------------------------------

    def _show_document(self, document_id: int) -> None:
        assert self.session is not None
        self.source_view.show_document(
            document_id,
            self.session.document_text(document_id),
            self.session.document_blocks(document_id),
            self.session.document_spans(document_id),
            self._spans_by_document.get(document_id, []),
        )

    def _update_span_verdict(self, sentence_id: int, verdict: str | None) -> None:
        row = self.model.row_by_id(sentence_id)
        if row is None:
            return
        spans = self._spans_by_document.get(row.document_id, [])
        # In text order: found by its start, not by a walk through the document.
        index = bisect_left(spans, row.start, key=itemgetter(1))
        while index < len(spans) and spans[index][1] == row.start:
            if spans[index][0] == sentence_id:
                spans[index] = (sentence_id, row.start, row.end, verdict)
                return
            index += 1

    def _position_text(self, row: SentenceRow) -> str:
        total = len(self._spans_by_document.get(row.document_id, []))
        title = elide(self._document_titles.get(row.document_id, ""), 48)
        page = "" if row.page is None else f" · p. {row.page}"
        return f"Sentence {row.ordinal + 1} of {total}{page} · {title}"

    def _save_position(self) -> None:
        if self.session is None or self.current_id is None or self.session.read_only:
            return
        # Losing the bookmark is harmless; edits report their own failures.
        with contextlib.suppress(ReviewFileError, sqlite3.Error, OSError):
            self.session.set_last_position(self.current_id)


def change_notice(before: AnnotationState, after: AnnotationState) -> str:
    """The status line after an edit: what changed and how to undo it. Rationale typing
    says nothing (it saves as the reviewer types)."""
    parts: list[str] = []
    if before.categories != after.categories or before.not_a_claim != after.not_a_claim:
        parts.append(f"Claim type: {_claim_type(before)} → {_claim_type(after)}")
    if before.verdict != after.verdict:
        parts.append(f"Verdict: {_verdict(before)} → {_verdict(after)}")
    if before.confidence != after.confidence:
        parts.append(f"Confidence: {before.confidence or 'none'} → {after.confidence or 'none'}")
    if before.status != after.status:
        reviewed = after.status == STATUS_FINAL
        parts.append("Marked reviewed" if reviewed else "Marked not reviewed")
        if reviewed and not after.categories and not after.not_a_claim and after.verdict is None:
            # Allowed (a reviewer may settle a sentence by its rationale or evidence),
            # but never silently: most often a key pressed too soon.
            parts[-1] += " with no claim type and no verdict"
    if not parts and before.evidence_type != after.evidence_type:
        parts.append("Evidence type changed")
    return f"{'; '.join(parts)} · {undo_hint()}" if parts else ""


def undo_hint() -> str:
    """ "Ctrl+Z undoes" in the platform's own notation (⌘Z on macOS)."""
    native = QKeySequence.SequenceFormat.NativeText
    keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(native) or "Ctrl+Z"
    return f"{keys} undoes"


def _claim_type(state: AnnotationState) -> str:
    if state.not_a_claim:
        return NOT_A_CLAIM.label
    return ", ".join(label_of(CATEGORIES, value) for value in sorted(state.categories)) or "none"


def _verdict(state: AnnotationState) -> str:
    return label_of(VERDICTS, state.verdict) if state.verdict else "none"


def _is_unreviewed(row: SentenceRow) -> bool:
    return row.kind not in SKIPPED_KINDS and row.state.status != STATUS_FINAL
