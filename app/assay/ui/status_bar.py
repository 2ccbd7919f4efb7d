"""The status bar: progress per document, and whether the work is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QProgressBar, QStatusBar, QWidget

from assay.ui.labels import elide
from assay.ui.plain_text import plain_label, tooltip_text

if TYPE_CHECKING:
    from assay.services.results import Progress


class ReviewStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setFormat("%p%")
        # Document titles and messages, shown as text.
        self.progress_label = plain_label()
        self.progress_label.setObjectName("progressLabel")
        self.saved_label = plain_label()
        self.saved_label.setObjectName("savedLabel")
        self.addWidget(self.progress_bar)
        self.addWidget(self.progress_label, 1)
        self.addPermanentWidget(self.saved_label)

    def show_progress(self, progress: Progress) -> None:
        self.progress_bar.setRange(0, max(progress.total, 1))
        self.progress_bar.setValue(progress.reviewed)
        parts = [f"Reviewed {progress.reviewed:,} / {progress.total:,}"]
        if len(progress.per_document) > 1:
            parts += [
                f"{elide(doc.title, 28)} {doc.reviewed:,}/{doc.total:,}"
                for doc in progress.per_document
            ]
        self.progress_label.setText("  ·  ".join(parts))
        self.progress_label.setToolTip(
            tooltip_text(
                "\n".join(f"{d.title}: {d.reviewed} of {d.total}" for d in progress.per_document)
            )
        )

    def show_saved(self, text: str) -> None:
        self.saved_label.setText(f"✓ {text}")

    def show_not_saved(self, text: str) -> None:
        self.saved_label.setText(f"⚠ {text}")

    def clear_review(self) -> None:
        self.progress_bar.setValue(0)
        self.progress_label.clear()
        self.saved_label.clear()
