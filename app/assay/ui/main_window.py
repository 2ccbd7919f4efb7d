"""The main window: composes the review page, menus and status bar, and owns the
review file's lifecycle (new, open, import, close). Review logic lives in
`ReviewController`; widgets each own one concern.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QStackedWidget, QWidget

from assay.core.model import Reviewer
from assay.core.vocabulary import CATEGORIES, VERDICTS
from assay.services import config
from assay.services.results import ImportResult
from assay.services.session import ReviewSession
from assay.store.errors import ReviewFileError
from assay.ui.actions import ReturnKeyGuard, build_actions
from assay.ui.dialogs import KeymapDialog, show_error
from assay.ui.import_task import ImportTask
from assay.ui.keymap import binding
from assay.ui.review_controller import ReviewController
from assay.ui.review_page import EmptyPage, ReviewPage
from assay.ui.sentence_model import SentenceTableModel
from assay.ui.status_bar import ReviewStatusBar

REVIEW_FILTER = "Assay reviews (*.assay)"
DOCUMENT_FILTER = "Documents (*.md *.markdown *.txt);;All files (*)"
DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt"}
REVIEW_SUFFIX = ".assay"


class MainWindow(QMainWindow):
    def __init__(self, reviewer: Reviewer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reviewer = reviewer
        self.session: ReviewSession | None = None
        self.import_task: ImportTask | None = None
        self.resize(1360, 860)
        self.setAcceptDrops(True)

        self.model = SentenceTableModel(self)
        self.undo_stack = QUndoStack(self)
        self.page = ReviewPage(self.model)
        self.empty_page = EmptyPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_page)
        self.stack.addWidget(self.page)
        self.setCentralWidget(self.stack)
        self.status = ReviewStatusBar()
        self.setStatusBar(self.status)

        self.controller = ReviewController(
            self.model, self.page.source_view, self.page.claim_panel, self.undo_stack, self
        )
        self.controller.current_changed.connect(self._on_current_changed)
        self.controller.saved.connect(self.status.show_saved)
        self.controller.progress_changed.connect(self.status.show_progress)
        self.controller.failed.connect(self._on_save_failed)
        self.controller.notice.connect(lambda text: self.status.showMessage(text, 4000))
        self.page.table.sentence_activated.connect(self.controller.go_to)
        self.page.document_combo.activated.connect(self._on_document_chosen)

        guard = ReturnKeyGuard(self)
        for widget in (self.page.table.search_edit, self.page.claim_panel.rationale_edit):
            widget.installEventFilter(guard)

        self.actions_by_id = build_actions(self, self._handlers())
        self._add_undo_actions()
        self._build_menus()
        self._show_review_state()

    # --- actions and menus ---------------------------------------------------------------

    def _handlers(self) -> dict[str, object]:
        panel = self.page.claim_panel
        controller = self.controller
        handlers = {
            "next": lambda: controller.step(1),
            "previous": lambda: controller.step(-1),
            "next_unreviewed": lambda: controller.next_unreviewed(1),
            "previous_unreviewed": lambda: controller.next_unreviewed(-1),
            "not_a_claim": panel.toggle_not_a_claim,
            "focus_rationale": self._focus_rationale,
            "focus_evidence": lambda: panel.evidence_combo.setFocus(),
            "mark_reviewed_next": controller.mark_reviewed_and_next,
            "toggle_reviewed": panel.toggle_reviewed,
            "find": self.page.table.focus_search,
            "focus_text": self.focus_text,
            "new_review": self.new_review_dialog,
            "open_review": self.open_review_dialog,
            "import_document": self.import_document_dialog,
            "close_review": self.close_review,
            "quit": self.close,
            "keymap": self.show_keymap,
        }
        for term in CATEGORIES:
            handlers[f"category:{term.value}"] = lambda v=term.value: panel.toggle_category(v)
        for term in VERDICTS:
            handlers[f"verdict:{term.value}"] = lambda v=term.value: panel.toggle_verdict(v)
        for n in range(1, 6):
            handlers[f"confidence:{n}"] = lambda n=n: panel.toggle_confidence(n)
        return handlers

    def _add_undo_actions(self) -> None:
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(binding("undo").sequences())
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(binding("redo").sequences())
        for action in (undo, redo):
            self.addAction(action)
        self.actions_by_id["undo"], self.actions_by_id["redo"] = undo, redo

    def _build_menus(self) -> None:
        a = self.actions_by_id
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([a["new_review"], a["open_review"]])
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(a["import_document"])
        file_menu.addSeparator()
        file_menu.addActions([a["close_review"], a["quit"]])
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([a["undo"], a["redo"]])
        edit_menu.addSeparator()
        edit_menu.addActions([a["find"], a["focus_rationale"], a["focus_evidence"]])
        go_menu = bar.addMenu("&Go")
        go_menu.addActions(
            [a[k] for k in ("next", "previous", "next_unreviewed", "previous_unreviewed")]
        )
        go_menu.addAction(a["focus_text"])
        annotate = bar.addMenu("&Annotate")
        annotate.addActions([a[f"category:{t.value}"] for t in CATEGORIES])
        annotate.addAction(a["not_a_claim"])
        annotate.addSeparator()
        annotate.addActions([a[f"verdict:{t.value}"] for t in VERDICTS])
        confidence = annotate.addMenu("&Confidence")
        confidence.addActions([a[f"confidence:{n}"] for n in range(1, 6)])
        annotate.addSeparator()
        annotate.addActions([a["toggle_reviewed"], a["mark_reviewed_next"]])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a["keymap"])
        self.review_actions = [
            action
            for key, action in a.items()
            if key not in {"new_review", "open_review", "quit", "keymap", "undo", "redo"}
        ]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = config.recent_reviews()
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_review(p))
        if not recent:
            self.recent_menu.addAction("No recent reviews").setEnabled(False)

    # --- review lifecycle -------------------------------------------------------------------

    def open_review(self, path: Path) -> bool:
        try:
            session = ReviewSession.open(Path(path), self.reviewer)
        except ReviewFileError as error:
            show_error(self, "Cannot open review", str(error))
            return False
        self._set_session(session)
        return True

    def create_review(self, path: Path) -> bool:
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
        self.session.close()
        self.session = None
        self._show_review_state()

    def _set_session(self, session: ReviewSession) -> None:
        self.close_review()
        self.session = session
        config.remember_review(session.path)
        self.controller.attach(session)
        self._fill_document_combo()
        self._show_review_state()
        self.focus_text()

    def _show_review_state(self) -> None:
        session = self.session
        self.stack.setCurrentWidget(self.page if session else self.empty_page)
        for action in getattr(self, "review_actions", []):
            action.setEnabled(session is not None)
        if session is None:
            self.setWindowTitle("Assay")
            self.status.clear_review()
            return
        suffix = " [read-only]" if session.read_only else ""
        self.setWindowTitle(f"{session.path.name}{suffix} — Assay")
        self.setWindowFilePath(str(session.path))
        self.page.show_notice(session.read_only_reason if session.read_only else "")
        self.actions_by_id["import_document"].setEnabled(not session.read_only)
        if session.read_only:
            self.status.show_not_saved("Read-only: changes cannot be saved")
        else:
            self.status.show_saved("All changes saved")

    def _fill_document_combo(self) -> None:
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
        path, _ = QFileDialog.getOpenFileName(self, "Import document", "", DOCUMENT_FILTER)
        if path:
            self.import_document(Path(path))

    def import_document(self, source: Path) -> ImportTask | None:
        if self.session is None or self.session.read_only or self.import_task is not None:
            return None
        task = ImportTask(self, self.session.path, source, self.reviewer)
        task.finished.connect(self._on_import_finished)
        self.import_task = task
        task.start()
        return task

    def _on_import_finished(self, result: ImportResult | None, message: str) -> None:
        self.import_task = None
        if result is None:
            if "cancelled" in message:
                self.status.showMessage(message, 6000)
            else:
                show_error(self, "Cannot import document", message)
            return
        self.controller.reload()
        self._fill_document_combo()
        self.controller.go_to_document(result.document_id)
        notes = "; ".join(result.notes)
        summary = (
            f"Imported “{result.title}”: {result.sentence_count:,} sentences, {result.encoding}"
        )
        self.status.showMessage(summary + (f" — {notes}" if notes else ""), 10000)

    def show_keymap(self) -> None:
        KeymapDialog(self).exec()

    def focus_text(self) -> None:
        self.page.source_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_rationale(self) -> None:
        editor = self.page.claim_panel.rationale_edit
        editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        editor.moveCursor(editor.textCursor().MoveOperation.End)

    # --- drag and drop, closing -----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if any(
            Path(u.toLocalFile()).suffix.lower() in DOCUMENT_SUFFIXES | {REVIEW_SUFFIX}
            for u in event.mimeData().urls()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        reviews = [p for p in paths if p.suffix.lower() == REVIEW_SUFFIX]
        if reviews:
            self.open_review(reviews[0])
        documents = [p for p in paths if p.suffix.lower() in DOCUMENT_SUFFIXES]
        if documents:
            # One at a time: each import is one transaction with its own progress dialog.
            self.import_document(documents[0])
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.import_task is not None:
            # Close once the worker has rolled back: the review stays as it was.
            self.import_task.finished.connect(lambda *_: QTimer.singleShot(0, self.close))
            self.import_task.cancel()
            event.ignore()
            return
        self.close_review()
        event.accept()
