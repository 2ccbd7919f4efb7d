"""Files dropped on the window, or several chosen in File ▸ Import: each on its own.

A review opens; documents import one after another (each its own transaction) and
bundles are checked, on one background task; then one message lists every file that
was not taken and why, and the bundles that passed their checks go on to the merge's
dry-run summary. A bad file never keeps a good one out.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from assay.ui.background import BackgroundTask

if TYPE_CHECKING:
    from assay.services.importer import DroppedFiles
    from assay.ui.main_window import MainWindow

MAX_LISTED = 12  # failures named in the message; the rest are counted


class FileDrops(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def handle(self, paths: list[Path]) -> BackgroundTask | None:
        """Sort the files by kind and take each on its own."""
        from assay.ui.main_window import BUNDLE_SUFFIX, DOCUMENT_SUFFIXES, REVIEW_SUFFIX

        reviews = [p for p in paths if p.suffix.lower() == REVIEW_SUFFIX]
        bundles = [p for p in paths if p.suffix.lower() == BUNDLE_SUFFIX]
        documents = [p for p in paths if p.suffix.lower() in DOCUMENT_SUFFIXES]
        failed = [
            (p, "not a document, review or bundle Assay can open.")
            for p in paths
            if p not in reviews and p not in bundles and p not in documents
        ]
        failed += [(p, "one review opens at a time; the first dropped was opened.")
                   for p in reviews[1:]]  # fmt: skip
        if reviews and not self.window.open_review(reviews[0]):
            failed.append((reviews[0], "it could not be opened (see the message before)."))
        return self.take(documents, bundles, failed)

    def take(
        self, documents: list[Path], bundles: list[Path], failed: list[tuple[Path, str]] = ()
    ) -> BackgroundTask | None:
        window = self.window
        failed = list(failed)
        if not documents and not bundles:
            self._report(failed)
            return None
        if window.import_task is not None or (window.completed and window.exchange.busy):
            window.status.showMessage("Another import or merge is running; try again after.", 6000)
            return None
        session = window.session
        review = None
        if documents and session is not None:
            refusal = window.controller.edit_refusal() if window.completed else ""
            if refusal:
                failed += [(p, refusal) for p in documents]
                documents = []
            else:
                review = session.path
        task = self._start(review, documents, bundles, failed)
        return task

    def _start(
        self,
        review: Path | None,
        documents: list[Path],
        bundles: list[Path],
        failed: list[tuple[Path, str]],
    ) -> BackgroundTask:
        from assay.services.importer import import_many

        window = self.window
        reviewer = window.reviewer
        count = len(documents) + len(bundles)
        task = BackgroundTask(
            window,
            "Import files",
            f"Importing {count} file{'' if count == 1 else 's'}",
            lambda progress, cancel: import_many(
                review, documents, bundles, reviewer=reviewer, progress=progress, cancel=cancel
            ),
            cancelled_message="Import cancelled.",
        )
        task.finished.connect(lambda outcome, message: self._done(outcome, message, failed))
        window.import_task = task  # type: ignore[assignment] - the window's one long job
        task.start()
        return task

    def _done(
        self, outcome: DroppedFiles | None, message: str, failed: list[tuple[Path, str]]
    ) -> None:
        window = self.window
        window.import_task = None
        if outcome is None:  # the task itself failed: nothing is known per file
            window.report_task_failure("Cannot import files", message)
            return
        if outcome.imported:
            window.show_changed_document(outcome.imported[-1][1].document_id)
            window.status.showMessage(_imported_text(outcome), 12000)
        self._report([*failed, *outcome.failed], bool(outcome.bundles))
        if outcome.bundles:
            window.exchange.import_bundles(outcome.bundles)

    def _report(self, failed: list[tuple[Path, str]], bundles_follow: bool = False) -> None:
        """One message for every file not taken, each with its reason."""
        if not failed:
            return
        from assay.ui.main_window import BUNDLE_SUFFIX

        if len(failed) == 1:
            path, reason = failed[0]
            kind = "bundle" if path.suffix.lower() == BUNDLE_SUFFIX else "document"
            self.window.show_error_message(f"Cannot import {kind}", _reason(path, reason))
            return
        lines = [f"• {path.name}: {reason}" for path, reason in failed[:MAX_LISTED]]
        if len(failed) > MAX_LISTED:
            lines.append(f"… and {len(failed) - MAX_LISTED} more.")
        after = " The bundles that passed their checks come next." if bundles_follow else ""
        self.window.show_error_message(
            f"{len(failed)} files were not imported",
            "These files were not imported; the others were." + after + "\n\n" + "\n".join(lines),
        )


def _reason(path: Path, reason: str) -> str:
    """The reason, naming the file if it does not already."""
    return reason if path.name in reason else f"{path.name}: {reason}"


def _imported_text(outcome: DroppedFiles) -> str:
    if len(outcome.imported) == 1:
        result = outcome.imported[0][1]
        return f"Imported “{result.title}”: {result.sentence_count:,} sentences."
    sentences = sum(result.sentence_count for _, result in outcome.imported)
    return f"Imported {len(outcome.imported)} documents: {sentences:,} sentences."
