"""ASSAY_EXIT_AFTER_PAINT: a start that reports its paints and closes, for smoke tests.

A frozen build cannot run test code, so the build's smoke test and the frozen start
benchmark (packaging/smoke_test.py, bench/bench_frozen_start.py) start the real `assay`
with this variable set. The window then writes to stdout:

    painted                 the first paint (the document preview, or the empty window)
    ready PATH              the review it opened (e.g. the sample) has been painted

and closes itself as a user would (window state saved, review closed).
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer

from assay.ui.after_paint import AfterNextPaint
from assay.ui.main_window import MainWindow

ENV_VAR = "ASSAY_EXIT_AFTER_PAINT"
GIVE_UP_MS = 60_000  # a window that never paints must not hang the caller


def _say(line: str) -> None:
    if sys.stdout is not None:  # a windowed Windows build has no stdout
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def watch(window: MainWindow) -> None:
    """Report the first paint now, and the opened review's paint once `report_ready` runs."""
    view = window.page.source_view
    AfterNextPaint(view.viewport() if view.isVisible() else window, lambda: _say("painted"))
    QTimer.singleShot(GIVE_UP_MS, lambda: os._exit(3))


def report_ready(window: MainWindow) -> None:
    """After the launch has opened the review: wait for its paint, say which, then close."""

    def ready() -> None:
        review = window.session.path if window.session is not None else None
        _say(f"ready {review}")
        window.close()

    viewport = window.page.source_view.viewport()
    AfterNextPaint(viewport, ready)
    viewport.update()
