"""Highlights in the window: `H` makes the words selected in the current sentence a
highlight of the reviewer's annotation (an undoable edit), the text draws them, the
claim panel lists them (Delete removes one)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from assay.ui.undo import HighlightCommand

if TYPE_CHECKING:
    from assay.services.highlights import Highlight
    from assay.ui.main_window import MainWindow

NO_SELECTION = (
    "Select words of the current sentence first (drag, or Shift+Left/Right in the text), "
    "then press H."
)


class HighlightFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        panel = window.page.claim_panel
        assert panel is not None
        self.list = panel.highlights_list
        self.list.remove_requested.connect(self.remove)
        window.controller.current_changed.connect(lambda _sentence: self.refresh())

    def refresh(self) -> None:
        """The current sentence's phrases in the panel; the shown document's in the text
        (the local reviewer's, whoever's view is shown: they are the reviewer's marks)."""
        session, view = self.window.session, self.window.page.source_view
        sentence_id = self.window.controller.current_id
        if session is None:
            self.list.show_phrases([])
            view.set_highlights([])
            return
        mine = session.highlights(sentence_id) if sentence_id is not None else []
        self.list.show_phrases([(h.id, h.quote_exact) for h in mine])
        self.list.set_read_only(session.read_only)
        document_id = view.document_id
        shown = session.document_highlights(document_id) if document_id is not None else []
        view.set_highlights([(h.start, h.end) for h in shown])

    def highlight_selection(self) -> None:
        from assay.services.highlights import HighlightError

        session, sentence_id = self.window.session, self.window.controller.current_id
        view = self.window.page.source_view
        if session is None or sentence_id is None or self._refused():
            return
        selected = view.selected_range()
        if selected is None:
            self.window.status.showMessage(NO_SELECTION, 8000)
            return
        try:
            item = session.add_highlight(sentence_id, *selected)
        except HighlightError as error:
            self.window.status.showMessage(str(error), 8000)
            return
        view.clear_selection()
        self._push(HighlightCommand(self._apply, sentence_id, item, added=True))

    def remove(self, highlight_id: str) -> None:
        session, sentence_id = self.window.session, self.window.controller.current_id
        if session is None or sentence_id is None or self._refused():
            return
        item = session.remove_highlight(highlight_id)
        if item is not None:
            self._push(HighlightCommand(self._apply, sentence_id, item, added=False))

    def _refused(self) -> bool:
        """A highlight is an edit of the local reviewer's annotation: refused, with the
        reason in the status bar, in another reviewer's view or a read-only review."""
        refusal = self.window.controller.edit_refusal("the highlight was not saved")
        if refusal:
            self.window.status.showMessage(refusal, 8000)
        return bool(refusal)

    def _apply(self, sentence_id: int, item: Highlight, present: bool) -> None:
        """Undo/redo: put the highlight back or take it away, then show the sentence."""
        session = self.window.session
        if session is None:
            return
        if present:
            session.restore_highlight(item, sentence_id)
        else:
            session.remove_highlight(item.id)
        self.window.controller.go_to(sentence_id)
        self.refresh()

    def _push(self, command: HighlightCommand) -> None:
        self.window.undo_stack.push(command)
        self.refresh()
        self.window.status.show_saved(f"All changes saved at {datetime.now():%H:%M:%S}")
