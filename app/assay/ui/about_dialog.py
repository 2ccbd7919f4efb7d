"""Help ▸ About: the version, the licence, the third-party licences, and the icon."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from assay.services.about import Component

ICON_RESOURCE = "assay.svg"


def application_icon() -> QIcon:
    """The window icon, drawn from the SVG source (Qt's SVG icon engine scales it);
    an empty icon if the resource is missing."""
    try:
        path = resources.files("assay.resources").joinpath(ICON_RESOURCE)
    except ModuleNotFoundError:
        return QIcon()
    return QIcon(str(path)) if path.is_file() else QIcon()


def components_text(components: list[Component]) -> str:
    """One line per runtime dependency: name, installed version, declared licence."""
    lines = []
    for item in components:
        version = item.version or "not installed"
        licence = item.licence or "licence not declared in its metadata"
        lines.append(f"{item.name} {version} — {licence}")
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        from assay.services import about  # package metadata: read when the box opens

        super().__init__(parent)
        self.setWindowTitle("About Assay")
        self.setObjectName("aboutDialog")
        icon = QLabel()
        icon.setPixmap(application_icon().pixmap(64, 64))
        icon.setAccessibleName("Assay icon")
        self.summary = QLabel(
            f"<h2>Assay {about.version()}</h2>"
            "<p>An offline reviewer for the claims in scientific and health texts.</p>"
            f"<p>Licence: {about.LICENCE} (see the LICENSE file). Assay runs on Qt for "
            "Python (PySide6, LGPL-3.0) and reads PDFs with PDFium (BSD-3-Clause and "
            "Apache-2.0); the libraries it uses and their licences are listed below. "
            "<i>Third-party notices</i> holds their licence texts and how to replace the "
            "Qt libraries in a packaged Assay.</p>"
        )
        self.summary.setObjectName("aboutSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QHBoxLayout()
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.summary, 1)
        self.components = self._text_tab("aboutComponents", components_text(about.components()))
        self.notices = self._text_tab("aboutNotices", about.notices_text())
        tabs = QTabWidget()
        tabs.addTab(self.components, "&Libraries")
        tabs.addTab(self.notices, "&Third-party notices")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(620, 520)

    @staticmethod
    def _text_tab(name: str, text: str) -> QPlainTextEdit:
        view = QPlainTextEdit(text)
        view.setObjectName(name)
        view.setAccessibleName(name.removeprefix("about"))
        view.setReadOnly(True)
        return view
