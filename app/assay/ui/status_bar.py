"""The status bar: one compact progress summary, and whether the work is saved.

Its width must not grow with the review: the status bar's minimum width is the
window's, so every document's "name n/N" side by side pushed the window past a laptop
screen. The summary has a fixed width; each document's progress is in its tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QStatusBar, QWidget

from assay.ui.plain_text import plain_label, tooltip_text

if TYPE_CHECKING:
    from assay.services.results import Progress

# The widest summary the label is sized for; longer ones (100,000+ sentences) elide.
WIDEST_SUMMARY = "88 documents · 88,888 / 88,888 reviewed"
MAX_TOOLTIP_DOCUMENTS = 40
REVIEWABLE_NOTE = (
    "Reviewed of reviewable sentences. Headings and other sentences count; table header "
    "rows and reference-list entries do not (they are shown in the table, which lists "
    "every sentence unit, but are never reviewed)."
)


def progress_summary(progress: Progress) -> str:
    documents = len(progress.per_document)
    counted = f"{progress.reviewed:,} / {progress.total:,} reviewed"
    if documents <= 1:
        return counted
    return f"{documents} documents · {counted}"


def progress_details(progress: Progress) -> str:
    """The tooltip: what counts, then each document's progress."""
    lines = [REVIEWABLE_NOTE, ""]
    shown = progress.per_document[:MAX_TOOLTIP_DOCUMENTS]
    lines += [f"{d.title}: {d.reviewed:,} of {d.total:,} reviewed" for d in shown]
    hidden = len(progress.per_document) - len(shown)
    if hidden > 0:
        lines.append(f"… and {hidden} more documents (assay stats lists them all)")
    return "\n".join(lines)


class ReviewStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress_bar = QProgressBar()
        self.progress_bar.setFixedWidth(110)
        self.progress_bar.setFormat("%p%")
        self.progress_bar.setAccessibleName("Review progress")
        # Document titles and messages, shown as text.
        self.progress_label = plain_label()
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setFixedWidth(
            self.progress_label.fontMetrics().horizontalAdvance(WIDEST_SUMMARY) + 8
        )
        self.saved_label = plain_label()
        self.saved_label.setObjectName("savedLabel")
        self.addWidget(self.progress_bar)
        self.addWidget(self.progress_label)
        # Permanent: a message ("Imported …") never hides whether the work is saved.
        self.addPermanentWidget(self.saved_label)

    def show_progress(self, progress: Progress) -> None:
        self.progress_bar.setRange(0, max(progress.total, 1))
        self.progress_bar.setValue(progress.reviewed)
        summary = progress_summary(progress)
        metrics = self.progress_label.fontMetrics()
        self.progress_label.setText(
            metrics.elidedText(summary, Qt.TextElideMode.ElideRight, self.progress_label.width())
            if metrics.horizontalAdvance(summary) > self.progress_label.width()
            else summary
        )
        details = tooltip_text(progress_details(progress))
        self.progress_label.setToolTip(details)
        self.progress_bar.setToolTip(details)

    def show_saved(self, text: str) -> None:
        self.saved_label.setText(f"✓ {text}")

    def show_not_saved(self, text: str) -> None:
        self.saved_label.setText(f"⚠ {text}")

    def clear_review(self) -> None:
        self.progress_bar.setValue(0)
        self.progress_label.clear()
        self.progress_label.setToolTip("")
        self.saved_label.clear()
