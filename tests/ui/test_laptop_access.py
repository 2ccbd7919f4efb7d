"""Keys, names and colours: Alt opens every menu, every control has an accessible
name, Tab moves sensibly, and every text reads at WCAG AA in both palettes."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QTabBar,
    QWidget,
)

from assay.core.vocabulary import VERDICTS
from assay.ui import theme
from assay.ui.main_window import MENU_TITLES

Role = QPalette.ColorRole


def _menu_letter(title: str) -> str:
    return title[title.index("&") + 1].upper()


@pytest.mark.parametrize("menu", list(MENU_TITLES))
def test_each_menus_alt_mnemonic_opens_it(open_window, qtbot, menu):
    window = open_window()
    window.focus_text()
    letter = _menu_letter(MENU_TITLES[menu])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key(ord(letter)), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.menus[menu].isVisible(), timeout=2000)
    assert window.menuBar().activeAction() is window.menus[menu].menuAction()
    window.menus[menu].close()


def test_no_label_in_the_window_takes_a_menus_letter(open_window):
    window = open_window()
    window.toggle_reviewers_panel()
    window.toggle_references_panel()
    window.pages.toggle()  # the original page view is built on first use
    assert window.page.page_view_shown
    menu_letters = {_menu_letter(title) for title in MENU_TITLES.values()}
    taken: list[str] = []
    widgets = window.findChildren(QLabel) + window.findChildren(QAbstractButton)
    for widget in widgets:
        text = widget.text().replace("&&", "")
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue  # no mnemonic without a buddy
        at = text.find("&")
        if 0 <= at < len(text) - 1 and text[at + 1].upper() in menu_letters:
            taken.append(text)
    tabs = window.page.claim_panel.notes_tabs
    for index in range(tabs.count()):
        text = tabs.tabText(index).replace("&&", "")
        if "&" in text and text[text.index("&") + 1].upper() in menu_letters:
            taken.append(text)
    assert taken == []


# --- accessible names and Tab ---------------------------------------------------------------


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces: the widget's accessible name, else its label
    (a buddy QLabel, the Label relation), else its own text."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    for other, _relation in interface.relations(QAccessible.Relation.Label):
        if other.text(QAccessible.Text.Name).strip():
            return other.text(QAccessible.Text.Name).strip()
    if isinstance(widget, QComboBox):
        return ""  # its own "name" on Linux is its value ("—"): not a name
    return interface.text(QAccessible.Text.Name).strip()


def _focusable(window) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and widget.isVisibleTo(window)
        and not isinstance(widget, QTabBar)  # named by its tabs' texts
        and widget.window() is window
    ]


def test_every_focusable_control_has_an_accessible_name(open_window, qtbot, tmp_review):
    window = open_window([tmp_review])
    window.toggle_reviewers_panel()
    window.toggle_references_panel()
    window.team.refresh_panel()
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for widget in _focusable(window)
        if not any(ch.isalnum() for ch in accessible_name(widget))
    ]
    assert unnamed == []
    panel = window.page.claim_panel
    names = {
        accessible_name(combo)
        for combo in (
            panel.evidence_combo,
            panel.citation_combo,
            panel.certainty_combo,
            panel.confidence_combo,
        )
    }
    assert names == {"Evidence type", "Citation accuracy", "GRADE certainty", "Confidence"}
    assert accessible_name(window.page.table.view) == "Sentences"


def test_the_first_tab_stop_after_the_text_is_a_visible_control(open_window, qtbot):
    window = open_window()
    window.focus_text()
    qtbot.keyClick(window.page.source_view, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and focused is not window.page.source_view
    assert focused.isVisible() and focused.focusPolicy() != Qt.FocusPolicy.NoFocus
    # A control of the claim panel, named, and not the scroll area around it.
    assert window.page.claim_panel.isAncestorOf(focused)
    assert any(ch.isalnum() for ch in accessible_name(focused))


def test_tab_in_the_sentence_table_leaves_the_table(open_window, qtbot):
    window = open_window()
    view = window.page.table.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    before = view.currentIndex()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus()
    assert view.currentIndex() == before  # no walk through the cells
    assert not view.tabKeyNavigation()


# --- contrast -------------------------------------------------------------------------------


@pytest.fixture
def palettes(open_window):
    """The light palette the window really uses (the platform's, with Assay's fixes)
    and Assay's dark one."""
    open_window()
    original = QApplication.palette()
    yield {"light": original, "dark": theme.accessible_palette(theme.dark_palette())}
    QApplication.setPalette(original)


def _pairs(palette: QPalette) -> list[tuple[str, QColor, QColor]]:
    """(what, text colour, background) for every text the window shows."""
    QApplication.setPalette(palette)  # the colours the widgets ask the application for
    base, window = palette.color(Role.Base), palette.color(Role.Window)
    alternate = palette.color(Role.AlternateBase)
    text = palette.color(Role.Text)
    muted = theme.muted_text_color(palette)
    current = theme.over(theme.current_sentence_color(), base)
    pairs = [
        ("text on the page", text, base),
        ("window text", palette.color(Role.WindowText), window),
        ("button text", palette.color(Role.ButtonText), palette.color(Role.Button)),
        ("selected row", palette.color(Role.HighlightedText), palette.color(Role.Highlight)),
        ("tooltip", palette.color(Role.ToolTipText), palette.color(Role.ToolTipBase)),
        ("placeholder", palette.color(Role.PlaceholderText), base),
        ("section label (muted) on the window", muted, window),
        ("references and notes (muted) on the page", muted, base),
        ("muted row in the table", muted, alternate),
        ("current sentence", text, current),
        ("error message", theme.error_text_color(palette), window),
        ("read-only notice", QColor(theme.NOTICE_COLORS[0]), QColor(theme.NOTICE_COLORS[1])),
        ("changed spelling", QColor(theme.MARK_COLORS[0]), QColor(theme.MARK_COLORS[1])),
    ]
    for term in VERDICTS:
        tint = theme.over(theme.verdict_tint(term.value, palette), base)
        pairs.append((f"text tinted {term.label}", text, tint))
        pairs.append(
            (
                f"current sentence tinted {term.label}",
                text,
                theme.over(theme.current_sentence_color(), tint),
            )
        )
    return pairs


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_has_aa_contrast_on_its_background(palettes, scheme):
    palette = palettes[scheme]
    low = [
        f"{what}: {theme.contrast_ratio(fg, bg):.2f}"
        for what, fg, bg in _pairs(palette)
        if theme.contrast_ratio(fg, bg) < theme.MIN_CONTRAST
    ]
    assert low == []


def test_the_contrast_formula_matches_wcag():
    black, white = QColor("#000000"), QColor("#ffffff")
    assert theme.contrast_ratio(black, white) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#777777"), white) == pytest.approx(4.48, abs=0.01)
    # The grey-on-grey section label of before: a disabled label on Fusion's window.
    assert theme.contrast_ratio(QColor("#bebebe"), QColor("#efefef")) < 1.7


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_verdict_tints_are_told_apart(palettes, scheme):
    palette = palettes[scheme]
    base = palette.color(Role.Base)
    tints = {t.value: theme.over(theme.verdict_tint(t.value, palette), base) for t in VERDICTS}
    close = [
        f"{a}/{b}: {theme.tint_distance(tints[a], tints[b]):.1f}"
        for a, b in itertools.combinations(tints, 2)
        if theme.tint_distance(tints[a], tints[b]) < 15
    ]
    assert close == []
    # Overstated, lacks context and unsupported were 8 apart (barely): now far apart.
    assert theme.tint_distance(tints["overstated"], tints["lacks_context"]) > 25


def test_the_verdict_buttons_are_the_legend(open_window):
    window = open_window()
    panel = window.page.claim_panel
    for term in VERDICTS:
        assert not panel.verdict_buttons[term.value].icon().isNull()
    legend = panel.verdict_box.toolTip()
    for term in VERDICTS:
        assert term.label in legend
    assert "Orange: Overstated" in legend and "Blue: Lacks context" in legend
