"""Files that macOS hands to Assay (a double-click in Finder, a drop on the Dock icon).

Finder starts a `.app` without the file on its command line and sends it afterwards as
a `QFileOpenEvent` to the QApplication, also to an Assay that already runs. This filter
takes those events and passes the paths on as `assay FILE` would. Paths that come before
anyone can open them (during the first-run name question, before the window exists)
wait in a queue and go to the first receiver that `deliver_to` names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

log = logging.getLogger("assay.ui")

PathsReceiver = Callable[[list[Path]], None]


class FileOpenEvents(QObject):
    """Watches the application for `QEvent.FileOpen`; paths go to the current receiver."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.pending: list[Path] = []
        self._receiver: PathsReceiver | None = None
        app.installEventFilter(self)

    def deliver_to(self, receiver: PathsReceiver) -> None:
        """From now on, paths go to `receiver`; those waiting go at once."""
        self._receiver = receiver
        if self.pending:
            waiting, self.pending = self.pending, []
            receiver(waiting)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        path = event.file()
        if not path:  # a URL that is no local file: nothing Assay opens
            return False
        log.info("Handed over by the system: %s", path)
        if self._receiver is None:
            self.pending.append(Path(path))
        else:
            self._receiver([Path(path)])
        return True
