"""File ▸ Import library…: read a BibTeX/RIS/CSL-JSON export off the UI thread, let the
reviewer decide about entries with problems, then save it into the review."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from assay.ui.background import BackgroundTask
from assay.ui.dialogs import show_error
from assay.ui.plain_text import message_box

if TYPE_CHECKING:
    from assay.evidence.library import LibraryRead
    from assay.ui.main_window import MainWindow

LIBRARY_FILTER = (
    "Reference libraries (*.bib *.ris *.json *.txt *.sqlite);;BibTeX (*.bib);;RIS (*.ris);;"
    "CSL-JSON (*.json);;Zotero database (zotero.sqlite);;All files (*)"
)


class LibraryFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.task: BackgroundTask | None = None

    def import_dialog(self) -> None:
        if self.window.session is None or self.window.session.read_only:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import your reference library", "", LIBRARY_FILTER
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> BackgroundTask | None:
        from assay.services import library

        if self.window.session is None or self.task is not None:
            return None
        task = BackgroundTask(
            self.window,
            "Import library",
            f"Reading {path.name}",
            lambda progress, cancel: library.read(path, progress, cancel),
            cancelled_message="Library import cancelled; nothing was changed.",
        )
        task.finished.connect(self._on_read)
        self.task = task
        task.start()
        return task

    def _on_read(self, found: LibraryRead | None, message: str) -> None:
        self.task = None
        window = self.window
        if found is None:
            window.report_task_failure("Cannot import the library", message)
            return
        if found.problems and not self.confirm_problems(found):
            window.status.showMessage("Library not imported; nothing was changed.", 6000)
            return
        self.save(found)

    def confirm_problems(self, found: LibraryRead) -> bool:
        """The reviewer's choice: the good entries, or nothing."""
        box = message_box(
            self.window,
            QMessageBox.Icon.Warning,
            "Problems in the library",
            f"{len(found.problems)} problem(s) in {found.path.name}: "
            f"{found.skipped} entr{'y' if found.skipped == 1 else 'ies'} cannot be read. "
            f"{len(found.entries)} entries are fine.",
            QMessageBox.StandardButton.NoButton,
            informative="The details list each problem with its line.",
        )
        box.setDetailedText("\n".join(str(problem) for problem in found.problems))
        good = box.addButton(
            f"Import the {len(found.entries)} good entries", QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton("Import nothing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(good)
        box.exec()
        return box.clickedButton() is good

    def save(self, found: LibraryRead) -> None:
        from assay.services import library

        session = self.window.session
        if session is None:
            return
        try:
            result = library.save(session.conn, found, self.window.reviewer)
        except Exception as error:  # noqa: BLE001 - a failed save must reach the reviewer
            show_error(self.window, "Cannot import the library", str(error))
            return
        replaced = f" (replacing {result.replaced} from before)" if result.replaced else ""
        self.window.status.showMessage(
            f"Imported {result.imported} library entries from {result.source}{replaced}.", 10000
        )
        self.window.references.refresh()
        self.window.source_numbers.refresh_current()
        self.window.page.table.refilter()  # the "Flagged" choice: new near misses
