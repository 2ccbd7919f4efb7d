"""Opening, creating and importing through the window, and every bad file it meets."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from assay.services import config
from assay.services.session import ReviewSession


def wait_for_import(qtbot, window, source: Path):
    task = window.import_document(source)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=60_000) as blocker:
        pass
    return blocker.args


def test_new_review_then_import_a_document_by_the_window(open_window, qtbot, tmp_path, seed_dir):
    window = open_window()
    review = tmp_path / "mine.assay"
    assert window.create_review(review)
    assert window.model.rowCount() == 0
    result, message = wait_for_import(qtbot, window, seed_dir / "000_609534e461fc1ec7.txt")
    assert message == "" and result.sentence_count > 10
    assert window.page.document_combo.count() == 1
    assert window.model.rowCount() == result.sentence_count
    assert window.controller.current_id is not None
    window.close()
    with ReviewSession.open(review, config.reviewer()) as session:
        assert [d.title for d in session.documents()] == [result.title]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 40, "binary"),
    ],
)
def test_a_bad_document_is_refused_with_a_message_and_changes_nothing(
    open_window, qtbot, tmp_path, errors, content, expected
):
    window = open_window()
    before = window.model.rowCount()
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    result, message = wait_for_import(qtbot, window, bad)
    assert result is None
    assert expected in message.lower()
    assert errors and expected in errors[-1][1].lower()
    window.controller.reload()
    assert window.model.rowCount() == before


def test_importing_the_same_document_twice_is_recognised(open_window, qtbot, seed_dir, errors):
    window = open_window()
    before = window.model.rowCount()
    result, message = wait_for_import(qtbot, window, seed_dir / "000_609534e461fc1ec7.txt")
    assert result is None and "already" in message.lower()
    assert window.model.rowCount() == before


def test_cancelling_a_big_import_leaves_the_review_unchanged(
    open_window, qtbot, tmp_path, seed_dir
):
    window = open_window()
    before = len(window.session.sentence_rows())
    big = tmp_path / "big.md"
    chunk = (seed_dir / "001_25d1546185dbdbaa.txt").read_text(encoding="utf-8")
    big.write_text("\n\n".join(f"{chunk}\n\nCopy {i}." for i in range(100)), encoding="utf-8")
    task = window.import_document(big)
    assert task is not None
    # Click Cancel as soon as the dialog shows progress, as a reviewer would.
    cancel_button = task.dialog.findChild(QPushButton)
    task.worker.progressed.connect(cancel_button.click)  # queued to the dialog's thread
    with qtbot.waitSignal(task.finished, timeout=60_000) as blocker:
        pass
    result, message = blocker.args
    assert result is None and "cancelled" in message.lower()
    assert len(window.session.sentence_rows()) == before
    assert len(window.session.documents()) == 2


def test_a_file_that_is_not_a_review_is_refused(open_window, tmp_path, errors):
    window = open_window()
    current = window.session.path
    fake = tmp_path / "notes.assay"
    fake.write_text("just some notes", encoding="utf-8")
    assert not window.open_review(fake)
    assert errors and "not an assay review" in errors[-1][1].lower()
    assert window.session.path == current  # the open review stays open
    assert fake.read_text(encoding="utf-8") == "just some notes"


def test_a_review_from_a_newer_version_is_refused_untouched(open_window, tmp_review, errors):
    conn = sqlite3.connect(tmp_review)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    before = tmp_review.read_bytes()
    window = open_window()
    assert not window.open_review(tmp_review)
    assert "newer" in errors[-1][1].lower()
    assert tmp_review.read_bytes() == before


def test_a_corrupted_review_is_detected_and_never_overwritten(open_window, tmp_review, errors):
    data = bytearray(tmp_review.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\xde\xad\xbe\xef" * 1024
    tmp_review.write_bytes(bytes(data))
    window = open_window()
    assert not window.open_review(tmp_review)
    assert errors and ("corrupt" in errors[-1][1].lower() or "damaged" in errors[-1][1].lower())
    assert tmp_review.read_bytes() == bytes(data)


def test_a_review_open_elsewhere_opens_read_only_with_a_notice(
    open_window, qtbot, press, tmp_review, reviewer, errors
):
    holder = ReviewSession.open(tmp_review, reviewer)  # "another Assay" holds the lock
    try:
        window = open_window((tmp_review,))
        session = window.session
        assert session.read_only
        assert window.page.notice.isVisible() or window.page.notice.text()
        assert "read-only" in window.windowTitle()
        sentence = window.controller.current_id
        press(window, "1", "S")
        assert holder.annotation(sentence).is_empty
        assert not window.page.claim_panel.verdict_buttons["supported"].isChecked()
        assert not window.page.claim_panel.verdict_buttons["supported"].isEnabled()
        assert "read-only" in window.status.currentMessage()
        assert not errors  # refused quietly in the status bar, not a dialog per key
    finally:
        holder.close()


@pytest.fixture
def read_only_review(tmp_review: Path):
    """A review the process cannot write: by file mode, or for root the immutable flag."""
    tmp_review.chmod(0o444)
    immutable = False
    if os.access(tmp_review, os.W_OK):  # root ignores modes
        immutable = (
            subprocess.run(["chattr", "+i", str(tmp_review)], capture_output=True).returncode == 0
        )
        if not immutable:
            pytest.skip("cannot make a file read-only for this user")
    yield tmp_review
    if immutable:
        subprocess.run(["chattr", "-i", str(tmp_review)], check=True)
    tmp_review.chmod(0o644)


def test_a_read_only_file_opens_read_only_with_a_notice(open_window, press, read_only_review):
    before = read_only_review.read_bytes()
    window = open_window((read_only_review,))
    assert window.session.read_only
    assert "read-only" in window.page.notice.text().lower() or window.page.notice.text()
    press(window, "1", "S", "Return")
    window.close()
    assert read_only_review.read_bytes() == before


def test_a_pdf_imported_by_the_window_shows_pages_in_table_and_panel(open_window, qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel

    from assay.ui.sentence_model import COL_DOCUMENT
    from fixtures.documents import PdfLayout, font_folder, seed, write_pdf

    if font_folder() is None:
        pytest.skip("needs the DejaVu fonts")
    pdf = write_pdf(seed("001"), tmp_path / "paper.pdf", PdfLayout(columns=2))
    window = open_window()
    result, message = wait_for_import(qtbot, window, pdf)
    assert message == "" and result.sentence_count > 700
    rows = window.model.all_rows()
    last = window.model.index(len(rows) - 1, COL_DOCUMENT).data()
    assert last.startswith(f"p. {rows[-1].page} · ") and rows[-1].page > 5
    window.controller.go_to(rows[-1].id)
    position = window.findChild(QLabel, "positionLabel").text()
    assert f"· p. {rows[-1].page} ·" in position


def test_a_500_page_pdf_imports_behind_a_progress_dialog_and_cancels(open_window, qtbot, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(1, 501):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Trial {number} gave 240 mg of magnesium daily. " * 12)
    pdf.output(str(tmp_path / "long.pdf"))
    window = open_window()
    before = len(window.session.sentence_rows())
    task = window.import_document(tmp_path / "long.pdf")
    assert task is not None and task.dialog.windowTitle() == "Import document"
    pages_seen: list[int] = []
    task.worker.progressed.connect(
        lambda done, total, stage: pages_seen.append(done) if stage == "reading pages" else None
    )
    cancel_button = task.dialog.findChild(QPushButton)
    task.worker.progressed.connect(cancel_button.click)
    with qtbot.waitSignal(task.finished, timeout=60_000) as blocker:
        pass
    result, message = blocker.args
    assert result is None and "cancelled" in message.lower()
    assert pages_seen and pages_seen[0] == 0 and len(pages_seen) < 500
    assert len(window.session.sentence_rows()) == before
