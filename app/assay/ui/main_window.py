"""The main window: composes the review page, menus and status bar, and owns the
review file's lifecycle (new, open, import, close). Review logic lives in
`ReviewController`; widgets each own one concern.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QStackedWidget, QWidget

from assay.core.model import Reviewer
from assay.services import config
from assay.store.errors import ReviewFileError
from assay.ui import window_state
from assay.ui.dialogs import KeymapDialog, show_error
from assay.ui.labels import EVIDENCE_TAB_TITLE
from assay.ui.plain_text import no_mnemonic, tooltip_text
from assay.ui.review_page import EmptyPage, ReviewPage
from assay.ui.status_bar import ReviewStatusBar

if TYPE_CHECKING:
    from assay.services.results import ImportResult
    from assay.services.session import ReviewSession
    from assay.ui.import_task import ImportTask

REVIEW_FILTER = "Assay reviews (*.assay)"
DOCUMENT_FILTER = (
    "Documents (*.md *.markdown *.txt *.pdf *.docx *.html *.htm);;"
    "PDF (*.pdf);;Word (*.docx);;Web pages (*.html *.htm);;"
    "Text and Markdown (*.md *.markdown *.txt);;"
    "All files (*)"
)
DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm"}
REVIEW_SUFFIX = ".assay"
BUNDLE_SUFFIX = ".assaybundle"
MENU_TITLES = {
    "file": "&File",
    "edit": "&Edit",
    "view": "&View",
    "document": "&Document",
    "go": "&Go",
    "annotate": "&Annotate",
    "team": "&Team",
    "help": "&Help",
}


class MainWindow(QMainWindow):
    """Built in two steps: `__init__` makes what the first paint needs (the document
    side, the status bar, the menu titles); `complete()` adds the claim panel, the
    table, the review logic and the actions. `app.py` paints in between, so the
    reviewer sees the document before the rest is imported and built.
    """

    def __init__(self, reviewer: Reviewer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reviewer = reviewer
        self.session: ReviewSession | None = None
        self.import_task: ImportTask | None = None
        self.review_actions: list[QAction] = []
        self.completed = False
        self.setAcceptDrops(True)
        self.page = ReviewPage()
        self.empty_page = EmptyPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_page)
        self.stack.addWidget(self.page)
        self.setCentralWidget(self.stack)
        self.status = ReviewStatusBar()
        self.setStatusBar(self.status)
        self.menus = {key: self.menuBar().addMenu(title) for key, title in MENU_TITLES.items()}
        self.setWindowTitle("Assay")
        # As the reviewer left it, else 90% of the screen: never taller than a laptop's.
        self.page.sizes_restored = window_state.restore_splitters(self.page.splitters())
        window_state.place(self)

    def complete(self) -> None:
        """Everything the first paint did not need. Idempotent."""
        if self.completed:
            return
        from PySide6.QtGui import QUndoStack

        from assay.ui.actions import ReturnKeyGuard
        from assay.ui.annotations_flow import AnnotationsFlow
        from assay.ui.claim_panel import ClaimPanel
        from assay.ui.document_commands import DocumentCommands
        from assay.ui.evidence_box import EvidenceBox
        from assay.ui.evidence_flow import EvidenceFlow
        from assay.ui.exchange_flow import ExchangeFlow
        from assay.ui.library_flow import LibraryFlow
        from assay.ui.menus import ALWAYS_ENABLED, build_window_actions, fill_menus
        from assay.ui.review_controller import ReviewController
        from assay.ui.sentence_model import SentenceTableModel
        from assay.ui.sentence_table import SentenceTable
        from assay.ui.suggestion_flow import SuggestionFlow
        from assay.ui.theme import make_palette_accessible

        make_palette_accessible()  # before the panel and table take their colours
        self.model = SentenceTableModel(self)
        self.undo_stack = QUndoStack(self)
        self.exchange = ExchangeFlow(self)
        self.documents = DocumentCommands(self)
        self.library = LibraryFlow(self)
        self.annotations = AnnotationsFlow(self)  # File ▸ Export table… / annotations
        panel, table = ClaimPanel(), SentenceTable(self.model)
        self.page.install(panel, table)
        self.controller = ReviewController(
            self.model, self.page.source_view, panel, self.undo_stack, self
        )
        self.controller.current_changed.connect(self._on_current_changed)
        from assay.ui.drop_flow import FileDrops
        from assay.ui.search_navigation import SearchNavigator

        self.drops = FileDrops(self)
        self.search = SearchNavigator(
            table, self.page.source_view, lambda: self.controller.current_id,
            lambda text: self.status.showMessage(text, 5000),
        )  # fmt: skip
        self.controller.saved.connect(self.status.show_saved)
        self.controller.progress_changed.connect(self.status.show_progress)
        self.controller.failed.connect(self._on_save_failed)
        self.controller.notice.connect(lambda text: self.status.showMessage(text, 4000))
        table.sentence_activated.connect(self.controller.go_to)
        evidence_box = EvidenceBox()
        panel.add_tab(evidence_box, EVIDENCE_TAB_TITLE)
        self.evidence = EvidenceFlow(self, evidence_box)
        self.evidence.cited = self._cited_lines
        self.evidence.references = self._reference_choices
        from assay.ui.highlight_flow import HighlightFlow

        self.highlights = HighlightFlow(self)
        from assay.ui import reference_values_box

        self.reference_values = reference_values_box.attach(self, evidence_box)
        from assay.ui import source_numbers_box

        self.source_numbers = source_numbers_box.attach(self, evidence_box)
        from assay.ui import citation_problems_box

        self.citation_problems = citation_problems_box.attach(self, evidence_box)
        self.model.flagged_ids_for = self._flagged_ids
        # Connected after the checks above, so it sees what they show for the sentence.
        self.controller.current_changed.connect(
            lambda _sentence: panel.set_tab_alert(
                evidence_box, evidence_box.flagged(), "Assay flags something about this "
                "sentence: see the checks under the evidence list"
            )
        )  # fmt: skip
        self.suggestions = SuggestionFlow(self)
        self._build_team()
        self._build_references()
        from assay.ui.page_flow import PageFlow

        self.pages = PageFlow(self)
        self.page.document_combo.activated.connect(self._on_document_chosen)
        guard = ReturnKeyGuard(self)
        for widget in (
            table.search_edit,
            panel.rationale_edit,
            self.reviewers_panel.rationale_edit,
            self.references.panel.tree,  # Return opens the citing sentence
            evidence_box.list,
        ):
            widget.installEventFilter(guard)

        self.actions_by_id = build_window_actions(self)
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        fill_menus(self.menus, self.actions_by_id, self.recent_menu)
        self.review_actions = [
            action for key, action in self.actions_by_id.items() if key not in ALWAYS_ENABLED
        ]
        self.completed = True
        window_state.restore_docks(self)
        self._show_review_state()

    def _build_team(self) -> None:
        from PySide6.QtWidgets import QComboBox, QDockWidget

        from assay.ui.reviewers_panel import ReviewersPanel
        from assay.ui.team_controller import TeamController

        self.reviewers_panel = ReviewersPanel()
        self.reviewers_dock = QDockWidget("Reviewers", self)
        self.reviewers_dock.setObjectName("reviewersDock")
        self.reviewers_dock.setWidget(self.reviewers_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.reviewers_dock)
        self.reviewers_dock.hide()
        self.reviewers_dock.visibilityChanged.connect(lambda _: self.team.refresh_panel())
        show_combo = QComboBox()
        show_combo.setObjectName("showReviewerCombo")
        show_combo.setAccessibleName("Show whose annotations")
        # Long reviewer names must not widen the window's minimum (a laptop's width).
        show_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        show_combo.setMinimumContentsLength(10)
        show_combo.hide()
        self.page.add_to_document_bar(show_combo)
        assert self.page.table is not None
        self.team = TeamController(
            self.controller,
            self.reviewers_panel,
            self.page.table,
            show_combo,
            self.undo_stack,
            self,
        )
        self.page.add_to_document_bar(self.team.blind_label)
        self.team.notice.connect(lambda text: self.status.showMessage(text, 5000))
        self.team.failed.connect(self._on_save_failed)
        self._unsubscribe_team: Callable[[], None] | None = None

    def _flagged_ids(self) -> frozenset[int]:
        """The table's "Flagged" choice: sentences with a flag (cached per document and
        library by services.flags, so an edit that changes them shows at once)."""
        from assay.services.flags import flagged_sentence_ids

        return frozenset() if self.session is None else flagged_sentence_ids(self.session.conn)

    def _cited_lines(self, sentence_id: int) -> list[str]:
        from assay.services import references

        return (
            [] if self.session is None else references.cited_lines(self.session.conn, sentence_id)
        )

    def _reference_choices(self, sentence_id: int) -> list[str]:
        from assay.services import references

        if self.session is None:
            return []
        return references.reference_choices(self.session.conn, sentence_id)

    def _build_references(self) -> None:
        from PySide6.QtWidgets import QDockWidget

        from assay.ui.references_flow import ReferencesFlow
        from assay.ui.references_panel import ReferencesPanel

        panel = ReferencesPanel()
        self.references_dock = QDockWidget("References", self)
        self.references_dock.setObjectName("referencesDock")
        self.references_dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.references_dock)
        self.references_dock.hide()
        self.references = ReferencesFlow(self, panel)
        self.references_dock.visibilityChanged.connect(
            lambda shown: self.references.refresh() if shown else None
        )

    def toggle_references_panel(self) -> None:
        showing = not self.references_dock.isVisible()
        self.references_dock.setVisible(showing)
        if showing:
            self.references.document_id = self.page.source_view.document_id
            self.references.refresh()
            self.resizeDocks(
                [self.references_dock], [min(460, self.width() // 3)], Qt.Orientation.Horizontal
            )
            self.references.panel.tree.setFocus()

    def toggle_reviewers_panel(self) -> None:
        showing = not self.reviewers_dock.isVisible()
        self.reviewers_dock.setVisible(showing)
        if showing:
            # A third of the width at most: the text and the claim panel come first.
            width = min(440, self.width() // 3)
            self.resizeDocks([self.reviewers_dock], [width], Qt.Orientation.Horizontal)

    def write_decision(self) -> None:
        self.reviewers_dock.show()
        self.team.refresh_panel()
        self.reviewers_panel.focus_decision()

    def show_agreement(self) -> None:
        from assay.ui.agreement_dialog import AgreementDialog

        if self.session is not None:
            AgreementDialog(self, self.session).show()

    def show_preview(self, path: Path) -> bool:
        """Before `complete()`: show where the reviewer stopped in `path`, read-only.

        Reads through its own read-only connection and writes nothing; any problem with
        the file is left for `open_review` to report properly.
        """
        from assay.services.preview import read_preview

        preview = read_preview(path, self.reviewer)
        if preview is None:
            return False
        view = self.page.source_view
        view.show_document(
            preview.document_id, preview.text, preview.blocks, preview.spans, preview.sentences
        )
        view.set_current(preview.sentence_id)
        self.page.document_combo.addItem(preview.title, preview.document_id)
        self.stack.setCurrentWidget(self.page)
        self.setWindowTitle(f"{path.name} — Assay")
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = config.recent_reviews()
        for path in recent:
            action = self.recent_menu.addAction(no_mnemonic(path.name))
            action.setToolTip(tooltip_text(str(path)))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_review(p))
        if not recent:
            self.recent_menu.addAction("No recent reviews").setEnabled(False)

    # --- review lifecycle -------------------------------------------------------------------

    def open_review(self, path: Path) -> bool:
        from assay.services.session import ReviewSession

        try:
            session = ReviewSession.open(Path(path), self.reviewer)
        except ReviewFileError as error:
            if self.session is None:  # drop a preview of the file that failed to open
                self.page.source_view.clear_document()
                self._show_review_state()
            show_error(self, "Cannot open review", str(error))
            return False
        self._set_session(session)
        return True

    def create_review(self, path: Path) -> bool:
        from assay.services.session import ReviewSession

        try:
            session = ReviewSession.create(Path(path), self.reviewer)
        except (ReviewFileError, OSError) as error:
            show_error(self, "Cannot create review", str(error))
            return False
        self._set_session(session)
        return True

    def close_review(self) -> None:
        if self.session is None:
            return
        self.controller.detach()
        if self._unsubscribe_team is not None:
            self._unsubscribe_team()
            self._unsubscribe_team = None
        self.team.detach()
        self.session.close()
        self.session = None
        self._show_review_state()

    def _set_session(self, session: ReviewSession) -> None:
        self.complete()
        self.close_review()
        self.session = session
        config.remember_review(session.path)
        self.suggestions.reset()
        self.controller.attach(session)
        self.team.attach(session)
        self.suggestions.train_if_ready()
        self._unsubscribe_team = session.subscribe(self.team.on_local_save)
        self.refresh_documents()
        self._show_review_state()
        self.focus_text()

    def _show_review_state(self) -> None:
        session = self.session
        self.stack.setCurrentWidget(self.page if session else self.empty_page)
        for action in self.review_actions:
            action.setEnabled(session is not None)
        if session is None:
            self.setWindowTitle("Assay")
            self.status.clear_review()
            return
        suffix = " [read-only]" if session.read_only else ""
        self.setWindowTitle(f"{session.path.name}{suffix} — Assay")
        self.setWindowFilePath(str(session.path))
        self.page.show_notice(session.read_only_reason if session.read_only else "")
        if self.completed:
            self.actions_by_id["import_document"].setEnabled(not session.read_only)
            self.refresh_team_actions()
        if session.read_only:
            self.status.show_not_saved("Read-only: changes cannot be saved")
        else:
            self.status.show_saved("All changes saved")

    def refresh_documents(self) -> None:
        combo = self.page.document_combo
        with QSignalBlocker(combo):
            combo.clear()
            for document_id, title in self.controller.document_titles().items():
                combo.addItem(title, document_id)
        self._sync_document_combo()

    def _sync_document_combo(self) -> None:
        combo = self.page.document_combo
        index = combo.findData(self.page.source_view.document_id)
        if index >= 0 and index != combo.currentIndex():
            with QSignalBlocker(combo):
                combo.setCurrentIndex(index)

    def _on_document_chosen(self, index: int) -> None:
        document_id = self.page.document_combo.itemData(index)
        if document_id is not None and document_id != self.page.source_view.document_id:
            self.controller.go_to_document(document_id)

    def _on_current_changed(self, sentence_id: int) -> None:
        self.page.table.select_sentence(sentence_id)
        self._sync_document_combo()

    def _on_save_failed(self, message: str) -> None:
        self.status.show_not_saved("Not saved")
        show_error(self, "Change not saved", message)

    def show_error_message(self, title: str, message: str) -> None:
        show_error(self, title, message)

    def refresh_team_actions(self) -> None:
        if self.completed:
            self.actions_by_id["undo_merge"].setEnabled(self.exchange.can_undo_merge())

    # --- dialogs ------------------------------------------------------------------------------

    def new_review_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New review", str(config.data_dir() / "Untitled.assay"), REVIEW_FILTER
        )
        if not path:
            return
        target = Path(path)
        if target.suffix != REVIEW_SUFFIX:
            target = target.with_suffix(REVIEW_SUFFIX)
        if target.exists():
            show_error(self, "Cannot create review", f"{target} already exists; choose a new name.")
            return
        self.create_review(target)

    def open_review_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open review", str(config.data_dir()), REVIEW_FILTER
        )
        if path:
            self.open_review(Path(path))

    def import_document_dialog(self) -> None:
        if self.session is None or self.session.read_only:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "Import documents", "", DOCUMENT_FILTER)
        if paths:  # each on its own: the good ones import, the bad ones are listed
            self.drops.take([Path(p) for p in paths], [])

    def import_document(self, source: Path) -> ImportTask | None:
        if self.session is None or self.session.read_only or self.import_task is not None:
            return None
        if self.completed and self.exchange.busy:
            self.status.showMessage("A bundle is being merged; import the document after.", 8000)
            return None
        from assay.ui.import_task import ImportTask  # the import machinery loads on demand

        task = ImportTask(self, self.session.path, source, self.reviewer)
        task.finished.connect(self.on_import_finished)
        self.import_task = task
        task.start()
        return task

    def report_task_failure(self, title: str, message: str) -> None:
        """A background task that gave no result: a cancel is a note in the status bar
        (the review is unchanged), anything else an error dialog."""
        if "cancelled" in message:
            self.status.showMessage(message, 6000)
        else:
            show_error(self, title, message)

    def show_changed_document(self, document_id: int) -> None:
        """After an import or a new version: the rows, the document list, that document."""
        self.controller.reload()
        self.refresh_documents()
        self.controller.go_to_document(document_id)

    def on_import_finished(self, result: ImportResult | None, message: str) -> None:
        self.import_task = None
        if result is None:
            self.report_task_failure("Cannot import document", message)
            return
        self.show_changed_document(result.document_id)
        notes = "; ".join(result.notes)
        summary = (
            f"Imported “{result.title}”: {result.sentence_count:,} sentences, {result.encoding}"
        )
        self.status.showMessage(summary + (f" — {notes}" if notes else ""), 10000)

    def show_keymap(self) -> None:
        KeymapDialog(self).exec()

    def focus_text(self) -> None:
        self.page.source_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_rationale(self) -> None:
        assert self.page.claim_panel is not None
        editor = self.page.claim_panel.rationale_edit
        self.page.claim_panel.show_tab(editor)
        editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        editor.moveCursor(editor.textCursor().MoveOperation.End)

    # --- drag and drop, closing -----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if any(
            Path(u.toLocalFile()).suffix.lower()
            in DOCUMENT_SUFFIXES | {REVIEW_SUFFIX, BUNDLE_SUFFIX}
            for u in event.mimeData().urls()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if self.completed:
            self.drops.handle(paths)  # each file on its own (ui/drop_flow.py)
        elif any(p.suffix.lower() == REVIEW_SUFFIX for p in paths):
            self.open_review(next(p for p in paths if p.suffix.lower() == REVIEW_SUFFIX))
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.completed and self.exchange.busy:
            self.exchange.offer_to_cancel_and_quit()  # closes again once it has stopped
            event.ignore()
            return
        if self.import_task is not None:
            from assay.ui.import_task import offer_to_cancel_and_quit

            offer_to_cancel_and_quit(self, self.import_task)
            event.ignore()
            return
        window_state.save(self, self.page.splitters(), with_docks=self.completed)
        self.close_review()
        event.accept()
