"""QActions for every command in the keyboard map, so each is in a menu and on a key.

Review keys are single characters; the text fields swallow printable keys before a
shortcut fires, and `ReturnKeyGuard` gives Return back to the fields that need it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QWidget

from assay.ui.keymap import ALL_BINDINGS, KeyBinding

RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def build_actions(window: QWidget, handlers: dict[str, Callable[[], None]]) -> dict[str, QAction]:
    """One QAction per binding that has a handler, added to the window (active anywhere)."""
    actions: dict[str, QAction] = {}
    for binding in ALL_BINDINGS:
        handler = handlers.get(binding.action_id)
        if handler is None:
            continue
        actions[binding.action_id] = make_action(window, binding, handler)
    return actions


def make_action(window: QWidget, binding: KeyBinding, handler: Callable[[], None]) -> QAction:
    action = QAction(binding.label, window)
    action.setObjectName(binding.action_id)
    action.setShortcuts(binding.sequences())
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if binding.help:
        action.setStatusTip(binding.help)
    action.triggered.connect(lambda _checked=False: handler())
    window.addAction(action)
    return action


class ReturnKeyGuard(QObject):
    """Lets a text field or list keep plain Return (new line, run search, pick item).

    Without it the window's "mark reviewed and next" shortcut would take Return from
    the search box and the rationale editor. Ctrl+Return still reaches the shortcut.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in RETURN_KEYS
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
        return False
