"""Files dropped together are taken each on its own: a good document imports even
beside a broken bundle, and one message names each file not taken and why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

GOOD = "# Zinc and colds\n\nZinc lozenges shorten colds by two days. The trials were small.\n"


def drop(window, *paths: Path) -> None:  # noqa: ANN001
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(event)


def test_a_good_document_and_a_broken_bundle_dropped_together(
    open_window, qtbot, tmp_path, errors
) -> None:
    window = open_window()
    documents = window.page.document_combo.count()
    good = tmp_path / "zinc.md"
    good.write_text(GOOD, encoding="utf-8")
    broken = tmp_path / "broken.assaybundle"
    broken.write_bytes(b"this is not a zip file at all")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    drop(window, broken, good, empty)
    qtbot.waitUntil(lambda: window.import_task is None and bool(errors), timeout=30_000)
    assert window.page.document_combo.count() == documents + 1
    assert "Zinc and colds" in window.page.document_combo.currentText()
    assert len(errors) == 1  # one summary, not a dialog per file
    title, message = errors[0]
    assert title == "2 files were not imported"
    assert "broken.assaybundle" in message and "zip" in message.lower()
    assert "empty.txt" in message and "empty" in message.split("empty.txt", 1)[1]
    assert "zinc.md" not in message
    assert not window.exchange.busy  # no merge summary for a bundle that failed its checks


def test_import_of_several_files_from_the_menu(open_window, qtbot, tmp_path, errors, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = open_window()
    documents = window.page.document_combo.count()
    paths = []
    for n in range(2):
        path = tmp_path / f"note{n}.md"
        path.write_text(f"# Note {n}\n\nVitamin D at {n + 1},000 IU a day was tested.\n", "utf-8")
        paths.append(str(path))
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([*paths, str(binary)], ""))
    )
    window.actions_by_id["import_document"].trigger()
    qtbot.waitUntil(lambda: window.import_task is None and bool(errors), timeout=30_000)
    assert window.page.document_combo.count() == documents + 2
    assert errors[0][0] == "Cannot import document" and "binary.txt" in errors[0][1]
