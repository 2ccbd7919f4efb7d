"""The window on a 1366×768 laptop: it opens inside the screen, its minimum width stays
under the screen's with twelve documents, the saved indicator and the claim panel's
actions are on screen, and size, splitters and panels come back as they were left."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from assay.core.model import Reviewer
from assay.services.session import ReviewSession
from assay.ui import window_state

LAPTOP = (1366, 768)
# The same screen at 125% scaling (QT_SCALE_FACTOR=1.25), in the window's own pixels.
LAPTOP_125 = (1093, 614)
LONG_TITLE = "Supplement white paper on magnesium glycinate lysinate chelate, revision {:02d}"


@pytest.fixture
def twelve_documents(tmp_path: Path, reviewer: Reviewer) -> Path:
    """A review of twelve documents with long titles (each its own status entry before)."""
    review = tmp_path / "twelve.assay"
    with ReviewSession.create(review, reviewer) as session:
        for n in range(12):
            source = tmp_path / f"{LONG_TITLE.format(n)}.md"
            source.write_text(
                f"# {LONG_TITLE.format(n)}\n\n"
                "Magnesium is well absorbed. It reduced anxiety by 40%.\n"
                "\n| Study | Dose |\n|---|---|\n| Boyle 2017 | 300 mg |\n",
                encoding="utf-8",
            )
            session.import_file(source)
    return review


def _on_window(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_twelve_documents_fit_a_laptop_and_the_saved_indicator_shows(
    open_window, qtbot, twelve_documents
):
    window = open_window([twelve_documents])
    window.resize(*LAPTOP)
    qtbot.waitUntil(lambda: window.status.saved_label.isVisible())

    assert window.minimumSizeHint().width() < LAPTOP[0]
    assert window.statusBar().minimumSizeHint().width() < LAPTOP[0]
    assert window.minimumSizeHint().width() < LAPTOP_125[0]  # fits at 125% too
    assert window.width() == LAPTOP[0]
    status = window.status
    assert status.progress_label.text() == "12 documents · 0 / 48 reviewed"
    # Every document's progress is in the tooltip, with what counts as reviewable.
    tooltip = status.progress_label.toolTip()
    assert "revision 11: 0 of 4 reviewed" in tooltip
    assert "table header rows" in tooltip
    saved = _on_window(status.saved_label, window)
    assert "saved" in status.saved_label.text()
    assert window.rect().contains(saved)


def test_a_message_never_hides_the_saved_indicator(open_window, qtbot, twelve_documents):
    window = open_window([twelve_documents])
    window.resize(*LAPTOP)
    window.status.showMessage("Imported “" + LONG_TITLE.format(99) * 3 + "”", 5000)
    qtbot.waitUntil(lambda: window.status.saved_label.isVisible())
    assert window.minimumSizeHint().width() < LAPTOP[0]
    assert window.rect().contains(_on_window(window.status.saved_label, window))


@pytest.mark.parametrize("size", [LAPTOP, LAPTOP_125], ids=["1366x768", "1366x768@125%"])
def test_the_claim_panels_actions_are_on_screen_at_laptop_size(
    open_window, qtbot, twelve_documents, press, size
):
    window = open_window([twelve_documents])
    window.resize(*size)
    panel = window.page.claim_panel
    qtbot.waitUntil(lambda: panel.next_button.isVisible())
    assert window.size().height() == size[1]
    for widget in (panel.reviewed_check, panel.next_button):
        # Inside the window and not in the scrolled part of the panel.
        assert window.rect().contains(_on_window(widget, window)), widget.text()
        assert not window.page.panel_scroll.isAncestorOf(widget)
    first = window.controller.current_id
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert window.controller.current_id != first
    assert window.session.progress().reviewed == 1


def test_the_window_opens_inside_the_available_screen(open_window, qtbot):
    window = open_window()
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry()) or area.contains(window.geometry())
    assert window.width() <= area.width() and window.height() <= area.height()
    # 90% of the screen, centred.
    assert abs(window.geometry().center().x() - area.center().x()) <= 2
    assert window.width() >= int(area.width() * 0.85)


def test_a_saved_geometry_too_big_for_this_screen_is_fitted_to_it(open_window, qtbot):
    first = open_window()
    area = first.screen().availableGeometry()
    first.setGeometry(area.x(), area.y(), area.width() * 2, area.height() * 2)
    first.close()
    second = open_window()
    assert second.width() <= area.width() and second.height() <= area.height()


def test_size_and_splitters_come_back_in_the_next_window(open_window, qtbot, assay_home):
    first = open_window()
    area = first.screen().availableGeometry()
    # Not the default (90% of the screen, centred).
    first.setGeometry(area.x() + 3, area.y() + 5, area.width() - 6, area.height() - 150)
    page = first.page
    qtbot.waitUntil(lambda: page.top_splitter.sizes()[1] > 0)
    top_total, page_total = sum(page.top_splitter.sizes()), sum(page.splitter.sizes())
    page.top_splitter.setSizes([top_total - 420, 420])
    page.splitter.setSizes([page_total - 200, 200])
    left_as = first.geometry()
    top_sizes, page_sizes = page.top_splitter.sizes(), page.splitter.sizes()
    first.close()
    assert (assay_home / window_state.SETTINGS_FILE).exists()

    second = open_window()
    assert second.size() == left_as.size()
    # The position too, as far as the platform places frames (offscreen: roughly).
    assert (second.pos() - left_as.topLeft()).manhattanLength() <= 40
    qtbot.waitUntil(lambda: second.page.top_splitter.sizes()[1] > 0)
    assert second.page.top_splitter.sizes() == top_sizes
    assert second.page.splitter.sizes() == page_sizes


def test_panels_come_back_shown_or_hidden(open_window, qtbot):
    first = open_window()
    first.toggle_reviewers_panel()
    assert first.reviewers_dock.isVisible()
    first.close()
    second = open_window()
    assert second.reviewers_dock.isVisible() and not second.references_dock.isVisible()
    second.toggle_reviewers_panel()
    second.toggle_references_panel()
    second.close()
    third = open_window()
    assert not third.reviewers_dock.isVisible() and third.references_dock.isVisible()
