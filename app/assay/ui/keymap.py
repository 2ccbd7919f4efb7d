"""The keyboard map: one table that the actions, the F1 dialog and the README share.

Standard actions (open, undo, find ...) use Qt's platform key sequences so that they
follow each platform's conventions; review keys are single keys because a reviewer
presses them hundreds of times an hour. Text fields swallow printable keys before
shortcuts fire, so typing a rationale never toggles a category.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from assay.core.vocabulary import CATEGORIES, VERDICTS

StandardKey = QKeySequence.StandardKey


@dataclass(frozen=True, slots=True)
class KeyBinding:
    action_id: str
    label: str
    keys: tuple[str | StandardKey, ...]
    group: str
    help: str = ""

    def sequences(self) -> list[QKeySequence]:
        """Distinct sequences: a key bound twice to one action would be ambiguous."""
        unique: list[QKeySequence] = []
        for key in self.keys:
            sequence = QKeySequence(key)
            if not sequence.isEmpty() and sequence not in unique:
                unique.append(sequence)
        return unique

    def shortcut_text(self) -> str:
        """What the F1 dialog shows, in the platform's own notation."""
        native = QKeySequence.SequenceFormat.NativeText
        return " or ".join(sequence.toString(native) for sequence in self.sequences())


VERDICT_KEYS = {
    "supported": "S",
    "overstated": "O",
    "lacks_context": "C",
    "unsupported": "U",
    "contradicted": "X",
    "unverifiable": "V",
}

REVIEW_BINDINGS: tuple[KeyBinding, ...] = (
    KeyBinding("next", "Next sentence", ("J", "Ctrl+Down"), "Move", "Down also works in the text"),
    KeyBinding(
        "previous", "Previous sentence", ("K", "Ctrl+Up"), "Move", "Up also works in the text"
    ),
    KeyBinding("next_unreviewed", "Next unreviewed sentence", ("N",), "Move"),
    KeyBinding("previous_unreviewed", "Previous unreviewed sentence", ("Shift+N",), "Move"),
    *(
        KeyBinding(f"category:{term.value}", f"Toggle {term.label}", (str(i),), "Categories")
        for i, term in enumerate(CATEGORIES, start=1)
    ),
    KeyBinding("not_a_claim", "Toggle Not a claim", ("0",), "Categories"),
    KeyBinding(
        "accept_suggestion",
        "Accept the suggested claim type",
        ("A",),
        "Categories",
        "outlined buttons; reasons in the tooltip",
    ),
    *(
        KeyBinding(
            f"verdict:{term.value}",
            f"Verdict: {term.label}",
            (VERDICT_KEYS[term.value],),
            "Verdict",
            "press again to clear",
        )
        for term in VERDICTS
    ),
    *(
        KeyBinding(f"confidence:{n}", f"Confidence {n}", (f"Alt+{n}",), "Verdict", "again to clear")
        for n in range(1, 6)
    ),
    KeyBinding("focus_rationale", "Write the rationale", ("R",), "Edit", "Esc returns to the text"),
    KeyBinding("focus_evidence", "Choose the evidence type", ("E",), "Edit"),
    KeyBinding(
        "add_evidence", "Add evidence…", ("Shift+E",), "Edit", "DOI, PMID, URL, passage, note"
    ),
    KeyBinding(
        "highlight",
        "Highlight the selected words",
        ("H",),
        "Edit",
        "select in the sentence: mouse or Shift+arrows",
    ),
    KeyBinding(
        "mark_reviewed_next",
        "Mark reviewed and go to next unreviewed",
        ("Return", "Ctrl+Return"),
        "Edit",
    ),
    KeyBinding("toggle_reviewed", "Toggle reviewed", ("M",), "Edit"),
    KeyBinding("find", "Search sentences", (StandardKey.Find,), "Edit"),
    KeyBinding("find_next", "Next search hit", ("F3",), "Edit", "Return in the search box"),
    KeyBinding(
        "find_previous", "Previous search hit", ("Shift+F3",), "Edit", "Shift+Return in the box"
    ),
    KeyBinding("focus_text", "Back to the text", ("Esc",), "Edit"),
    KeyBinding("undo", "Undo", (StandardKey.Undo,), "Edit"),
    KeyBinding("redo", "Redo", (StandardKey.Redo, "Ctrl+Shift+Z"), "Edit"),
)

FILE_BINDINGS: tuple[KeyBinding, ...] = (
    KeyBinding("new_review", "New review…", (StandardKey.New,), "File"),
    KeyBinding("open_review", "Open review…", (StandardKey.Open,), "File"),
    KeyBinding(
        "import_document", "Import document…", ("Ctrl+I",), "File", "PDF, Word, web page, text"
    ),
    KeyBinding("paste_document", "Paste as new document", ("Ctrl+Shift+V",), "File"),
    KeyBinding("import_library", "Import library…", (), "File", "BibTeX, RIS, CSL-JSON"),
    KeyBinding("export_report", "Export report…", (), "File", "HTML, PDF, Word, Markdown or JSON"),
    KeyBinding("export_table", "Export table…", (), "File", "CSV or Excel, for sorting"),
    KeyBinding("export_annotations", "Export annotations…", (), "File", "W3C Web Annotation"),
    KeyBinding("import_annotations", "Import annotations…", (), "File", "W3C or Hypothesis"),
    KeyBinding(
        "export_qdpx", "Export for NVivo/ATLAS.ti/MAXQDA (.qdpx)…", (), "File", "REFI-QDA project"
    ),
    KeyBinding("export_references", "Export references…", (), "File", "CSL-JSON, BibTeX, RIS"),
    KeyBinding(
        "replace_document", "Replace with new version…", (), "File", "re-attaches annotations"
    ),
    KeyBinding("orphans", "Orphaned annotations…", (), "File", "attach by hand or discard"),
    KeyBinding("rename_document", "Rename document…", (), "File", "only the title changes"),
    KeyBinding("remove_document", "Remove document…", (), "File", "with its annotations; undoable"),
    KeyBinding("conflicts", "Conflicts…", (), "File", "what a merge kept: keep mine or theirs"),
    KeyBinding("close_review", "Close review", (StandardKey.Close, "Ctrl+W"), "File"),
    # Some platforms (and the offscreen one) define no Quit key; Ctrl+Q is the norm.
    KeyBinding("quit", "Quit", (StandardKey.Quit, "Ctrl+Q"), "File"),
    KeyBinding("keymap", "Keyboard map", (StandardKey.HelpContents, "F1"), "Help"),
    KeyBinding("about", "About Assay", (), "Help", "version, licence, third-party licences"),
)

TEAM_BINDINGS: tuple[KeyBinding, ...] = (
    KeyBinding("export_bundle", "Export bundle…", ("Ctrl+E",), "Team"),
    KeyBinding("import_bundle", "Import bundle…", ("Ctrl+Shift+I",), "Team", "or drop it"),
    KeyBinding("undo_merge", "Undo last merge…", (), "Team", "restores the backup"),
    KeyBinding("next_disagreement", "Next open disagreement", ("D",), "Team"),
    KeyBinding("previous_disagreement", "Previous open disagreement", ("Shift+D",), "Team"),
    *(
        KeyBinding(
            f"decide:{n}",
            f"Decide as reviewer {n} did",
            (f"Ctrl+{n}",),
            "Team",
            "reviewers panel order",
        )
        for n in range(1, 10)
    ),
    KeyBinding("write_decision", "Write the final decision", ("Ctrl+D",), "Team"),
    KeyBinding("reviewers_panel", "Reviewers panel", ("Ctrl+Shift+R",), "Team"),
    KeyBinding("agreement", "Agreement…", ("Ctrl+Shift+A",), "Team"),
    KeyBinding(
        "references_panel",
        "References panel",
        ("Ctrl+Shift+B",),
        "Team",
        "works cited, their spellings",
    ),
    KeyBinding("blind_mode", "Blind mode", (), "Team", "hide others until I finish"),
)

VIEW_BINDINGS: tuple[KeyBinding, ...] = (
    KeyBinding(
        "page_view",
        "Original page",
        ("P",),
        "View",
        "a PDF's page as printed, in place of the text",
    ),
    KeyBinding("page_zoom_in", "Zoom in", ("Ctrl+=", "Ctrl++"), "View", "on the original page"),
    KeyBinding("page_zoom_out", "Zoom out", ("Ctrl+-",), "View", "on the original page"),
    KeyBinding("page_fit_width", "Fit width", ("Ctrl+0",), "View", "on the original page"),
    KeyBinding("attach_original", "Attach original PDF…", (), "View", "checked: same text only"),
)

ALL_BINDINGS: tuple[KeyBinding, ...] = (
    REVIEW_BINDINGS + FILE_BINDINGS + TEAM_BINDINGS + VIEW_BINDINGS
)


def binding(action_id: str) -> KeyBinding:
    for item in ALL_BINDINGS:
        if item.action_id == action_id:
            return item
    raise KeyError(action_id)
