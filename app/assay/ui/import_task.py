"""Importing or replacing a document off the UI thread, with a progress dialog that
can cancel.

The worker opens its own database connection (see services.importer and
services.versions) and writes in one transaction, so a cancel rolls back and the
review is left as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from assay.core.model import Reviewer
from assay.services import importer
from assay.ui import dialogs
from assay.ui.background import BackgroundTask


def offer_to_cancel_and_quit(window: QWidget, task: BackgroundTask) -> None:
    """Closing the window during an import: ask; if so, cancel it (the worker rolls
    back, the review stays as it was) and close once it has stopped."""
    what = "A document import" if isinstance(task, ImportTask) else "A document replacement"
    if dialogs.ask_to_cancel_and_quit(window, what):
        task.cancel_and_then(window.close)


class ImportTask(BackgroundTask):
    """`finished(ImportResult | None, message)`. With `text`, the pasted text is the
    document and `source` only names it."""

    def __init__(
        self,
        parent: QWidget,
        review_path: Path,
        source: Path,
        reviewer: Reviewer,
        text: str | None = None,
        html: str = "",
    ):
        def job(progress, cancel):  # noqa: ANN001, ANN202 - BackgroundTask's Job
            if text is not None:
                return importer.import_text(
                    review_path, text, source_name=source.name, reviewer=reviewer,
                    html=html, progress=progress, cancel=cancel,
                )  # fmt: skip
            return importer.import_file(
                review_path, source, reviewer=reviewer, progress=progress, cancel=cancel
            )

        super().__init__(
            parent,
            "Import document",
            f"Importing {source.name}",
            job,
            cancelled_message="Import cancelled; the review is unchanged.",
        )
        self.source = source


class ReplaceTask(BackgroundTask):
    """`finished(ReplaceResult | None, message)`: a document's new version."""

    def __init__(
        self, parent: QWidget, review_path: Path, document_id: int, source: Path, reviewer: Reviewer
    ):
        from assay.services import versions

        super().__init__(
            parent,
            "Replace with new version",
            f"Reading {source.name} and re-attaching annotations",
            lambda progress, cancel: versions.replace_document(
                review_path,
                document_id,
                source,
                reviewer=reviewer,
                progress=progress,
                cancel=cancel,
            ),  # fmt: skip
            cancelled_message="Replacement cancelled; the document is unchanged.",
        )
        self.source = source
