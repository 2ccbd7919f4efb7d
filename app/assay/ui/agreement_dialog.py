"""The agreement panel: Krippendorff's alpha per category and for the verdict, and
how often each pair of reviewers agrees, over sentences two or more annotated."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assay.core.vocabulary import CATEGORIES, label_of
from assay.services import agreement
from assay.services.session import ReviewSession


class AgreementDialog(QDialog):
    """Non-modal: the reviewer can keep it open while settling disagreements."""

    def __init__(self, parent: QWidget | None, session: ReviewSession) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Agreement between reviewers")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(620, 520)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.alpha_table = _table(
            "agreementAlphaTable", ["Measure", "Krippendorff's α", "Sentences"]
        )
        self.pair_table = _table(
            "agreementPairTable",
            ["Reviewers", "Verdict agreement", "Claim-type agreement", "Sentences"],
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = QPushButton("&Refresh")
        buttons.addButton(refresh, QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)
        buttons.rejected.connect(self.close)
        note = QLabel(
            "Computed from each reviewer's own annotations (final decisions do not count), "
            "on sentences at least two reviewers annotated. α is 1 for perfect agreement and "
            "0 for agreement no better than chance; below 0.667 is usually too low to rely on."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.alpha_table, 3)
        layout.addWidget(QLabel("Per pair of reviewers (share of shared sentences):"))
        layout.addWidget(self.pair_table, 2)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        report = agreement.agreement_report(self.session)
        self.report = report
        reviewers = int(report.get("reviewers", 0))
        shared = max(
            [report["verdict"]["sentences"]]
            + [value["sentences"] for value in report["categories"].values()]
        )
        self.summary.setText(
            f"<b>{reviewers} reviewer(s)</b>; {shared:,} sentence(s) annotated by two or more."
            if reviewers > 1
            else "Only one reviewer has annotated this review: import colleagues' bundles "
            "(File ▸ Import bundle) to compare."
        )
        rows = [("Verdict", report["verdict"])] + [
            (f"Claim type: {label_of(CATEGORIES, name)}", value)
            for name, value in report["categories"].items()
        ]
        self.alpha_table.setRowCount(len(rows))
        for row, (name, value) in enumerate(rows):
            _set_row(
                self.alpha_table, row, [name, _alpha(value["alpha"]), f"{value['sentences']:,}"]
            )
        pairs = report["pairs"]
        self.pair_table.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            _set_row(
                self.pair_table,
                row,
                [
                    f"{pair['a']} · {pair['b']}",
                    _percent(pair["verdict_agreement"]),
                    _percent(pair["category_agreement"]),
                    f"{pair['sentences']:,}",
                ],
            )


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        table.horizontalHeader().setSectionResizeMode(
            column, QHeaderView.ResizeMode.ResizeToContents
        )
    return table


def _set_row(table: QTableWidget, row: int, cells: list[str]) -> None:
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        if column:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, column, item)


def _alpha(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"


def _percent(value: Any) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"
