"""The real start path: the document paints first, then the window completes itself."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from assay.services import config
from assay.services.session import ReviewSession
from assay.ui.app import Launch, make_application


def test_the_window_paints_the_preview_then_opens_the_review(qtbot, tmp_review, errors):
    make_application()
    config.set_reviewer("Start Tester")
    with ReviewSession.open(tmp_review, config.reviewer()) as session:
        stop = session.sentence_rows()[4].id
        session.set_last_position(stop)
    launch = Launch([tmp_review], ask_name=lambda *_: None)
    window = launch.begin()
    assert window is not None
    qtbot.addWidget(window)
    # Before the first paint: the document is on screen, nothing is open or locked yet.
    assert window.session is None and not window.completed
    assert window.page.source_view.current_sentence() == stop
    assert window.page.source_view.toPlainText()
    launch.finish_after_first_paint()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    assert window.completed and window.controller.current_id == stop
    assert window.page.source_view.current_sentence() == stop
    assert window.model.rowCount() > 0 and not errors
    window.close()


def test_a_damaged_review_gets_no_preview_and_a_clear_message(qtbot, tmp_review, errors):
    make_application()
    config.set_reviewer("Start Tester")
    data = bytearray(tmp_review.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\x00\xff" * 2048
    tmp_review.write_bytes(bytes(data))
    launch = Launch([tmp_review], ask_name=lambda *_: None)
    window = launch.begin()
    qtbot.addWidget(window)
    launch.finish_after_first_paint()
    qtbot.waitUntil(lambda: window.completed, timeout=10_000)
    assert window.session is None
    assert errors and "Cannot open review" in errors[-1][0]
    assert window.stack.currentWidget() is window.empty_page
    assert QApplication.instance() is not None
    window.close()


def test_first_run_lays_out_the_page_as_a_later_start_does(open_window, qtbot):
    """No preview on the first run (the empty page comes first): the claim panel must
    still get its share of the width, not a sliver that scrolls sideways."""
    window = open_window()
    page = window.page
    qtbot.waitUntil(lambda: page.isVisible() and page.top_splitter.sizes()[1] > 0)
    text_width, panel_width = page.top_splitter.sizes()
    assert panel_width >= page.claim_panel.minimumSizeHint().width()
    assert 0.3 < panel_width / (text_width + panel_width) < 0.5
    assert not page.panel_scroll.horizontalScrollBar().isVisible()
