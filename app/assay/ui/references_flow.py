"""The References pane in the window: filled for the shown document, kept in step
with verdicts, and a double-click (or Enter) on a citing sentence goes there; on a work
flagged as a possible citation error, it shows the work beside the library's entry."""

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
        self.statuses: dict = {}  # work index -> LibraryStatus (matched, near misses)
        panel.sentence_chosen.connect(window.controller.go_to)
        panel.work_selected.connect(self._show_work)
        panel.work_activated.connect(self.show_near_misses)
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

        self.statuses = library.document_library(session.conn, self.document_id)
        self.matches = {
            work: (status.match, library.library_entry(session.conn, status.match.entry_index))
            for work, status in self.statuses.items()
            if status.match is not None and status.match.entry_index is not None
        }
        notes = {
            work: ("⚠ " + ", ".join(match.mismatched_fields)) if match.mismatches else "✓"
            for work, (match, _entry) in self.matches.items()
        }
        flagged = {
            work: "Possible citation error: your library holds "
            + "; ".join(f"“{library.library_entry(session.conn, m.entry_index).title}” "
                        f"({m.why}; differs: {', '.join(m.differs)})" for m in s.near_misses)
            + ". Press Enter to compare."
            for work, s in self.statuses.items()
            if s.near_misses
        }  # fmt: skip
        self.panel.show_works(found.works, citing, notes, flagged)

    def near_miss_pairs(self, work_index: int) -> list:
        """(NearMiss, LibraryEntry) of a work, best first; [] when it has none."""
        from assay.services import library

        session = self.window.session
        status = self.statuses.get(work_index)
        if session is None or status is None:
            return []
        return [(m, library.library_entry(session.conn, m.entry_index)) for m in status.near_misses]

    def show_near_misses(self, work_index: int) -> None:
        """The work beside the library entries it may have meant (a modal dialog)."""
        pairs = self.near_miss_pairs(work_index)
        if not pairs or self.found is None:
            return
        from assay.services.references import short_citation
        from assay.ui.near_miss_dialog import NearMissDialog

        citation = short_citation(self.found.works[work_index])
        NearMissDialog(citation, pairs, self.window).exec()

    def _show_work(self, work_index: int) -> None:
        from assay.ui.references_panel import library_html

        if self.found is not None and 0 <= work_index < len(self.found.works):
            extra = ""
            if work_index in self.matches:
                match, entry = self.matches[work_index]
                extra = library_html(entry, match.mismatches, str(match.method))
            elif pairs := self.near_miss_pairs(work_index):
                from assay.services.references import short_citation
                from assay.ui.near_miss_dialog import comparison_html

                citation = short_citation(self.found.works[work_index])
                extra = "<hr>" + comparison_html(citation, pairs)
            self.panel.show_detail(self.found.works[work_index], extra)
