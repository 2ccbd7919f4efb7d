"""The window's actions and menus: every command of the keyboard map in a menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from assay.core.vocabulary import CATEGORIES, VERDICTS
from assay.ui import qda_exports
from assay.ui.actions import build_actions
from assay.ui.keymap import binding
from assay.ui.report_export import export_report_dialog
from assay.ui.undo import guarded_action

if TYPE_CHECKING:
    from assay.ui.main_window import MainWindow

# Actions that make sense with no review open.
ALWAYS_ENABLED = {
    "new_review", "open_review", "import_bundle", "quit", "keymap", "about", "undo", "redo",
    "reviewers_panel", "references_panel", "blind_mode",
}  # fmt: skip


def build_window_actions(window: MainWindow) -> dict[str, QAction]:
    actions = build_actions(window, _handlers(window))

    def guarded(redo: bool) -> QAction:  # refused in a read-only view, with the reason
        return guarded_action(
            window.undo_stack, window, redo=redo, refusal=window.controller.edit_refusal,
            notice=lambda text: window.status.showMessage(text, 8000),
        )  # fmt: skip

    undo = guarded(False)
    undo.setShortcuts(binding("undo").sequences())
    redo = guarded(True)
    redo.setShortcuts(binding("redo").sequences())
    for action in (undo, redo):
        window.addAction(action)
    actions["undo"], actions["redo"] = undo, redo
    blind = actions["blind_mode"]
    blind.setCheckable(True)
    blind.setChecked(window.team.blind)
    window.team.blind_changed.connect(blind.setChecked)
    actions["reviewers_panel"].setCheckable(True)
    window.reviewers_dock.visibilityChanged.connect(actions["reviewers_panel"].setChecked)
    actions["references_panel"].setCheckable(True)
    window.references_dock.visibilityChanged.connect(actions["references_panel"].setChecked)
    actions["page_view"].setCheckable(True)
    window.page.page_view_toggled.connect(actions["page_view"].setChecked)
    return actions


def _handlers(window: MainWindow) -> dict[str, Callable[[], None]]:
    panel = window.page.claim_panel
    table = window.page.table
    controller = window.controller
    assert panel is not None and table is not None
    handlers: dict[str, Callable[[], None]] = {
        "next": lambda: controller.step(1),
        "previous": lambda: controller.step(-1),
        "next_unreviewed": lambda: controller.next_unreviewed(1),
        "previous_unreviewed": lambda: controller.next_unreviewed(-1),
        "not_a_claim": panel.toggle_not_a_claim,
        "accept_suggestion": window.suggestions.accept,
        "focus_rationale": window.focus_rationale,
        "focus_evidence": lambda: panel.evidence_combo.setFocus(),
        "add_evidence": window.evidence.add_dialog,
        "highlight": window.highlights.highlight_selection,
        "mark_reviewed_next": controller.mark_reviewed_and_next,
        "toggle_reviewed": panel.toggle_reviewed,
        "find": table.focus_search,
        "focus_text": window.focus_text,
        "new_review": window.new_review_dialog,
        "open_review": window.open_review_dialog,
        "import_document": window.import_document_dialog,
        "paste_document": window.documents.paste_as_document,
        "import_library": window.library.import_dialog,
        "export_report": lambda: export_report_dialog(window),
        "export_table": window.annotations.export_table_dialog,
        "export_annotations": window.annotations.export_annotations_dialog,
        "import_annotations": window.annotations.import_annotations_dialog,
        "export_qdpx": lambda: qda_exports.export_qdpx_dialog(window),
        "export_references": lambda: qda_exports.export_references_dialog(window),
        "replace_document": window.documents.replace_dialog,
        "orphans": window.documents.show_orphans,
        "rename_document": window.documents.rename_dialog,
        "remove_document": window.documents.remove_dialog,
        "find_next": lambda: window.search.step(1),
        "find_previous": lambda: window.search.step(-1),
        "conflicts": window.exchange.conflicts.show,
        "close_review": window.close_review,
        "quit": window.close,
        "keymap": window.show_keymap,
        "about": lambda: _show_about(window),
        "export_bundle": window.exchange.export_dialog,
        "import_bundle": window.exchange.import_dialog,
        "undo_merge": window.exchange.undo_merge,
        "next_disagreement": lambda: window.team.next_disagreement(1),
        "previous_disagreement": lambda: window.team.next_disagreement(-1),
        "write_decision": window.write_decision,
        "reviewers_panel": window.toggle_reviewers_panel,
        "references_panel": window.toggle_references_panel,
        "agreement": window.show_agreement,
        "page_view": window.pages.toggle,
        "page_zoom_in": window.pages.zoom_in,
        "page_zoom_out": window.pages.zoom_out,
        "page_fit_width": window.pages.fit_width,
        "attach_original": window.pages.attach_dialog,
        "blind_mode": lambda: window.team.set_blind(window.actions_by_id["blind_mode"].isChecked()),
    }
    for n in range(1, 10):
        handlers[f"decide:{n}"] = lambda n=n: window.team.pick(n)
    for term in CATEGORIES:
        handlers[f"category:{term.value}"] = lambda v=term.value: panel.toggle_category(v)
    for term in VERDICTS:
        handlers[f"verdict:{term.value}"] = lambda v=term.value: panel.toggle_verdict(v)
    for n in range(1, 6):
        handlers[f"confidence:{n}"] = lambda n=n: panel.toggle_confidence(n)
    return handlers


def fill_menus(menus: dict[str, QMenu], a: dict[str, QAction], recent_menu: QMenu) -> None:
    """Fill the menu titles the window made before its first paint."""
    file_menu = menus["file"]
    file_menu.addActions([a["new_review"], a["open_review"]])
    file_menu.addMenu(recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([a["import_document"], a["import_library"]])
    file_menu.addSeparator()
    file_menu.addActions([a["export_bundle"], a["import_bundle"], a["export_report"]])
    file_menu.addActions([a["export_table"], a["export_annotations"], a["import_annotations"]])
    file_menu.addActions([a["export_qdpx"], a["export_references"]])
    file_menu.addSeparator()
    file_menu.addActions([a["close_review"], a["quit"]])
    edit_menu = menus["edit"]
    edit_menu.addActions([a["undo"], a["redo"], a["undo_merge"]])
    edit_menu.addSeparator()
    edit_menu.addAction(a["paste_document"])
    edit_menu.addSeparator()
    edit_menu.addActions([a["find"], a["find_next"], a["find_previous"]])
    edit_menu.addActions([a["focus_rationale"], a["focus_evidence"]])
    document_menu = menus["document"]
    document_menu.addActions([a["import_document"], a["paste_document"]])
    document_menu.addSeparator()
    document_menu.addActions([a["replace_document"], a["orphans"], a["conflicts"]])
    document_menu.addSeparator()
    document_menu.addActions([a["rename_document"], a["remove_document"]])
    document_menu.addSeparator()
    document_menu.addAction(a["references_panel"])
    view_menu = menus["view"]
    view_menu.addAction(a["page_view"])
    view_menu.addSeparator()
    view_menu.addActions([a["page_zoom_in"], a["page_zoom_out"], a["page_fit_width"]])
    view_menu.addSeparator()
    view_menu.addAction(a["attach_original"])
    go_menu = menus["go"]
    go_menu.addActions(
        [a[k] for k in ("next", "previous", "next_unreviewed", "previous_unreviewed")]
    )
    go_menu.addAction(a["focus_text"])
    annotate = menus["annotate"]
    annotate.addActions([a[f"category:{t.value}"] for t in CATEGORIES])
    annotate.addAction(a["not_a_claim"])
    annotate.addAction(a["accept_suggestion"])
    annotate.addSeparator()
    annotate.addActions([a[f"verdict:{t.value}"] for t in VERDICTS])
    confidence = annotate.addMenu("&Confidence")
    confidence.addActions([a[f"confidence:{n}"] for n in range(1, 6)])
    annotate.addSeparator()
    annotate.addActions([a["add_evidence"], a["highlight"]])
    annotate.addSeparator()
    annotate.addActions([a["toggle_reviewed"], a["mark_reviewed_next"]])
    team = menus["team"]
    team.addActions([a["reviewers_panel"], a["agreement"]])
    team.addSeparator()
    team.addActions([a["next_disagreement"], a["previous_disagreement"]])
    decide = team.addMenu("&Decide as")
    decide.addActions([a[f"decide:{n}"] for n in range(1, 10)])
    team.addAction(a["write_decision"])
    team.addSeparator()
    team.addAction(a["blind_mode"])
    menus["help"].addAction(a["keymap"])
    show_logs = menus["help"].addAction("Show &log folder")  # no key: rarely needed
    show_logs.setObjectName("show_log_folder")
    show_logs.triggered.connect(_open_log_folder)
    menus["help"].addSeparator()
    menus["help"].addAction(a["about"])


def _open_log_folder() -> None:
    from assay.ui.crash_dialog import open_log_folder

    open_log_folder()


def _show_about(window: MainWindow) -> None:
    from assay.ui.about_dialog import AboutDialog

    AboutDialog(window).exec()
