"""The claim panel's evidence list: what the sentence cites, and the evidence the
reviewer attached (Shift+E adds, Delete removes the selected item).

Widgets only: EvidenceFlow fills the list and acts on the buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assay.ui import theme

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1


MAX_LIST_ROWS = 8


class EvidenceBox(QWidget):
    add_requested = Signal()
    remove_requested = Signal(str)  # evidence id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("evidenceList")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName("Evidence and citations")
        title = QLabel("What the sentence cites, and your evidence")
        theme.set_muted(title)  # the tab says what this is; still readable (>= 4.5:1)
        title.setWordWrap(True)  # never wider than the claim panel
        self.add_button = QPushButton("Add…  Shift+E")
        self.add_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.remove_button.clicked.connect(self._remove_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self._remove_selected)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.add_button)
        header.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.list)
        self._read_only = False
        self._update_buttons()

    def show_items(self, cited: list[str], attached: list[tuple[str, str]]) -> None:
        """`cited`: what the sentence cites (read-only lines); `attached`: (id, text)."""
        self.list.clear()
        muted = QFont(self.font())
        muted.setItalic(True)
        for text in cited:
            item = QListWidgetItem(f"Cited here: {text}")
            item.setFont(muted)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        for evidence_id, text in attached:
            item = QListWidgetItem(text)
            item.setData(ITEM_ID_ROLE, evidence_id)
            self.list.addItem(item)
        if not cited and not attached:
            placeholder = QListWidgetItem("No evidence yet.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self._update_buttons()
        self._fit_list()

    def flagged(self) -> bool:
        """Whether a check shown under the list (reference values, numbers beside the
        source, near misses) flags something about the sentence."""
        return any(
            box.property("flagged") and box.isVisibleTo(self)
            for box in self.findChildren(QGroupBox)
        )

    def _fit_list(self) -> None:
        """The list as tall as its items (two rows at least, eight at most), so that
        the checks under it keep their room on a laptop screen."""
        rows = [self.list.sizeHintForRow(i) for i in range(self.list.count())]
        line = self.list.fontMetrics().lineSpacing() + 4
        wanted = sum(rows) + 2 * self.list.frameWidth() + 4
        self.list.setMaximumHeight(max(2 * line, min(wanted, MAX_LIST_ROWS * line)))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_buttons()

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(ITEM_ID_ROLE)

    def _remove_selected(self) -> None:
        evidence_id = self.selected_id()
        if evidence_id is not None and not self._read_only:
            self.remove_requested.emit(evidence_id)

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(not self._read_only)
        self.remove_button.setEnabled(not self._read_only and self.selected_id() is not None)
