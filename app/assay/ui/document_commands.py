"""Document commands: paste text as a new document, replace the shown document with an
edited version, settle the orphaned annotations a new version leaves behind, and
rename or remove a document (undoable: Edit ▸ Undo puts a removed one back exactly).

Long work runs as a background task (ui.import_task), one at a time with imports and
merges: the window's `import_task` slot is the "one long job" token they share.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from assay.services.errors import ReviewFileError
from assay.ui import dialogs
from assay.ui.dialogs import show_error
from assay.ui.undo import DocumentCommand

if TYPE_CHECKING:
    from assay.services.versions import ReplaceResult
    from assay.ui.import_task import ImportTask, ReplaceTask
    from assay.ui.main_window import MainWindow
    from assay.ui.orphans_dialog import OrphansDialog


def clipboard_content() -> tuple[str, str]:
    """The clipboard's text, and the HTML a browser copies beside it ("" if none): the
    HTML keeps headings and lists apart."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return "", ""
    return mime.text(), mime.html() if mime.hasHtml() else ""


class DocumentCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.orphans_dialog: OrphansDialog | None = None

    def _can_start(self) -> bool:
        window = self.window
        if window.session is None:
            return False
        refusal = window.controller.edit_refusal()
        if refusal:
            window.status.showMessage(refusal, 8000)
            return False
        if window.import_task is not None or window.exchange.busy:
            window.status.showMessage("Another import or merge is running; try again after.", 6000)
            return False
        return True

    # --- paste ------------------------------------------------------------------------

    def paste_as_document(self) -> ImportTask | None:
        """Edit ▸ Paste as new document: the clipboard's text becomes a document."""
        text, html = clipboard_content()
        if not self._can_start():
            return None
        if not text.strip():
            self.window.status.showMessage("The clipboard holds no text to paste.", 6000)
            return None
        from assay.ui.import_task import ImportTask

        window = self.window
        assert window.session is not None
        name = Path(f"Pasted {datetime.now():%Y-%m-%d %H.%M.%S}.txt")
        task = ImportTask(window, window.session.path, name, window.reviewer, text=text, html=html)
        task.finished.connect(window.on_import_finished)
        window.import_task = task
        task.start()
        return task

    # --- replace with a new version ---------------------------------------------------

    def replace_dialog(self) -> None:
        from assay.ui.main_window import DOCUMENT_FILTER

        document_id = self.window.page.source_view.document_id
        if document_id is None or not self._can_start():
            return
        title = self.window.controller.document_titles().get(document_id, "")
        path, _ = QFileDialog.getOpenFileName(
            self.window, f"Replace “{title}” with a new version", "", DOCUMENT_FILTER
        )
        if path:
            self.replace(document_id, Path(path))

    def replace(self, document_id: int, source: Path) -> ReplaceTask | None:
        if not self._can_start():
            return None
        from assay.ui.import_task import ReplaceTask

        window = self.window
        assert window.session is not None
        task = ReplaceTask(window, window.session.path, document_id, source, window.reviewer)
        task.finished.connect(self._on_replaced)
        window.import_task = task
        task.start()
        return task

    def _on_replaced(self, result: ReplaceResult | None, message: str) -> None:
        window = self.window
        window.import_task = None
        if result is None:
            window.report_task_failure("Cannot replace the document", message)
            return
        window.show_changed_document(result.document_id)
        window.status.showMessage(f"New version of “{result.title}”: {result.summary()}", 15000)
        if result.orphaned:
            self.show_orphans(result.document_id)

    # --- rename and remove ------------------------------------------------------------

    def _editable_document(self, verb: str) -> int | None:
        """The shown document, if it may be changed now; else say why and give None."""
        window = self.window
        document_id = window.page.source_view.document_id
        if window.session is None or document_id is None:
            return None
        refusal = window.controller.edit_refusal()
        if refusal:
            window.status.showMessage(f"Cannot {verb} the document: {refusal}", 8000)
            return None
        if window.import_task is not None or window.exchange.busy:
            window.status.showMessage("Another import or merge is running; try again after.", 6000)
            return None
        return document_id

    def rename_dialog(self) -> None:
        """Document ▸ Rename document…: a new title; the text and annotations stay."""
        document_id = self._editable_document("rename")
        if document_id is None:
            return
        old = self.window.controller.document_titles().get(document_id, "")
        title, ok = QInputDialog.getText(
            self.window, "Rename document", "New title:", QLineEdit.EchoMode.Normal, old
        )
        self._back_to_text()
        if ok:
            self.rename(document_id, title)

    def rename(self, document_id: int, title: str) -> bool:
        from assay.services import documents

        window = self.window
        assert window.session is not None
        try:
            old = documents.rename_document(window.session, document_id, title)
        except (ValueError, OSError, sqlite3.Error, ReviewFileError) as error:
            show_error(window, "Cannot rename the document", str(error))
            return False
        new = self.window.session.documents()
        new_title = next((d.title for d in new if d.id == document_id), title)
        if new_title == old:
            return False

        def apply(forward: bool) -> None:
            assert window.session is not None
            documents.rename_document(window.session, document_id, new_title if forward else old)
            self._refresh(document_id)

        window.undo_stack.push(DocumentCommand("Rename document", apply))
        self._refresh(document_id)
        window.status.showMessage(f"Renamed “{old}” to “{new_title}”.", 8000)
        return True

    def remove_dialog(self) -> None:
        """Document ▸ Remove document…: asks, saying what goes with it, then removes."""
        from assay.services import documents

        document_id = self._editable_document("remove")
        if document_id is None:
            return
        window = self.window
        assert window.session is not None
        summary = documents.removal_summary(window.session, document_id)
        message = (
            f"Remove “{summary.title}” from this review? Its {summary.sentences:,} sentences "
            f"go with it, and {summary.describe()}.\n\n"
            "Edit ▸ Undo brings it all back. A bundle that still holds this document will "
            "not bring it back when merged: its annotations are skipped, and the merge says so."
        )
        confirmed = dialogs.ask_to_confirm(window, "Remove document", message, "&Remove")
        self._back_to_text()
        if confirmed:
            self.remove(document_id)

    def remove(self, document_id: int) -> bool:
        from assay.services import documents

        window = self.window
        assert window.session is not None
        try:
            rows = documents.remove_document(window.session, document_id)
        except (OSError, sqlite3.Error, ReviewFileError) as error:
            show_error(window, "Cannot remove the document", str(error))
            return False

        def apply(forward: bool) -> None:
            assert window.session is not None
            if forward:
                documents.remove_document(window.session, document_id)
                self._refresh(None)
            else:
                documents.restore_document(window.session, rows)
                self._refresh(document_id)

        window.undo_stack.push(DocumentCommand(f"Remove “{rows.title}”", apply))
        self._refresh(None)
        window.status.showMessage(
            f"Removed “{rows.title}”. Edit ▸ Undo brings it back with its annotations.", 10000
        )
        return True

    def _back_to_text(self) -> None:
        """After a dialog: the window active again, the text focused, so the next key
        (Ctrl+Z to take it back) works at once."""
        self.window.activateWindow()
        self.window.focus_text()

    def _refresh(self, show: int | None) -> None:
        """After a rename or removal (or its undo): rows, lists, team view. `show` a
        restored document; else stay where the reviewer was, or on the first document
        if that one went."""
        window, controller = self.window, self.window.controller
        controller.reload()
        window.refresh_documents()
        window.team.reload()
        titles = controller.document_titles()
        current = controller.current_id
        if show is not None and show in titles and show != window.page.source_view.document_id:
            controller.go_to_document(show)
        elif current is None or window.model.row_by_id(current) is None:
            controller.current_id = None
            if titles:
                controller.go_to_document(next(iter(titles)))
            elif window.page.claim_panel is not None:
                window.page.claim_panel.show_sentence(None, "")

    # --- orphans ----------------------------------------------------------------------

    def show_orphans(self, document_id: int | None = None) -> OrphansDialog | None:
        from assay.ui.orphans_dialog import OrphansDialog

        window = self.window
        if window.session is None:
            return None
        if window.session.orphans() == []:
            QMessageBox.information(
                window, "Orphaned annotations", "Every annotation is attached to a sentence."
            )
            return None
        if self.orphans_dialog is None:
            self.orphans_dialog = OrphansDialog(window)
            self.orphans_dialog.changed.connect(window.controller.reload)
        self.orphans_dialog.load(window.session, document_id)
        self.orphans_dialog.show()
        self.orphans_dialog.raise_()
        return self.orphans_dialog
