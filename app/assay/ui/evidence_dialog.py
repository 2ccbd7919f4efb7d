"""The dialog for one evidence item: what kind, the item itself, the page, the work it
comes from (one of the document's references, a DOI or free text), a note.

A malformed DOI, PMID or URL is explained inside the dialog, which stays open with
what was typed; nothing is looked up online.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assay.core.vocabulary import EVIDENCE_KINDS
from assay.ui import theme
from assay.ui.plain_text import plain_label

# (kind, value, locator, note, source) -> raises ValueError with a message for the reviewer
Submit = Callable[[str, str, str, str, str], None]

PLACEHOLDERS = {
    "doi": "10.3390/nu9050429 or https://doi.org/…",
    "pmid": "28445426",
    "url": "https://…",
    "quote": "The words of the source that settle the verdict",
    "note": "",
}


class EvidenceDialog(QDialog):
    def __init__(self, parent: QWidget, submit: Submit, references: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add evidence")
        self._submit = submit
        self.kind_combo = QComboBox()
        for term in EVIDENCE_KINDS:
            if term.value == "reference" and not references:
                continue  # the document lists no references to choose from
            self.kind_combo.addItem(term.label, term.value)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, term.description, 3)
        self.value_edit = QPlainTextEdit()
        self.value_edit.setTabChangesFocus(True)
        self.value_edit.setFixedHeight(4 * self.fontMetrics().lineSpacing() + 12)
        self.reference_combo = QComboBox()
        self.reference_combo.addItems(list(references))
        self.reference_combo.setMaximumWidth(560)
        self.value_stack = QStackedWidget()
        self.value_stack.addWidget(self.value_edit)
        self.value_stack.addWidget(self.reference_combo)
        self.locator_edit = QLineEdit()
        self.locator_edit.setPlaceholderText("p. 12")
        # The work a passage comes from: pick a listed reference, or type a DOI or a title.
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("evidenceSource")
        self.source_combo.setEditable(True)
        self.source_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_combo.addItem("")
        self.source_combo.addItems(list(references))
        self.source_combo.setMaximumWidth(560)
        self.source_combo.setAccessibleName("Source work")
        line = self.source_combo.lineEdit()
        line.setPlaceholderText(
            "A reference of the document, a DOI or the work's title"
            if references
            else "A DOI or the work's title, authors and year"
        )
        self.source_combo.setCurrentIndex(0)
        self.note_edit = QLineEdit()
        self.error_label = plain_label()  # the message may quote what was typed
        self.error_label.setObjectName("evidenceError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {theme.error_text_color().name()};")
        self.error_label.hide()
        form = QFormLayout()
        form.addRow("&Kind", self.kind_combo)
        form.addRow("&Evidence", self.value_stack)
        form.addRow("&Page", self.locator_edit)
        form.addRow("&Source work", self.source_combo)
        form.addRow("&Note", self.note_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self._on_kind()
        self.resize(560, self.sizeHint().height())

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        index = self.kind_combo.findData(kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)

    def _on_kind(self) -> None:
        kind = self.kind()
        self.value_stack.setCurrentWidget(
            self.reference_combo if kind == "reference" else self.value_edit
        )
        self.value_edit.setPlaceholderText(PLACEHOLDERS.get(kind, ""))
        self.locator_edit.setEnabled(kind in ("quote", "reference"))
        # A reference is its own source; a DOI or PMID names its work already.
        self.source_combo.setEnabled(kind in ("quote", "url", "note"))
        self.error_label.hide()

    def value(self) -> str:
        if self.kind() == "reference":
            return self.reference_combo.currentText()
        return self.value_edit.toPlainText()

    def source(self) -> str:
        return self.source_combo.currentText() if self.source_combo.isEnabled() else ""

    def _try_accept(self) -> None:
        try:
            self._submit(
                self.kind(),
                self.value(),
                self.locator_edit.text(),
                self.note_edit.text(),
                self.source(),
            )
        except ValueError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.accept()
