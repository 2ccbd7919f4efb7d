"""The claim panel's list of highlighted phrases (under the rationale): one line a
phrase, Delete removes the selected one. Hidden while the sentence has none.

Widgets only: HighlightFlow fills the list and acts on its signal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from assay.ui import theme
from assay.ui.labels import elide

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VISIBLE_ROWS = 3  # then it scrolls: the rationale keeps its room on a laptop screen


class HighlightsList(QWidget):
    remove_requested = Signal(str)  # highlight id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightsBox")
        title = QLabel("Highlighted words (H; Delete removes)")
        theme.set_muted(title)
        self.list = QListWidget()
        self.list.setObjectName("highlightsList")
        self.list.setAccessibleName("Highlighted words")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = self.list.fontMetrics().lineSpacing() + 6
        self.list.setMaximumHeight(VISIBLE_ROWS * row + 2 * self.list.frameWidth())
        shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.list, self._remove_selected)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(title)
        layout.addWidget(self.list)
        self._read_only = False
        self.setVisible(False)

    def show_phrases(self, phrases: list[tuple[str, str]]) -> None:
        """(id, phrase) in text order."""
        self.list.clear()
        for highlight_id, phrase in phrases:
            item = QListWidgetItem(f"“{elide(phrase, 200)}”")
            item.setToolTip(phrase)
            item.setData(ITEM_ID_ROLE, highlight_id)
            self.list.addItem(item)
        self.setVisible(bool(phrases))

    def phrases(self) -> list[str]:
        return [self.list.item(i).toolTip() for i in range(self.list.count())]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def _remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None and not self._read_only:
            self.remove_requested.emit(item.data(ITEM_ID_ROLE))
