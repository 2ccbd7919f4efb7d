"""Plain text stays plain: names, titles, sentences, file names and messages from
documents and bundles show as the characters they are, in every label, dialog and
tooltip, and never become images or links (issue 10).

Qt renders a label, message box or tooltip as HTML when its text merely looks like
HTML (Qt.AutoText). `shows` below reproduces that rule, so each test checks what the
reviewer would see, not how the widget was configured.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QListWidget, QMessageBox, QWidget

from assay.core.model import (
    AnnotationState,
    Block,
    BlockKind,
    ParsedDocument,
    Reviewer,
    Segment,
)
from assay.services import config
from assay.services.agreement import Adjudication, ReviewerDecision
from assay.services.exchange import export_bundle
from assay.services.session import ReviewSession
from assay.ui import dialogs
from assay.ui import main_window as main_window_module
from assay.ui.background import BackgroundTask
from assay.ui.evidence_dialog import EvidenceDialog
from assay.ui.plain_text import message_box, tooltip_text
from assay.ui.review_page import ReviewPage
from assay.ui.reviewers_panel import ReviewersPanel
from assay.ui.sentence_model import COL_TEXT

HOSTILE = [
    "<img src=file:///etc/passwd>",
    '<a href="file:///etc/passwd">x</a>',
    "<b>bold</b>",
]
# The same in names a file system accepts (no "/").
HOSTILE_FILE_NAMES = ["<img src=x>", "<a href=x>x", "<b>bold"]
VERDICT = AnnotationState(frozenset({"dose"}), verdict="unsupported", status="final")


def shows(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """The characters Qt puts on screen for `text` in `text_format`."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(label: QLabel) -> str:
    return shows(label.text(), label.textFormat())


def assert_no_link(label: QLabel) -> None:
    assert not label.openExternalLinks()
    if label.textFormat() != Qt.TextFormat.PlainText:
        assert "<a" not in label.text().lower() and "<img" not in label.text().lower()


def assert_plain_box(box: QMessageBox, expected: str) -> None:
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert expected in shows(box.text(), box.textFormat())
    for label in box.findChildren(QLabel):
        assert_no_link(label)


def parsed_document(title: str, heading: str, sentence: str) -> ParsedDocument:
    """A heading and a paragraph of two sentences, built as the text layer would."""
    second = "Doses of 300 mg were used."
    text = f"{heading}\n{sentence} {second}"
    body = len(heading) + 1
    blocks = (
        Block(0, len(heading), BlockKind.HEADING, 1),
        Block(body, len(text), BlockKind.PARAGRAPH, 0, heading),
    )
    sentences = (
        Segment(0, len(heading), BlockKind.HEADING),
        Segment(body, body + len(sentence), BlockKind.PARAGRAPH, heading),
        Segment(len(text) - len(second), len(text), BlockKind.PARAGRAPH, heading),
    )
    return ParsedDocument(
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        source_name="paper.md",
        format="markdown",
        encoding="utf-8",
        blocks=blocks,
        sentences=sentences,
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_documents_title_headings_and_sentences_show_as_text(
    open_window, tmp_path: Path, hostile: str
):
    reviewer = config.set_reviewer("Ada Reviewer")
    review = tmp_path / "hostile.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_parsed(
            parsed_document(f"{hostile} title", f"{hostile} heading", f"{hostile} claims 5 mg.")
        )
        session.import_parsed(parsed_document("Second paper", "Methods", "A plain sentence."))
    window = open_window((review,))
    (row,) = [r for r in window.model.all_rows() if r.text == f"{hostile} claims 5 mg."]
    window.controller.go_to(row.id)

    panel = window.page.claim_panel
    sentence = panel.findChild(QLabel, "sentenceLabel")
    section = panel.findChild(QLabel, "sectionLabel")
    position = panel.findChild(QLabel, "positionLabel")
    assert label_shows(sentence) == f"{hostile} claims 5 mg."
    assert f"{hostile} heading" in shows(section.toolTip())
    assert hostile[:10] in label_shows(section)
    assert hostile[:10] in label_shows(position)
    status = window.status.progress_label  # titles are in its tooltip, shown as text
    assert f"{hostile} title: 0 of 3" in shows(status.toolTip())
    for label in (sentence, section, position, status):
        assert_no_link(label)
    index = window.model.index(window.model.visible_row_of(row.id), COL_TEXT)
    assert shows(window.model.data(index, Qt.ItemDataRole.ToolTipRole)) == row.text


ORIGINAL = "# Sleep\n\nMagnesium is well absorbed. Side effects were rare and mild.\n"
EDITED = "# Sleep\n\nMagnesium is well absorbed.\n"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_reviewer_name_shows_as_text_in_the_orphans_dialog_and_its_discard_question(
    open_window, qtbot, tmp_path: Path, on_next_modal, hostile: str
):
    config.set_reviewer(f"{hostile} reviewer")
    window = open_window()
    source, edited = tmp_path / "paper.md", tmp_path / "paper-v2.md"
    source.write_text(ORIGINAL, encoding="utf-8")
    edited.write_text(EDITED, encoding="utf-8")
    assert window.create_review(tmp_path / "doc.assay")
    task = window.import_document(source)
    qtbot.waitUntil(lambda: window.import_task is None, timeout=30_000)
    assert task is not None
    session = window.session
    rows = {row.text: row.id for row in session.sentence_rows()}
    session.save_annotation(
        rows["Side effects were rare and mild."], VERDICT.with_changes(rationale=hostile)
    )
    window.documents.replace(session.documents()[0].id, edited)
    qtbot.waitUntil(lambda: window.documents.orphans_dialog is not None, timeout=30_000)
    dialog = window.documents.orphans_dialog
    qtbot.waitUntil(dialog.isVisible)

    detail = dialog.findChild(QLabel, "orphanDetail")
    shown = label_shows(detail)
    assert f"{hostile} reviewer wrote on “Side effects were rare and mild.”" in shown
    assert f"Rationale: {hostile}" in shown
    assert_no_link(detail)

    asked: list[str] = []

    def look_then_cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert_plain_box(box, f"Discard {hostile} reviewer's annotation")
        asked.append(box.text())
        box.reject()

    on_next_modal(look_then_cancel)
    orphans = dialog.findChild(QListWidget, "orphanList")
    orphans.setFocus()
    qtbot.keyClick(orphans, Qt.Key.Key_Delete)
    assert asked
    assert len(window.session.orphans()) == 1  # cancelled: nothing discarded


@pytest.mark.parametrize(
    ("hostile", "file_name"), list(zip(HOSTILE, HOSTILE_FILE_NAMES, strict=True))
)
def test_a_bundles_file_name_shows_as_text_in_the_merge_summary(
    open_window, tmp_path: Path, small_seed: Path, on_next_modal, qtbot, hostile, file_name
):
    review = tmp_path / "team.assay"
    with ReviewSession.create(review, config.ensure_reviewer()) as session:
        session.import_file(small_seed)
    colleague = Reviewer("b0b00000-0000-4000-8000-000000000002", f"{hostile} colleague")
    theirs = tmp_path / "theirs.assay"
    with ReviewSession.create(theirs, colleague) as session:
        session.import_file(small_seed)
        for row in session.sentence_rows()[::5]:
            session.save_annotation(row.id, VERDICT)
    bundle = tmp_path / f"{file_name}.assaybundle"
    export_bundle(theirs, bundle, reviewer=colleague)
    window = open_window((review,))
    seen: list[str] = []

    def look_then_close(dialog: QWidget) -> None:
        header = dialog.findChild(QLabel, "mergeSummaryHeader")
        seen.append(label_shows(header))
        assert_no_link(header)
        for label in dialog.findChildren(QLabel):
            assert_no_link(label)
        dialog.reject()

    on_next_modal(look_then_close)
    window.exchange.import_bundles([bundle])
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert seen[0].startswith(f"{file_name}.assaybundle")


def test_an_error_naming_a_bundle_member_shows_it_as_text(
    open_window, tmp_path: Path, small_seed: Path, on_next_modal, qtbot, monkeypatch
):
    review = tmp_path / "team.assay"
    with ReviewSession.create(review, config.ensure_reviewer()) as session:
        session.import_file(small_seed)
    bundle = tmp_path / "<b>bold.assaybundle"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("<img src=file:///etc/passwd>.json", "x")
    window = open_window((review,))
    monkeypatch.setattr(main_window_module, "show_error", dialogs.show_error)  # the real one
    seen: list[str] = []

    def look_then_close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert_plain_box(box, "<img src=file:///etc/passwd>.json")
        assert "<b>bold.assaybundle" in box.text()
        seen.append(box.text())
        box.accept()

    on_next_modal(look_then_close)
    window.exchange.import_bundles([bundle])
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_names_and_messages_in_panels_and_dialogs_show_as_text(qtbot, hostile: str):
    mine = ReviewerDecision("a1", "me", "Me", VERDICT)
    theirs = ReviewerDecision("a2", "them", f"{hostile} colleague", VERDICT)
    decided = Adjudication("d1", 7, "me", VERDICT, "a2", "2026-12-03", "2026-12-03")
    panel = ReviewersPanel()
    qtbot.addWidget(panel)
    panel.show_sentence(7, [("me", "Me"), ("them", theirs.reviewer_name)], (mine, theirs), decided)
    assert f"taken from {hostile} colleague" in label_shows(panel.decision_label)
    panel.show_sentence(7, [], (), None, hidden_reason=f"{hostile} hidden")
    assert label_shows(panel.headline) == f"{hostile} hidden"

    page = ReviewPage()
    qtbot.addWidget(page)
    page.show_notice(f"{hostile}.assay is read-only.")
    assert label_shows(page.notice) == f"{hostile}.assay is read-only."

    def refuse(*_args: str) -> None:
        raise ValueError(f"{hostile} is not a DOI")

    evidence = EvidenceDialog(None, refuse, [])
    qtbot.addWidget(evidence)
    evidence._try_accept()
    assert label_shows(evidence.findChild(QLabel, "evidenceError")) == f"{hostile} is not a DOI"

    parent = QWidget()
    qtbot.addWidget(parent)
    task = BackgroundTask(parent, "Importing", f"Importing {hostile}.pdf", lambda *_: None)
    label = task.dialog.findChild(QLabel)
    assert label_shows(label) == f"Importing {hostile}.pdf"
    task._on_progress(1, 2, "reading")
    assert label_shows(label) == f"Importing {hostile}.pdf: reading"

    box = message_box(None, QMessageBox.Icon.Warning, "T", hostile, informative=hostile)
    assert_plain_box(box, hostile)
    assert all(
        label_shows(label) in (hostile, "") for label in box.findChildren(QLabel) if label.text()
    )


@pytest.mark.parametrize("text", [*HOSTILE, "a &lt; b", "plain words", "", "two\n<b>lines"])
def test_a_tooltip_shows_the_text_it_was_given(text: str):
    assert shows(tooltip_text(text)) == text
    if not QtGuiNamespace.mightBeRichText(text):
        assert tooltip_text(text) == text  # unchanged, so it looks as it always did
