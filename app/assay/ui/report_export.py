"""File ▸ Export report…: the format, the sections, reviewers named or not; then a
native save dialog; the export runs behind the window's progress dialog with Cancel
(the one long-job slot of `exchange_flow`, so quitting meanwhile asks first)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from assay.exchange.report_model import (
    FORMAT_LABELS,
    FORMATS,
    SECTION_LABELS,
    SECTIONS,
    SUFFIXES,
    ReportOptions,
)

if TYPE_CHECKING:
    from assay.services.report_export import ReportResult
    from assay.ui.background import BackgroundTask
    from assay.ui.main_window import MainWindow

FILTERS = {
    "html": "Web page (*.html)",
    "pdf": "PDF (*.pdf)",
    "docx": "Word document (*.docx)",
    "md": "Markdown (*.md)",
    "json": "JSON (*.json)",
}
SECTION_KEYS = {"title": "&Title page", "summary": "&Summary with charts",
                "sentences": "&Decided and disputed sentences",
                "citations": "Citation &problems"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReportChoice:
    format: str
    options: ReportOptions


class ReportOptionsDialog(QDialog):
    """What goes into the report, and in which format."""

    def __init__(self, parent: QWidget | None, last_format: str = "html") -> None:
        super().__init__(parent)
        self.setWindowTitle("Export report")
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(FORMAT_LABELS[fmt], fmt)
        self.format.setCurrentIndex(FORMATS.index(last_format) if last_format in FORMATS else 0)
        self.format.setAccessibleName("Report format")
        form = QFormLayout()
        label = QLabel("&Format:")
        label.setBuddy(self.format)
        form.addRow(label, self.format)
        self.sections: dict[str, QCheckBox] = {}
        box = QGroupBox("Sections")
        box_layout = QVBoxLayout(box)
        for section in SECTIONS:
            check = QCheckBox(SECTION_KEYS[section])
            check.setToolTip(SECTION_LABELS[section])
            check.setChecked(True)
            check.toggled.connect(self._update)
            self.sections[section] = check
            box_layout.addWidget(check)
        self.anonymous = QCheckBox("&Anonymise reviewers (“Reviewer 1”, “Reviewer 2”, …)")
        self.anonymous.setToolTip(
            "Names are replaced wherever Assay writes them; a rationale that names someone "
            "is written as it is."
        )
        hint = QLabel(
            "HTML is one file that opens in any browser and prints a page per document; "
            "Markdown and JSON hold the sentences only."
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.anonymous)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def _update(self) -> None:
        """No section, no report: Export… waits for one."""
        chosen = any(check.isChecked() for check in self.sections.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(chosen)

    def choice(self) -> ReportChoice:
        sections = frozenset(s for s, check in self.sections.items() if check.isChecked())
        return ReportChoice(
            str(self.format.currentData()), ReportOptions(sections, self.anonymous.isChecked())
        )


def export_report_dialog(window: MainWindow) -> BackgroundTask | None:
    session = window.session
    if session is None or window.exchange.busy:
        return None
    options = ReportOptionsDialog(window, _remembered["format"])
    if options.exec() != QDialog.DialogCode.Accepted:
        return None
    choice = options.choice()
    suffix = SUFFIXES[choice.format]
    suggested = session.path.with_suffix(".report" + suffix)
    path, _ = QFileDialog.getSaveFileName(
        window, "Export report", str(suggested), f"{FILTERS[choice.format]};;All files (*)"
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    return export_report_to(window, target, choice)


_remembered = {"format": "html"}  # the dialog offers the format chosen last in this run


def export_report_to(
    window: MainWindow, target: Path, choice: ReportChoice, exported_at: str | None = None
) -> BackgroundTask | None:
    from assay.services.report_export import export_report
    from assay.ui.report_pdf import report_pdf

    session = window.session
    if session is None or window.exchange.busy:
        return None
    _remembered["format"] = choice.format
    review = session.path

    def job(progress, cancel):  # noqa: ANN001, ANN202 - background.Job
        return export_report(
            review, target, choice.format, options=choice.options, exported_at=exported_at,
            pdf=report_pdf, progress=progress, cancel=cancel,
        )  # fmt: skip

    def done(result: ReportResult | None, message: str) -> None:
        if result is None:
            window.report_task_failure("Cannot export the report", message)
            return
        noun = "sentence" if result.sentences == 1 else "sentences"
        window.status.showMessage(
            f"Report written to {result.path.name} ({result.sentences:,} {noun}).", 12000
        )

    return window.exchange.run_job(  # the window's one long-job slot: quitting asks first
        "Export report",
        f"Exporting {target.name}",
        job,
        done,
        "A report export",
        "Export cancelled; no report was written.",
    )
