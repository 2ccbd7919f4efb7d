"""The Evidence tab's "Possible citation errors" box: for the current sentence, the
near misses of the works it cites (`services.library.citation_problems`): the library's
entry beside the citation, the fields that differ. Read-only; hidden when there is
nothing. References panel ▸ Enter shows a near miss field by field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from assay.services.library import CitationProblem
    from assay.ui.main_window import MainWindow


class CitationProblemsBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Possible citation errors", parent)
        self.setObjectName("citationProblemsBox")
        self.text = QPlainTextEdit()
        self.text.setObjectName("citationProblems")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Possible citation errors in what the sentence cites")
        self.text.setMaximumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text)
        self.hide()

    def show_problems(self, problems: list[CitationProblem]) -> None:
        self.text.setPlainText("\n".join(f"⚠ {problem.summary()}" for problem in problems))
        count = len(problems)
        self.setTitle(
            f"Possible citation errors — {count}" if count else "Possible citation errors"
        )
        self.setProperty("flagged", bool(problems))  # the Evidence tab shows a warning icon
        self.setVisible(bool(problems))


def attach(window: MainWindow, evidence_box: QWidget) -> CitationProblemsBox:
    """Put the box under the evidence list and follow the current sentence."""
    from assay.services.library import citation_problems

    box = CitationProblemsBox()
    layout = evidence_box.layout()
    assert layout is not None
    layout.addWidget(box)

    def refresh(sentence_id: int) -> None:
        session = window.session
        box.show_problems([] if session is None else citation_problems(session, sentence_id))

    window.controller.current_changed.connect(refresh)
    return box
