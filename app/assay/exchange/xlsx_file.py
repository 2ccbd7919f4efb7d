"""One worksheet as an .xlsx file, written by hand (Office Open XML, SpreadsheetML).

Why not a library: xlsxwriter, the usual choice, took 11.6 s for a 100,000-row,
16-column sheet on the 2-core machine (docs/EXPORTS.md; the target is 5 s). What Assay
needs is small — shared strings, a handful of styles, a frozen header, an autofilter,
column widths — and the file is a few XML members in a zip. Written here, every
cell is one string join, and the bytes are fixed for fixed content: members in a fixed
order, zip dates 1980-01-01, the document's created/modified time given by the caller.

Readers: Excel, LibreOffice and openpyxl (the tests read every file back with it).
Cells carry no `r` reference (optional in the format; every reader counts them), so
empty cells are written as empty styled cells to keep the columns in place.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence

from assay.core.colours import VERDICT_HUES, tint_on_white
from assay.core.vocabulary import VERDICTS

Cell = str | int | None
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
MAX_CELL = 32_767  # Excel's limit on the characters of a cell
TRUNCATED = " […]"

# Verdict fills: the window's verdict tints as a light page shows them (core/colours).
VERDICT_FILLS = {term.label: tint_on_white(VERDICT_HUES[term.value]) for term in VERDICTS}
HEADER_FILL = "D9D9D9"
STYLE_HEADER, STYLE_BODY, STYLE_QUOTED = 1, 2, 3  # cellXfs indexes
STYLE_VERDICT = {label: 4 + index for index, label in enumerate(VERDICT_FILLS)}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# XML 1.0 forbids these control characters; a literal "_xHHHH_" would read as an escape.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_XML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _text(value: str) -> str:
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - len(TRUNCATED)] + TRUNCATED
    value = _ESCAPE_LIKE.sub(r"_x005F_\1", value)
    return _INVALID.sub(lambda m: f"_x{ord(m.group()):04X}_", value).translate(_XML)


def column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def xlsx_bytes(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    widths: Sequence[float],
    verdict_column: int,
    created: str,
    sheet_name: str = "Annotations",
    check: Callable[[int, int], None] | None = None,
) -> bytes:
    """The workbook: a bold, filled, frozen header with an autofilter over every row,
    wrapped text, the given column widths, verdict cells filled with their colour. A
    text that starts like a formula is stored as text with Excel's quote prefix (what
    Excel does when one types a leading `'`), so it stays text when edited."""
    strings: dict[str, int] = {}
    index_of = strings.setdefault
    body = [f'<c s="{STYLE_BODY}"/>', f'<c s="{STYLE_QUOTED}"/>']  # empty, and by style
    lines = [
        '<row r="1">'
        + "".join(
            f'<c s="{STYLE_HEADER}" t="s"><v>{index_of(h, len(strings))}</v></c>' for h in header
        )
        + "</row>"
    ]
    for number, row in enumerate(rows, start=2):
        if check is not None and number % 10_000 == 0:
            check(number, len(rows))
        cells = []
        for column, value in enumerate(row):
            if value is None or value == "":
                cells.append(body[0])
            elif isinstance(value, int):
                cells.append(f'<c s="{STYLE_BODY}"><v>{value}</v></c>')
            else:
                if column == verdict_column:
                    style = STYLE_VERDICT.get(value, STYLE_BODY)
                else:
                    style = STYLE_QUOTED if value.startswith(FORMULA_STARTS) else STYLE_BODY
                cells.append(f'<c s="{style}" t="s"><v>{index_of(value, len(strings))}</v></c>')
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    last = f"{column_name(len(header) - 1)}{len(rows) + 1}"
    members = [
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _ROOT_RELS),
        ("docProps/app.xml", _APP),
        ("docProps/core.xml", _core(created)),
        ("xl/workbook.xml", _workbook(sheet_name, last, len(header))),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/styles.xml", _styles()),
        ("xl/sharedStrings.xml", _shared_strings(strings)),
        ("xl/worksheets/sheet1.xml", _sheet(lines, widths, last)),
    ]
    return _zip(members)


def _sheet(lines: list[str], widths: Sequence[float], last: str) -> str:
    columns = "".join(
        f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>'
        for i, width in enumerate(widths, start=1)
    )
    return (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        f'<dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{columns}</cols><sheetData>{''.join(lines)}</sheetData>"
        f'<autoFilter ref="A1:{last}"/>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )


def _shared_strings(strings: dict[str, int]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{_text(s)}</t></si>' for s in strings)
    count = len(strings)
    return f'{_DECLARATION}<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def _styles() -> str:
    fills = [HEADER_FILL, *VERDICT_FILLS.values()]
    fill_xml = "".join(
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
        for rgb in fills
    )
    wrap = '<alignment vertical="top" wrapText="1"/>'
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        f'<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
        f'applyFill="1" applyAlignment="1">{wrap}</xf>',
        f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" '
        f'applyAlignment="1">{wrap}</xf>',
        f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" '
        f'quotePrefix="1">{wrap}</xf>',
        *(
            f'<xf numFmtId="0" fontId="0" fillId="{3 + i}" borderId="0" xfId="0" applyFill="1" '
            f'applyAlignment="1">{wrap}</xf>'
            for i in range(len(VERDICT_FILLS))
        ),
    ]
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
        f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        f'<fills count="{2 + len(fills)}"><fill><patternFill patternType="none"/></fill>'
        f'<fill><patternFill patternType="gray125"/></fill>{fill_xml}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _workbook(sheet_name: str, last: str, columns: int) -> str:
    name = _text(sheet_name)
    return (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>'
        # Excel keeps an autofilter's range in this hidden name as well.
        f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"'{name}'!$A$1:${column_name(columns - 1)}${last.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"
        "</definedName></definedNames></workbook>"
    )


def _core(created: str) -> str:
    stamp = _w3cdtf(created)
    return (
        f"{_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>Assay</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _w3cdtf(stamp: str) -> str:
    """`2024-05-01T10:00:00.000+00:00` → `2024-05-01T10:00:00Z` (what Office writes)."""
    return stamp[:19] + "Z"


def _zip(members: Sequence[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, text.encode("utf-8"), compresslevel=1)
    return buffer.getvalue()


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    f"{_DECLARATION}"
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_APP = (
    f"{_DECLARATION}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Assay</Application></Properties>"
)
