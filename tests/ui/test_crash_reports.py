"""When something goes wrong in the window: the log keeps the traceback, the reviewer gets a
dialog with the log's place and "Copy details", and Help ▸ Show log folder finds it."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from assay import logs
from assay.ui import crash_dialog
from assay.ui.background import BackgroundTask
from assay.ui.crash_dialog import CrashDialog
from assay.ui.dialogs import show_error


@pytest.fixture
def log_file(assay_home: Path) -> Iterator[Path]:
    folder = logs.setup(crash_file=False)  # pytest keeps its own faulthandler
    yield folder / "assay.log"
    logs.shutdown()


def read(log_file: Path) -> str:
    return log_file.read_text(encoding="utf-8") if log_file.exists() else ""


def test_a_crash_in_a_background_task_lands_in_the_log_with_its_traceback(
    qtbot, log_file: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def parse_the_bad_table(_progress, _cancel) -> object:
        cells: dict[str, int] = {}
        return cells["row 12"]  # a bug deep in an import

    task = BackgroundTask(parent, "Import document", "Importing paper.pdf", parse_the_bad_table)
    with qtbot.waitSignal(task.finished, timeout=10_000) as finished:
        task.start()
    result, message = finished.args
    assert result is None and message == "'row 12'"  # what the reviewer is told
    text = read(log_file)
    assert "Background task 'Import document: Importing paper.pdf' failed" in text
    assert "Traceback (most recent call last)" in text
    assert "parse_the_bad_table" in text and "KeyError: 'row 12'" in text


def test_every_error_dialog_is_in_the_log(qtbot, log_file: Path, on_next_modal) -> None:
    on_next_modal(lambda dialog: dialog.close())
    show_error(None, "Cannot open review", "“x.assay” is not an Assay review.")
    assert "Error shown: Cannot open review: “x.assay” is not an Assay review." in read(log_file)

    on_next_modal(lambda dialog: dialog.close())
    try:
        {}["missing"]
    except KeyError as error:  # shown from an except block: the traceback goes too
        show_error(None, "Cannot import the library", str(error))
    text = read(log_file)
    assert "Error shown: Cannot import the library: 'missing'" in text
    assert "KeyError: 'missing'" in text and "test_every_error_dialog_is_in_the_log" in text


def test_the_crash_dialog_names_the_log_and_copies_the_details(qtbot, log_file: Path) -> None:
    details = "Traceback (most recent call last):\n  File x\nValueError: bad verdict\n"
    dialog = CrashDialog(details)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert str(logs.log_path()) in shown and "ValueError: bad verdict" in shown
    QGuiApplication.clipboard().clear()
    # Copy &details (a mnemonic clicks after a short animation)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == details)
    assert dialog.isVisible()  # copying does not close it
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_exception_in_the_window_shows_the_dialog(
    qtbot, log_file: Path, monkeypatch: pytest.MonkeyPatch, on_next_modal
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    reporter = crash_dialog.install(QApplication.instance())
    seen: list[tuple[str, str]] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, CrashDialog)
        QGuiApplication.clipboard().clear()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: bool(QGuiApplication.clipboard().text()))
        seen.append((dialog.windowTitle(), QGuiApplication.clipboard().text()))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    def a_slot_with_a_bug() -> None:
        raise ZeroDivisionError("no sentences to divide by")

    on_next_modal(answer)
    QTimer.singleShot(0, a_slot_with_a_bug)  # Qt calls the slot; nobody catches its error
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    qtbot.waitUntil(lambda: reporter.dialog is None)
    title, copied = seen[0]
    assert title == "Assay met an unexpected error"
    assert "a_slot_with_a_bug" in copied and "ZeroDivisionError" in copied
    text = read(log_file)
    assert "Uncaught exception" in text and "a_slot_with_a_bug" in text


def test_help_show_log_folder_opens_the_log_folder(
    open_window, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    class Desktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:  # noqa: N802 (Qt API)
            opened.append(url)
            return True

    monkeypatch.setattr(crash_dialog, "QDesktopServices", Desktop)
    window = open_window()
    help_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "&Help"
    )
    (entry,) = [a for a in help_menu.actions() if a.objectName() == "show_log_folder"]
    assert entry.text() == "Show &log folder" and entry.isEnabled()
    entry.trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [log_file.parent]
