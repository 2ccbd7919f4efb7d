"""Starting the GUI: first run, which review to open, and the Qt application."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from assay import __version__
from assay.services import config
from assay.services.samples import create_sample_review
from assay.ui.dialogs import ask_reviewer_name, show_error
from assay.ui.main_window import DOCUMENT_SUFFIXES, REVIEW_SUFFIX, MainWindow

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
    return app  # type: ignore[return-value]


def start_window(
    paths: Sequence[str | Path] = (), ask_name: AskName = ask_reviewer_name
) -> MainWindow | None:
    """Shows the main window on the right review; None if the reviewer backs out."""
    reviewer = config.reviewer()
    if reviewer is None:
        name = ask_name(None, _os_user_name())
        if name is None:
            return None
        reviewer = config.set_reviewer(name)
    window = MainWindow(reviewer)
    window.show()
    window.activateWindow()  # take the keyboard at once, even without a window manager
    targets = [Path(p) for p in paths]
    reviews = [p for p in targets if p.suffix.lower() == REVIEW_SUFFIX]
    documents = [p for p in targets if p.suffix.lower() in DOCUMENT_SUFFIXES]
    unknown = [p for p in targets if p not in reviews and p not in documents]
    if unknown:
        show_error(window, "Cannot open", f"Assay does not know how to open {unknown[0]}.")
    if reviews:
        _open_or_create(window, reviews[0])
    elif documents:
        _open_document(window, documents[0])
    else:
        _open_last_or_sample(window)
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
    window = start_window(paths)
    if window is None:
        return 0
    return app.exec()


def main() -> int:
    return run_gui(sys.argv[1:])
