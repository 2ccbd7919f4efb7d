"""The References pane: every work the current document cites, the sentences citing
it with their verdicts, and, for the selected work, its spellings with what differs
highlighted (a possible citation error).

Widgets only; ReferencesFlow (ui/references_flow.py) fills it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assay.ui import theme
from assay.ui.plain_text import plain_label, tooltip_text

if TYPE_CHECKING:  # the text layer (and rapidfuzz) load when the pane is first filled
    from assay.evidence.reference_groups import FieldDifference, Work

SENTENCE_ROLE = Qt.ItemDataRole.UserRole + 1
WORK_ROLE = Qt.ItemDataRole.UserRole + 2
_MARK_TEXT, _MARK_BACKGROUND = theme.MARK_COLORS
NEAR_MISS_LABEL = "⚠ possible mis-citation"
_MARK = f'<span style="background:{_MARK_BACKGROUND};color:{_MARK_TEXT}">{{}}</span>'


class ReferencesPanel(QWidget):
    sentence_chosen = Signal(int)
    work_selected = Signal(int)  # work index
    work_activated = Signal(int)  # Enter or a double-click on a work: its near misses

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("referencesTree")
        self.tree.setAccessibleName("Works cited")
        self.tree.setHeaderLabels(["Work", "Cited by", "Verdicts", "Library"])
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the work's name
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.detail = QTextBrowser()
        self.detail.setObjectName("referenceDetail")
        self.detail.setAccessibleName("The work's spellings and details")
        self.detail.setOpenLinks(False)  # its HTML is Assay's, every outside text escaped
        self.detail.setOpenExternalLinks(False)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.currentItemChanged.connect(self._on_current)

    def show_works(
        self,
        works: Sequence[Work],
        citing: dict[int, list[tuple[int, str, str]]],  # work -> (sentence id, text, verdict)
        library: dict[int, str] | None = None,  # work -> "✓" or "⚠ year" (in the library)
        near_misses: dict[int, str] | None = None,  # work -> why it may be miscited
    ) -> None:
        library = library or {}
        near_misses = near_misses or {}
        self.tree.clear()
        flagged = 0
        for index, work in enumerate(works):
            sentences = citing.get(index, [])
            verdicts = sorted({verdict for _, _, verdict in sentences if verdict})
            name = work_name(work)
            if work.differences:
                flagged += 1
                name += "  ⚠"
            item = QTreeWidgetItem(
                [name, str(len(sentences)), ", ".join(verdicts), library.get(index, "")]
            )
            item.setData(0, WORK_ROLE, index)
            item.setToolTip(0, tooltip_text(work.canonical.raw))
            if index in near_misses:  # a possible citation error: marked and explained
                item.setText(3, NEAR_MISS_LABEL)
                item.setBackground(3, QColor(_MARK_BACKGROUND))
                item.setForeground(3, QColor(_MARK_TEXT))
                item.setToolTip(3, tooltip_text(near_misses[index]))
            for sentence_id, text, verdict in sentences:
                child = QTreeWidgetItem([text, "", verdict])
                child.setData(0, SENTENCE_ROLE, sentence_id)
                child.setToolTip(0, tooltip_text(text))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        in_library = f" {len(library)} found in your library." if library else ""
        if near_misses:
            in_library += f" {len(near_misses)} possible citation error(s) ({NEAR_MISS_LABEL})."
        self.summary.setText(
            f"{len(works)} work(s) cited; {flagged} written in more than one way (⚠).{in_library}"
            if works
            else "This document lists no references."
        )
        self.detail.clear()

    def show_detail(self, work: Work, extra_html: str = "") -> None:
        self.detail.setHtml(variants_html(work) + extra_html)

    def _on_activated(self, item: QTreeWidgetItem) -> None:
        sentence_id = item.data(0, SENTENCE_ROLE)
        if sentence_id is not None:
            self.sentence_chosen.emit(sentence_id)
        elif item.parent() is None:
            self.work_activated.emit(item.data(0, WORK_ROLE))

    def _on_current(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        top = item if item.parent() is None else item.parent()
        self.work_selected.emit(top.data(0, WORK_ROLE))


def work_name(work: Work) -> str:
    ref = work.canonical
    author = ref.first_author_surname or ref.title[:40] or ref.raw[:40]
    more = " et al." if len(ref.authors) > 1 or ref.et_al else ""
    journal = f", {ref.journal}" if ref.journal else ""
    return f"{author}{more} {ref.year or 'n.d.'}{journal}"


def variants_html(work: Work) -> str:
    """Each spelling as written; in the others, what differs from the first is marked."""
    parts = [f"<p><b>{html.escape(work_name(work))}</b></p>"]
    for number, variant in enumerate(work.variants):
        count = len(variant.entries)
        label = "as most often written" if number == 0 else f"spelling {number + 1}"
        parts.append(
            f"<p><i>{label} ({count} time{'s' if count != 1 else ''}):</i><br>"
            f"{html.escape(variant.reference.raw)}</p>"
        )
        for difference in (d for d in work.differences if d.variant == number):
            parts.append(f"<p style='margin-left:12px'>{difference_html(difference)}</p>")
    if not work.differences:
        parts.append("<p>Every entry writes this work the same way.</p>")
    return "".join(parts)


def difference_html(difference: FieldDifference) -> str:
    """“canonical” → “value”, with the changed characters of the value marked."""
    value = difference.value
    pieces: list[str] = []
    done = 0
    for _tag, _i1, _i2, j1, j2 in difference.ops:
        pieces.append(html.escape(value[done:j1]))
        changed = value[j1:j2]
        pieces.append(_MARK.format(html.escape(changed)) if changed else "<s>&nbsp;</s>")
        done = j2
    pieces.append(html.escape(value[done:]))
    return (
        f"{html.escape(difference.field)}: “{html.escape(difference.canonical)}” → "
        f"“{''.join(pieces)}”"
    )


def library_html(entry: object, mismatches: Sequence[object], method: str) -> str:
    """The matched library entry: what the reviewer's own library says about the work."""
    fields = [
        ("Title", getattr(entry, "title", "")),
        ("Authors", ", ".join(getattr(entry, "authors", ()))),
        ("Journal", getattr(entry, "journal", "")),
        ("Year", str(getattr(entry, "year", "") or "")),
        ("DOI", getattr(entry, "doi", "")),
        ("Abstract", getattr(entry, "abstract", "")),
    ]
    rows = "".join(
        f"<tr><td><i>{name}</i></td><td>{html.escape(value)}</td></tr>"
        for name, value in fields
        if value
    )
    flags = "".join(
        f"<li>⚠ {html.escape(m.field)}: “{html.escape(m.in_document)}” in the text, "
        f"“{html.escape(m.in_library)}” in your library</li>"
        for m in mismatches
    )
    warning = f"<ul>{flags}</ul>" if flags else "<p>Text and library agree.</p>"
    heading = f"<hr><p><b>In your library</b> (matched by {html.escape(method)}):</p>"
    return f"{heading}<table>{rows}</table>{warning}"
