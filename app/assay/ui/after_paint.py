"""Work that must wait until a widget is on screen (the first paint waits for nothing)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer


class AfterNextPaint(QObject):
    """Runs `then` once, just after `widget` next paints.

    A zero-delay timer is not enough: it fires before the paint event is delivered.
    """

    def __init__(self, widget: QObject, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
            self.deleteLater()
        return False


class FirstCallAfterPaint:
    """Defers the first call of a slow first-time job (imports, a parse) until `widget`
    has painted; later calls run at once, as does a call that comes before that paint.

    The window then shows the review before loading what only the side panels need.
    """

    def __init__(self, widget: QObject, job: Callable[[], None]) -> None:
        self._widget = widget
        self._job = job
        self._state = "new"  # -> "waiting" -> "done"

    def __call__(self, *_args: object) -> None:
        if self._state == "new":
            self._state = "waiting"
            AfterNextPaint(self._widget, self._after_paint)
            return
        self._state = "done"
        self._job()

    def _after_paint(self) -> None:
        if self._state == "waiting":
            self._state = "done"
            self._job()
