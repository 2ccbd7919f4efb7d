"""The rendered document, with the sentence under review highlighted.

Every sentence with a verdict is tinted by it; the current sentence gets the
palette's highlight. Clicking a sentence selects it; Up/Down step through sentences
(the view is a reading surface, not an editor, so the caret keys are free).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from assay.core.model import Block, Span
from assay.ui import theme
from assay.ui.after_paint import AfterNextPaint
from assay.ui.document_builder import build_document, mark_numbers
from assay.ui.text_offsets import Utf16Offsets


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    id: int
    start: int
    end: int
    verdict: str | None = None


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
        self._starts: list[int] = []
        self._spans: list[SentenceSpan] = []
        self._index_of_id: dict[int, int] = {}
        self._tints: dict[int, QTextEdit.ExtraSelection] = {}
        self._current: int | None = None
        self.document_id: int | None = None

    # --- content -------------------------------------------------------------------

    def show_document(
        self,
        document_id: int,
        text: str,
        blocks: Sequence[Block],
        spans: Sequence[Span],
        sentences: Iterable[SentenceSpan],
    ) -> None:
        document, self._offsets = build_document(text, blocks, spans, self.font())
        document.setParent(self)
        self.setDocument(document)
        self.document_id = document_id
        self._current = None
        self.set_sentences(sentences)
        # Numbers are marked once the text is on screen (the first paint waits for nothing).
        offsets = self._offsets
        AfterNextPaint(
            self.viewport(),
            lambda: mark_numbers(document, text, offsets) if self.document() is document else None,
        )

    def set_sentences(self, sentences: Iterable[SentenceSpan]) -> None:
        """The shown document's sentences and verdicts, without rebuilding its text."""
        self._spans = sorted(sentences, key=lambda s: s.start)
        self._starts = [s.start for s in self._spans]
        self._index_of_id = {s.id: i for i, s in enumerate(self._spans)}
        self._tints = {}
        for span in self._spans:
            self._set_tint(span.id, span.verdict)
        if self._current not in self._index_of_id:
            self._current = None
        self._refresh_selections()

    def clear_document(self) -> None:
        self.clear()
        self.document_id = None
        self._spans, self._starts, self._index_of_id, self._tints = [], [], {}, {}
        self._current = None

    def has_sentence(self, sentence_id: int) -> bool:
        return sentence_id in self._index_of_id

    # --- highlight and tint ----------------------------------------------------------

    def set_current(self, sentence_id: int | None) -> None:
        self._current = sentence_id if sentence_id in self._index_of_id else None
        self._refresh_selections()
        if self._current is not None:
            self._scroll_into_view(self._spans[self._index_of_id[self._current]])

    def set_verdict(self, sentence_id: int, verdict: str | None) -> None:
        if sentence_id in self._index_of_id:
            self._set_tint(sentence_id, verdict)
            self._refresh_selections()

    def current_sentence(self) -> int | None:
        return self._current

    def _selection_for(self, span: SentenceSpan, color) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(span.start))
        cursor.setPosition(self._offsets.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        char_format = QTextCharFormat()
        char_format.setBackground(color)
        selection.format = char_format
        return selection

    def _set_tint(self, sentence_id: int, verdict: str | None) -> None:
        color = theme.verdict_tint(verdict)
        if color is None:
            self._tints.pop(sentence_id, None)
            return
        span = self._spans[self._index_of_id[sentence_id]]
        self._tints[sentence_id] = self._selection_for(span, color)

    def _refresh_selections(self) -> None:
        selections = list(self._tints.values())
        if self._current is not None:
            span = self._spans[self._index_of_id[self._current]]
            current = self._selection_for(span, theme.current_sentence_color())
            selections.append(current)
        self.setExtraSelections(selections)

    def _scroll_into_view(self, span: SentenceSpan) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(span.start))
        top = self.cursorRect(cursor).top()
        cursor.setPosition(self._offsets.to_utf16(span.end))
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
        span = self._spans[index]
        return span.id if code_point <= span.end else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return  # a drag selects text to copy; only a plain click picks a sentence
        position = self.cursorForPosition(event.position().toPoint()).position()
        sentence_id = self.sentence_at_position(position)
        if sentence_id is not None:
            self.sentence_clicked.emit(sentence_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if event.key() == Qt.Key.Key_Down:
                self.step_requested.emit(1)
                return
            if event.key() == Qt.Key.Key_Up:
                self.step_requested.emit(-1)
                return
        super().keyPressEvent(event)
