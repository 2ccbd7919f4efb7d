"""Undo commands: every user edit is one `QUndoCommand` whose redo/undo write a state.

The edit is saved before the command is pushed (so a failed save never enters the
history); the command's first redo, which QUndoStack calls on push, is therefore
skipped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from assay.core.model import AnnotationState

RATIONALE_MERGE_ID = 1001

WriteState = Callable[[int, AnnotationState], None]


class AppliedCommand(QUndoCommand):
    """An edit already saved when it is pushed: the first redo, which QUndoStack calls
    on push, does nothing; later redos call `reapply`."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self._already_applied = True

    def redo(self) -> None:
        if self._already_applied:
            self._already_applied = False
            return
        self.reapply()

    def reapply(self) -> None:
        raise NotImplementedError


class SetAnnotationCommand(AppliedCommand):
    def __init__(
        self,
        write: WriteState,
        sentence_id: int,
        before: AnnotationState,
        after: AnnotationState,
        description: str,
    ) -> None:
        super().__init__(description)
        self._write = write
        self.sentence_id = sentence_id
        self.before = before
        self.after = after

    def reapply(self) -> None:
        self._write(self.sentence_id, self.after)

    def undo(self) -> None:
        self._write(self.sentence_id, self.before)

    def id(self) -> int:
        # Consecutive rationale saves on one sentence undo as one step, like typing.
        only_rationale = self.before.with_changes(rationale=self.after.rationale) == self.after
        return RATIONALE_MERGE_ID if only_rationale else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(other, SetAnnotationCommand) or other.sentence_id != self.sentence_id:
            return False
        self.after = other.after
        return True


def describe_change(before: AnnotationState, after: AnnotationState) -> str:
    """The Edit menu's "Undo …" text."""
    if before.categories != after.categories or before.not_a_claim != after.not_a_claim:
        return "Change claim type"
    if before.verdict != after.verdict:
        return "Change verdict"
    if before.rationale != after.rationale:
        return "Edit rationale"
    if before.status != after.status:
        return "Mark reviewed" if after.status == "final" else "Mark not reviewed"
    return "Change annotation"


Decision = tuple[AnnotationState, str | None] | None  # (decision, chosen annotation id)
WriteDecision = Callable[[int, Decision], None]


class SetDecisionCommand(AppliedCommand):
    """An adjudication set, replaced or cleared; applied before it is pushed."""

    def __init__(
        self, write: WriteDecision, sentence_id: int, before: Decision, after: Decision
    ) -> None:
        super().__init__("Clear final decision" if after is None else "Final decision")
        self._write = write
        self.sentence_id = sentence_id
        self.before = before
        self.after = after

    def reapply(self) -> None:
        self._write(self.sentence_id, self.after)

    def undo(self) -> None:
        self._write(self.sentence_id, self.before)


ApplyItem = Callable[[int, object, bool], None]  # sentence id, the item, present
ApplyEvidence = ApplyHighlight = ApplyItem


class ItemCommand(AppliedCommand):
    """An item of a sentence (an evidence item, a highlighted phrase) added or removed;
    applied before it is pushed. Subclasses name the step."""

    ADDED, REMOVED = "Add", "Remove"

    def __init__(self, apply: ApplyItem, sentence_id: int, item: object, *, added: bool):
        super().__init__(self.ADDED if added else self.REMOVED)
        self._apply = apply
        self.sentence_id = sentence_id
        self.item = item
        self.added = added

    def reapply(self) -> None:
        self._apply(self.sentence_id, self.item, self.added)

    def undo(self) -> None:
        self._apply(self.sentence_id, self.item, not self.added)


class EvidenceCommand(ItemCommand):
    ADDED, REMOVED = "Add evidence", "Remove evidence"


class HighlightCommand(ItemCommand):
    ADDED, REMOVED = "Highlight words", "Remove highlight"


class DocumentCommand(AppliedCommand):
    """A document renamed or removed; applied before it is pushed. `apply(forward)`
    does it again (True) or undoes it (False)."""

    def __init__(self, description: str, apply: Callable[[bool], None]) -> None:
        super().__init__(description)
        self._apply = apply

    def reapply(self) -> None:
        self._apply(True)

    def undo(self) -> None:
        self._apply(False)


def guarded_action(
    stack: QUndoStack,
    parent: QObject,
    *,
    redo: bool,
    refusal: Callable[[], str],
    notice: Callable[[str], None],
) -> QAction:
    """Edit ▸ Undo / Redo as `QUndoStack.createUndoAction` makes them (text and enabled
    state follow the stack), but asking `refusal()` first: in another reviewer's
    read-only view an undo would write the local reviewer's annotation and show it
    under the other's name, so it is refused with the reason instead."""
    prefix = "&Redo" if redo else "&Undo"
    action = QAction(prefix, parent)
    text_changed = stack.redoTextChanged if redo else stack.undoTextChanged
    can_changed = stack.canRedoChanged if redo else stack.canUndoChanged

    def sync() -> None:
        text = stack.redoText() if redo else stack.undoText()
        action.setText(f"{prefix} {text}" if text else prefix)
        action.setEnabled(stack.canRedo() if redo else stack.canUndo())

    def trigger() -> None:
        reason = refusal()
        if reason and (stack.canRedo() if redo else stack.canUndo()):
            notice(reason)
        elif redo:
            stack.redo()
        else:
            stack.undo()

    text_changed.connect(lambda _text: sync())
    can_changed.connect(lambda _can: sync())
    action.triggered.connect(lambda _checked=False: trigger())
    sync()
    return action
