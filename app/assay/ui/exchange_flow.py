"""Bundles from the window: export, import with a dry-run summary, undo the last merge.

The work itself is `assay.services.exchange`, run on a worker thread. A merge needs
the review file to itself (the services take the same lock an open window holds),
so the window closes the review for the merge and opens it again afterwards, at the
same sentence; the undo stack starts afresh, as it does whenever a review opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from assay.services import config
from assay.text.errors import Cancelled
from assay.ui import dialogs
from assay.ui.background import BackgroundTask, Job, Progress
from assay.ui.conflicts_flow import ConflictsFlow

if TYPE_CHECKING:
    from assay.exchange.merge_plan import MergePlan
    from assay.services.exchange import ExportResult, MergeResult
    from assay.ui.main_window import MainWindow

BUNDLE_SUFFIX = ".assaybundle"
BUNDLE_FILTER = "Assay bundles (*.assaybundle);;All files (*)"


class ExchangeFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.task: BackgroundTask | None = None
        self.task_name = ""  # "An export", for the question on quitting
        self.last_backup: Path | None = None  # made by this window's last merge
        self.last_backup_of: Path | None = None
        self.conflicts = ConflictsFlow(window)  # Document ▸ Conflicts…: what merges kept

    @property
    def busy(self) -> bool:
        return self.task is not None

    def _refuse_while_importing(self) -> bool:
        """One long job at a time: a merge must not race a document import."""
        if self.window.import_task is None:
            return False
        self.window.status.showMessage(
            "A document is being imported; import the bundle when it has finished.", 8000
        )
        return True

    def can_undo_merge(self) -> bool:
        session = self.window.session
        return (
            self.last_backup is not None
            and self.last_backup.exists()
            and session is not None
            and not session.read_only
            and session.path == self.last_backup_of
        )

    # --- export ------------------------------------------------------------------------

    def export_dialog(self) -> None:
        from assay.ui.exchange_dialogs import ExportOptionsDialog

        window, session = self.window, self.window.session
        if session is None or self.busy:
            return
        title = window.controller.document_titles().get(window.page.source_view.document_id, "")
        options = ExportOptionsDialog(window, title or "(none)", window.reviewer.name)
        if options.exec() != ExportOptionsDialog.DialogCode.Accepted:
            return
        choice = options.choice()
        suggested = config.bundle_folder() / _bundle_name(session.path, window.reviewer.name)
        path, _ = QFileDialog.getSaveFileName(
            window, "Export bundle", str(suggested), BUNDLE_FILTER
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != BUNDLE_SUFFIX:
            target = target.with_name(target.name + BUNDLE_SUFFIX)
        document = window.page.source_view.document_id
        documents = [document] if choice.current_document_only and document is not None else None
        self.export_to(target, documents=documents, everyone=choice.everyone)

    def export_to(
        self, target: Path, *, documents: list[int] | None = None, everyone: bool = True
    ) -> BackgroundTask | None:
        from assay.services.exchange import export_bundle

        session = self.window.session
        if session is None or self.busy:
            return None
        review, reviewer = session.path, self.window.reviewer
        config.remember_bundle_folder(target.parent)
        return self.run_job(
            "Export bundle",
            f"Exporting {target.name}",
            stops_on_cancel(
                lambda progress: export_bundle(
                    review,
                    target,
                    reviewer=reviewer,
                    documents=documents,
                    everyone=everyone,
                    progress=progress,
                )
            ),
            self._on_exported,
            "An export",
            "Export cancelled; no bundle was written.",
        )

    def _on_exported(self, result: ExportResult | None, message: str) -> None:
        if result is None:
            self.window.report_task_failure("Cannot export bundle", message)
            return
        self.window.status.showMessage(
            f"Exported {result.documents} document(s) and {result.annotations:,} "
            f"annotation(s) to {result.path.name} ({_size_text(result.size)}).",
            12000,
        )

    # --- import and merge ------------------------------------------------------------

    def import_dialog(self) -> None:
        if self.busy:
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Import bundle", str(config.bundle_folder()), BUNDLE_FILTER
        )
        if paths:
            self.import_bundles([Path(p) for p in paths])

    def import_bundles(self, bundles: list[Path]) -> BackgroundTask | None:
        """Validate and plan (a dry run), show what would change, then merge or not."""
        from assay.services.exchange import plan_merge

        if self.busy or not bundles or self._refuse_while_importing():
            return None
        config.remember_bundle_folder(bundles[0].parent)
        session = self.window.session
        review = session.path if session is not None and not session.read_only else None
        # Planned against an empty review when none is open: everything would be new.
        planned_against = review if review is not None else _no_review()
        reviewer, paired = self.window.reviewer, config.paired_installations()
        return self.run_job(
            "Import bundle",
            f"Checking {_names(bundles)}",
            stops_on_cancel(
                lambda _progress: plan_merge(
                    planned_against, bundles, reviewer=reviewer, paired=paired
                ),
                read_only=True,
            ),
            lambda plan, message: self._on_planned(plan, message, bundles, review),
            "A bundle check",
            "Bundle import cancelled; nothing was changed.",
        )

    def _on_planned(
        self, plan: MergePlan | None, message: str, bundles: list[Path], review: Path | None
    ) -> None:
        from assay.ui.exchange_dialogs import MERGE, NEW_REVIEW, PAIR, MergeSummaryDialog

        if plan is None:
            self.window.report_task_failure("Cannot import bundle", message)
            return
        session = self.window.session
        why_not = ""
        if review is None and session is not None and session.read_only:
            why_not = f"“{session.path.name}” is open read-only here, so the bundle can only "
            why_not += "become a new review."
        summary = MergeSummaryDialog(
            self.window, plan, review.name if review else None, why_not, self.window.reviewer.id
        )
        summary.exec()
        if summary.decision == PAIR and summary.pairing is not None:
            # Confirmed in the summary: trust that computer, then plan again so the
            # summary shows its records accepted.
            config.pair_installation(*summary.pairing)
            self.import_bundles(bundles)
        elif summary.decision == MERGE and review is not None:
            self.merge_into(review, bundles)
        elif summary.decision == NEW_REVIEW:
            target = self._ask_new_review_path(bundles[0], plan)
            if target is not None:
                self.merge_into(target, bundles)

    def merge_into(self, review: Path, bundles: list[Path]) -> BackgroundTask | None:
        """Merge for real; `review` is made from the bundles if it does not exist."""
        from assay.services.exchange import merge_bundles

        if self.busy or self._refuse_while_importing():
            return None
        window, reviewer = self.window, self.window.reviewer
        paired = config.paired_installations()
        reopen = window.session.path if window.session is not None else None
        window.close_review()  # gives the merge the file lock this window held
        return self.run_job(
            "Import bundle",
            f"Merging {_names(bundles)}",
            stops_on_cancel(
                lambda progress: merge_bundles(
                    review, bundles, reviewer=reviewer, paired=paired, progress=progress
                )
            ),
            lambda result, message: self._on_merged(result, message, review, reopen),
            "A merge",
            "Merge cancelled; the review is unchanged.",
        )

    def _on_merged(
        self, result: MergeResult | None, message: str, review: Path, reopen: Path | None
    ) -> None:
        window = self.window
        if result is None:
            if reopen is not None:
                window.open_review(reopen)
            if "cancelled" in message:
                window.status.showMessage(message, 8000)
            else:
                window.show_error_message("Cannot import bundle", message + " Nothing was changed.")
            return
        if not window.open_review(review):
            return
        if result.backup is not None:
            self.last_backup, self.last_backup_of = result.backup, review
        window.refresh_team_actions()
        window.status.showMessage(_merged_message(result, review), 20000)
        if result.created:  # a new review: say in a box, not only the status bar
            dialogs.show_information(window, "Bundle opened", opened_message(result, review))

    def open_bundles_at_start(self, bundles: list[Path]) -> None:
        """`assay x.assaybundle` (a double-click): into the open review after a dry run;
        with no review yet (a fresh install), a new review of its own, kept where the
        reviewer chooses (asked once the bundle has been checked)."""
        if self.window.session is not None:
            self.import_bundles(bundles)
            return
        from assay.services.exchange import plan_merge

        if self.busy or self._refuse_while_importing():
            return
        paired = config.paired_installations()
        reviewer = self.window.reviewer
        self.run_job(
            "Open bundle",
            f"Checking {_names(bundles)}",
            stops_on_cancel(
                lambda _progress: plan_merge(
                    _no_review(), bundles, reviewer=reviewer, paired=paired
                ),
                read_only=True,
            ),
            lambda plan, message: self._on_checked_for_new_review(plan, message, bundles),
            "A bundle check",
            "Bundle not opened: cancelled.",
        )

    def _on_checked_for_new_review(
        self, plan: MergePlan | None, message: str, bundles: list[Path]
    ) -> None:
        if plan is None:
            self.window.report_task_failure("Cannot open bundle", message)
            return
        target = self._ask_new_review_path(bundles[0], plan)
        if target is not None:
            self.merge_into(target, bundles)

    def _ask_new_review_path(self, bundle: Path, plan: MergePlan | None = None) -> Path | None:
        """A native save dialog, suggesting the bundle's review name in the documents
        folder; None if the reviewer cancels or picks a file that exists."""
        senders = list(plan.new_reviewers.values()) if plan is not None else []
        suggested = documents_folder() / f"{review_name_of(bundle, senders)}.assay"
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Keep the review from the bundle as", str(suggested),
            "Assay reviews (*.assay)",
        )  # fmt: skip
        if not path:
            self.window.status.showMessage("Bundle not opened: no review was made.", 8000)
            return None
        target = Path(path)
        if target.suffix != ".assay":
            target = target.with_name(target.name + ".assay")
        if target.exists():
            self.window.show_error_message(
                "Cannot create review", f"{target} already exists; choose a new name."
            )
            return None
        return target

    # --- undo -----------------------------------------------------------------------------

    def undo_merge(self) -> bool:
        from assay.services.exchange import restore_backup

        if not self.can_undo_merge():
            return False
        assert self.last_backup is not None and self.last_backup_of is not None
        review, backup = self.last_backup_of, self.last_backup
        if not dialogs.ask_to_confirm(
            self.window,
            "Undo last merge",
            f"Restore “{review.name}” as it was before the merge? Changes made since the "
            f"merge are lost. (The backup stays in {backup.parent}.)",
            "Restore",
        ):
            return False
        self.window.close_review()
        try:
            restore_backup(review, backup)
        except Exception as error:  # noqa: BLE001 - say why; the review is as it was
            self.window.open_review(review)
            self.window.show_error_message("Cannot undo the merge", str(error))
            return False
        self.last_backup = self.last_backup_of = None
        self.window.open_review(review)
        self.window.status.showMessage(f"Restored {review.name} from before the merge.", 10000)
        return True

    # --- helpers --------------------------------------------------------------------------

    def offer_to_cancel_and_quit(self) -> None:
        """Closing the window during an export, a check or a merge: ask, and if so
        cancel the work and close once it has stopped."""
        task = self.task
        if task is not None and dialogs.ask_to_cancel_and_quit(self.window, self.task_name):
            task.cancel_and_then(self.window.close)

    def run_job(
        self,
        title: str,
        label: str,
        job: Job,
        on_done: Callable[[Any, str], None],
        name: str,
        cancelled_message: str,
    ) -> BackgroundTask:
        # Cancel stops the job at its next step; a merge's one transaction, once begun,
        # completes (see stops_on_cancel), so nothing is ever half-merged.
        task = BackgroundTask(self.window, title, label, job, cancelled_message=cancelled_message)

        def finished(result: object, message: str) -> None:
            self.task = None
            on_done(result, message)

        task.finished.connect(finished)
        self.task, self.task_name = task, name
        task.start()
        return task


def stops_on_cancel(work: Callable[[Progress], Any], *, read_only: bool = False) -> Job:
    """A job that stops with `Cancelled` when the reviewer cancels: at each reported
    step but the last (a merge reports its last step after it has committed, an export
    after its file is in place), and, for a read-only job (a dry run), when it ends.
    The services run here write nothing before their last step but in one transaction,
    so a cancel leaves everything as it was."""

    def job(progress: Progress, cancel: Callable[[], bool]) -> Any:
        def step(done: int, total: int, stage: str) -> None:
            if cancel() and done < total:
                raise Cancelled
            progress(done, total, stage)

        result = work(step)
        if read_only and cancel():
            raise Cancelled  # a plan nobody wants to look at any more
        return result

    return job


def _merged_message(result: MergeResult, review: Path) -> str:
    """The status line after a merge: what it did, and what is left for the reviewer."""
    plan = result.plan
    totals = plan.totals()
    done = "Created" if result.created else "Merged"
    parts = [
        f"{totals['new']:,} new, {totals['updated']:,} updated, "
        f"{totals['conflicting']:,} conflicting, {totals['unchanged']:,} unchanged"
    ]
    if totals.get("orphaned"):
        parts.append(f"{totals['orphaned']:,} orphaned (Document ▸ Orphaned annotations…)")
    if totals.get("refused"):
        parts.append(f"{totals['refused']:,} refused")
    text = f"{done} {review.name} from {len(plan.bundles)} bundle(s): {', '.join(parts)}."
    if plan.conflicts:
        text += f" {len(plan.conflicts):,} conflict(s) kept: Document ▸ Conflicts… to settle them."
    if result.backup:
        text += " Edit ▸ Undo last merge restores the review."
    return text


def opened_message(result: MergeResult, review: Path) -> str:
    """What a bundle became: the review, its documents, whose work it holds."""
    plan = result.plan
    titles = [document.title or document.source_name for document in plan.new_documents]
    shown = ", ".join(f"“{title}”" for title in titles[:5])
    if len(titles) > 5:
        shown += f" and {len(titles) - 5:,} more"
    reviewers = ", ".join(sorted(plan.new_reviewers.values())) or "nobody else"
    new = plan.totals().get("new", 0)
    return (
        f"Opened {_names([Path(b) for b in plan.bundles])} as the review “{review.name}” "
        f"in {review.parent}.\n\n"
        f"Documents ({len(titles):,}): {shown or 'none'}\n"
        f"Reviewers: {reviewers}\n"
        f"Annotations: {new:,}"
    )


def documents_folder() -> Path:
    """The platform's documents folder (where a reviewer looks for their files)."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def review_name_of(bundle: Path, senders: list[str]) -> str:
    """The review a bundle came from: its file name without the sender's name that an
    export adds (`Magnesium-Ana-Lima.assaybundle` → `Magnesium`)."""
    stem = bundle.stem
    for sender in senders:
        suffix = f"-{_file_safe(sender)}"
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)]
    return stem


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name).strip("-")


def _bundle_name(review: Path, reviewer_name: str) -> str:
    return f"{review.stem}-{_file_safe(reviewer_name) or 'reviewer'}{BUNDLE_SUFFIX}"


def _names(paths: list[Path]) -> str:
    return paths[0].name if len(paths) == 1 else f"{len(paths)} bundles"


def _size_text(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _no_review() -> Path:
    # A path that does not exist: plan_merge then plans against an empty review.
    return config.data_dir() / ".no-review-open.assay"
