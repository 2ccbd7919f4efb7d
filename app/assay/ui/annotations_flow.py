"""File ▸ Export table…, Export annotations… and Import annotations…: the spreadsheet
and W3C Web Annotation exchange from the window (services/exports.py,
services/annotation_import.py), run behind the progress dialog with Cancel that bundle
exports use (ExchangeFlow's task, so quitting meanwhile asks first)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog

from assay.services import config
from assay.ui.background import BackgroundTask
from assay.ui.exchange_flow import stops_on_cancel

if TYPE_CHECKING:
    from assay.ui.main_window import MainWindow

TABLE_FILTERS = {"xlsx": "Excel workbook (*.xlsx)", "csv": "CSV, UTF-8 (*.csv)"}
PER_CHOICES = (
    "One row per sentence and reviewer",
    "One row per sentence: the decision that stands",
)
W3C_FILTER = "W3C Web Annotation (*.jsonld *.json);;All files (*)"
IMPORT_FILTER = (
    "Annotations (*.jsonld *.json *.qdpx);;W3C Web Annotation or Hypothesis export "
    "(*.jsonld *.json);;REFI-QDA project: NVivo, ATLAS.ti, MAXQDA, QualCoder (*.qdpx);;"
    "All files (*)"
)


class AnnotationsFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def _ready(self) -> bool:
        return self.window.session is not None and not self.window.exchange.busy

    # --- table ---------------------------------------------------------------------

    def export_table_dialog(self) -> None:
        if not self._ready():
            return
        window = self.window
        per, chosen = QInputDialog.getItem(
            window, "Export table", "Rows:", list(PER_CHOICES), 0, False
        )
        if not chosen:
            return
        suggested = config.bundle_folder() / f"{window.session.path.stem}.xlsx"
        path, selected = QFileDialog.getSaveFileName(
            window, "Export table", str(suggested), ";;".join(TABLE_FILTERS.values())
        )
        if not path:
            return
        target = Path(path)
        format = target.suffix.lower().lstrip(".")
        if format not in TABLE_FILTERS:
            format = "csv" if selected == TABLE_FILTERS["csv"] else "xlsx"
            target = target.with_name(f"{target.name}.{format}")
        self.export_table_to(target, format, "sentence" if per == PER_CHOICES[1] else "reviewer")

    def export_table_to(
        self, target: Path, format: str, per: str = "reviewer"
    ) -> BackgroundTask | None:
        from assay.services.exports import write_table

        if not self._ready():
            return None
        review = self.window.session.path
        return self._run(
            "Export table", f"Exporting {target.name}",
            lambda progress: write_table(review, target, format, per, progress=progress),  # type: ignore[arg-type]
            "Export cancelled; no table was written.",
            lambda written: f"Exported {written.rows:,} row(s) to {written.path.name}.",
        )  # fmt: skip

    # --- W3C -------------------------------------------------------------------------

    def export_annotations_dialog(self) -> None:
        if not self._ready():
            return
        suggested = config.bundle_folder() / f"{self.window.session.path.stem}.jsonld"
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export annotations", str(suggested), W3C_FILTER
        )
        if path:
            self.export_annotations_to(Path(path))

    def export_annotations_to(self, target: Path) -> BackgroundTask | None:
        from assay.services.exports import write_w3c

        if not self._ready():
            return None
        review = self.window.session.path
        return self._run(
            "Export annotations", f"Exporting {target.name}",
            lambda progress: write_w3c(review, target, progress=progress),
            "Export cancelled; no file was written.",
            lambda written: f"Exported {written.rows:,} annotation(s) as W3C Web Annotation "
            f"to {written.path.name}.",
        )  # fmt: skip

    def import_annotations_dialog(self) -> None:
        if not self._ready():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import annotations", str(config.bundle_folder()), IMPORT_FILTER
        )
        if path:
            self.import_annotations_from(Path(path))

    def import_annotations_from(self, file: Path) -> BackgroundTask | None:
        """The import needs the review file to itself (like a merge): the window closes
        the review, the worker imports in one transaction, the window opens it again."""
        from assay.services.annotation_import import import_annotations

        window = self.window
        if not self._ready() or window.session.read_only:
            return None
        review, reviewer = window.session.path, window.reviewer
        window.close_review()

        def reopen(message: str) -> None:
            window.open_review(review)
            window.status.showMessage(message, 15000)

        if file.suffix.lower() == ".qdpx":  # a REFI-QDA project: its coded selections
            from assay.services.qdpx import import_qdpx

            return self._run(
                "Import annotations", f"Importing {file.name}",
                lambda progress: import_qdpx(review, file, reviewer=reviewer,
                                             progress=progress),
                "Import cancelled; nothing was changed.",
                lambda result: " ".join(result.lines()), after=reopen,
            )  # fmt: skip
        return self._run(
            "Import annotations", f"Importing {file.name}",
            lambda progress: import_annotations(review, file, reviewer=reviewer,
                                                progress=progress),
            "Import cancelled; nothing was changed.",
            lambda result: result.summary(), after=reopen,
        )  # fmt: skip

    def _run(
        self, title: str, label: str, work: Any, cancelled: str, describe: Any,
        after: Any = None,
    ) -> BackgroundTask:  # fmt: skip
        window = self.window

        def done(result: object, message: str) -> None:
            if result is None:
                if after is not None:
                    after(message)
                window.report_task_failure(title.replace("Export", "Cannot export"), message)
                return
            text = describe(result)
            if after is not None:
                after(text)
            else:
                window.status.showMessage(text, 12000)

        # ExchangeFlow keeps the one running task: quitting meanwhile asks first.
        return window.exchange.run_job(
            title, label, stops_on_cancel(work), done, "An export", cancelled
        )
