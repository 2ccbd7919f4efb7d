"""UI fixtures: the real main window on the offscreen platform, driven by key presses."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from assay.ui import main_window as main_window_module  # noqa: E402
from assay.ui.app import make_application, start_window  # noqa: E402
from assay.ui.main_window import MainWindow  # noqa: E402

KEY_NAMES = {
    "Return": Qt.Key.Key_Return,
    "Esc": Qt.Key.Key_Escape,
    "Down": Qt.Key.Key_Down,
    "Up": Qt.Key.Key_Up,
    "F1": Qt.Key.Key_F1,
}


MODIFIERS = {
    "Ctrl": Qt.KeyboardModifier.ControlModifier,
    "Shift": Qt.KeyboardModifier.ShiftModifier,
    "Alt": Qt.KeyboardModifier.AltModifier,
}


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Error dialogs are recorded instead of blocking the test in a modal loop."""
    shown: list[tuple[str, str]] = []

    def record(_parent: object, title: str, message: str) -> None:
        shown.append((title, message))

    monkeypatch.setattr(main_window_module, "show_error", record)
    monkeypatch.setattr("assay.ui.app.show_error", record)
    return shown


@pytest.fixture
def open_window(qtbot, errors) -> Iterator[Callable[..., MainWindow]]:
    """Starts Assay as a user would (first run answered with a name) and waits for it."""
    make_application()
    windows: list[MainWindow] = []

    def start(paths: tuple[str | Path, ...] = (), name: str = "Test Reviewer") -> MainWindow:
        window = start_window(paths, ask_name=lambda _parent, _suggested: name)
        assert window is not None
        qtbot.addWidget(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        windows.append(window)
        return window

    yield start
    for window in windows:
        window.close()


@pytest.fixture
def press(qtbot) -> Callable[..., None]:
    """Presses keys on whatever widget has focus, as the keyboard would."""

    def press_keys(window: MainWindow, *keys: str) -> None:
        for key in keys:
            _press(qtbot, window, key)

    return press_keys


def _press(qtbot, window: MainWindow, key: str) -> None:
    *modifier_names, name = key.split("+")
    modifier = Qt.KeyboardModifier.NoModifier
    for part in modifier_names:
        modifier |= MODIFIERS[part]
    code = KEY_NAMES.get(name) or Qt.Key(ord(name.upper()))
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, code, modifier)


@pytest.fixture
def on_next_modal(qtbot) -> Callable[[Callable[[QWidget], None]], None]:
    """Answers the next modal dialog the way a user would, from inside its event loop."""

    def schedule(handler: Callable[[QWidget], None]) -> None:
        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or not dialog.isVisible():
                QTimer.singleShot(20, poll)
                return
            handler(dialog)

        QTimer.singleShot(0, poll)

    return schedule
