"""Importing a document off the UI thread, with a progress dialog that can cancel.

The worker opens its own database connection (see services.importer) and writes in
one transaction, so a cancel rolls back and the review is left as it was.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from assay.core.model import Reviewer
from assay.services import importer
from assay.services.results import ImportResult
from assay.text.errors import Cancelled


class ImportWorker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)  # ImportResult
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, review_path: Path, source: Path, reviewer: Reviewer) -> None:
        super().__init__()
        self.review_path = review_path
        self.source = source
        self.reviewer = reviewer
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = importer.import_file(
                self.review_path,
                self.source,
                reviewer=self.reviewer,
                progress=lambda done, total, stage: self.progressed.emit(done, total, stage),
                cancel=self._cancel.is_set,
            )
        except Cancelled:
            self.cancelled.emit()
        except Exception as error:  # noqa: BLE001 - every failure must reach the reviewer
            self.failed.emit(str(error) or error.__class__.__name__)
        else:
            self.succeeded.emit(result)


class ImportTask(QObject):
    """Runs one ImportWorker on its own thread and shows a cancellable progress dialog."""

    finished = Signal(object, str)  # ImportResult | None, message ("" on success)

    def __init__(self, parent: QWidget, review_path: Path, source: Path, reviewer: Reviewer):
        super().__init__(parent)
        self.source = source
        self.worker = ImportWorker(review_path, source, reviewer)
        self.thread = QThread(self)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.dialog = QProgressDialog(f"Importing {source.name}…", "Cancel", 0, 100, parent)
        self.dialog.setWindowTitle("Import document")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # small files finish before it would flash
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        # Not worker.cancel: the worker's thread is busy, a queued call would never run.
        self.dialog.canceled.connect(self.cancel)
        self.worker.progressed.connect(self._on_progress)
        # Bound slots (not lambdas), so the worker's signals are queued to this thread.
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)

    def start(self) -> None:
        self.dialog.setValue(0)
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, stage: str) -> None:
        if total > 0:
            self.dialog.setValue(min(100, int(100 * done / total)))
        if stage:
            self.dialog.setLabelText(f"Importing {self.source.name}: {stage}")

    @Slot(object)
    def _on_succeeded(self, result: ImportResult) -> None:
        self._finish(result, "")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._finish(None, message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish(None, "Import cancelled; the review is unchanged.")

    def _finish(self, result: ImportResult | None, message: str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.close()
        self.finished.emit(result, message)
