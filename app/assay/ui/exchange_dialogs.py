"""Dialogs for bundles: what to export, and the dry-run summary before a merge."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assay.exchange.merge_plan import MergePlan
from assay.ui.labels import elide

OUTCOME_LABELS = {
    "new": "New",
    "updated": "Updated",
    "unchanged": "Unchanged",
    "conflicting": "Conflicting",
    "orphaned": "Orphaned",
}


@dataclass(frozen=True, slots=True)
class ExportChoice:
    current_document_only: bool
    everyone: bool


class ExportOptionsDialog(QDialog):
    """Which documents and whose annotations go into the bundle."""

    def __init__(self, parent: QWidget | None, current_title: str, reviewer_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export bundle")
        self.all_documents = QRadioButton("&All documents in this review")
        self.current_document = QRadioButton(
            f"Only the &current document: {elide(current_title, 60)}"
        )
        self.everyone = QRadioButton("&Everyone's annotations (for a lead or an archive)")
        self.mine = QRadioButton(f"Only &my annotations ({reviewer_name})")
        self.all_documents.setChecked(True)
        self.everyone.setChecked(True)
        layout = QVBoxLayout(self)
        for title, first, second in (
            ("Documents", self.all_documents, self.current_document),
            ("Annotations", self.everyone, self.mine),
        ):
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            group = QButtonGroup(box)
            for button in (first, second):
                group.addButton(button)
                box_layout.addWidget(button)
            layout.addWidget(box)
        hint = QLabel(
            "A bundle is one small file to send by email. Documents travel with it, so "
            "a reviewer who has never seen them can open it as a new review."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> ExportChoice:
        return ExportChoice(self.current_document.isChecked(), self.everyone.isChecked())


# What the reviewer chose in the summary.
MERGE, NEW_REVIEW = "merge", "new_review"


class MergeSummaryDialog(QDialog):
    """The dry run: per document and reviewer, what the merge would do."""

    def __init__(
        self,
        parent: QWidget | None,
        plan: MergePlan,
        review_name: str | None,
        why_no_merge: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import bundle: what would change")
        self.resize(760, 420)
        self.decision: str | None = None
        names = ", ".join(plan.bundles)
        totals = plan.totals()
        summary = ", ".join(f"{count:,} {OUTCOME_LABELS[o].lower()}" for o, count in totals.items())
        new_documents = len(plan.new_documents)
        lines = [f"<b>{elide(names, 120)}</b>", f"Annotations: {summary}."]
        if new_documents:
            lines.append(f"{new_documents} new document(s) will be added.")
        if why_no_merge:
            lines.append(why_no_merge)
        if not plan.changes_anything:
            lines.append("Nothing new: the review already has everything in these bundles.")
        elif review_name:
            lines.append(
                f"Merging changes “{review_name}” in one step; a backup is made first and "
                "Edit ▸ Undo last merge restores it."
            )
        header = QLabel("<br>".join(lines))
        header.setWordWrap(True)
        header.setTextFormat(Qt.TextFormat.RichText)
        self.table = _plan_table(plan)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button: QPushButton | None = None
        if review_name and plan.changes_anything:
            self.merge_button = buttons.addButton(
                f"&Merge into {elide(review_name, 40)}",
                QDialogButtonBox.ButtonRole.AcceptRole,
            )
            self.merge_button.setDefault(True)
            self.merge_button.clicked.connect(lambda: self._decide(MERGE))
        self.new_review_button = buttons.addButton(
            "&New review from bundle…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.new_review_button.clicked.connect(lambda: self._decide(NEW_REVIEW))
        if self.merge_button is None:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # Return merges (the reviewer has just read what would change); Esc backs out.
        first = self.merge_button or buttons.button(QDialogButtonBox.StandardButton.Cancel)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()


def _plan_table(plan: MergePlan) -> QTableWidget:
    kinds = plan.kinds()
    headers = ["Document", "", "Reviewer", *(OUTCOME_LABELS[o] for o in kinds)]
    table = QTableWidget(len(plan.rows), len(headers))
    table.setObjectName("mergePlanTable")
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for row, line in enumerate(plan.rows):
        cells = [
            line.title,
            {"new": "new document", "earlier": "earlier version"}.get(line.document_status, ""),
            line.reviewer_name or "(documents only)",
            *(f"{line.counts[o]:,}" for o in kinds),
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == 3 + kinds.index("conflicting") and line.counts["conflicting"]:
                item.setToolTip(
                    "The same reviewer annotated this sentence on two machines: "
                    "the newer edit is kept."
                )
            if column == 1 and line.document_status == "earlier":
                item.setToolTip(
                    "The bundle was made against an earlier version of this document: "
                    "its annotations are re-attached to the current sentences; those that "
                    "find none are kept in Document ▸ Orphaned annotations."
                )
            table.setItem(row, column, item)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        table.resizeColumnToContents(column)
    return table
