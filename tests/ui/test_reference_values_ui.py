"""The Evidence tab's Reference values box follows the current sentence: the sample's
"UL … EFSA & NIH 350 mg/day" table row is flagged with EFSA's own UL."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QPlainTextEdit


def test_the_reference_values_box_shows_values_and_flags_for_the_current_sentence(
    open_window, press
):
    window = open_window()  # the sample review
    box = window.findChild(QGroupBox, "referenceValuesBox")
    text = window.findChild(QPlainTextEdit, "referenceValues")
    rows = window.model.all_rows()
    (ul_row,) = [r for r in rows if r.text.startswith("UL (Tolerable Upper Intake Level)")]
    window.page.claim_panel.show_tab(window.evidence.box)
    window.controller.go_to(ul_row.id)
    assert box.isVisible() and box.title() == "Reference values — 1 flag"
    shown = text.toPlainText().splitlines()
    assert shown[0].startswith("⚠ EFSA's UL for magnesium is 250 mg/day")
    assert "350 mg/day is the US UL" in shown[0]
    assert "Magnesium (mg/day, adults)" in shown
    assert text.isReadOnly()
    # The next sentence by key: the values follow (or the box hides when there are none).
    press(window, "J")
    after = window.model.row_by_id(window.controller.current_id)
    assert after is not None and after.id != ul_row.id
    assert "UL (Tolerable" not in text.toPlainText() or not box.isVisible()
    (plain,) = [r for r in rows if r.text.startswith("Hormone fluctuation-linked mood")]
    window.controller.go_to(plain.id)
    assert not box.isVisible()


def test_the_evidence_tab_warns_when_a_check_flags_the_sentence(open_window, qtbot):
    """The checks sit under the evidence list, below the fold on a laptop: the tab
    itself carries a warning icon while one of them flags the current sentence."""
    window = open_window()  # the sample review
    tabs = window.page.claim_panel.notes_tabs
    flagged = [r for r in window.model.all_rows() if "UL" in r.text and "350" in r.text]
    window.controller.go_to(flagged[0].id)
    qtbot.waitUntil(lambda: not tabs.tabIcon(1).isNull())
    assert "flags" in tabs.tabToolTip(1)
    window.controller.go_to(window.model.all_rows()[1].id)
    qtbot.waitUntil(lambda: tabs.tabIcon(1).isNull())
