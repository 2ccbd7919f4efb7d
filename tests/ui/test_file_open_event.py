"""macOS hands double-clicked files to the running .app as QFileOpenEvents: they open
as with `assay FILE`, also when they come before the window exists."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from assay.services import config
from assay.ui.app import SAMPLE_REVIEW_NAME, Launch, receive_paths, route_file_open_events
from assay.ui.file_open import FileOpenEvents


def _send_file_open(path: Path | str) -> bool:
    """What Qt's Cocoa platform plugin does for a file Finder hands over."""
    return QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(path)))


def test_a_file_handed_to_the_running_window_opens_in_it(
    open_window, qtbot, tmp_review: Path
) -> None:
    window = open_window()
    assert window.session is not None and window.session.path != tmp_review
    file_open = FileOpenEvents(QApplication.instance())
    file_open.deliver_to(lambda paths: receive_paths(window, paths))
    try:
        assert _send_file_open(tmp_review)
        qtbot.waitUntil(lambda: window.session is not None and window.session.path == tmp_review)
        assert not window.session.read_only
    finally:
        QApplication.instance().removeEventFilter(file_open)


def test_a_file_handed_over_before_the_window_exists_opens_at_start(
    qapp, qtbot, tmp_review: Path, errors: list[tuple[str, str]]
) -> None:
    """Finder's event comes before the first-run question is answered: it waits, and the
    start opens it as `assay REVIEW` would (not the sample review)."""
    file_open = FileOpenEvents(qapp)
    try:
        assert _send_file_open(tmp_review)  # taken (nobody to open it yet), not lost
        assert file_open.pending == [tmp_review]
        launch = Launch([], ask_name=lambda _parent, _suggested: "Mac Reviewer")
        route_file_open_events(file_open, launch)
        assert launch.paths == [tmp_review] and file_open.pending == []
        window = launch.begin()
        assert window is not None
        qtbot.addWidget(window)
        launch.finish()
        assert window.session is not None and window.session.path == tmp_review
        assert not (config.data_dir() / SAMPLE_REVIEW_NAME).exists()
        assert errors == []

        # Once the window is complete, the next file opens in it.
        other = tmp_review.with_name("second.assay")
        other.write_bytes(tmp_review.read_bytes())
        _send_file_open(other)
        qtbot.waitUntil(lambda: window.session is not None and window.session.path == other)
        window.close()
    finally:
        qapp.removeEventFilter(file_open)


def test_a_url_that_is_no_local_file_is_left_alone(qapp) -> None:
    file_open = FileOpenEvents(qapp)
    got: list[list[Path]] = []
    file_open.deliver_to(got.append)
    try:
        assert not QApplication.sendEvent(qapp, QFileOpenEvent(QUrl("https://example.org/x")))
        assert got == [] and file_open.pending == []
    finally:
        qapp.removeEventFilter(file_open)
