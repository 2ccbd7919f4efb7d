"""Where the window opens and how it was left: size, position, docks, splitters.

Kept with Qt's own `saveGeometry`/`saveState` in a QSettings INI file beside
config.json (`config.config_dir()`, so ASSAY_HOME isolates it as it does the rest of
the settings, and tests never read the developer's). With nothing saved, or a saved
geometry that no longer fits (a laptop after a large monitor), the window takes 90% of
the screen's available area, centred, never more than the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication

from assay.services import config

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QSplitter

SETTINGS_FILE = "window.ini"
SCREEN_SHARE = 0.9
# Versions the saveState() data: a dock added or renamed later starts from its default.
STATE_VERSION = 1


def settings() -> QSettings:
    path = config.config_dir() / SETTINGS_FILE
    return QSettings(str(path), QSettings.Format.IniFormat)


def available_area(window: QMainWindow) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def default_geometry(area: QRect) -> QRect:
    size = QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))
    rect = QRect(area.topLeft(), size)
    rect.moveCenter(area.center())
    return rect


def place(window: QMainWindow) -> None:
    """Before the window is first shown: as it was left if that fits the screen, else
    90% of the screen, centred."""
    area = available_area(window)
    saved = settings().value("window/geometry")
    if isinstance(saved, QByteArray) and not saved.isEmpty() and window.restoreGeometry(saved):
        if window.isMaximized() or area.contains(window.geometry()):
            return
        fitted = window.geometry().intersected(area)
        if fitted.width() >= area.width() // 2 and fitted.height() >= area.height() // 2:
            window.setGeometry(fitted)
            return
    window.setGeometry(default_geometry(area))


def restore_splitters(splitters: dict[str, QSplitter]) -> bool:
    """True when every splitter came back as it was left."""
    store = settings()
    restored = True
    for name, splitter in splitters.items():
        saved = store.value(f"splitters/{name}")
        ok = isinstance(saved, QByteArray) and splitter.restoreState(saved)
        restored = restored and bool(ok)
    return restored


def restore_docks(window: QMainWindow) -> None:
    """Docks (shown or hidden, where, how wide): once they exist (`complete()`)."""
    saved = settings().value("window/state")
    if isinstance(saved, QByteArray) and not saved.isEmpty():
        window.restoreState(saved, STATE_VERSION)


def save(window: QMainWindow, splitters: dict[str, QSplitter], *, with_docks: bool) -> None:
    store = settings()
    store.setValue("window/geometry", window.saveGeometry())
    if with_docks:  # before complete() the docks do not exist: keep what was saved
        store.setValue("window/state", window.saveState(STATE_VERSION))
    for name, splitter in splitters.items():
        store.setValue(f"splitters/{name}", splitter.saveState())
    store.sync()
