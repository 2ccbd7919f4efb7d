"""File ▸ Export report… and the PDF Qt paints: the options dialog driven by its keys,
the export behind the progress dialog (Cancel leaves no file), the PDF read back with
PDFium (every decided sentence in it), the same bytes for a pinned time, and the charts
painted from the same geometry the HTML writes as SVG."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QFileDialog, QPushButton

from assay.exchange import report_charts
from assay.exchange.report_model import ReportOptions
from assay.services import report_export
from assay.services.report import build_content
from assay.services.session import ReviewSession
from assay.ui import theme
from assay.ui.report_charts import chart_image
from assay.ui.report_export import ReportChoice, export_report_to
from assay.ui.report_pdf import report_pdf

sys.path.insert(0, str(Path(__file__).parents[1] / "exchange"))
from report_helpers import PINNED, team_review  # noqa: E402


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    return re.sub(r"\s+", "", text.replace("\ufffe", ""))


def words(text: str) -> str:
    """Text as PDFium gives it back: lines may break after a dash, with no space."""
    return re.sub(r"\s+", "", text)


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=30_000)


@pytest.fixture
def review(qapp, tmp_path, reviewer, seed_dir):  # qapp: Qt paints the PDF
    path, ids = team_review(tmp_path, reviewer, seed_dir / "001_25d1546185dbdbaa.txt")
    with ReviewSession.open(path, reviewer) as session:
        texts = {row.id: row.text for row in session.sentence_rows()}
        content = build_content(session.conn, path.name, ReportOptions(), PINNED)
    return path, content, {name: texts[sentence] for name, sentence in ids.items()}


def test_pdf_holds_every_decided_sentence_and_is_the_same_each_time(review):
    _path, content, texts = review
    first = report_pdf(content)
    time.sleep(1.1)  # Qt stamps the second it runs: the report must say the export time
    second = report_pdf(content)
    assert first == second
    assert first.startswith(b"%PDF-") and b"D:20250501100000" in first
    text = pdf_text(first)
    for sentence in texts.values():
        assert words(sentence) in text
    assert content.documents[0].sha256[:20] in text
    assert words("Decided verdicts per claim type") in text
    assert words("written in several ways") in text
    assert len(pdfium.PdfDocument(first)) >= 3  # title page, summary, the document


def test_charts_paint_the_verdict_colours_of_the_window(review):
    _path, content, _texts = review
    assert report_charts.VERDICT_HUES == theme.VERDICT_HUES
    chart = report_charts.summary_charts(content)[0]  # verdicts per claim type
    image = chart_image(chart, scale=1.0)
    box = next(s for s in chart.shapes if isinstance(s, report_charts.Box) and s.w > 20)
    colour = image.pixelColor(int(box.x + box.w / 2), int(box.y + box.h / 2))
    assert colour.name().upper() == box.fill.upper()


def test_export_report_dialog_by_keys_writes_an_anonymous_pdf(
    open_window, press, qtbot, on_next_modal, monkeypatch, tmp_path
):
    window = open_window()  # the sample review
    press(window, "J", "2", "O")  # Efficacy, Overstated
    sentence = window.model.row_by_id(window.controller.current_id).text
    target = tmp_path / "client"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def choose(dialog: QDialog) -> None:
        try:
            keys(dialog)
        except BaseException:
            dialog.reject()  # a failed check must not leave the test waiting on the dialog
            raise

    def keys(dialog: QDialog) -> None:
        focus = QApplication.focusWidget
        for _ in range(250):  # the keyboard reaches the dialog once it has the focus
            if focus() is not None and dialog.isAncestorOf(focus()):
                break
            QTest.qWait(20)
        QTest.keyClick(focus(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # &Format
        combo = dialog.findChild(QComboBox)
        assert focus() is combo
        QTest.keyClick(combo, Qt.Key.Key_Down)  # HTML → PDF
        assert combo.currentData() == "pdf"
        QTest.keyClick(focus(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Anonymise
        QTest.keyClick(focus(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # no &problems
        QTest.qWait(250)  # a mnemonic clicks as the mouse would: released 100 ms later
        choice = dialog.choice()
        assert choice.options.anonymous and not choice.options.has("citations")
        QTest.keyClick(focus(), Qt.Key.Key_Return)

    on_next_modal(choose)
    window.actions_by_id["export_report"].trigger()
    wait_idle(qtbot, window)
    written = target.with_name("client.pdf")
    text = pdf_text(written.read_bytes())
    assert words(sentence) in text
    assert "Reviewer1" in text and words(window.reviewer.name) not in text
    assert "Citationproblems" not in text
    assert "Report written to client.pdf (1 sentence)." in window.status.currentMessage()


def test_cancel_leaves_no_report(open_window, qtbot, monkeypatch, tmp_path):
    window = open_window()
    opened = report_export.open_review

    def slow_open(*args, **kwargs):  # time for Cancel to be pressed
        time.sleep(0.5)
        return opened(*args, **kwargs)

    monkeypatch.setattr(report_export, "open_review", slow_open)
    target = tmp_path / "report.html"
    task = export_report_to(window, target, ReportChoice("html", ReportOptions()))
    assert task is not None and window.exchange.busy
    qtbot.waitUntil(task.dialog.isVisible, timeout=5000)
    (cancel,) = task.dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert window.status.currentMessage() == "Export cancelled; no report was written."


def test_export_report_as_markdown_keeps_todays_report(
    open_window, press, qtbot, on_next_modal, monkeypatch, tmp_path
):
    window = open_window()  # the sample review
    press(window, "J", "2", "O")  # Efficacy, Overstated
    target = tmp_path / "out.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def markdown(dialog: QDialog) -> None:
        combo = dialog.findChild(QComboBox)
        combo.setCurrentIndex(combo.findData("md"))
        dialog.accept()

    on_next_modal(markdown)
    window.actions_by_id["export_report"].trigger()
    wait_idle(qtbot, window)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Review report:") and "— Overstated" in text
    assert "Report written to out.md (1 sentence)." in window.status.currentMessage()
