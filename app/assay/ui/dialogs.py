"""Small dialogs: the reviewer's name on first run, the keyboard map, messages.

Messages often hold names from outside (a file, a bundle's member, a reviewer): they
are shown as plain text (`plain_text.message_box`)."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assay.ui.plain_text import message_box

log = logging.getLogger("assay.ui")


def ask_reviewer_name(parent: QWidget | None, suggested: str) -> str | None:
    """First run: who is reviewing. Prefilled with the OS user name."""
    name, accepted = QInputDialog.getText(
        parent,
        "Welcome to Assay",
        "Your name, as it will appear on your annotations and in bundles you send:",
        text=suggested,
    )
    name = name.strip()
    return name if accepted and name else None


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    # What the reviewer saw, for a bug report; shown from an `except` block, with the
    # traceback of the exception being handled (which the message leaves out).
    log.warning("Error shown: %s: %s", title, message, exc_info=sys.exc_info()[0] is not None)
    box = message_box(parent, QMessageBox.Icon.Warning, title, message)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def show_information(parent: QWidget | None, title: str, message: str) -> None:
    box = message_box(parent, QMessageBox.Icon.Information, title, message)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def ask_to_confirm(parent: QWidget | None, title: str, message: str, action: str) -> bool:
    """A yes/no question whose yes button says what it does; No is the default."""
    box = message_box(
        parent, QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.Cancel
    )
    confirm = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is confirm


def ask_to_cancel_and_quit(parent: QWidget | None, what: str) -> bool:
    """Quitting during long work: "An export is running. Cancel it and quit?"; the
    default is to keep working."""
    box = message_box(
        parent,
        QMessageBox.Icon.Question,
        "Quit Assay",
        f"{what} is running. Cancel it and quit?",
        QMessageBox.StandardButton.NoButton,
        "Nothing is changed by the cancelled work; what it had written is rolled back.",
    )
    quit_button = box.addButton("Cancel it and &quit", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("&Keep working", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is quit_button


class KeymapDialog(QDialog):
    """F1: every shortcut, grouped, in the platform's own key notation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard map")
        self.resize(560, 640)
        from assay.ui.keymap import ALL_BINDINGS  # loaded with the window's actions, later

        table = QTableWidget(len(ALL_BINDINGS), 3)
        table.setObjectName("keymapTable")
        table.setHorizontalHeaderLabels(["Keys", "Action", "Group"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, binding in enumerate(ALL_BINDINGS):
            action = binding.label + (f" ({binding.help})" if binding.help else "")
            for column, text in enumerate((binding.shortcut_text(), action, binding.group)):
                table.setItem(row, column, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Review keys work whenever the text or the table has focus."))
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
