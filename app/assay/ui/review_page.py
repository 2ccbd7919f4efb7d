"""The review page: document text and claim panel side by side, the table below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assay.ui.claim_panel import ClaimPanel
from assay.ui.sentence_model import SentenceTableModel
from assay.ui.sentence_table import SentenceTable
from assay.ui.source_view import SourceView


class ReviewPage(QWidget):
    def __init__(self, model: SentenceTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = QLabel()
        self.notice.setObjectName("readOnlyNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "QLabel#readOnlyNotice { background: #8a6d00; color: white; padding: 6px 10px; }"
        )
        self.notice.hide()

        self.document_combo = QComboBox()
        self.document_combo.setObjectName("documentCombo")
        self.document_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        document_label = QLabel("&Document:")
        document_label.setBuddy(self.document_combo)
        document_bar = QHBoxLayout()
        document_bar.addWidget(document_label)
        document_bar.addWidget(self.document_combo, 1)

        self.source_view = SourceView()
        self.claim_panel = ClaimPanel()
        panel_scroll = QScrollArea()
        panel_scroll.setWidget(self.claim_panel)
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setMinimumWidth(340)
        panel_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        text_side = QWidget()
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addLayout(document_bar)
        text_layout.addWidget(self.source_view, 1)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(text_side)
        top.addWidget(panel_scroll)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setChildrenCollapsible(False)

        self.table = SentenceTable(model)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))


class EmptyPage(QWidget):
    """What the window shows with no review open: what to do next, with the keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(
            "<h2>No review open</h2>"
            "<p>Open a review with <b>Ctrl+O</b>, create one with <b>Ctrl+N</b>,<br>"
            "or drop a review file or a document on this window.</p>"
            "<p>Press <b>F1</b> for the keyboard map.</p>"
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
