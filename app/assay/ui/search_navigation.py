"""Search that moves: from the search box, Return / F3 go to the next hit and
Shift+Return / Shift+F3 to the previous one (wrapping), Down moves into the table.

The search filters the table, so the hits are the table's rows; going to one selects
its row and its sentence (the text scrolls there), the words found are marked in the
text (`SourceView.set_search`), and the table's count says "hit n of N".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from assay.ui.actions import RETURN_KEYS
from assay.ui.sentence_table import SentenceTable
from assay.ui.source_view import SourceView

NAVIGATION_HINT = "Return or F3: next hit · Shift+Return or Shift+F3: previous · Down: the table"


class SearchNavigator(QObject):
    def __init__(
        self,
        table: SentenceTable,
        source_view: SourceView,
        current_id: Callable[[], int | None],
        notice: Callable[[str], None],
    ) -> None:
        super().__init__(table)
        self.table = table
        self.source_view = source_view
        self.current_id = current_id
        self.notice = notice
        edit = table.search_edit
        edit.installEventFilter(self)
        edit.setToolTip(NAVIGATION_HINT)
        edit.textChanged.connect(source_view.set_search)
        table.count_label.setToolTip(NAVIGATION_HINT)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers()
        if event.key() in RETURN_KEYS and not modifiers & Qt.KeyboardModifier.ControlModifier:
            self.step(-1 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1)
            return True
        if event.key() == Qt.Key.Key_Down and not modifiers:
            self.enter_table()
            return True
        return False

    def step(self, direction: int) -> int | None:
        """Go to the next (1) or previous (-1) hit after the current sentence, wrapping
        around; return its sentence id (None: no search, or no hit)."""
        table, model = self.table, self.table.model
        if not table.search_edit.text().strip():
            self.notice("Type what to find in the search box (Ctrl+F) first.")
            return None
        model.set_filter(table.current_filter())  # a search still waiting for its timer
        total = model.rowCount()
        if total == 0:
            table.count_label.setText("no hits")
            self.notice(f"No sentence shown here contains “{table.search_edit.text().strip()}”.")
            return None
        target = self._target_row(direction, total)
        wrapped = self._wraps(direction, target)
        sentence_id = model.sentence_id_at(target)
        assert sentence_id is not None
        table.sentence_activated.emit(sentence_id)
        table.select_sentence(sentence_id)
        table.count_label.setText(f"hit {target + 1:,} of {total:,}")
        if wrapped:
            where = "first" if direction > 0 else "last"
            self.notice(f"Search went round to the {where} hit.")
        return sentence_id

    def enter_table(self) -> None:
        """Down: into the table, on the current hit (or the first row)."""
        view, model = self.table.view, self.table.model
        model.set_filter(self.table.current_filter())
        current = self.current_id()
        row = model.visible_row_of(current) if current is not None else None
        if row is None and model.rowCount():
            sentence_id = model.sentence_id_at(0)
            if sentence_id is not None:
                self.table.sentence_activated.emit(sentence_id)
                self.table.select_sentence(sentence_id)
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- helpers -------------------------------------------------------------------

    def _target_row(self, direction: int, total: int) -> int:
        model = self.table.model
        current = self.current_id()
        if current is None:
            return 0 if direction > 0 else total - 1
        visible = model.visible_row_of(current)
        if visible is not None:
            return (visible + direction) % total
        # The current sentence is no hit: the nearest hit after (before) it in the
        # table's order, which is document order.
        position = model.position_of(current)
        if position is None:
            return 0 if direction > 0 else total - 1
        rows = range(total) if direction > 0 else range(total - 1, -1, -1)
        for row in rows:
            sentence_id = model.sentence_id_at(row)
            hit = model.position_of(sentence_id) if sentence_id is not None else None
            if hit is not None and (hit > position if direction > 0 else hit < position):
                return row
        return 0 if direction > 0 else total - 1

    def _wraps(self, direction: int, target: int) -> bool:
        current = self.current_id()
        visible = self.table.model.visible_row_of(current) if current is not None else None
        if visible is None:
            return False
        return (direction > 0 and target < visible) or (direction < 0 and target > visible)
