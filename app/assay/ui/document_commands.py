"""Document commands: paste text as a new document, replace the shown document with an
edited version, and settle the orphaned annotations a new version leaves behind.

Long work runs as a background task (ui.import_task), one at a time with imports and
merges: the window's `import_task` slot is the "one long job" token they share.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from assay.ui.dialogs import show_error

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
        if window.session is None or window.session.read_only:
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

    # --- report -----------------------------------------------------------------------

    def export_report_dialog(self) -> Path | None:
        """File ▸ Export report…: every decided or disputed sentence with its evidence,
        as Markdown (to read or mail) or JSON."""
        from assay.services.report import write_report

        window = self.window
        if window.session is None:
            return None
        suggested = window.session.path.with_suffix(".report.md")
        path, _ = QFileDialog.getSaveFileName(
            window, "Export report", str(suggested), "Markdown (*.md);;JSON (*.json)"
        )
        if not path:
            return None
        target = Path(path)
        try:
            count = write_report(
                window.session.conn, target, window.session.path.name,
                as_json=target.suffix.lower() == ".json",
            )  # fmt: skip
        except OSError as error:
            show_error(window, "Cannot write the report", f"{target.name}: {error.strerror}")
            return None
        noun = "sentence" if count == 1 else "sentences"
        window.status.showMessage(f"Report written to {target.name} ({count} {noun}).", 8000)
        return target

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
