"""The claim panel: the form for the current sentence's annotation.

It never writes anything itself: every change is emitted as the whole new
`AnnotationState`, and the controller turns it into an undoable, saved edit. Key
hints on the buttons teach the keyboard map while the mouse still works.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics, QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assay.core.model import SECTION_SEPARATOR, AnnotationState, SentenceRow
from assay.core.vocabulary import (
    CATEGORIES,
    CERTAINTY,
    CITATION_ACCURACY,
    CONFIDENCE_RANGE,
    EVIDENCE_TYPES,
    NOT_A_CLAIM,
    STATUS_DRAFT,
    STATUS_FINAL,
    VERDICTS,
    Term,
)
from assay.ui import theme
from assay.ui.highlights_list import HighlightsList
from assay.ui.keymap import VERDICT_KEYS
from assay.ui.labels import verdict_legend_text
from assay.ui.plain_text import plain_label, tooltip_text

RATIONALE_SAVE_DELAY_MS = 600
# Three buttons a row: two rows of claim types and two of verdicts leave the rationale
# room on a 768-pixel screen (two a row took five rows).
BUTTON_COLUMNS = 3
MIN_TITLE_WIDTH = 240  # pixels of the Claim type box's title (a suggestion) at least


class RationaleEdit(QPlainTextEdit):
    """A plain text box that reports when the reviewer leaves it (to save at once)."""

    left = Signal()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        # Qt's default asks for ~190 px, which pushes the panel's footer off a laptop
        # screen; four lines is enough to start with, and the box grows with the window.
        return QSize(super().sizeHint().width(), 4 * self.fontMetrics().lineSpacing() + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusOutEvent(event)
        self.left.emit()


def fit_trail(trail: str, metrics: QFontMetrics, width: int, lines: int = 2) -> str:
    """The section trail in at most `lines` wrapped lines: outer headings give way
    ("… › ") to the nearest ones, which say most about the sentence."""
    parts = trail.split(SECTION_SEPARATOR)
    limit = lines * metrics.lineSpacing() + 1
    width = max(width, 120)
    for first in range(len(parts)):
        text = ("… › " if first else "") + SECTION_SEPARATOR.join(parts[first:])
        box = metrics.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, text)
        if box.height() <= limit:
            return text
    return metrics.elidedText(parts[-1], Qt.TextElideMode.ElideRight, width * lines - 20)


class NotesTabs(QTabWidget):
    """Rationale and evidence. Asks only for its minimum height: the panel sits in a
    scroll area that grows to the panel's preferred height, so anything more would
    scroll the footer off a laptop screen; the tabs still take every spare pixel."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.minimumSizeHint()


class ClaimPanel(QWidget):
    state_edited = Signal(object)  # AnnotationState
    mark_reviewed_and_next = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimPanel")
        self._state = AnnotationState()
        self._loading = False
        self._read_only = False
        self._sentence_id: int | None = None

        # Labels of document text (the sentence, its headings, the title) show it as text.
        self._position_label = plain_label()
        self._position_label.setObjectName("positionLabel")
        self._position_label.setWordWrap(True)
        self._section_label = plain_label()
        self._section_label.setObjectName("sectionLabel")
        self._section_label.setWordWrap(True)
        # Muted, yet readable: a disabled label is 1.6:1 on the window; this is >= 4.5:1.
        theme.set_muted(self._section_label)
        # Two lines at most, the nearest headings kept (the whole trail is in the
        # tooltip): the form below needs the room.
        self._section_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._section = ""
        self._sentence_label = plain_label()
        self._sentence_label.setWordWrap(True)
        self._sentence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._sentence_label.setObjectName("sentenceLabel")

        categories_box, self.category_buttons = self._button_grid(
            "Claim type",
            [(f"{i}  {term.label}", term) for i, term in enumerate(CATEGORIES, start=1)],
            self._toggle_category,
        )
        self.not_a_claim_button = self._toggle_button(f"0  {NOT_A_CLAIM.label}", NOT_A_CLAIM)
        self.not_a_claim_button.clicked.connect(self._toggle_not_a_claim)
        self._button_columns = 0
        self._categories_title = "Claim type"
        self.categories_box = categories_box
        verdict_box, self.verdict_buttons = self._button_grid(
            "Verdict",
            [(f"{VERDICT_KEYS[term.value]}  {term.label}", term) for term in VERDICTS],
            self._toggle_verdict,
        )
        # The legend of the tints in the text and the table: each verdict's colour on
        # its own button, named in the box's tooltip.
        for value, button in self.verdict_buttons.items():
            button.setIcon(theme.verdict_icon(value))
        verdict_box.setToolTip(verdict_legend_text())
        self.verdict_box = verdict_box

        self._details = details = QGridLayout()
        self._detail_pairs: list[tuple[QLabel, QComboBox]] = []
        self.evidence_combo = self._combo(EVIDENCE_TYPES, "evidence_type")
        self.citation_combo = self._combo(CITATION_ACCURACY, "citation_accuracy")
        self.certainty_combo = self._combo(CERTAINTY, "certainty")
        self.confidence_combo = QComboBox()
        self.confidence_combo.addItem("—", None)
        for n in CONFIDENCE_RANGE:
            self.confidence_combo.addItem(str(n), n)
        self.confidence_combo.currentIndexChanged.connect(
            lambda _: self._edit(confidence=self.confidence_combo.currentData())
        )
        # Two pairs a row where they fit (_arrange_details): four rows of one push the
        # rationale down on a laptop screen. Mnemonics avoid the menus' letters
        # (F E V D G A T H): Alt+E must open Edit.
        for text, combo, tip in (
            ("Evidence t&ype", self.evidence_combo, "E"),
            ("&Citation accuracy", self.citation_combo, ""),
            ("GRADE certai&nty", self.certainty_combo, ""),
            ("C&onfidence", self.confidence_combo, "Alt+1–5"),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            # Announced by name, not by its value ("—").
            combo.setAccessibleName(text.replace("&", ""))
            if tip:
                combo.setToolTip(f"Key: {tip}")
            self._detail_pairs.append((label, combo))

        self.rationale_edit = RationaleEdit()
        self.rationale_edit.setPlaceholderText("Why this verdict? (R to write, Esc to go back)")
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setAccessibleName("Rationale")
        self._rationale_timer = QTimer(self)
        self._rationale_timer.setSingleShot(True)
        self._rationale_timer.setInterval(RATIONALE_SAVE_DELAY_MS)
        self._rationale_timer.timeout.connect(self.flush_rationale)
        self.rationale_edit.textChanged.connect(self._on_rationale_typed)
        self.rationale_edit.left.connect(self.flush_rationale)

        self.reviewed_check = QCheckBox("Reviewed (M)")
        self.reviewed_check.setToolTip(
            "Reviewed: you said so (M, or Return to mark and go on). Tagging alone leaves"
            " a sentence In progress."
        )
        self.reviewed_check.clicked.connect(self._toggle_reviewed)
        self.next_button = QPushButton("Mark reviewed && next  ⏎")
        self.next_button.setAccessibleName("Mark reviewed and next")
        self.next_button.clicked.connect(self.mark_reviewed_and_next)
        # The actions, kept below the form by the page (outside its scroll area) so that
        # they are on screen at 768 px however tall the form is.
        self.action_bar = QWidget()
        self.action_bar.setObjectName("claimActions")
        footer = QHBoxLayout(self.action_bar)
        footer.setContentsMargins(9, 4, 9, 6)
        footer.addWidget(self.reviewed_check)
        footer.addStretch(1)
        footer.addWidget(self.next_button)

        # A pressed toggle must read as "on" at a glance, in light and dark palettes.
        self.setStyleSheet(
            "QPushButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); font-weight: bold; }"
            # A suggested type is outlined, never pressed: it is not the reviewer's yet.
            ' QPushButton[suggested="true"] { border: 2px dashed palette(highlight); }'
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self._position_label)
        layout.addWidget(self._section_label)
        layout.addWidget(self._sentence_label)
        layout.addWidget(categories_box)
        layout.addWidget(verdict_box)
        layout.addLayout(details)
        # Rationale and evidence share one place: both stacked do not fit a laptop screen.
        self.notes_tabs = NotesTabs()
        self.notes_tabs.setObjectName("notesTabs")
        self.notes_tabs.setDocumentMode(True)
        self.notes_tabs.addTab(self.rationale_edit, "&Rationale")
        self.notes_tabs.setAccessibleName("Rationale and evidence")
        layout.addWidget(self.notes_tabs, 1)
        # The reviewer's highlighted phrases, under the rationale (hidden while none).
        self.highlights_list = HighlightsList()
        layout.addWidget(self.highlights_list)
        layout.setSpacing(6)
        self._inputs: list[QWidget] = [
            categories_box,
            verdict_box,
            self.evidence_combo,
            self.citation_combo,
            self.certainty_combo,
            self.confidence_combo,
            self.rationale_edit,
            self.reviewed_check,
            self.next_button,
        ]
        self._arrange_buttons()
        self.show_sentence(None, "")

    def _fit_section(self) -> None:
        self._section_label.setText(
            fit_trail(self._section, self._section_label.fontMetrics(), self._section_label.width())
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_section()
        self._fit_categories_title()
        self._arrange_buttons()

    def _fit_categories_title(self) -> None:
        metrics = self.categories_box.fontMetrics()
        width = max(self.width() - 40, MIN_TITLE_WIDTH)
        title = metrics.elidedText(self._categories_title, Qt.TextElideMode.ElideRight, width)
        self.categories_box.setTitle(title)

    def _arrange_details(self, pairs_per_row: int) -> None:
        grid = self._details
        for label, combo in self._detail_pairs:
            grid.removeWidget(label)
            grid.removeWidget(combo)
        for index, (label, combo) in enumerate(self._detail_pairs):
            row, column = divmod(index, pairs_per_row)
            grid.addWidget(label, row, column * 2)
            grid.addWidget(combo, row, column * 2 + 1)
        for column in (1, 3):
            grid.setColumnStretch(column, 1 if column // 2 < pairs_per_row else 0)

    def _arrange_buttons(self) -> None:
        """Three buttons a row where they fit (two rows each: the rationale keeps its
        room at 768 px), else two a row rather than cut labels or scroll sideways."""
        widest = max(b.sizeHint().width() for b in self.verdict_buttons.values())
        pairs = sum(w.sizeHint().width() for pair in self._detail_pairs[:2] for w in pair)
        wide = self.width() >= max(3 * widest, pairs) + 50
        columns = BUTTON_COLUMNS if wide else 2
        if columns == self._button_columns:
            return
        self._button_columns = columns
        self._arrange_details(pairs_per_row=1 if columns < BUTTON_COLUMNS else 2)
        for box, buttons in (
            (self.categories_box, list(self.category_buttons.values())),
            (self.verdict_box, list(self.verdict_buttons.values())),
        ):
            grid = box.layout()
            assert isinstance(grid, QGridLayout)
            for button in buttons:
                grid.removeWidget(button)
            for i, button in enumerate(buttons):
                grid.addWidget(button, i // columns, i % columns)
        grid = self.categories_box.layout()
        grid.removeWidget(self.not_a_claim_button)
        row, column = divmod(len(self.category_buttons), columns)
        grid.addWidget(self.not_a_claim_button, row, column, 1, columns - column)

    def show_suggestion(self, values: frozenset[str], title: str, reasons: str) -> None:
        """Outline the suggested claim types and say so in the box's title (no extra
        line: the panel has none to spare); `values` empty clears it."""
        buttons = {**self.category_buttons, NOT_A_CLAIM.value: self.not_a_claim_button}
        for value, button in buttons.items():
            suggested = value in values
            if bool(button.property("suggested")) != suggested:
                button.setProperty("suggested", suggested)
                button.style().unpolish(button)
                button.style().polish(button)
        # A box's title sets its minimum width: cut short (whole in the tooltip) so that
        # a long suggestion never makes a narrow panel scroll sideways.
        self._categories_title = title if values else "Claim type"
        self._fit_categories_title()
        self.categories_box.setToolTip(tooltip_text(f"{title}\n\n{reasons}") if values else "")

    def add_tab(self, widget: QWidget, title: str) -> None:
        """A page beside the rationale that others fill (the evidence list)."""
        self.notes_tabs.addTab(widget, title)

    def set_tab_title(self, widget: QWidget, title: str) -> None:
        self.notes_tabs.setTabText(self.notes_tabs.indexOf(widget), title)

    def set_tab_alert(self, widget: QWidget, alert: bool, why: str = "") -> None:
        """A warning icon on a tab (the Evidence tab when a check flags the sentence):
        seen without opening the tab or scrolling to the check."""
        index = self.notes_tabs.indexOf(widget)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.notes_tabs.setTabIcon(index, icon if alert else QIcon())
        self.notes_tabs.setTabToolTip(index, why if alert else "")

    def show_tab(self, widget: QWidget) -> None:
        self.notes_tabs.setCurrentWidget(widget)

    # --- building -----------------------------------------------------------------

    def _button_grid(
        self, title: str, items: list[tuple[str, Term]], toggle: Callable[[str], None]
    ) -> tuple[QGroupBox, dict[str, QPushButton]]:
        """A titled grid of toggle buttons, one per term, keyed by value."""
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 6)
        grid.setVerticalSpacing(4)
        buttons: dict[str, QPushButton] = {}
        for text, term in items:  # placed by _arrange_buttons, by the panel's width
            button = self._toggle_button(text, term)
            button.clicked.connect(lambda _=False, v=term.value: toggle(v))
            buttons[term.value] = button
        return box, buttons

    def _toggle_button(self, text: str, term: Term) -> QPushButton:
        button = QPushButton(text)
        button.setCheckable(True)
        button.setToolTip(f"{term.label}: {term.description}" if term.description else term.label)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # Narrow panels take two buttons a row (_arrange_buttons), never a sideways scroll.
        button.setMinimumWidth(60)
        return button

    def _combo(self, terms: tuple[Term, ...], field_name: str) -> QComboBox:
        combo = QComboBox()
        # Long labels ("Systematic review / meta-analysis") must not widen the panel.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        combo.addItem("—", None)
        for term in terms:
            combo.addItem(term.label, term.value)
        combo.currentIndexChanged.connect(lambda _: self._edit(**{field_name: combo.currentData()}))
        return combo

    # --- showing ------------------------------------------------------------------------

    def show_sentence(self, row: SentenceRow | None, position_text: str) -> None:
        """Show a sentence and its state; emits nothing."""
        self.flush_rationale()
        self._sentence_id = None if row is None else row.id
        self._position_label.setText(position_text)
        self._section = "" if row is None else row.section
        self._section_label.setToolTip(tooltip_text(self._section))
        self._fit_section()
        self._sentence_label.setText(
            "No sentence selected" if row is None else row.text.replace("\t", "  |  ")
        )
        self._show_state(AnnotationState() if row is None else row.state, reset_rationale=True)
        for widget in self._inputs:
            widget.setEnabled(row is not None and not self._read_only)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in self._inputs:
            widget.setEnabled(self._sentence_id is not None and not read_only)

    def show_state(self, state: AnnotationState) -> None:
        """Reflect a saved state (after an edit, undo or redo)."""
        self._show_state(state, reset_rationale=not self.rationale_edit.hasFocus())

    def _show_state(self, state: AnnotationState, *, reset_rationale: bool) -> None:
        self._loading = True
        try:
            self._state = state
            for value, button in self.category_buttons.items():
                button.setChecked(value in state.categories)
            self.not_a_claim_button.setChecked(state.not_a_claim)
            for value, button in self.verdict_buttons.items():
                button.setChecked(value == state.verdict)
            for combo, value in (
                (self.evidence_combo, state.evidence_type),
                (self.citation_combo, state.citation_accuracy),
                (self.certainty_combo, state.certainty),
                (self.confidence_combo, state.confidence),
            ):
                combo.setCurrentIndex(max(combo.findData(value), 0))
            if reset_rationale and self.rationale_edit.toPlainText() != state.rationale:
                self._rationale_timer.stop()
                self.rationale_edit.setPlainText(state.rationale)
            self.reviewed_check.setChecked(state.status == STATUS_FINAL)
        finally:
            self._loading = False

    # --- editing ----------------------------------------------------------------------

    def _edit(self, **changes: object) -> None:
        if self._loading or self._sentence_id is None:
            return
        new_state = self._state.with_changes(**changes)
        if new_state != self._state:
            self._state = new_state
            self.state_edited.emit(new_state)

    def _toggle_category(self, value: str) -> None:
        categories = set(self._state.categories) ^ {value}
        self._edit(categories=frozenset(categories), not_a_claim=False)

    def _toggle_not_a_claim(self) -> None:
        if self._state.not_a_claim:
            self._edit(not_a_claim=False)
        else:
            self._edit(not_a_claim=True, categories=frozenset())

    def _toggle_verdict(self, value: str) -> None:
        self._edit(verdict=None if self._state.verdict == value else value)

    def _toggle_reviewed(self) -> None:
        final = self._state.status != STATUS_FINAL
        self._edit(status=STATUS_FINAL if final else STATUS_DRAFT)

    def _on_rationale_typed(self) -> None:
        if not self._loading:
            self._rationale_timer.start()

    def flush_rationale(self) -> None:
        """Save the rationale now if it differs from the saved one."""
        self._rationale_timer.stop()
        text = self.rationale_edit.toPlainText()
        if text != self._state.rationale:
            self._edit(rationale=text)

    # --- keyboard entry points (the controller's actions call these) -------------------

    def toggle_category(self, value: str) -> None:
        self._toggle_category(value)

    def toggle_not_a_claim(self) -> None:
        self._toggle_not_a_claim()

    def toggle_verdict(self, value: str) -> None:
        self._toggle_verdict(value)

    def toggle_confidence(self, value: int) -> None:
        self._edit(confidence=None if self._state.confidence == value else value)

    def toggle_reviewed(self) -> None:
        self._toggle_reviewed()

    def current_state(self) -> AnnotationState:
        return self._state
