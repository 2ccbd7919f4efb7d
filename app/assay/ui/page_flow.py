"""The page view in the window: View ▸ Original page (P) shows the shown document's PDF
in place of its text, following the current sentence; clicks on the page select
sentences; View ▸ Attach original PDF… for a document whose PDF the review lacks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from assay.services import originals
from assay.store.errors import ReviewFileError
from assay.text.errors import ImportRefused
from assay.ui.dialogs import show_error

if TYPE_CHECKING:
    from assay.ui.main_window import MainWindow
    from assay.ui.page_view import PageView

PDF_FILTER = "PDF (*.pdf);;All files (*)"


class PageFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._view: PageView | None = None  # made when first shown: PDFium loads then
        window.controller.current_changed.connect(self._follow)
        window.model.dataChanged.connect(lambda *_: self._view and self._view.refresh())
        window.model.modelReset.connect(self._forget)

    @property
    def view(self) -> PageView:
        if self._view is None:
            from assay.ui.page_view import PageView

            self._view = view = PageView()
            view.set_verdict_source(self._verdict_of)
            view.sentence_clicked.connect(self.window.controller.go_to)
            view.attach_requested.connect(self.attach_dialog)
            self.window.page.install_page_view(view)
        return self._view

    @property
    def shown(self) -> bool:
        return self.window.page.page_view_shown

    def toggle(self) -> None:
        """P: the original page in place of the text, or the text again."""
        show = not self.shown
        self.view  # noqa: B018 (made on first use)
        self.window.page.show_page_view(show)
        if show:
            current = self.window.controller.current_id
            if current is None:
                self._load(self.window.page.source_view.document_id)
            else:
                self._follow(current)
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.window.page.source_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def zoom_in(self) -> None:
        self._zoom(lambda: self.view.zoom_by(1.25))

    def zoom_out(self) -> None:
        self._zoom(lambda: self.view.zoom_by(1 / 1.25))

    def fit_width(self) -> None:
        self._zoom(lambda: self.view.set_zoom(1.0))

    def _zoom(self, change: Callable[[], None]) -> None:
        if self.shown and self.view.has_pages:
            change()
        else:
            self.window.status.showMessage(
                "Zoom works on the original page (View ▸ Original page, P).", 4000
            )

    # --- following -----------------------------------------------------------------------

    def _follow(self, sentence_id: int) -> None:
        if not self.shown:
            return
        row = self.window.model.row_by_id(sentence_id)
        if row is None:
            return
        self._load(row.document_id)
        self.view.set_current(sentence_id)

    def _forget(self) -> None:
        """The rows were read again (import, merge, another review): place them afresh."""
        if self._view is None:
            return
        self._view.document_key = None
        if self.shown:
            current = self.window.controller.current_id
            if current is not None:
                self._follow(current)

    def _load(self, document_id: int | None) -> None:
        session = self.window.session
        if session is None or document_id is None:
            self.view.clear()
            return
        key = (id(session), document_id)
        if self.view.document_key == key:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            status = originals.original_status(session.conn, document_id)
            pdf = originals.original_pdf(session.conn, document_id) if status.available else None
            if pdf is None:
                self.view.show_message(
                    key, status.message(), can_attach=status.problem != originals.NOT_A_PDF
                    and not session.read_only,
                )  # fmt: skip
                return
            rows = [r for r in self.window.model.all_rows() if r.document_id == document_id]
            self.view.show_document(key, pdf, [(r.id, r.text, r.page) for r in rows])
        finally:
            QApplication.restoreOverrideCursor()

    def _verdict_of(self, sentence_id: int) -> str | None:
        row = self.window.model.row_by_id(sentence_id)
        return row.state.verdict if row is not None else None

    # --- attaching the PDF later -----------------------------------------------------------

    def attach_dialog(self) -> None:
        session = self.window.session
        document_id = self.window.page.source_view.document_id
        if session is None or document_id is None or session.read_only:
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Attach original PDF", "", PDF_FILTER)
        if path:
            self.attach(Path(path))

    def attach(self, path: Path) -> bool:
        """Keep `path` as the shown document's PDF if it gives the same text."""
        session = self.window.session
        document_id = self.window.page.source_view.document_id
        if session is None or document_id is None:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            name = originals.attach_original(session.conn, document_id, path)
        except (ImportRefused, ReviewFileError, OSError, sqlite3.Error) as error:
            QApplication.restoreOverrideCursor()
            show_error(self.window, "Original PDF not attached", str(error))
            return False
        QApplication.restoreOverrideCursor()
        self.window.status.showMessage(
            f"Attached “{name}”: its pages are shown beside the text.", 6000
        )
        self.view.document_key = None
        if self.shown and self.window.controller.current_id is not None:
            self._follow(self.window.controller.current_id)
        return True
