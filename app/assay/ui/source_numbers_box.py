"""The Evidence tab's "Numbers beside the cited source" box: the current sentence's
numbers beside the statements of the cited works' abstracts (from the reviewer's
library) that carry numbers of the same kinds, closest first, and the sentence's
numbers no abstract states (`claims.source_numbers`). Read-only; hidden when there is
nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QVBoxLayout, QWidget

from assay.claims.source_numbers import (
    SHOWN_STATEMENTS,
    NumbersComparison,
    absent_line,
    side_by_side,
)

if TYPE_CHECKING:
    from assay.ui.main_window import MainWindow

TITLE = "Numbers beside the cited source"


class SourceNumbersBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("sourceNumbersBox")
        self.text = QPlainTextEdit()
        self.text.setObjectName("sourceNumbers")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("The sentence's numbers beside the cited source's")
        self.text.setMaximumHeight(180)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text)
        self.refresh_current: Callable[[], None] = lambda: None
        self.hide()

    def show_comparison(self, comparison: NumbersComparison | None) -> None:
        lines = [] if comparison is None else comparison_lines(comparison)
        self.text.setPlainText("\n".join(lines))
        absent = 0 if comparison is None else len(comparison.absent)
        self.setTitle(f"{TITLE} — {absent} not in the source" if absent else TITLE)
        self.setProperty("flagged", bool(absent))  # the Evidence tab shows a warning icon
        self.setVisible(bool(lines))


def comparison_lines(comparison: NumbersComparison) -> list[str]:
    lines = [f"⚠ {absent_line(comparison)}"] if comparison.absent else []
    for statement in comparison.statements[:SHOWN_STATEMENTS]:
        claim, source = side_by_side(statement)
        lines += [
            f"{statement.work_label}: “{statement.text}”",
            f"    this sentence: {claim}  ⟷  the source: {source}",
        ]
    hidden = len(comparison.statements) - SHOWN_STATEMENTS
    if hidden > 0:
        lines.append(f"(and {hidden} more statement{'s' if hidden != 1 else ''} with such numbers)")
    return lines


def attach(window: MainWindow, evidence_box: QWidget) -> SourceNumbersBox:
    """Put the box under the evidence list and follow the current sentence."""
    from assay.services.source_numbers import numbers_beside_sources

    box = SourceNumbersBox()
    layout = evidence_box.layout()
    assert layout is not None
    layout.addWidget(box)

    def refresh(sentence_id: int) -> None:
        session = window.session
        box.show_comparison(
            None if session is None else numbers_beside_sources(session, sentence_id)
        )

    window.controller.current_changed.connect(refresh)

    def refresh_current() -> None:  # after a library import: the abstracts changed
        if window.controller.current_id is not None:
            refresh(window.controller.current_id)

    box.refresh_current = refresh_current
    return box
