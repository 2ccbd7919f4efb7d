"""Long work off the UI thread, with a progress dialog that can cancel.

A job is a plain function `job(progress, cancel) -> result` from the services layer;
it runs on its own QThread (opening its own database connection, as the services
that run here do), and the window stays responsive. One task per job.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog, QWidget

from assay.text.errors import Cancelled
from assay.ui.keymap import binding
from assay.ui.plain_text import plain_label

Progress = Callable[[int, int, str], None]
Job = Callable[[Progress, Callable[[], bool]], object]
SHOW_AFTER_MS = 300  # quick jobs finish before a dialog would flash

log = logging.getLogger("assay.background")


class Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Job, title: str = "") -> None:
        super().__init__()
        self.job = job
        self.title = title
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self.job(
                lambda done, total, stage: self.progressed.emit(done, total, stage),
                self._cancel.is_set,
            )
        except Cancelled:
            self.cancelled.emit()
        except Exception as error:  # noqa: BLE001 - every failure must reach the reviewer
            # The reviewer sees str(error); the log keeps the whole traceback.
            log.exception("Background task %r failed", self.title or "job")
            self.failed.emit(str(error) or error.__class__.__name__)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """Runs one job on its own thread behind a window-modal progress dialog.

    `finished(result, message)`: the job's result and "" on success; None and a
    message for the reviewer on failure or cancel.
    """

    finished = Signal(object, str)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        label: str,
        job: Job,
        *,
        cancellable: bool = True,
        cancelled_message: str = "Cancelled; nothing was changed.",
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.cancelled_message = cancelled_message
        self.running = False
        self.worker = Worker(job, f"{title}: {label}")
        self.thread = QThread(self)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 100, parent)
        self.dialog.setLabel(plain_label(label))  # the label names a file
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.setWindowTitle(title)
        self.dialog.setObjectName("taskProgress")
        # The dialog is window-modal: the window's own Quit key does not reach it, so
        # the dialog has one that asks the window to close (which offers to cancel).
        quit_action = QAction("Quit", self.dialog)
        quit_action.setShortcuts(binding("quit").sequences())
        quit_action.triggered.connect(lambda _checked=False: parent.close())
        self.dialog.addAction(quit_action)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        # Not worker.cancel via a queued call: the worker's thread is busy with the job.
        self.dialog.canceled.connect(self.cancel)
        self.worker.progressed.connect(self._on_progress)
        # Bound slots (not lambdas), so the worker's signals are queued to this thread.
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)

    def start(self) -> None:
        self.running = True
        self.dialog.setValue(0)
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def cancel_and_then(self, after: Callable[[], object]) -> None:
        """Ask the job to stop; `after` runs once it has (rolled back, or finished)."""
        self.finished.connect(lambda *_: QTimer.singleShot(0, after))
        self.cancel()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, stage: str) -> None:
        if total > 0:
            self.dialog.setValue(min(100, int(100 * done / total)))
        if stage:
            self.dialog.setLabelText(f"{self.label}: {stage}")

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._finish(result, "")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._finish(None, message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish(None, self.cancelled_message)

    def _finish(self, result: object, message: str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.close()
        self.running = False
        self.finished.emit(result, message)
