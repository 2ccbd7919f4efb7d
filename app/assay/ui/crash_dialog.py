"""What the reviewer sees when Assay meets an error nobody caught: a dialog naming the log
file, with the traceback behind "Copy details" (for a bug report), and Help ▸ Show log
folder. The logging itself is `assay.logs` (no Qt)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assay import logs
from assay.ui.plain_text import plain_label


def open_log_folder() -> bool:
    """Help ▸ Show log folder: the folder in the platform's file manager."""
    folder = logs.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class CrashDialog(QDialog):
    """The error, where the log is, and the traceback to copy."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle("Assay met an unexpected error")
        summary = details.strip().splitlines()[-1] if details.strip() else "Unknown error"
        message = plain_label(
            f"Something went wrong: {summary}\n\n"
            "Your review is safe: every edit was saved when it was made. The details are "
            f"in the log, {logs.log_path()}. Please send them with a bug report.",
            self,
        )
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(details, self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Error details")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("Copy &details", self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = QPushButton("Show &log folder", self)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button.clicked.connect(open_log_folder)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 420)
        buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied &details")


class CrashReporter(QObject):
    """Takes tracebacks from any thread (the excepthooks) and shows them on the UI thread,
    one dialog at a time: errors that follow while one is open are in the log only."""

    reported = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        # Queued: a hook may run on a worker thread, or deep inside a slot.
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, details: str) -> None:
        self.reported.emit(details)

    @Slot(str)
    def _show(self, details: str) -> None:
        if self.dialog is not None:
            return
        self.dialog = CrashDialog(details, QApplication.activeWindow())
        try:
            self.dialog.exec()
        finally:
            self.dialog = None


def install(app: QApplication) -> CrashReporter:
    """Log every uncaught exception and show it in a dialog; returns the reporter."""
    reporter = CrashReporter(app)
    logs.install_excepthooks(reporter.report)
    return reporter
