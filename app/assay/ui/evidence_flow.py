"""Evidence in the window: fills the claim panel's evidence list for the current
sentence, and adds and removes items as undoable edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from assay.core.vocabulary import EVIDENCE_KINDS, label_of
from assay.ui.after_paint import FirstCallAfterPaint
from assay.ui.evidence_box import EvidenceBox
from assay.ui.labels import EVIDENCE_TAB_TITLE, elide
from assay.ui.undo import EvidenceCommand

if TYPE_CHECKING:
    from assay.services.evidence import EvidenceItem
    from assay.ui.main_window import MainWindow

CitedLines = Callable[[int], list[str]]  # sentence id -> what it cites, one line each


def describe(item: EvidenceItem) -> str:
    """One line of the evidence list."""
    kind = label_of(EVIDENCE_KINDS, item.kind)
    where = f", {item.locator}" if item.locator else ""
    if item.kind == "quote":
        text = f"{kind}{where}: “{elide(item.value, 160)}”"
    elif item.kind == "note":
        text = f"{kind}: {elide(item.note or item.value, 160)}"
    else:
        text = f"{kind}{where}: {elide(item.value, 160)}"
    if item.source:
        text += f" · from {elide(item.source, 100)}"
    if item.note and item.kind != "note":
        text += f" — {elide(item.note, 80)}"
    return text


class EvidenceFlow(QObject):
    def __init__(self, window: MainWindow, box: EvidenceBox) -> None:
        super().__init__(window)
        self.window = window
        self.box = box
        self.cited: CitedLines = lambda _sentence: []
        self.references: Callable[[int], list[str]] = lambda _sentence: []
        box.add_requested.connect(self.add_dialog)
        box.remove_requested.connect(self.remove)
        # The first refresh parses the document's references: after the window paints
        # (the claim panel, which is on screen; the evidence tab may be hidden).
        panel = window.page.claim_panel
        window.controller.current_changed.connect(
            FirstCallAfterPaint(panel, self.refresh) if panel is not None else self.refresh
        )

    def refresh(self, sentence_id: int | None = None) -> None:
        session = self.window.session
        sentence_id = sentence_id if sentence_id is not None else self.window.controller.current_id
        if session is None or sentence_id is None:
            self.box.show_items([], [])
            return
        attached = [(item.id, describe(item)) for item in session.evidence(sentence_id)]
        cited = self.cited(sentence_id)
        self.box.show_items(cited, attached)
        count = len(cited) + len(attached)
        self._panel().set_tab_title(
            self.box, f"{EVIDENCE_TAB_TITLE} ({count})" if count else EVIDENCE_TAB_TITLE
        )
        self.box.set_read_only(session.read_only)

    def add_dialog(self) -> None:
        from assay.ui.evidence_dialog import EvidenceDialog

        session, sentence_id = self.window.session, self.window.controller.current_id
        if session is None or sentence_id is None or self._refused():
            return

        def submit(kind: str, value: str, locator: str, note: str, source: str = "") -> None:
            item = session.add_evidence(sentence_id, kind, value, locator, note, source)
            self._push(EvidenceCommand(self._apply, sentence_id, item, added=True))

        before = QApplication.focusWidget()
        self._panel().show_tab(self.box)
        EvidenceDialog(self.window, submit, self.references(sentence_id)).exec()
        # Back where the reviewer was (the text, usually), so the next key works at once.
        self.window.activateWindow()
        if before is not None:
            before.setFocus()

    def remove(self, evidence_id: str) -> None:
        session, sentence_id = self.window.session, self.window.controller.current_id
        if session is None or sentence_id is None or self._refused():
            return
        item = session.remove_evidence(evidence_id)
        if item is not None:
            self._push(EvidenceCommand(self._apply, sentence_id, item, added=False))

    def _refused(self) -> bool:
        """Evidence is an edit of the local reviewer's annotation: refused, with the
        reason in the status bar, in another reviewer's view or a read-only review."""
        refusal = self.window.controller.edit_refusal("the evidence was not saved")
        if refusal:
            self.window.status.showMessage(refusal, 8000)
        return bool(refusal)

    def _apply(self, sentence_id: int, item: EvidenceItem, present: bool) -> None:
        """Undo/redo: put the item back or take it away, then show the sentence."""
        session = self.window.session
        if session is None:
            return
        if present:
            session.restore_evidence(item, sentence_id)
        else:
            session.remove_evidence(item.id)
        self.window.controller.go_to(sentence_id)
        self.refresh(sentence_id)

    def _panel(self):  # noqa: ANN202 - ClaimPanel, imported lazily with the window
        panel = self.window.page.claim_panel
        assert panel is not None
        return panel

    def _push(self, command: EvidenceCommand) -> None:
        self.window.undo_stack.push(command)
        self.refresh()
        self.window.status.show_saved(f"All changes saved at {datetime.now():%H:%M:%S}")
