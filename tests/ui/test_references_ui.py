"""The References pane: works of the shown document, their spellings, and a jump to a
citing sentence by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser, QTreeWidget


def test_ctrl_shift_b_lists_works_marks_spellings_and_goes_to_a_citing_sentence(
    open_window, press, qtbot
):
    window = open_window()  # the sample review
    (claim,) = [
        r for r in window.model.all_rows() if r.text.startswith("Hormone fluctuation-linked mood")
    ]
    window.controller.go_to(claim.id)
    press(window, "Ctrl+Shift+B")
    assert window.references_dock.isVisible()
    tree = window.findChild(QTreeWidget, "referencesTree")
    works = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert len(works) == 21
    (schuette,) = [w for w in works if w.text(0).startswith("Schuette")]
    assert schuette.text(0).endswith("⚠")
    tree.setCurrentItem(schuette)
    detail = window.findChild(QTextBrowser, "referenceDetail").toHtml()
    assert "Schuetz" in detail and "background-color:#f6d55c" in detail
    (boyle,) = [w for w in works if w.text(0).startswith("Boyle")]
    citing = boyle.child(0)
    target = citing.data(0, Qt.ItemDataRole.UserRole + 1)
    tree.setFocus()
    tree.setCurrentItem(citing)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.controller.current_id == target
    press(window, "Ctrl+Shift+B")
    assert not window.references_dock.isVisible()
