"""The report as a Word document (python-docx): real headings (Title, Heading 1/2) and
tables, so Word's and LibreOffice's navigation pane lists the documents and sentences.

The summary's charts are given as their tables (the figures each chart draws): a DOCX
made here needs no Qt. The same review gives the same bytes: the core properties carry
the export time and the zip's members a fixed date. Pure: no Qt, no SQL.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table, _Cell, _Row

from assay.core.vocabulary import VERDICTS, label_of
from assay.exchange.report_charts import VERDICT_HUES
from assay.exchange.report_format import (
    SOURCE_NUMBERS_TITLE,
    categories_text,
    evidence_text,
    highlights_text,
    source_numbers_lines,
    standing_text,
    verdict_text,
    view_text,
)
from assay.exchange.report_model import (
    ReportContent,
    SentenceReport,
    shown_time,
    verdicts_by_claim_type,
    verdicts_by_document,
)

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest: no build's clock in the file


def report_docx(content: ReportContent) -> bytes:
    document = Document()
    _properties(document, content)
    options = content.options
    document.add_paragraph(f"Review report: {content.review_name}", style="Title")
    if options.has("title"):
        _title_page(document, content)
    if options.has("summary"):
        _summary(document, content)
    if options.has("sentences") or options.has("citations"):
        for report, problems in zip(content.reports, content.problems, strict=True):
            document.add_heading(report.title, level=1)
            document.add_paragraph(f"Source: {report.source_name}")
            if options.has("sentences"):
                if not report.sentences:
                    document.add_paragraph("No sentence has been reviewed yet.")
                for sentence in report.sentences:
                    _sentence(document, sentence)
            if options.has("citations"):
                document.add_heading("Citation problems", level=2)
                if not problems:
                    document.add_paragraph("None found.")
                for problem in problems:
                    document.add_paragraph(f"{problem.work} — {problem.what}", style="List Bullet")
                    for detail in problem.details:
                        document.add_paragraph(detail, style="List Bullet 2")
    stream = io.BytesIO()
    document.save(stream)
    return _fixed_zip(stream.getvalue())


def _properties(document: DocxDocument, content: ReportContent) -> None:
    properties = document.core_properties
    moment = datetime.fromisoformat(content.exported_at.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    properties.created = properties.modified = moment
    properties.title = f"Review report: {content.review_name}"
    properties.author = properties.last_modified_by = "Assay"
    properties.revision = 1
    properties.comments = ""


def _title_page(document: DocxDocument, content: ReportContent) -> None:
    rows = [("Exported", shown_time(content.exported_at)),
            ("Reviewers", ", ".join(content.reviewers) or "none yet")]  # fmt: skip
    if content.first_activity:
        rows.append(("Reviewed", f"{shown_time(content.first_activity)} to "
                                 f"{shown_time(content.last_activity)}"))  # fmt: skip
    _table(document, None, rows)
    document.add_heading("Documents", level=1)
    _table(
        document,
        ("Document", "Source", "Sentences", "Reviewed", "SHA-256 of its text"),
        [(d.title, d.source_name, f"{d.sentences:,}", f"{d.reviewed:,} / {d.reviewable:,}",
          d.sha256) for d in content.documents],
    )  # fmt: skip


def _summary(document: DocxDocument, content: ReportContent) -> None:
    document.add_heading("Summary", level=1)
    document.add_heading("Decided verdicts per claim type", level=2)
    _verdict_table(document, "Claim type", verdicts_by_claim_type(content.reports))
    document.add_heading("Decided verdicts per document", level=2)
    _verdict_table(document, "Document", verdicts_by_document(content))
    document.add_heading("Reviewed sentences per document", level=2)
    _table(
        document,
        ("Document", "Reviewed", "Reviewable", "Share"),
        [(d.title, f"{d.reviewed:,}", f"{d.reviewable:,}",
          f"{d.reviewed / d.reviewable:.0%}" if d.reviewable else "—")
         for d in content.documents],
    )  # fmt: skip
    if content.agreement:
        document.add_heading("Agreement between reviewers", level=2)
        _table(
            document,
            ("Measure", "Krippendorff's alpha", "Sentences coded by two or more"),
            [(f.measure, "n/a" if f.alpha is None else f"{f.alpha:.3f}", f"{f.sentences:,}")
             for f in content.agreement],
        )  # fmt: skip


def _verdict_table(
    document: DocxDocument, first: str, rows: Sequence[tuple[str, Counter[str]]]
) -> None:
    order = [term.value for term in VERDICTS]
    used = [v for v in order if any(counts.get(v) for _, counts in rows)]
    table = _table(
        document,
        (first, *(label_of(VERDICTS, v) for v in used), "Total"),
        [(label, *(f"{counts.get(v, 0):,}" for v in used), f"{sum(counts.values()):,}")
         for label, counts in rows],
    )  # fmt: skip
    for column, value in enumerate(used, 1):
        _shade(table.rows[0].cells[column], VERDICT_HUES[value])


def _sentence(document: DocxDocument, sentence: SentenceReport) -> None:
    where = f"p. {sentence.page} · " if sentence.page is not None else ""
    said = "Disputed" if sentence.standing == "disputed" else verdict_text(sentence)
    document.add_heading(f"{where}Sentence {sentence.ordinal + 1} — {said}", level=2)
    document.add_paragraph(sentence.text, style="Quote")
    rows = [("Decision", standing_text(sentence))]
    if sentence.highlights:
        rows.append(("Highlighted", highlights_text(sentence.highlights)))
    if sentence.categories:
        rows.append(("Claim type", categories_text(sentence.categories)))
    if sentence.rationale:
        rows.append(("Rationale", sentence.rationale))
    if sentence.standing in ("disputed", "adjudicated") and sentence.views:
        rows.append(("Reviewers", "\n".join(view_text(view) for view in sentence.views)))
    if sentence.evidence:
        rows.append(
            ("Evidence", "\n".join(f"{evidence_text(e)} ({e.reviewer})" for e in sentence.evidence))
        )
    if sentence.cites:
        rows.append(("Cites", "\n".join(sentence.cites)))
    if sentence.source_numbers is not None:
        rows.append(
            (SOURCE_NUMBERS_TITLE, "\n".join(source_numbers_lines(sentence.source_numbers)))
        )
    table = _table(document, None, rows)
    if sentence.verdict and sentence.standing != "disputed" and not sentence.not_a_claim:
        _shade(table.rows[0].cells[0], VERDICT_HUES[sentence.verdict])


def _table(
    document: DocxDocument, header: Sequence[str] | None, rows: Sequence[Sequence[str]]
) -> Table:
    columns = len(header) if header else max((len(row) for row in rows), default=2)
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = Pt(9.5)
        _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if header is None and index == 0:
                cell.paragraphs[0].runs[0].bold = True
    document.add_paragraph()  # a table needs air after it
    return table


def _shade(cell: _Cell, hue: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hue.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: _Row) -> None:
    """The header row repeats on every page a long table runs over."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _fixed_zip(data: bytes) -> bytes:
    """The same members, in the same order, with a fixed date: the same bytes each time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
