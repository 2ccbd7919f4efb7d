"""Text from documents, bundles, libraries and file names, shown as the characters it is.

Qt renders a label, message box or tooltip as HTML whenever its text merely looks like
HTML (`Qt.AutoText`, `Qt.mightBeRichText`): a reviewer name `<img src="file:///…">`
from a bundle made Qt open a local file, and `<a href=…>` became a link. Every widget
that shows such text goes through here: plain-text labels and message boxes, escaped
rich text where a widget needs bold, and tooltips escaped when Qt would read them as
HTML.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

escape = html.escape  # for the parts of a rich label that come from outside


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    make_plain(label)
    label.setText(text)
    return label


def make_plain(label: QLabel) -> QLabel:
    """`label` shows its text as is, and never opens a link."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    return label


def rich_label(html_text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label of Assay's own markup, with anything from outside passed through
    `escape`; links are neither followed nor clickable."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setText(html_text)
    return label


def tooltip_text(text: str) -> str:
    """`text` for setToolTip: unchanged when Qt would show it as plain text anyway,
    else escaped into a paragraph of HTML that shows the same characters."""
    if not text or not QtGuiNamespace.mightBeRichText(text):
        return text
    return QtGuiNamespace.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def no_mnemonic(text: str) -> str:
    """A name inside a button, radio button or menu text: "R&D" must not underline D."""
    return text.replace("&", "&&")


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    informative: str = "",
) -> QMessageBox:
    """A message box whose texts are shown as plain text (QMessageBox would render
    HTML-looking text, and its labels open links by default)."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    for label in box.findChildren(QLabel):
        make_plain(label)
    return box
