"""The Evidence tab's "Reference values" box: for the current sentence, the US and EFSA
reference values of the nutrients it gives an amount for, and the flags from
`claims.dose_checks` (a stated UL/RDA that is no body's, a dose above a UL, a
percentage of the RDA that does not follow). Read-only; hidden when there is nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QVBoxLayout, QWidget

from assay.claims.dose_checks import check_sentence, find_nutrients

if TYPE_CHECKING:
    from assay.ui.main_window import MainWindow

CONTEXT_ROWS = 6  # rows looked back for the nutrient a table row or list item is about


class ReferenceValuesBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Reference values", parent)
        self.setObjectName("referenceValuesBox")
        self.text = QPlainTextEdit()
        self.text.setObjectName("referenceValues")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Reference values for the sentence")
        self.text.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text)
        self.hide()

    def show_check(self, sentence: str, context_nutrient: str | None = None) -> None:
        check = check_sentence(sentence, context_nutrient=context_nutrient)
        lines = [f"⚠ {flag.message}" for flag in check.flags] + list(check.lines)
        self.text.setPlainText("\n".join(lines))
        self.setTitle(
            f"Reference values — {len(check.flags)} flag{'s' if len(check.flags) != 1 else ''}"
            if check.flags
            else "Reference values"
        )
        self.setProperty("flagged", bool(check.flags))  # the Evidence tab shows a warning icon
        self.setVisible(bool(lines))


def attach(window: MainWindow, evidence_box: QWidget) -> ReferenceValuesBox:
    """Put the box under the evidence list and follow the current sentence."""
    box = ReferenceValuesBox()
    layout = evidence_box.layout()
    assert layout is not None
    layout.addWidget(box)

    def refresh(sentence_id: int) -> None:
        row = window.model.row_by_id(sentence_id)
        if row is None:
            box.show_check("")
            return
        box.show_check(row.text, _context_nutrient(window, sentence_id, row.document_id))

    window.controller.current_changed.connect(refresh)
    return box


def _context_nutrient(window: MainWindow, sentence_id: int, document_id: int) -> str | None:
    """The nutrient named last in the few rows before (a heading above a table row)."""
    position = window.model.position_of(sentence_id)
    if position is None:
        return None
    rows = window.model.all_rows()
    for row in reversed(rows[max(0, position - CONTEXT_ROWS) : position]):
        if row.document_id != document_id:
            return None
        named = find_nutrients(row.text)
        if named:
            return named[-1][0]
    return None
