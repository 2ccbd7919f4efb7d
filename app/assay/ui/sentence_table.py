"""The table of all sentences with its filter bar (status, category, verdict, search)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assay.core.vocabulary import CATEGORIES, VERDICTS
from assay.ui.sentence_filter import (
    NO_VERDICT,
    NOT_A_CLAIM,
    STATUS_ANY,
    STATUS_FLAGGED,
    STATUS_IN_PROGRESS,
    STATUS_REVIEWED,
    STATUS_UNREVIEWED,
    SentenceFilter,
)
from assay.ui.sentence_model import (
    COL_CATEGORIES,
    COL_DOCUMENT,
    COL_ORDINAL,
    COL_STATUS,
    COL_TEAM,
    COL_TEXT,
    COL_VERDICT,
    SentenceTableModel,
)

SEARCH_DELAY_MS = 150


class SentenceTable(QWidget):
    sentence_activated = Signal(int)

    def __init__(self, model: SentenceTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = QTableView()
        self.view.setObjectName("sentenceTable")
        self.view.setAccessibleName("Sentences")
        # Tab leaves the table (to the next control) instead of walking its cells.
        self.view.setTabKeyNavigation(False)
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        # Fixed row heights: the view never measures 100,000 rows.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (COL_ORDINAL, 56),
            (COL_DOCUMENT, 150),
            (COL_CATEGORIES, 170),
            (COL_VERDICT, 110),
            (COL_STATUS, 95),
            (COL_TEAM, 90),
        ):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search sentences (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search sentences")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search_edit.textChanged.connect(lambda _: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._apply_filter)

        self.status_combo = QComboBox()
        for label, value in (
            ("All sentences", STATUS_ANY),
            ("Unreviewed", STATUS_UNREVIEWED),
            ("In progress", STATUS_IN_PROGRESS),
            ("Reviewed", STATUS_REVIEWED),
            ("Flagged", STATUS_FLAGGED),
        ):
            self.status_combo.addItem(label, value)
        self.category_combo = QComboBox()
        self.category_combo.addItem("Any claim type", None)
        for term in CATEGORIES:
            self.category_combo.addItem(term.label, term.value)
        self.category_combo.addItem("Not a claim", NOT_A_CLAIM)
        self.status_combo.setAccessibleName("Filter by status")
        self.status_combo.setToolTip(
            "Reviewed: marked reviewed (M or Return). In progress: tagged, not yet marked"
            " reviewed. Unreviewed: nothing set yet. Flagged: Assay flags it (a possible"
            " mis-citation, a variant spelling, a reference value, a missing reference)."
        )
        self.category_combo.setAccessibleName("Filter by claim type")
        self.verdict_combo = QComboBox()
        self.verdict_combo.setAccessibleName("Filter by verdict")
        self.verdict_combo.addItem("Any verdict", None)
        self.verdict_combo.addItem("No verdict yet", NO_VERDICT)
        for term in VERDICTS:
            self.verdict_combo.addItem(term.label, term.value)
        self.team_combo = QComboBox()
        self.team_combo.setObjectName("teamFilter")
        self.team_combo.setAccessibleName("Filter by reviewer or disagreement")
        self.team_combo.setToolTip("Whose work: a reviewer's sentences, or disagreements")
        self.team_combo.hide()
        # Set by the team controller: the sentence ids a team choice allows.
        self.team_ids_for: Callable[[str], frozenset[int]] | None = None
        for combo in (self.status_combo, self.category_combo, self.verdict_combo, self.team_combo):
            combo.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.numbers_check = QCheckBox("With n&umbers")
        self.numbers_check.setToolTip(
            "Only sentences that state a number: doses, percentages, ranges, durations, counts"
        )
        self.numbers_check.toggled.connect(lambda _: self._apply_filter())
        self.count_label = QLabel()
        self.count_label.setToolTip(
            "Every sentence unit of every document: headings, table rows and header rows,"
            " reference-list entries. Progress in the status bar counts only the reviewable"
            " ones (not table header rows or reference entries)."
        )

        bar = QHBoxLayout()
        filter_label = QLabel("Fi&lter:")  # Alt+F opens the File menu
        filter_label.setBuddy(self.status_combo)
        bar.addWidget(filter_label)
        bar.addWidget(self.status_combo)
        bar.addWidget(self.category_combo)
        bar.addWidget(self.verdict_combo)
        bar.addWidget(self.team_combo)
        bar.addWidget(self.numbers_check)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        model.modelReset.connect(self._update_count)
        self._syncing = False

    def current_filter(self) -> SentenceFilter:
        team = self.team_combo.currentData() if self.team_combo.isVisibleTo(self) else None
        only_ids = None
        if team is not None and self.team_ids_for is not None:
            only_ids = self.team_ids_for(team)
        return SentenceFilter(
            status=self.status_combo.currentData(),
            category=self.category_combo.currentData(),
            verdict=self.verdict_combo.currentData(),
            text=self.search_edit.text(),
            team=team,
            only_ids=only_ids,
            with_numbers=self.numbers_check.isChecked(),
        )

    def set_team_choices(self, choices: list[tuple[str, str | None]]) -> None:
        """The team filter's entries (label, value); hidden when there is no team."""
        current = self.team_combo.currentData()
        with QSignalBlocker(self.team_combo):
            self.team_combo.clear()
            for label, value in choices:
                self.team_combo.addItem(label, value)
            self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(current)))
        self.team_combo.setVisible(len(choices) > 1)
        self.view.setColumnHidden(COL_TEAM, len(choices) <= 1)
        self.refilter()

    def choose_team_filter(self, value: str | None) -> None:
        index = self.team_combo.findData(value)
        if index >= 0:
            self.team_combo.setCurrentIndex(index)

    def refilter(self) -> None:
        """Apply the filter again (the team data behind it changed)."""
        self._apply_filter(force=True)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _apply_filter(self, force: bool = False) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter(), force=force)

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = len(self.model.all_rows())
        self.count_label.setText(
            f"{shown:,} of {total:,}" if shown != total else f"{total:,} sentences"
        )

    def select_sentence(self, sentence_id: int) -> None:
        """Follow the current sentence without re-emitting it."""
        row = self.model.visible_row_of(sentence_id)
        self._syncing = True
        try:
            if row is None:
                self.view.selectionModel().clearCurrentIndex()
                self.view.clearSelection()
                return
            index = self.model.index(row, COL_TEXT)
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._syncing = False

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        sentence_id = self.model.sentence_id_at(current.row())
        if sentence_id is not None:
            self.sentence_activated.emit(sentence_id)
