"""read_docx on generated .docx files whose text lives in text boxes (w:txbxContent):
read once each, in document order, even inside mc:AlternateContent."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from lxml import etree

from assay.core.model import BlockKind
from assay.text.docx_reader import read_docx
from assay.text.pipeline import parse_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def no_check(done: int, total: int, stage: str) -> None:
    pass


def box_content(*paragraphs: str, table: tuple[str, str] | None = None) -> str:
    """A w:txbxContent holding these paragraphs (and a one-row table)."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    if table is not None:
        cells = "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in table)
        body += f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>"
    return f"<w:txbxContent>{body}</w:txbxContent>"


def alternate_content_run(content: str) -> etree._Element:
    """A run drawing a text box as Word 2010+ writes it: the shape in mc:Choice and
    the same text again as VML in mc:Fallback."""
    return parse_xml(
        f"<w:r {NAMESPACES}><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def vml_run(content: str) -> etree._Element:
    """A run drawing a text box the old way (VML only, no alternate content)."""
    return parse_xml(
        f"<w:r {NAMESPACES}><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape>"
        "</w:pict></w:r>"
    )


def test_boxes_read_once_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Magnesium report", level=1)
    anchor = document.add_paragraph("Magnesium lowered blood pressure.")
    anchor._p.append(
        alternate_content_run(
            box_content(
                "Key finding: 4 mmHg lower.",
                "Side box second line.",
                table=("Dose", "300 mg"),
            )
        )
    )
    document.add_paragraph("The trial ran for 12 weeks.")
    document.add_paragraph("")._p.append(vml_run(box_content("Note in an old-style box.")))
    path = tmp_path / "boxes.docx"
    document.save(str(path))

    blocks = [(b.kind, b.source) for b in read_docx(path, no_check)]
    assert blocks == [
        (BlockKind.HEADING, "Magnesium report"),
        (BlockKind.PARAGRAPH, "Magnesium lowered blood pressure."),
        (BlockKind.PARAGRAPH, "Key finding: 4 mmHg lower."),
        (BlockKind.PARAGRAPH, "Side box second line."),
        (BlockKind.TABLE_HEADER, "Dose\t300 mg"),
        (BlockKind.PARAGRAPH, "The trial ran for 12 weeks."),
        (BlockKind.PARAGRAPH, "Note in an old-style box."),
    ]


def test_document_with_text_only_in_a_box_is_imported(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")._p.append(
        alternate_content_run(box_content("Datum plane. Zinc shortened colds by a day."))
    )
    path = tmp_path / "only-box.docx"
    document.save(str(path))

    parsed = parse_file(path)
    assert [parsed.text[s.start : s.end] for s in parsed.sentences] == [
        "Datum plane.",
        "Zinc shortened colds by a day.",
    ]


def test_box_inside_a_box_is_read_once(tmp_path: Path) -> None:
    inner = box_content("Inner box text.")
    outer = (
        "<w:txbxContent><w:p><w:r><w:t>Outer box text.</w:t></w:r>"
        f"<w:r><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict></w:r>"
        "</w:p></w:txbxContent>"
    )
    document = docx.Document()
    document.add_paragraph("Body.")._p.append(vml_run(outer))
    path = tmp_path / "nested.docx"
    document.save(str(path))

    assert [b.source for b in read_docx(path, no_check)] == [
        "Body.",
        "Outer box text.",
        "Inner box text.",
    ]
