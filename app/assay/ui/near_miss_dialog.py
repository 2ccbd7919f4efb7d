"""A possible citation error side by side: the document's citation and the library
entry it probably meant, field by field, with what differs marked (Enter or a
double-click on a flagged work in the References pane)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from assay.ui import theme

if TYPE_CHECKING:
    from assay.evidence.library_formats import LibraryEntry
    from assay.evidence.near_miss import FieldComparison, NearMiss

_MARK_TEXT, _MARK_BACKGROUND = theme.MARK_COLORS
_MARK = f'<span style="background:{_MARK_BACKGROUND};color:{_MARK_TEXT}">{{}}</span>'
FIELD_NAMES = {
    "title": "Title", "authors": "Authors", "journal": "Journal", "year": "Year",
    "volume": "Volume", "issue": "Issue", "pages": "Pages", "doi": "DOI", "pmid": "PMID",
}  # fmt: skip


def _marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    pieces, done = [], 0
    for start, end in spans:
        pieces.append(html.escape(text[done:start]))
        if end > start:
            pieces.append(_MARK.format(html.escape(text[start:end])))
        done = end
    pieces.append(html.escape(text[done:]))
    return "".join(pieces) or "<i>—</i>"


def field_row(comparison: FieldComparison) -> str:
    name = FIELD_NAMES.get(comparison.field, comparison.field)
    document = _marked(comparison.in_document, [(i1, i2) for i1, i2, _, _ in comparison.ops])
    library = _marked(comparison.in_library, [(j1, j2) for _, _, j1, j2 in comparison.ops])
    flag = f"⚠ <b>{name}</b> differs" if comparison.differs else name
    return f"<tr><td>{flag}</td><td>{document}</td><td>{library}</td></tr>"


def comparison_html(citation: str, misses: Sequence[tuple[NearMiss, LibraryEntry]]) -> str:
    """Each near miss as a three-column table: field, the document, the library."""
    parts = [f"<p><b>Possible citation error:</b> {html.escape(citation)}</p>"]
    for miss, entry in misses:
        differs = ", ".join(FIELD_NAMES.get(f, f).lower() for f in miss.differs) or "nothing"
        parts.append(
            f"<p>Your library holds “{html.escape(entry.title)}” ({html.escape(miss.why)}); "
            f"differs: {html.escape(differs)}.</p>"
            "<table border='1' cellspacing='0' cellpadding='3'>"
            "<tr><th></th><th>In the document</th><th>In your library</th></tr>"
            + "".join(field_row(f) for f in miss.fields if f.in_document or f.in_library)
            + "</table>"
        )
    return "".join(parts)


class NearMissDialog(QDialog):
    def __init__(
        self, citation: str, misses: Sequence[tuple[NearMiss, LibraryEntry]], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Possible citation error")
        self.view = QTextBrowser()
        self.view.setObjectName("nearMissView")
        self.view.setAccessibleName("The citation beside your library's entry")
        self.view.setOpenLinks(False)
        self.view.setHtml(comparison_html(citation, misses))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(760, 420)
