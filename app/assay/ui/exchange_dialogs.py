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
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assay.exchange.merge_plan import MergePlan
from assay.exchange.ownership import describe
from assay.ui.labels import elide
from assay.ui.plain_text import escape, no_mnemonic, rich_label

OUTCOME_LABELS = {
    "new": "New",
    "updated": "Updated",
    "unchanged": "Unchanged",
    "conflicting": "Conflicting",
    "orphaned": "Orphaned",
    "refused": "Refused",
    "skipped": "Skipped",
}
# Refusal lines shown in the summary; a hostile bundle may name many reviewers.
MAX_REFUSAL_LINES = 8


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
            f"Only the &current document: {no_mnemonic(elide(current_title, 60))}"
        )
        self.everyone = QRadioButton("&Everyone's annotations (for a lead or an archive)")
        self.mine = QRadioButton(f"Only &my annotations ({no_mnemonic(reviewer_name)})")
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
MERGE, NEW_REVIEW, PAIR = "merge", "new_review", "pair"


class MergeSummaryDialog(QDialog):
    """The dry run: per document and reviewer, what the merge would do."""

    def __init__(
        self,
        parent: QWidget | None,
        plan: MergePlan,
        review_name: str | None,
        why_no_merge: str = "",
        reviewer_id: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import bundle: what would change")
        self.resize(760, 420)
        self.decision: str | None = None
        self.pairing: tuple[str, str] | None = None  # installation, bundle: if PAIR
        names = ", ".join(plan.bundles)
        totals = plan.totals()
        summary = ", ".join(f"{count:,} {OUTCOME_LABELS[o].lower()}" for o, count in totals.items())
        new_documents = len(plan.new_documents)
        lines = [f"Annotations: {summary}."]
        if new_documents:
            lines.append(f"{new_documents} new document(s) will be added.")
        lines.extend(plan.removed_notes())
        if why_no_merge:
            lines.append(why_no_merge)
        if not plan.changes_anything and plan.refusals:
            lines.append("Nothing would be merged: what is not already here was refused.")
        elif not plan.changes_anything:
            lines.append("Nothing new: the review already has everything in these bundles.")
        elif review_name:
            lines.append(
                f"Merging changes “{review_name}” in one step; a backup is made first and "
                "Edit ▸ Undo last merge restores it."
            )
        # The bundles' file names in bold; they and every other line escaped.
        header = rich_label(
            "<br>".join([f"<b>{escape(elide(names, 120))}</b>", *map(escape, lines)])
        )
        header.setObjectName("mergeSummaryHeader")
        header.setWordWrap(True)
        self.refusals = _refusals_label(plan, reviewer_id)
        self.table = _plan_table(plan)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.pair_button: QPushButton | None = None
        if plan.pairable:
            # One computer at a time: the summary is planned again after each pairing.
            installation, bundle = min(plan.pairable.items(), key=lambda item: item[1])
            self.pair_button = buttons.addButton(
                "This is my &other computer…", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.pair_button.setAutoDefault(False)
            self.pair_button.clicked.connect(lambda: self._pair(installation, bundle))
        self.merge_button: QPushButton | None = None
        if review_name and plan.changes_anything:
            self.merge_button = buttons.addButton(
                f"&Merge into {no_mnemonic(elide(review_name, 40))}",
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
        if self.refusals is not None:
            layout.addWidget(self.refusals)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # Return merges (the reviewer has just read what would change); Esc backs out.
        first = self.merge_button or buttons.button(QDialogButtonBox.StandardButton.Cancel)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()

    def _pair(self, installation: str, bundle: str) -> None:
        if confirm_pairing(self, installation, bundle):
            self.pairing = (installation, bundle)
            self._decide(PAIR)


def confirm_pairing(parent: QWidget, installation: str, bundle: str) -> bool:
    """Ask before trusting a computer with the reviewer's own work; No is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Pair your other computer",
        f"Is “{bundle}” from your own other computer (installation {installation[:8]})?\n\n"
        "If you pair it, bundles made on that computer will be able to change your own "
        "annotations, evidence and decisions, in every review. Pair only a computer you "
        "use yourself: a colleague's Assay set up with your name would write under it. "
        "(`assay pair --remove ID` undoes the pairing.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # the bundle's file name is not HTML
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def _refusals_label(plan: MergePlan, reviewer_id: str) -> QLabel | None:
    """One plain-text line per kind of refused record (ownership.describe)."""
    if not plan.refusals:
        return None
    names = {row.reviewer_id: row.reviewer_name for row in plan.rows}
    lines = [
        describe(
            refusal.reason,
            count,
            names.get(refusal.reviewer_id, refusal.reviewer_id),
            refusal.bundle,
            bool(reviewer_id) and refusal.reviewer_id == reviewer_id,
        )
        for refusal, count in sorted(plan.refusals.items())
    ]
    if len(lines) > MAX_REFUSAL_LINES:
        more = len(lines) - MAX_REFUSAL_LINES + 1
        lines = [*lines[: MAX_REFUSAL_LINES - 1], f"… and {more:,} more kinds of refusal."]
    label = QLabel()
    label.setObjectName("mergeRefusals")
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and file names come from bundles
    label.setText("\n".join(lines))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _plan_table(plan: MergePlan) -> QTableWidget:
    kinds = plan.kinds()
    headers = ["Document", "", "Reviewer", *(OUTCOME_LABELS[o] for o in kinds)]
    table = QTableWidget(len(plan.rows), len(headers))
    table.setObjectName("mergePlanTable")
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    refused_column = 3 + kinds.index("refused") if "refused" in kinds else -1
    for row, line in enumerate(plan.rows):
        cells = [
            line.title,
            {"new": "new document", "earlier": "earlier version", "removed": "removed here"}.get(
                line.document_status, ""
            ),
            line.reviewer_name or "(documents only)",
            *(f"{line.counts[o]:,}" for o in kinds),
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == 3 + kinds.index("conflicting") and line.counts["conflicting"]:
                item.setToolTip(
                    "Changed here and in the bundle since they last met: this review's "
                    "version stays, and the bundle's waits in Document ▸ Conflicts… "
                    "for you to choose."
                )
            if column == refused_column and line.counts["refused"]:
                item.setToolTip("Records this bundle may not change or add (see above).")
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
