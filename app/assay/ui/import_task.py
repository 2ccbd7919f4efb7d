"""Importing a document off the UI thread, with a progress dialog that can cancel.

The worker opens its own database connection (see services.importer) and writes in
one transaction, so a cancel rolls back and the review is left as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from assay.core.model import Reviewer
from assay.services import importer
from assay.ui.background import BackgroundTask


class ImportTask(BackgroundTask):
    """`finished(ImportResult | None, message)`."""

    def __init__(self, parent: QWidget, review_path: Path, source: Path, reviewer: Reviewer):
        super().__init__(
            parent,
            "Import document",
            f"Importing {source.name}",
            lambda progress, cancel: importer.import_file(
                review_path, source, reviewer=reviewer, progress=progress, cancel=cancel
            ),
            cancelled_message="Import cancelled; the review is unchanged.",
        )
        self.source = source
