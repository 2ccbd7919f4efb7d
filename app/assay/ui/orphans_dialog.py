"""The orphaned annotations of a review: attach each to a sentence, or discard it.

Left, the orphans (reviewer, verdict, categories, quote); right, where the selected one
may belong (the sentences it stood between, then similar sentences) and what it said.
Keyboard: Up/Down choose, Tab to the suggestions, Enter attaches, Delete discards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assay.core.vocabulary import VERDICTS, label_of
from assay.services.orphans import Orphan, OrphanError
from assay.services.session import ReviewSession
from assay.ui.dialogs import ask_to_confirm, show_error
from assay.ui.labels import elide
from assay.ui.plain_text import escape, rich_label
from assay.ui.sentence_model import categories_text

_ORPHAN_ROLE = Qt.ItemDataRole.UserRole + 1
_SENTENCE_ROLE = Qt.ItemDataRole.UserRole + 2


class OrphansDialog(QDialog):
    changed = Signal()  # an orphan was attached or discarded

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Orphaned annotations")
        self.session: ReviewSession | None = None
        self.orphan_list = QListWidget()
        self.orphan_list.setObjectName("orphanList")
        self.suggestion_list = QListWidget()
        self.suggestion_list.setObjectName("suggestionList")
        self.detail = rich_label()  # the reviewer's name in bold; all else escaped
        self.detail.setObjectName("orphanDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attach_button = QPushButton("&Attach to sentence")
        self.discard_button = QPushButton("&Discard…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.attach_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.close)
        for listing in (self.orphan_list, self.suggestion_list):
            # Whole sentences, wrapped: a reviewer decides by reading them.
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            listing.setResizeMode(QListWidget.ResizeMode.Adjust)
            listing.setSpacing(2)
        orphans_label = QLabel("&Orphans")
        orphans_label.setBuddy(self.orphan_list)
        left = QVBoxLayout()
        left.addWidget(orphans_label)
        left.addWidget(self.orphan_list)
        right = QVBoxLayout()
        right.addWidget(self.detail)
        suggestions_label = QLabel("&Where it may belong")
        suggestions_label.setBuddy(self.suggestion_list)
        right.addWidget(suggestions_label)
        right.addWidget(self.suggestion_list)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        self.orphan_list.currentItemChanged.connect(self._show_orphan)
        self.attach_button.clicked.connect(self.attach_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.suggestion_list.itemActivated.connect(lambda _: self.attach_selected())
        QShortcut(QKeySequence.StandardKey.Delete, self.orphan_list, self.discard_selected)
        self.resize(900, 480)

    def load(self, session: ReviewSession, document_id: int | None = None) -> None:
        self.session = session
        self.orphan_list.clear()
        for orphan in session.orphans(document_id):
            verdict = label_of(VERDICTS, orphan.state.verdict) or "no verdict"
            item = QListWidgetItem(
                f"{orphan.reviewer_name} · {verdict} — “{elide(orphan.quote, 70)}”"
            )
            item.setData(_ORPHAN_ROLE, orphan)
            self.orphan_list.addItem(item)
        if self.orphan_list.count():
            self.orphan_list.setCurrentRow(0)
        self._update_buttons()
        self.orphan_list.setFocus()

    def current_orphan(self) -> Orphan | None:
        item = self.orphan_list.currentItem()
        return None if item is None else item.data(_ORPHAN_ROLE)

    def _show_orphan(self) -> None:
        self.suggestion_list.clear()
        orphan = self.current_orphan()
        if orphan is None or self.session is None:
            self.detail.setText("")
            return
        state = orphan.state
        # The name and quote come from a bundle or a document: escaped, as all the rest.
        parts = [f"<b>{escape(orphan.reviewer_name)}</b> wrote on “{escape(orphan.quote)}”:"]
        parts.append(escape(f"Verdict: {label_of(VERDICTS, state.verdict) or '—'}"))
        if state.categories or state.not_a_claim:
            parts.append(escape(f"Claim type: {categories_text(state)}"))
        if state.rationale:
            parts.append(escape(f"Rationale: {state.rationale}"))
        self.detail.setText("<br>".join(parts))
        for suggestion in self.session.orphan_suggestions(orphan):
            alike = f"{suggestion.score:.0f}% alike"
            item = QListWidgetItem(f"{suggestion.reason} ({alike}): {elide(suggestion.text, 240)}")
            item.setData(_SENTENCE_ROLE, suggestion.sentence_id)
            self.suggestion_list.addItem(item)
        if self.suggestion_list.count():
            self.suggestion_list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_orphan = self.current_orphan() is not None
        self.attach_button.setEnabled(has_orphan and self.suggestion_list.currentItem() is not None)
        self.discard_button.setEnabled(has_orphan)

    def attach_selected(self) -> bool:
        orphan, item = self.current_orphan(), self.suggestion_list.currentItem()
        if orphan is None or item is None or self.session is None:
            return False
        try:
            self.session.attach_orphan(orphan, item.data(_SENTENCE_ROLE))
        except OrphanError as error:
            show_error(self, "Cannot attach here", str(error))
            return False
        self._done_with_current()
        return True

    def discard_selected(self) -> bool:
        orphan = self.current_orphan()
        if orphan is None or self.session is None:
            return False
        if not ask_to_confirm(
            self,
            "Discard orphaned annotation",
            f"Discard {orphan.reviewer_name}'s annotation of “{elide(orphan.quote, 80)}”? "
            "It stays in the review's history.",
            "Discard",
        ):
            return False
        self.session.discard_orphan(orphan)
        self._done_with_current()
        return True

    def _done_with_current(self) -> None:
        row = self.orphan_list.currentRow()
        self.orphan_list.takeItem(row)
        self.changed.emit()
        if self.orphan_list.count() == 0:
            self.close()
            return
        self.orphan_list.setCurrentRow(min(row, self.orphan_list.count() - 1))
        self.orphan_list.setFocus()
