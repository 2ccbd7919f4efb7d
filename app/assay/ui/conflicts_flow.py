"""Document ▸ Conflicts…: open the conflicts dialog and show each settled annotation.

Settling goes through `ReviewSession.settle_conflict`; the window then reads the
sentences again (as after attaching an orphan) and moves to the settled sentence, so
the table, the text and the claim panel show the version the reviewer chose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from assay.ui.conflicts_dialog import ConflictsDialog
    from assay.ui.main_window import MainWindow


class ConflictsFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ConflictsDialog | None = None

    def show(self) -> ConflictsDialog | None:
        from assay.ui.conflicts_dialog import ConflictsDialog

        window, session = self.window, self.window.session
        if session is None:
            return None
        # What is typed in the rationale is saved first, so settling never races it.
        window.page.claim_panel.flush_rationale()
        if self.dialog is None:
            self.dialog = ConflictsDialog(window)
            self.dialog.setModal(True)  # the window's sentences must not change under it
            self.dialog.settled.connect(self._on_settled)
        if self.dialog.load(session, self._sentence_text) == 0:
            QMessageBox.information(
                window, "Conflicts", "No conflicts: every merged annotation is settled."
            )
            return None
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _sentence_text(self, sentence_id: int) -> str:
        row = self.window.model.row_by_id(sentence_id)
        return "" if row is None else row.text

    def _on_settled(self, sentence_id: int) -> None:
        window = self.window
        window.controller.reload()
        window.team.reload()
        window.controller.go_to(sentence_id)
        left = self.dialog.conflict_list.count() if self.dialog is not None else 0
        window.status.showMessage(
            f"Conflict settled; {left:,} left." if left else "Every conflict is settled.", 8000
        )
