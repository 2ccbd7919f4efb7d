"""The References pane in the window: filled for the shown document, kept in step
with verdicts, and a double-click (or Enter) on a citing sentence goes there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from assay.core.vocabulary import VERDICTS, label_of
from assay.ui.labels import elide
from assay.ui.references_panel import ReferencesPanel

if TYPE_CHECKING:
    from assay.services.references import DocumentCitations
    from assay.ui.main_window import MainWindow


class ReferencesFlow(QObject):
    def __init__(self, window: MainWindow, panel: ReferencesPanel) -> None:
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.document_id: int | None = None
        self.found: DocumentCitations | None = None
        self.matches: dict = {}  # work index -> (Match, LibraryEntry)
        panel.sentence_chosen.connect(window.controller.go_to)
        panel.work_selected.connect(self._show_work)
        window.controller.current_changed.connect(self._on_current)
        window.controller.saved.connect(lambda _text: self.refresh())

    def visible(self) -> bool:
        dock = self.panel.parentWidget()
        return dock is not None and dock.isVisible()

    def _on_current(self, _sentence_id: int) -> None:
        document_id = self.window.page.source_view.document_id
        if document_id != self.document_id:
            self.document_id = document_id
            self.refresh()

    def refresh(self) -> None:
        """Fill the pane for the shown document (only while it is open: it costs a scan)."""
        session = self.window.session
        if session is None or self.document_id is None or not self.visible():
            return
        from assay.services import references  # loads the text layer: only when shown

        self.found = found = references.document_citations(session.conn, self.document_id)
        row_by_id = self.window.model.row_by_id  # a lookup: no pass over 100,000 rows
        citing: dict[int, list[tuple[int, str, str]]] = {}
        for work_index, sentence_ids in references.work_sentences(found).items():
            rows = [row for row in map(row_by_id, sentence_ids) if row is not None]
            citing[work_index] = [
                (row.id, elide(row.text, 120), label_of(VERDICTS, row.state.verdict))
                for row in rows
            ]
        from assay.services import library

        self.matches = library.document_matches(session.conn, self.document_id)
        notes = {
            work: ("⚠ " + ", ".join(match.mismatched_fields)) if match.mismatches else "✓"
            for work, (match, _entry) in self.matches.items()
        }
        self.panel.show_works(found.works, citing, notes)

    def _show_work(self, work_index: int) -> None:
        from assay.ui.references_panel import library_html

        if self.found is not None and 0 <= work_index < len(self.found.works):
            extra = ""
            if work_index in self.matches:
                match, entry = self.matches[work_index]
                extra = library_html(entry, match.mismatches, str(match.method))
            self.panel.show_detail(self.found.works[work_index], extra)
