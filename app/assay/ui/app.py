"""Starting the GUI: first run, which review to open, and the Qt application.

The window paints the document where the reviewer stopped first (a read-only
preview), then completes itself and opens the review properly right after that first
paint. Keys pressed in between wait in Qt's queue and reach the finished window.
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication

from assay import __version__
from assay.services import config
from assay.ui.after_paint import AfterNextPaint
from assay.ui.dialogs import ask_reviewer_name, show_error
from assay.ui.file_open import FileOpenEvents
from assay.ui.main_window import BUNDLE_SUFFIX, DOCUMENT_SUFFIXES, REVIEW_SUFFIX, MainWindow
from assay.ui.theme import apply_color_scheme

SAMPLE_REVIEW_NAME = "Sample review.assay"
RETRY_HANDOVER_MS = 500  # files handed over while a dialog is open wait for it to close

log = logging.getLogger("assay.ui")

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
        self._then: list[Callable[[MainWindow], None]] = []

    def then(self, step: Callable[[MainWindow], None]) -> None:
        """`step(window)` once `finish` has opened the review."""
        self._then.append(step)

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
        # After the first paint: the SVG icon engine (QtSvg) costs ~20 ms to load.
        from assay.ui.about_dialog import application_icon

        QApplication.setWindowIcon(application_icon())
        window.complete()
        if not open_paths(window, self.paths, at_start=True):
            _open_last_or_sample(window)
        for step in self._then:
            step(window)

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


def open_paths(window: MainWindow, paths: Sequence[Path], *, at_start: bool = False) -> bool:
    """Opens what `assay PATH...` names, at start or handed over by a later start: a
    review (made if missing), else a review of a document, else bundles merged after a
    dry run. False when none of the paths is one Assay opens."""
    reviews = [p for p in paths if p.suffix.lower() == REVIEW_SUFFIX]
    documents = [p for p in paths if p.suffix.lower() in DOCUMENT_SUFFIXES]
    bundles = [p for p in paths if p.suffix.lower() == BUNDLE_SUFFIX]
    known = reviews + documents + bundles
    unknown = [p for p in paths if p not in known]
    if unknown:
        show_error(window, "Cannot open", f"Assay does not know how to open {unknown[0]}.")
    if reviews:
        if window.session is None or window.session.path.absolute() != reviews[0].absolute():
            _open_or_create(window, reviews[0])
    elif documents:
        _open_document(window, documents[0])
    elif bundles:
        # A double-clicked bundle: into the last review after a dry run, or, on a
        # fresh install, a review of its own (not the sample).
        last = config.last_review()
        if at_start and last is not None:
            window.open_review(last)
        # Once the window has laid itself out: the summary is a modal dialog over it.
        QTimer.singleShot(0, lambda: window.exchange.open_bundles_at_start(bundles))
    return bool(known)


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

        try:  # made whole or not at all, so nothing half-made is remembered or reopened
            create_sample_review(sample, window.reviewer)
        except Exception as error:  # noqa: BLE001 - say why instead of starting empty
            show_error(
                window,
                "Cannot create the sample review",
                f"{error}\n\nNo sample review was kept; Assay tries again at its next start.",
            )
            return
    window.open_review(sample)


def _os_user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers and services
        return ""


def run_gui(paths: Sequence[str | Path] = ()) -> int:
    from assay import logs
    from assay.ui import crash_dialog, single_instance

    logs.setup()  # the file itself is opened by the first record
    app = make_application()
    crash_dialog.install(app)
    # macOS: an app-wide filter sees every event, so only where Finder sends FileOpen.
    file_open = FileOpenEvents(app) if sys.platform == "darwin" else None
    paths = [Path(p) for p in paths]
    if single_instance.hand_over(paths):
        log.info("Handed %s to the running Assay.", [str(p) for p in paths])
        return 0
    launch = Launch(paths, ask_reviewer_name)
    if file_open is not None:
        route_file_open_events(file_open, launch)
    window = launch.begin()
    if window is None:
        return 0
    servers: list[object] = []
    # After the first paint, with the window complete: a later start's files open in it.
    launch.then(lambda window: servers.append(listen_for_later_starts(window)))
    if os.environ.get("ASSAY_EXIT_AFTER_PAINT"):  # the build's smoke test and benchmark
        from assay.ui import paint_probe

        paint_probe.watch(window)
        launch.then(paint_probe.report_ready)
    launch.finish_after_first_paint()
    code = app.exec()
    for server in servers:
        server.close()  # type: ignore[attr-defined]
    return code


def route_file_open_events(file_open: FileOpenEvents, launch: Launch) -> None:
    """Files the system hands over (macOS Finder) before the start has opened its review
    join the start's paths, so they open as with `assay FILE` (instead of the last
    review); later ones open in the window as a later start's files do."""
    file_open.deliver_to(launch.paths.extend)
    launch.then(lambda window: file_open.deliver_to(lambda paths: receive_paths(window, paths)))


def listen_for_later_starts(window: MainWindow) -> object:
    """Files from a later `assay FILE` (a double-click) open in this window, which comes
    to the front; with a dialog open, once it closes. Returns the InstanceServer."""
    from assay.ui.single_instance import InstanceServer

    log.info("Assay %s started, Qt %s, Python %s", __version__, qVersion(), sys.version)
    server = InstanceServer(window)
    server.received.connect(lambda paths: receive_paths(window, paths))
    server.listen()
    return server


def receive_paths(window: MainWindow, paths: list[Path]) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    if not window.completed or QApplication.activeModalWidget() is not None:
        QTimer.singleShot(RETRY_HANDOVER_MS, lambda: receive_paths(window, paths))
        return
    open_paths(window, paths)


def main() -> int:
    return run_gui(sys.argv[1:])
