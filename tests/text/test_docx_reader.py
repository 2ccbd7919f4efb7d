"""read_docx on real .docx files written with python-docx in tmp_path."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from assay.core.model import BlockKind, ParsedDocument
from assay.text.blocks import RawBlock
from assay.text.docx_reader import read_docx
from assay.text.errors import Cancelled, ImportRefused
from assay.text.pipeline import parse_blocks

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def no_check(done: int, total: int, stage: str) -> None:
    pass


def parse(path: Path) -> ParsedDocument:
    return parse_blocks(read_docx(path, no_check), source_name=path.name, format="docx")


def sentences(doc: ParsedDocument) -> list[tuple[BlockKind, str]]:
    return [(s.kind, doc.text[s.start : s.end]) for s in doc.sentences]


def summary(blocks: list[RawBlock]) -> list[tuple[BlockKind, str, int, bool]]:
    return [(b.kind, b.source, b.level, b.ordered) for b in blocks]


def add_footnote_reference(paragraph: docx.text.paragraph.Paragraph, note_id: int) -> None:
    run = parse_xml(f'<w:r {W_NS}><w:footnoteReference w:id="{note_id}"/></w:r>')
    paragraph._p.append(run)


def add_notes_part(document: docx.document.Document, kind: str, notes: dict[int, str]) -> None:
    """python-docx cannot write notes: add the part and its relationship by hand."""
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>"
    )
    bodies = "".join(
        f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:{kind}Ref/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>'
        for note_id, text in notes.items()
    )
    blob = f"<w:{kind}s {W_NS}>{separators}{bodies}</w:{kind}s>".encode()
    content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
    reltype = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, blob, document.part.package)
    document.part.relate_to(part, reltype)


@pytest.fixture
def report_docx(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Vitamin D and bone health", 0)
    document.add_paragraph("Vitamin D helps the body absorb calcium. It is made in the skin.")
    document.add_heading("Sources", 1)
    document.add_paragraph("Oily fish", style="List Bullet")
    document.add_paragraph("Egg yolks", style="List Bullet 2")
    document.add_paragraph("Take the supplement daily.", style="List Number")
    document.add_heading("Evidence", 2)
    table = document.add_table(rows=3, cols=2)
    for row, values in zip(table.rows, [("Trial", "Result"), ("A  2019", "no\teffect"),
                                        ("B", "fewer falls")], strict=True):  # fmt: skip
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Sunlight is the main source.", style="Intense Quote")
    note = document.add_paragraph("Most adults need 10 micrograms a day.")
    add_footnote_reference(note, 1)
    document.add_paragraph("   ")  # empty paragraphs are not blocks
    add_notes_part(document, "footnote", {1: "NHS guidance, 2020."})
    add_notes_part(document, "endnote", {1: "Endnote text."})
    path = tmp_path / "report.docx"
    document.save(str(path))
    return path


def test_blocks_in_order_with_kinds_and_levels(report_docx: Path) -> None:
    assert summary(read_docx(report_docx, no_check)) == [
        (BlockKind.TITLE, "Vitamin D and bone health", 0, False),
        (BlockKind.PARAGRAPH, "Vitamin D helps the body absorb calcium. It is made in the skin.",
         0, False),
        (BlockKind.HEADING, "Sources", 1, False),
        (BlockKind.LIST_ITEM, "Oily fish", 1, False),
        (BlockKind.LIST_ITEM, "Egg yolks", 2, False),
        (BlockKind.LIST_ITEM, "Take the supplement daily.", 1, True),
        (BlockKind.HEADING, "Evidence", 2, False),
        (BlockKind.TABLE_HEADER, "Trial\tResult", 0, False),
        (BlockKind.TABLE_ROW, "A 2019\tno effect", 0, False),
        (BlockKind.TABLE_ROW, "B\tfewer falls", 0, False),
        (BlockKind.QUOTE, "Sunlight is the main source.", 0, False),
        (BlockKind.PARAGRAPH, "Most adults need 10 micrograms a day.", 0, False),
        (BlockKind.REFERENCE, "1 NHS guidance, 2020.", 0, False),
        (BlockKind.REFERENCE, "1 Endnote text.", 0, False),
    ]  # fmt: skip


def test_sentences_from_parse_blocks(report_docx: Path) -> None:
    doc = parse(report_docx)
    assert doc.format == "docx" and doc.title == "Vitamin D and bone health"
    got = sentences(doc)
    assert got[:4] == [
        (BlockKind.TITLE, "Vitamin D and bone health"),
        (BlockKind.PARAGRAPH, "Vitamin D helps the body absorb calcium."),
        (BlockKind.PARAGRAPH, "It is made in the skin."),
        (BlockKind.HEADING, "Sources"),
    ]
    assert (BlockKind.TABLE_ROW, "A 2019\tno effect") in got
    assert (BlockKind.QUOTE, "Sunlight is the main source.") in got
    assert got[-2:] == [
        (BlockKind.REFERENCE, "1 NHS guidance, 2020."),
        (BlockKind.REFERENCE, "1 Endnote text."),
    ]
    sections = {doc.text[s.start : s.end]: s.section for s in doc.sentences}
    assert sections["B\tfewer falls"] == "Sources › Evidence"


def test_numbering_properties_and_outline_levels(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("First step", style="List Number")  # numbered by its style
    # Direct numbering on a Normal paragraph: level 2 of a bullet-then-roman definition.
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:numFmt w:val="lowerRoman"/></w:lvl></w:abstractNum>'
    ))  # fmt: skip
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [("Second step", 1), ("A bullet", 0), ("Absurd", "99999999999999999999")]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        ))  # fmt: skip
    outlined = document.add_paragraph("An outline heading")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W_NS} w:val="2"/>'))
    switched_off = document.add_paragraph("Not a list", style="List Bullet")
    switched_off._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:numId w:val="0"/></w:numPr>')
    )
    path = tmp_path / "numbers.docx"
    document.save(str(path))
    assert summary(read_docx(path, no_check)) == [
        (BlockKind.LIST_ITEM, "First step", 1, True),
        (BlockKind.LIST_ITEM, "Second step", 2, True),
        (BlockKind.LIST_ITEM, "A bullet", 1, False),
        (BlockKind.LIST_ITEM, "Absurd", 9, False),  # a level past Word's nine is clamped
        (BlockKind.HEADING, "An outline heading", 3, False),
        (BlockKind.PARAGRAPH, "Not a list", 0, False),  # numId 0 overrides the style
    ]


def test_tables_between_paragraphs_and_merged_cells_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Group"
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "Outcome"
    for column, value in enumerate(["Placebo", "12", "15"]):
        table.cell(1, column).text = value
    document.add_paragraph("After the table.")
    path = tmp_path / "table.docx"
    document.save(str(path))
    assert [(b.kind, b.source) for b in read_docx(path, no_check)] == [
        (BlockKind.PARAGRAPH, "Before the table."),
        (BlockKind.TABLE_HEADER, "Group\tOutcome"),
        (BlockKind.TABLE_ROW, "Placebo\t12\t15"),
        (BlockKind.PARAGRAPH, "After the table."),
    ]


def test_links_breaks_and_controls_kept_deleted_text_dropped(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {W_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" r:id="rId99"><w:r><w:t>the trial</w:t></w:r></w:hyperlink>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {W_NS} w:id="1" w:author="x"><w:r><w:delText>old</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(parse_xml(f"<w:r {W_NS}><w:br/><w:t>report.</w:t></w:r>"))
    # A content control around a paragraph, and a text box (read after its paragraph).
    document.element.body.insert(0, parse_xml(
        f'<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>In a control.</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    ))  # fmt: skip
    paragraph._p.append(parse_xml(
        f'<w:r {W_NS}><w:pict><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p>'
        "</w:txbxContent></w:pict></w:r>"
    ))  # fmt: skip
    path = tmp_path / "links.docx"
    document.save(str(path))
    assert [b.source for b in read_docx(path, no_check)] == [
        "In a control.",
        "See the trial report.",
        "Box",
    ]


def test_cancel_stops_reading(tmp_path: Path) -> None:
    document = docx.Document()
    for index in range(450):
        document.add_paragraph(f"Paragraph {index}.")
    path = tmp_path / "long.docx"
    document.save(str(path))
    calls: list[tuple[int, int, str]] = []

    def cancel_at_second(done: int, total: int, stage: str) -> None:
        calls.append((done, total, stage))
        if len(calls) == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        read_docx(path, cancel_at_second)
    assert calls == [(0, 450, "reading"), (200, 450, "reading")]


# --- refusals -------------------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_docx(path, no_check)
    message = str(caught.value)
    assert f"“{path.name}”" in message
    return message


def test_not_a_zip_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_text("Just some text, not a Word file.")
    assert "not a Word document" in refusal(tmp_path / "notes.docx")
    (tmp_path / "empty.docx").write_bytes(b"")
    assert "is empty" in refusal(tmp_path / "empty.docx")


def test_zip_of_something_else_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "sheet.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "zip of an Excel workbook" in refusal(tmp_path / "sheet.docx")
    with zipfile.ZipFile(tmp_path / "photos.docx", "w") as archive:
        archive.writestr("a.txt", "hello")
    message = refusal(tmp_path / "photos.docx")
    assert "zip archive of other files" in message and "not a Word document" in message


def test_truncated_and_damaged_refused(report_docx: Path, tmp_path: Path) -> None:
    data = report_docx.read_bytes()
    (tmp_path / "half.docx").write_bytes(data[: len(data) // 2])
    assert "truncated" in refusal(tmp_path / "half.docx")
    with zipfile.ZipFile(tmp_path / "broken.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document")  # no content types, bad XML
    assert "damaged" in refusal(tmp_path / "broken.docx")


def test_password_protected_and_old_doc_refused(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "secret.docx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    assert "password-protected" in refusal(tmp_path / "secret.docx")
    (tmp_path / "old.docx").write_bytes(ole + "WordDocument".encode("utf-16-le"))
    assert "old Word 97–2003 (.doc) file" in refusal(tmp_path / "old.docx")


def test_document_without_text_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    path = tmp_path / "blank.docx"
    document.save(str(path))
    assert "no text" in refusal(path)
