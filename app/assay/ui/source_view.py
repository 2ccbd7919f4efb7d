"""The rendered document, with the sentence under review highlighted.

Every sentence with a verdict is tinted by it; the current sentence gets the
palette's highlight. Clicking a sentence selects it; Up/Down step through sentences
(the view is a reading surface, not an editor, so the caret keys are free).
Words of the current sentence are selected with the mouse or Shift+Left/Right
(Ctrl+Shift by word) for `H` to highlight; highlights are drawn underlined.

Tints are extra selections for the sentences on screen only, redone as the view
scrolls: Qt walks every extra selection on every paint, so one per tinted sentence
made each paint and each verdict key cost in proportion to the whole document.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from assay.core.model import Block, Span
from assay.ui import theme
from assay.ui.after_paint import AfterNextPaint
from assay.ui.document_builder import build_document, mark_numbers
from assay.ui.text_offsets import Utf16Offsets

# A sentence of the shown document: (id, start, end, verdict). A plain tuple: a
# million are made in a blink, and the store's rows pass as they are.
SentenceSpan = tuple[int, int, int, str | None]
MARK_STEP_S = 0.015  # number marking per turn of the event loop
MAX_VISIBLE_CHARACTERS = 30_000  # a full 4K screen of small print holds about half


class SourceView(QTextEdit):
    sentence_clicked = Signal(int)
    step_requested = Signal(int)  # +1 next sentence, -1 previous

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Document text")
        self._offsets = Utf16Offsets("")
        # The shown document's sentences in text order, as parallel columns.
        self._ids: Sequence[int] = ()
        self._starts: Sequence[int] = ()
        self._ends: Sequence[int] = ()
        self._index_of_id: dict[int, int] = {}
        self._verdicts: dict[int, str] = {}  # sentence id -> verdict, tinted ones only
        self._current: int | None = None
        self.document_id: int | None = None
        self._text = ""  # the shown document's plain text (code points)
        self._search: re.Pattern[str] | None = None  # the search box's words, marked
        self._highlights: list[tuple[int, int]] = []  # (start, end): the reviewer's phrases
        self._number_steps: Iterator[None] | None = None
        self._marking = QTimer(self)
        self._marking.setInterval(0)
        self._marking.timeout.connect(self._mark_some_numbers)
        for bar in (self.verticalScrollBar(), self.horizontalScrollBar()):
            bar.valueChanged.connect(lambda _value: self._refresh_selections())

    # --- content -------------------------------------------------------------------

    def show_document(
        self,
        document_id: int,
        text: str,
        blocks: Sequence[Block],
        spans: Sequence[Span],
        sentences: Iterable[SentenceSpan],
    ) -> None:
        sentences = _in_text_order(sentences)
        self._forget_sentences()  # nothing refers to the old text while the new one arrives
        document, self._offsets = build_document(
            text, blocks, spans, self.font(), [s[1] for s in sentences]
        )
        document.setParent(self)
        self.setDocument(document)
        self.document_id = document_id
        self._text = text
        self.set_sentences(sentences)
        # Numbers are marked once the text is on screen (the first paint waits for
        # nothing), a few milliseconds at a time (keys are handled in between).
        offsets = self._offsets
        AfterNextPaint(self.viewport(), lambda: self._start_marking(document, text, offsets))

    def _start_marking(self, document: QTextDocument, text: str, offsets: Utf16Offsets) -> None:
        # Still showing that text: a review closed before the first paint has emptied
        # the same QTextDocument (clear), and its offsets would point past its end.
        if self.document() is document and self._text is text:
            self._number_steps = mark_numbers(document, text, offsets)
            self._marking.start()

    def _mark_some_numbers(self) -> None:
        deadline = time.perf_counter() + MARK_STEP_S
        steps = self._number_steps
        while steps is not None and time.perf_counter() < deadline:
            if next(steps, StopIteration) is StopIteration:
                steps = self._number_steps = None
        if steps is None:
            self._marking.stop()

    def set_sentences(self, sentences: Iterable[SentenceSpan]) -> None:
        """The shown document's sentences (id, start, end, verdict), without rebuilding
        its text."""
        spans = _in_text_order(sentences)
        if spans:
            self._ids, self._starts, self._ends, verdicts = zip(*spans, strict=True)
        else:
            self._ids, self._starts, self._ends, verdicts = (), (), (), ()
        self._index_of_id = dict(zip(self._ids, range(len(self._ids)), strict=True))
        self._verdicts = {i: v for i, v in zip(self._ids, verdicts, strict=True) if v is not None}
        if self._current not in self._index_of_id:
            self._current = None
        self._refresh_selections()

    def clear_document(self) -> None:
        self._forget_sentences()
        self.clear()
        self.document_id = None
        self._text = ""

    def _forget_sentences(self) -> None:
        self._number_steps = None  # they mark the document being replaced
        self._marking.stop()
        self._highlights = []  # positions in the text being replaced (the flow sets them again)
        self._ids, self._starts, self._ends = (), (), ()
        self._index_of_id, self._verdicts = {}, {}
        self._current = None

    def has_sentence(self, sentence_id: int) -> bool:
        return sentence_id in self._index_of_id

    # --- highlight and tint ----------------------------------------------------------

    def set_current(self, sentence_id: int | None) -> None:
        self._current = sentence_id if sentence_id in self._index_of_id else None
        if self._current is not None:
            self._scroll_into_view(self._index_of_id[self._current])
        self._refresh_selections()

    def set_verdict(self, sentence_id: int, verdict: str | None) -> None:
        if sentence_id not in self._index_of_id:
            return
        if verdict is None:
            self._verdicts.pop(sentence_id, None)
        else:
            self._verdicts[sentence_id] = verdict
        self._refresh_selections()

    def set_search(self, text: str) -> None:
        """Mark where the search box's text occurs (case-insensitively) in the
        sentences on screen; "" marks nothing."""
        needle = text.strip()
        pattern = re.compile(re.escape(needle), re.IGNORECASE) if needle else None
        if pattern != self._search:
            self._search = pattern
            self._refresh_selections()

    def _search_selections(self) -> list[QTextEdit.ExtraSelection]:
        """One selection per match, in the palette's own selection colours (readable in
        the light and the dark palette), over the sentences on screen only."""
        if self._search is None or not self._starts:
            return []
        shown = self.visible_sentences()
        if not shown:
            return []
        lo, hi = self._starts[shown[0]], self._ends[shown[-1]]
        char_format = QTextCharFormat()
        char_format.setBackground(self.palette().color(QPalette.ColorRole.Highlight))
        char_format.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
        selections = []
        for match in self._search.finditer(self._text, lo, hi):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_utf16(match.start()))
            cursor.setPosition(self._offsets.to_utf16(match.end()), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor, selection.format = cursor, char_format
            selections.append(selection)
        return selections

    def set_highlights(self, spans: Sequence[tuple[int, int]]) -> None:
        """The reviewer's highlighted phrases in the shown document (code points)."""
        spans = sorted(spans)
        if spans != self._highlights:
            self._highlights = spans
            self._refresh_selections()

    def highlight_spans(self) -> list[tuple[int, int]]:
        return list(self._highlights)

    def _highlight_selections(self) -> list[QTextEdit.ExtraSelection]:
        """Underlined on a stronger tint, over the current sentence's own: few per
        document, so all are kept (Qt skips those off screen cheaply)."""
        if not self._highlights:
            return []
        char_format = QTextCharFormat()
        char_format.setBackground(theme.highlight_phrase_color())
        char_format.setFontUnderline(True)
        char_format.setUnderlineColor(self.palette().color(QPalette.ColorRole.Text))
        selections = []
        for start, end in self._highlights:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_utf16(start))
            cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor, selection.format = cursor, char_format
            selections.append(selection)
        return selections

    def selected_range(self) -> tuple[int, int] | None:
        """The selected text as (start, end) code points, or None when nothing is."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return (
            self._offsets.to_code_point(cursor.selectionStart()),
            self._offsets.to_code_point(cursor.selectionEnd()),
        )

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def _extend_selection(self, forward: bool, by_word: bool) -> None:
        """Shift+Left/Right: grow or shrink the selection inside the current sentence,
        starting at its first (or last) character when the selection is elsewhere."""
        if self._current is None:
            return
        index = self._index_of_id[self._current]
        lo = self._offsets.to_utf16(self._starts[index])
        hi = self._offsets.to_utf16(self._ends[index])
        cursor = self.textCursor()
        if not (lo <= cursor.anchor() <= hi and lo <= cursor.position() <= hi):
            cursor.setPosition(lo if forward else hi)
        Move = QTextCursor.MoveOperation
        if by_word:
            operation = Move.NextWord if forward else Move.PreviousWord
        else:
            operation = Move.NextCharacter if forward else Move.PreviousCharacter
        cursor.movePosition(operation, QTextCursor.MoveMode.KeepAnchor)
        cursor.setPosition(min(max(cursor.position(), lo), hi), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def search_matches(self) -> list[tuple[int, int]]:
        """(start, end) of every marked match on screen: what a test or a screen reader
        can ask."""
        return [
            (self._offsets.to_code_point(s.cursor.selectionStart()),
             self._offsets.to_code_point(s.cursor.selectionEnd()))
            for s in self._search_selections()
        ]  # fmt: skip

    def current_sentence(self) -> int | None:
        return self._current

    def visible_sentences(self) -> range:
        """Indexes (in text order) of the sentences on screen, or partly on screen."""
        if not self._starts:
            return range(0)
        viewport = self.viewport()
        # Inside the document's margin: a hit above the first line answers the end of
        # what Qt has laid out so far, and so may one below the part laid out.
        margin = int(self.document().documentMargin()) + 1
        y = max(0, margin - self.verticalScrollBar().value())
        top = self.cursorForPosition(QPoint(margin, y)).position()
        bottom = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        if not top <= bottom <= top + MAX_VISIBLE_CHARACTERS:
            bottom = top + MAX_VISIBLE_CHARACTERS  # no screen holds more than this
        first = max(0, bisect_right(self._starts, self._offsets.to_code_point(top)) - 1)
        last = bisect_right(self._starts, self._offsets.to_code_point(bottom))
        return range(first, last)

    def _selection_for(self, index: int, color: QColor) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(self._starts[index]))
        cursor.setPosition(
            self._offsets.to_utf16(self._ends[index]), QTextCursor.MoveMode.KeepAnchor
        )
        selection.cursor = cursor
        char_format = QTextCharFormat()
        char_format.setBackground(color)
        selection.format = char_format
        return selection

    def _refresh_selections(self) -> None:
        """Tints for the sentences on screen, then the current sentence on top."""
        selections = []
        if self._verdicts:
            ids, verdicts = self._ids, self._verdicts
            for index in self.visible_sentences():
                color = theme.verdict_tint(verdicts.get(ids[index]))
                if color is not None:
                    selections.append(self._selection_for(index, color))
        if self._current is not None:
            current = self._index_of_id[self._current]
            selections.append(self._selection_for(current, theme.current_sentence_color()))
        selections.extend(self._highlight_selections())
        selections.extend(self._search_selections())
        self.setExtraSelections(selections)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._refresh_selections()  # more or fewer sentences on screen

    def _scroll_into_view(self, index: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(self._starts[index]))
        top = self.cursorRect(cursor).top()
        cursor.setPosition(self._offsets.to_utf16(self._ends[index]))
        bottom = self.cursorRect(cursor).bottom()
        height = self.viewport().height()
        # Keep the sentence in the upper-middle band, where the eye rests while reading.
        if top < height * 0.15 or bottom > height * 0.85:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + top - int(height * 0.3))

    # --- input -------------------------------------------------------------------------

    def sentence_at_position(self, utf16_position: int) -> int | None:
        code_point = self._offsets.to_code_point(utf16_position)
        index = bisect_right(self._starts, code_point) - 1
        if index < 0:
            return None
        return self._ids[index] if code_point <= self._ends[index] else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return  # a drag selects text to copy; only a plain click picks a sentence
        position = self.cursorForPosition(event.position().toPoint()).position()
        sentence_id = self.sentence_at_position(position)
        if sentence_id is not None:
            self.sentence_clicked.emit(sentence_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift, ctrl = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and modifiers in (
            shift,
            shift | ctrl,
        ):
            self._extend_selection(event.key() == Qt.Key.Key_Right, bool(modifiers & ctrl))
            return
        if event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if event.key() == Qt.Key.Key_Down:
                self.step_requested.emit(1)
                return
            if event.key() == Qt.Key.Key_Up:
                self.step_requested.emit(-1)
                return
        super().keyPressEvent(event)


def _in_text_order(sentences: Iterable[SentenceSpan]) -> list[SentenceSpan]:
    # Already in order from the store: timsort then only checks it (one pass).
    return sorted(sentences, key=itemgetter(1))
