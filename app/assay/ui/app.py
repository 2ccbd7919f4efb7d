"""Starting the GUI: first run, which review to open, and the Qt application.

The window paints the document where the reviewer stopped first (a read-only
preview), then completes itself and opens the review properly right after that first
paint. Keys pressed in between wait in Qt's queue and reach the finished window.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from assay import __version__
from assay.services import config
from assay.ui.after_paint import AfterNextPaint
from assay.ui.dialogs import ask_reviewer_name, show_error
from assay.ui.main_window import BUNDLE_SUFFIX, DOCUMENT_SUFFIXES, REVIEW_SUFFIX, MainWindow
from assay.ui.theme import apply_color_scheme

SAMPLE_REVIEW_NAME = "Sample review.assay"

AskName = Callable[[object, str], str | None]


def make_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Assay")
    app.setOrganizationName("Assay")
    app.setApplicationDisplayName("Assay")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("assay")
    apply_color_scheme(app)
    return app  # type: ignore[return-value]


class Launch:
    """One start of the window: `begin` paints what it can, `finish` opens the rest."""

    def __init__(self, paths: Sequence[str | Path], ask_name: AskName) -> None:
        self.paths = [Path(p) for p in paths]
        self.ask_name = ask_name
        self.window: MainWindow | None = None

    def begin(self) -> MainWindow | None:
        """Shows the window (with a preview of the review when there is one);
        None if the reviewer backs out of the first-run question."""
        reviewer = config.reviewer()
        if reviewer is None:
            name = self.ask_name(None, _os_user_name())
            if name is None:
                return None
            reviewer = config.set_reviewer(name)
        self.window = MainWindow(reviewer)
        review = self._review_to_preview()
        if review is not None:
            self.window.show_preview(review)
        self.window.show()
        self.window.activateWindow()  # take the keyboard at once, even without a WM
        return self.window

    def finish(self) -> None:
        window = self.window
        assert window is not None
        window.complete()
        reviews = [p for p in self.paths if p.suffix.lower() == REVIEW_SUFFIX]
        documents = [p for p in self.paths if p.suffix.lower() in DOCUMENT_SUFFIXES]
        bundles = [p for p in self.paths if p.suffix.lower() == BUNDLE_SUFFIX]
        known = reviews + documents + bundles
        unknown = [p for p in self.paths if p not in known]
        if unknown:
            show_error(window, "Cannot open", f"Assay does not know how to open {unknown[0]}.")
        if reviews:
            _open_or_create(window, reviews[0])
        elif documents:
            _open_document(window, documents[0])
        elif bundles:
            # A double-clicked bundle: into the last review after a dry run, or, on a
            # fresh install, a review of its own (not the sample).
            last = config.last_review()
            if last is not None:
                window.open_review(last)
            # Once the window has laid itself out: the summary is a modal dialog over it.
            QTimer.singleShot(0, lambda: window.exchange.open_bundles_at_start(bundles))
        else:
            _open_last_or_sample(window)

    def finish_after_first_paint(self) -> None:
        assert self.window is not None
        viewport = self.window.page.source_view.viewport()
        if not self.window.page.source_view.isVisible():
            viewport = self.window  # the empty page: wait for the window's own paint
        AfterNextPaint(viewport, self.finish)

    def _review_to_preview(self) -> Path | None:
        reviews = [p for p in self.paths if p.suffix.lower() == REVIEW_SUFFIX]
        if reviews:
            return reviews[0]
        if self.paths:
            return None
        last = config.last_review()
        return last if last is not None and last.exists() else None


def start_window(
    paths: Sequence[str | Path] = (), ask_name: AskName = ask_reviewer_name
) -> MainWindow | None:
    """The whole window at once, on the right review; None if the reviewer backs out."""
    launch = Launch(paths, ask_name)
    window = launch.begin()
    if window is not None:
        launch.finish()
    return window


def _open_or_create(window: MainWindow, path: Path) -> None:
    if path.exists():
        window.open_review(path)
    else:
        window.create_review(path)


def _open_document(window: MainWindow, document: Path) -> None:
    """`assay paper.md`: a review of that document, next to the reviewer's other reviews."""
    review = config.data_dir() / f"{document.stem}{REVIEW_SUFFIX}"
    if review.exists():
        window.open_review(review)
    elif window.create_review(review):
        window.import_document(document)


def _open_last_or_sample(window: MainWindow) -> None:
    last = config.last_review()
    if last is not None and last.exists() and window.open_review(last):
        return
    sample = config.data_dir() / SAMPLE_REVIEW_NAME
    if not sample.exists():
        from assay.services.samples import create_sample_review  # first run only

        try:
            create_sample_review(sample, window.reviewer)
        except Exception as error:  # noqa: BLE001 - say why instead of starting empty
            show_error(window, "Cannot create the sample review", str(error))
            return
    window.open_review(sample)


def _os_user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers and services
        return ""


def run_gui(paths: Sequence[str | Path] = ()) -> int:
    app = make_application()
    launch = Launch(paths, ask_reviewer_name)
    if launch.begin() is None:
        return 0
    launch.finish_after_first_paint()
    return app.exec()


def main() -> int:
    return run_gui(sys.argv[1:])
