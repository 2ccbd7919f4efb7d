"""The sentence table model: every sentence of the review, filtered in place.

A `QAbstractTableModel` over a plain list of `SentenceRow`s, in the manner of the Qt
for Python table examples. Filtering happens here rather than in a
QSortFilterProxyModel because a proxy calls back into Python once per row; a list
comprehension over 100,000 rows is an order of magnitude faster.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer

from assay.core.model import AnnotationState, BlockKind, SentenceRow
from assay.core.vocabulary import CATEGORIES, VERDICTS, label_of
from assay.ui import theme
from assay.ui.plain_text import tooltip_text
from assay.ui.sentence_filter import (
    STATUS_FLAGGED,
    STATUS_IN_PROGRESS,
    STATUS_REVIEWED,
    SentenceFilter,
    matching_indexes,
    row_status,
)

ModelIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("#", "Document", "Sentence", "Categories", "Verdict", "Status", "Team")
COL_ORDINAL, COL_DOCUMENT, COL_TEXT, COL_CATEGORIES, COL_VERDICT, COL_STATUS, COL_TEAM = range(7)

STATUS_LABELS = {STATUS_REVIEWED: "Reviewed", STATUS_IN_PROGRESS: "In progress"}
SENTENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The idle scan for numbers stops after this long, so the window stays responsive
# (4,000 rows took 35 ms of the sample, but 120 ms of number-dense sentences).
NUMBER_SCAN_STEP_S = 0.015
NUMBER_SCAN_CHUNK = 200  # rows between two looks at the clock
CATEGORY_SHORT = {term.value: term.label for term in CATEGORIES}


def categories_text(state: AnnotationState) -> str:
    if state.not_a_claim:
        return "Not a claim"
    return ", ".join(CATEGORY_SHORT[c] for c in CATEGORY_SHORT if c in state.categories)


class SentenceTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[SentenceRow] = []
        self._visible: list[int] = []
        self._position_of_id: dict[int, int] = {}
        self._visible_row_of: dict[int, int] | None = None
        self._folded: list[str] | None = None
        self._numbers: list[bool] | None = None
        self._numbers_scan: list[bool] = []
        self._document_titles: dict[int, str] = {}
        self._filter = SentenceFilter()
        # Set by the team controller: a short word per sentence, and its tooltip.
        self._team_text: dict[int, str] = {}
        self._team_tooltip: Callable[[int], str] | None = None
        # Set by the window: the sentences with a flag (cached by services.flags, so
        # asking again after an edit costs a query, and a new flag shows at once).
        self.flagged_ids_for: Callable[[], frozenset[int]] | None = None

    # --- loading and filtering -------------------------------------------------

    def load(self, rows: Sequence[SentenceRow], document_titles: dict[int, str]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._document_titles = dict(document_titles)
        self._position_of_id = {row.id: i for i, row in enumerate(self._rows)}
        self._folded = None
        self._numbers = None
        self._numbers_scan = []
        self._apply_filter()
        self.endResetModel()
        # Fold the texts for search once the window is idle, so that the first search
        # does not pay for it (~50 ms at 100,000 sentences).
        QTimer.singleShot(0, self._folded_texts)
        # Which sentences hold numbers: 9-30 µs a sentence, so at idle and in slices.
        QTimer.singleShot(0, self._scan_numbers_slice)

    def set_filter(self, spec: SentenceFilter, *, force: bool = False) -> None:
        if spec == self._filter and not force:
            return
        self.beginResetModel()
        self._filter = spec
        self._apply_filter()
        self.endResetModel()

    def set_team(self, texts: dict[int, str], tooltip: Callable[[int], str] | None = None) -> None:
        self._team_text, self._team_tooltip = texts, tooltip
        if self._visible:
            last = self.index(len(self._visible) - 1, COL_TEAM)
            self.dataChanged.emit(self.index(0, COL_TEAM), last)

    def set_team_text(self, sentence_id: int, text: str) -> None:
        if self._team_text.get(sentence_id, "") == text:
            return
        self._team_text[sentence_id] = text
        row = self.visible_row_of(sentence_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, COL_TEAM), self.index(row, COL_TEAM))

    def current_filter(self) -> SentenceFilter:
        return self._filter

    def _apply_filter(self) -> None:
        folded = None
        if self._filter.text.strip():
            folded = self._folded_texts()
        numbers = self._has_numbers() if self._filter.with_numbers else None
        flagged = None
        if self._filter.status == STATUS_FLAGGED and self.flagged_ids_for is not None:
            flagged = self.flagged_ids_for()
        self._visible = matching_indexes(self._rows, self._filter, folded, numbers, flagged)
        self._visible_row_of = None

    def _has_numbers(self) -> list[bool]:
        """Per row, whether its text states a number; finishes the idle scan if needed."""
        while self._numbers is None:
            self._scan_numbers_slice(reschedule=False)
        return self._numbers

    def _scan_numbers_slice(self, reschedule: bool = True) -> None:
        from assay.claims.numbers import has_numbers

        if self._numbers is not None:
            return
        deadline = time.perf_counter() + NUMBER_SCAN_STEP_S
        scan, rows = self._numbers_scan, self._rows
        while len(scan) < len(rows) and (not reschedule or time.perf_counter() < deadline):
            done = len(scan)
            scan.extend(has_numbers(row.text) for row in rows[done : done + NUMBER_SCAN_CHUNK])
        if len(self._numbers_scan) >= len(self._rows):
            self._numbers = self._numbers_scan
        elif reschedule:
            QTimer.singleShot(0, self._scan_numbers_slice)

    def _folded_texts(self) -> list[str]:
        if self._folded is None:
            self._folded = [row.text.casefold() for row in self._rows]
        return self._folded

    # --- lookups used by navigation ---------------------------------------------

    def all_rows(self) -> list[SentenceRow]:
        return self._rows

    def row_by_id(self, sentence_id: int) -> SentenceRow | None:
        position = self._position_of_id.get(sentence_id)
        return None if position is None else self._rows[position]

    def position_of(self, sentence_id: int) -> int | None:
        """Position in the unfiltered order (document order)."""
        return self._position_of_id.get(sentence_id)

    def visible_row_of(self, sentence_id: int) -> int | None:
        if self._visible_row_of is None:
            self._visible_row_of = {self._rows[p].id: r for r, p in enumerate(self._visible)}
        return self._visible_row_of.get(sentence_id)

    def sentence_id_at(self, row: int) -> int | None:
        if 0 <= row < len(self._visible):
            return self._rows[self._visible[row]].id
        return None

    def update_state(self, sentence_id: int, state: AnnotationState) -> None:
        """A saved edit: refresh that one row without refiltering (rows don't jump away)."""
        position = self._position_of_id.get(sentence_id)
        if position is None:
            return
        self._rows[position] = replace(self._rows[position], state=state)
        row = self.visible_row_of(sentence_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # --- QAbstractTableModel -----------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        row = self._rows[self._visible[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TEXT:
            return tooltip_text(row.text.replace("\t", "  |  "))
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TEAM and self._team_tooltip:
            return tooltip_text(self._team_tooltip(row.id)) or None
        if role == SENTENCE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_VERDICT:
            return theme.verdict_tint(row.state.verdict)
        if role == Qt.ItemDataRole.ForegroundRole and row.kind in (
            BlockKind.REFERENCE,
            BlockKind.TABLE_HEADER,
        ):
            return theme.muted_text_color()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_ORDINAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: SentenceRow, column: int) -> str:
        if column == COL_ORDINAL:
            return str(row.ordinal + 1)
        if column == COL_DOCUMENT:
            title = self._document_titles.get(row.document_id, "")
            # Page first: a long title is elided at its end, and the page must show.
            return title if row.page is None else f"p. {row.page} · {title}"
        if column == COL_TEXT:
            return row.text.replace("\t", "  |  ")
        if column == COL_CATEGORIES:
            return categories_text(row.state)
        if column == COL_VERDICT:
            return label_of(VERDICTS, row.state.verdict)
        if column == COL_STATUS:
            if row.kind == BlockKind.REFERENCE:
                return "Reference"
            return STATUS_LABELS.get(row_status(row), "")
        if column == COL_TEAM:
            return self._team_text.get(row.id, "")
        return ""
