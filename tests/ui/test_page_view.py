"""The original PDF page in the window (View ▸ Original page, P): it follows the
sentence navigation, a click on the page selects a sentence, it zooms, and a document
without its PDF says why (and takes the same PDF back, never another)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from assay.core.model import Reviewer
from assay.services.importer import import_file
from assay.services.session import ReviewSession
from assay.ui.page_view import PAGE_MARGIN
from fixtures.documents import PdfLayout, font_folder, seed, write_pdf

pytestmark = pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    return write_pdf(seed("001"), tmp_path / "paper.pdf", PdfLayout(columns=2, running_header=True))


@pytest.fixture
def pdf_review(tmp_path: Path, reviewer: Reviewer, pdf: Path) -> Path:
    review = tmp_path / "paper.assay"
    with ReviewSession.create(review, reviewer):
        pass
    import_file(review, pdf, reviewer=reviewer)
    return review


def test_p_shows_the_page_of_the_current_sentence_and_follows_navigation(
    open_window, press, pdf_review
):
    window = open_window((pdf_review,))
    view = window.pages.view
    assert not window.page.page_view_shown
    press(window, "P")
    assert window.page.page_view_shown and view.has_pages
    assert window.actions_by_id["page_view"].isChecked()
    assert view.page == 1 and view.canvas.current_rects()
    first_page_rects = view.canvas.current_rects()
    pages_seen = {view.page}
    for _ in range(150):  # walk on until the sentences reach the next page
        press(window, "J")
        row = window.model.row_by_id(window.controller.current_id)
        assert row is not None
        rects = view.canvas.current_rects()
        if rects:
            assert view.page in (row.page, row.page + 1)
            assert rects != first_page_rects
        pages_seen.add(view.page)
        if len(pages_seen) > 1:
            break
    assert pages_seen == {1, 2}
    press(window, "P")
    assert not window.page.page_view_shown


def test_a_click_on_a_sentence_on_the_page_selects_it(open_window, press, qtbot, pdf_review):
    window = open_window((pdf_review,))
    press(window, "P")
    canvas = window.pages.view.canvas
    current = window.controller.current_id
    target_id, rect = next((i, r) for i, r in canvas.rects if i != current)
    point = rect.center().toPoint() + QPoint(PAGE_MARGIN, PAGE_MARGIN)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point)
    assert window.controller.current_id == target_id
    assert canvas.current == target_id and canvas.current_rects()


def test_zoom_keys_grow_shrink_and_fit_the_page(open_window, press, pdf_review):
    window = open_window((pdf_review,))
    press(window, "P")
    view = window.pages.view
    fitted = view.canvas.width()
    press(window, "Ctrl+=")
    assert view.canvas.width() > fitted * 1.2
    press(window, "Ctrl+-")
    press(window, "Ctrl+-")
    assert view.canvas.width() < fitted
    press(window, "Ctrl+0")
    assert view.canvas.width() == fitted


def test_a_document_not_from_a_pdf_says_it_has_no_pages(open_window, press):
    window = open_window()  # the sample review: Markdown
    press(window, "P")
    view = window.pages.view
    assert window.page.page_view_shown and not view.has_pages
    assert "not imported from a PDF" in view.message.text()
    assert view.attach_button.isHidden()


def test_a_review_without_the_pdf_takes_the_same_pdf_only(
    open_window, press, monkeypatch, tmp_path, pdf_review, pdf
):
    with ReviewSession.open(pdf_review, Reviewer("x", "Someone")) as session, session.conn:
        session.conn.execute("DELETE FROM originals")  # as a review made before migration 6
    shown: list[str] = []
    monkeypatch.setattr("assay.ui.page_flow.show_error", lambda _p, _t, m: shown.append(m))
    window = open_window((pdf_review,))
    press(window, "P")
    view = window.pages.view
    assert not view.has_pages and "Attach" in view.message.text()
    assert not view.attach_button.isHidden()

    other = write_pdf(seed("000"), tmp_path / "other.pdf")
    assert not window.pages.attach(other)
    assert shown and "does not give the text" in shown[-1] and not view.has_pages
    assert window.pages.attach(pdf)
    assert view.has_pages and view.canvas.current_rects()
