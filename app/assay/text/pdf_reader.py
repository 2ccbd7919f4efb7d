"""Text PDFs → positioned lines per page, with PDFium (pypdfium2).

PDFium gives each page's characters in content order with the line breaks it infers
("\\r\\n"), and per character a box, a font size and a weight. One call fetches a
page's text; only the first and last character of each line are measured, so a
100-page paper reads in a fraction of a second. Layout (columns, headers, paragraphs)
is `pdf_layout`'s job; this module only talks to PDFium and turns its failures into
messages a reviewer can act on.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from assay.text.blocks import RawBlock
from assay.text.errors import ImportRefused
from assay.text.pdf_layout import PageLines, PdfLine, blocks_from_pages
from assay.text.reading import display_name, file_error, open_regular

Check = Callable[[int, int, str], None]
_PDF_MAGIC = b"%PDF-"
# PDFium marks a hyphen it found at a line end with U+FFFE (in page text) or U+0002.
_SOFT_HYPHENS = ("\ufffe", "\x02")


def read_pdf(path: Path, check: Check) -> list[RawBlock]:
    """Blocks of a text PDF; page starts marked with "\\f" for parse_blocks."""
    path = Path(path)
    # PDFium reads through this descriptor, never the path: a path swapped for a FIFO
    # or a device after the check could not make it wait or read for ever.
    with open_regular(path) as stream:
        try:
            head = stream.read(1024)
            stream.seek(0)
        except OSError as error:
            raise file_error(path, error) from error
        if _PDF_MAGIC not in head:
            raise ImportRefused(
                f"“{display_name(path)}” is not a PDF (it is damaged or another kind of file)."
            )
        document = _open(stream, path)
        try:
            total = len(document)
            pages: list[PageLines] = []
            for index in range(total):
                check(index, total, "reading pages")
                pages.append(_page_lines(document, index))
        finally:
            document.close()
    if not any(page.lines for page in pages):
        raise ImportRefused(
            f"“{path.name}” has no text layer: its {total} page(s) are images (a scan?). "
            "Run it through OCR first (e.g. “Make searchable” in a PDF tool), then import it."
        )
    check(total, total, "finding paragraphs")
    return blocks_from_pages(pages)


def _open(stream: BinaryIO, path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(stream)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ImportRefused(
                f"“{path.name}” is password-protected. Open it in a PDF viewer with the "
                "password, save an unprotected copy, and import that."
            ) from exc
        raise ImportRefused(f"“{path.name}” is a damaged PDF that cannot be read ({exc}).") from exc


def _page_lines(document: pdfium.PdfDocument, index: int) -> PageLines:
    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count > 0 else ""
            lines = list(_lines(textpage, text))
        finally:
            textpage.close()
    finally:
        page.close()
    return PageLines(number=index + 1, width=width, height=height, lines=lines)


def _lines(textpage: pdfium.PdfTextPage, text: str) -> list[PdfLine]:
    """Split PDFium's page text into visual lines and measure each line's ends.

    PDFium breaks lines with "\r\n", except after a hyphen at a line end, where it
    joins the two lines and marks the hyphen (U+FFFE): split there too, keeping a soft
    hyphen at the end of the first part for pdf_layout to decide on.
    """
    result: list[PdfLine] = []
    start = 0
    length = len(text)
    while start < length:
        end = _next_break(text, start)
        hyphen = end < length and text[end] in _SOFT_HYPHENS
        line_end = end - 1 if end > start and text[end - 1] == "\r" else end
        line = _measure(textpage, text, start, line_end, hyphen)
        if line is not None:
            result.append(line)
        start = end + 1
    return result


def _next_break(text: str, start: int) -> int:
    ends = [i for i in (text.find(mark, start) for mark in ("\n", *_SOFT_HYPHENS)) if i >= 0]
    return min(ends, default=len(text))


def _measure(
    textpage: pdfium.PdfTextPage, text: str, start: int, end: int, hyphen: bool
) -> PdfLine | None:
    content = text[start:end]
    stripped = content.strip()
    if not stripped:
        return None
    first = start + (len(content) - len(content.lstrip()))
    last = start + len(content.rstrip()) - 1
    left = textpage.get_charbox(first)[0]
    right = textpage.get_charbox(last)[2]
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage.raw, first, ctypes.byref(x), ctypes.byref(y))
    return PdfLine(
        text=stripped + ("\u00ad" if hyphen else ""),
        left=left,
        right=right,
        baseline=y.value,
        size=round(pdfium_c.FPDFText_GetFontSize(textpage.raw, first), 1),
        bold=pdfium_c.FPDFText_GetFontWeight(textpage.raw, first) >= 600,
    )
