"""File ▸ Export for NVivo/ATLAS.ti/MAXQDA (.qdpx)… and File ▸ Export references…

Each asks for a file (a native save dialog), then runs the services function on a worker
thread behind the window-modal progress dialog with Cancel that bundle exports use
(ExchangeFlow's task: one long job at a time, and quitting during it asks first). A
cancelled or failed export leaves no file: the services write atomically, last.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from assay.services import config
from assay.ui.exchange_flow import stops_on_cancel

if TYPE_CHECKING:
    from assay.ui.main_window import MainWindow

QDPX_FILTER = "REFI-QDA project (*.qdpx);;REFI-QDA codebook only (*.qdc)"
REFERENCE_FILTERS = {
    "CSL-JSON for Zotero (*.json)": ("csl-json", ".json"),
    "BibTeX (*.bib)": ("bibtex", ".bib"),
    "RIS (*.ris)": ("ris", ".ris"),
}


def export_qdpx_dialog(window: MainWindow) -> None:
    session = window.session
    if session is None or window.exchange.busy:
        return
    suggested = config.bundle_folder() / f"{session.path.stem}.qdpx"
    path, chosen = QFileDialog.getSaveFileName(
        window, "Export for NVivo, ATLAS.ti, MAXQDA, QualCoder", str(suggested), QDPX_FILTER
    )
    if path:
        suffix = ".qdc" if "qdc" in chosen else ".qdpx"
        export_qdpx_to(window, _with_suffix(Path(path), suffix))


def export_qdpx_to(window: MainWindow, target: Path) -> Any:
    """Write the review (or, to a .qdc, the codebook) on a worker; returns the task."""
    from assay.services import qdpx

    session = window.session
    if session is None or window.exchange.busy:
        return None
    review, reviewer = session.path, window.reviewer
    if target.suffix.lower() == ".qdc":

        def work(progress: Any) -> Any:
            progress(0, 1, "writing the codebook")
            size = qdpx.export_codebook(target)
            progress(1, 1, "done")
            return f"Exported the codebook to {target.name} ({size:,} bytes)."
    else:

        def work(progress: Any) -> Any:
            result = qdpx.export_qdpx(review, target, reviewer=reviewer, progress=progress)
            return (
                f"Exported {result.sources} document(s) and {result.selections:,} coded "
                f"selection(s) to {target.name} for NVivo, ATLAS.ti, MAXQDA or QualCoder."
            )

    return _run(window, "Export REFI-QDA project", target, work)


def export_references_dialog(window: MainWindow) -> None:
    session = window.session
    if session is None or window.exchange.busy:
        return
    suggested = config.bundle_folder() / f"{session.path.stem}-references.json"
    path, chosen = QFileDialog.getSaveFileName(
        window, "Export references", str(suggested), ";;".join(REFERENCE_FILTERS)
    )
    if not path:
        return
    target = Path(path)
    by_suffix = {suffix: format for format, suffix in REFERENCE_FILTERS.values()}
    format = by_suffix.get(target.suffix.lower())
    if format is None:
        format, suffix = REFERENCE_FILTERS.get(chosen, ("csl-json", ".json"))
        target = _with_suffix(target, suffix)
    export_references_to(window, target, format)


def export_references_to(window: MainWindow, target: Path, format: str) -> Any:
    from assay.services.references_out import export_references

    session = window.session
    if session is None or window.exchange.busy:
        return None
    review = session.path

    def work(progress: Any) -> Any:
        result = export_references(review, target, format, progress=progress)
        progress(1, 1, "done")
        completed = result.from_library
        library = f", {completed} completed from your library" if completed else ""
        return f"Exported {result.works} work(s) to {target.name}{library}."

    return _run(window, "Export references", target, work)


def _run(window: MainWindow, title: str, target: Path, work: Any) -> Any:
    config.remember_bundle_folder(target.parent)

    def done(message: object, error: str) -> None:
        if message is None:
            window.report_task_failure(f"Cannot {title[0].lower()}{title[1:]}", error)
        else:
            window.status.showMessage(str(message), 12000)

    return window.exchange.run_job(  # the window's one long-job slot
        title, f"Exporting {target.name}", stops_on_cancel(work), done, "An export",
        "Export cancelled; no file was written.",
    )  # fmt: skip


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
