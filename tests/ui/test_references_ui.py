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


def test_importing_a_library_marks_works_in_it_and_shows_what_it_says(
    open_window, press, tmp_path, monkeypatch, on_next_modal
):
    from PySide6.QtWidgets import QMessageBox

    from assay.ui import library_flow

    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@article{serefko, author = {Serefko, Anna and Szopa, Aleksandra},\n"
        "  title = {Magnesium in depression}, journal = {Pharmacological Reports},\n"
        "  year = {2014}, volume = {65}, pages = {547--554},\n"
        "  abstract = {A review of magnesium and depression.}}\n"
        "@article{bad, title = {Unclosed\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(library_flow.QFileDialog, "getOpenFileName", lambda *a: (str(bib), ""))
    window = open_window()
    (claim,) = [
        r for r in window.model.all_rows() if r.text.startswith("Hormone fluctuation-linked mood")
    ]
    window.controller.go_to(claim.id)
    press(window, "Ctrl+Shift+B")

    def good_ones(box: QMessageBox) -> None:
        assert "1 entries are fine" in box.text() and "line" in box.detailedText()
        box.buttons()[0].click() if "good" in box.buttons()[0].text() else box.buttons()[1].click()

    on_next_modal(good_ones)
    window.actions_by_id["import_library"].trigger()
    qtbot_wait = window.library
    from PySide6.QtCore import QCoreApplication

    for _ in range(200):
        QCoreApplication.processEvents()
        if qtbot_wait.task is None and "Imported" in window.status.currentMessage():
            break
    assert "Imported 1 library entries from mine.bib" in window.status.currentMessage()
    tree = window.findChild(QTreeWidget, "referencesTree")
    works = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    (serefko,) = [w for w in works if w.text(0).startswith("Serefko")]
    assert serefko.text(3) == "⚠ year"
    tree.setCurrentItem(serefko)
    detail = window.findChild(QTextBrowser, "referenceDetail").toPlainText()
    assert "In your library" in detail and "A review of magnesium and depression." in detail
    assert "year: “2013” in the text, “2014” in your library" in detail


def test_a_large_library_imports_behind_a_progress_dialog(open_window, qtbot, tmp_path):
    entries = "".join(
        f"@article{{e{n}, author = {{Author{n}, A}}, title = {{Magnesium study {n}}},"
        f" journal = {{J Test}}, year = {{{2000 + n % 20}}}, doi = {{10.1000/t{n}}}}}\n"
        for n in range(4000)
    )
    big = tmp_path / "big.bib"
    big.write_text(entries, encoding="utf-8")
    window = open_window()
    task = window.library.import_file(big)
    assert task is not None and task.dialog.windowTitle() == "Import library"
    stages: list[str] = []
    task.worker.progressed.connect(lambda done, total, stage: stages.append(stage))
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert stages  # the dialog was kept informed
    qtbot.waitUntil(lambda: "Imported 4000 library entries" in window.status.currentMessage())


def test_a_near_miss_is_flagged_and_enter_shows_it_beside_the_library_entry(
    open_window, press, qtbot, tmp_path, reviewer, seed_dir, on_next_modal
):
    from PySide6.QtWidgets import QDialog

    from assay.services import library
    from assay.services.session import ReviewSession

    review = tmp_path / "r.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@article{serefko_other, author = {Serefko, Anna and Szopa, Aleksandra},\n"
        "  title = {Zinc deficiency and anxiety-like behaviour in mice},\n"
        "  journal = {Neuropharmacology}, year = {2013}, volume = {72}, number = {3},\n"
        "  pages = {547--554}}\n",
        encoding="utf-8",
    )
    library.import_file(review, library.read(bib), reviewer=reviewer)
    window = open_window((review,))
    (claim,) = [
        r for r in window.model.all_rows() if r.text.startswith("Hormone fluctuation-linked mood")
    ]
    window.controller.go_to(claim.id)
    press(window, "Ctrl+Shift+B")
    tree = window.findChild(QTreeWidget, "referencesTree")
    works = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    (serefko,) = [w for w in works if w.text(0).startswith("Serefko")]
    assert serefko.text(3) == "⚠ possible mis-citation"
    assert "differs: title, journal, volume" in serefko.toolTip(3)
    assert [w for w in works if w.text(3)] == [serefko]  # nothing else is flagged
    tree.setCurrentItem(serefko)
    detail = window.findChild(QTextBrowser, "referenceDetail").toPlainText()
    assert "Possible citation error" in detail and "Neuropharmacology" in detail
    seen: list[str] = []

    def read_and_close(dialog: QDialog) -> None:
        seen.append(dialog.findChild(QTextBrowser, "nearMissView").toPlainText())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    on_next_modal(read_and_close)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    (text,) = seen
    for flagged in ("⚠ Journal differs", "⚠ Volume differs", "⚠ Title differs"):
        assert flagged in text
    assert "⚠ Year differs" not in text and "Pharmacol Rep" in text
