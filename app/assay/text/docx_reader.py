"""Word (.docx) → raw blocks: headings, paragraphs, lists, tables, quotes, notes.

python-docx opens the package; the body is walked as XML in document order so that
paragraphs and tables interleave and content controls (w:sdt) are not skipped. Styles
and numbering are read from their parts; footnotes and endnotes, which python-docx
does not expose, are parsed from their parts and appended as REFERENCE blocks.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from assay.core.model import BlockKind
from assay.text.blocks import RawBlock
from assay.text.errors import ImportRefused
from assay.text.reading import display_name, file_error, human_size, open_regular

Check = Callable[[int, int, str], None]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
_MC_FALLBACK = f"{{{_NS['mc']}}}Fallback"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHECK_EVERY = 200  # body elements between progress/cancel checks
# What a damaged package can raise while it is walked (also an unknown zip compression,
# an encrypted zip member, XML python-docx does not expect).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError,
            NotImplementedError, RuntimeError, AttributeError, etree.LxmlError)  # fmt: skip
_ZIP_KINDS = (("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint presentation"),
              ("mimetype", "an OpenDocument or EPUB file"))  # fmt: skip
# Visible text of a paragraph's runs: not text boxes anchored in it (read as their own
# paragraphs; $boxes is how many boxes hold the paragraph itself), not the fallback copy
# of alternate content, not deleted text (w:delText) or field codes.
_RUN_PIECES = etree.XPath(
    "(.//w:r/w:t | .//w:r/w:tab | .//w:r/w:br | .//w:r/w:cr | .//w:r/w:noBreakHyphen)"
    "[count(ancestor::w:txbxContent) = $boxes and not(ancestor::mc:Fallback)]",
    namespaces=_NS,
)
_CELL_PARAGRAPHS = etree.XPath(".//w:p[count(ancestor::w:txbxContent) = $boxes]", namespaces=_NS)
_BOXES_AROUND = etree.XPath("count(ancestor-or-self::w:txbxContent)", namespaces=_NS)
_ROW_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces=_NS)
_ROWS = etree.XPath("./w:tr | ./w:sdt/w:sdtContent/w:tr", namespaces=_NS)
_HEADING_NAME = re.compile(r"heading (\d)")
_LIST_NAME = re.compile(r"list(?: (bullet|number))?(?: (\d))?")
_UNORDERED_FORMATS = frozenset({"bullet", "none"})
_SKIPPED_NOTES = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
# Limits of a package (python-docx holds every part in memory). A 1,000-page report's
# document.xml is some tens of MB, packed 5-30:1 (a long table of empty cells: ~240:1);
# deflate packs a repeated sentence ~400:1 and a repeated byte ~1,000:1, which is how
# a 1.5 MB "zip bomb" unpacks to 1.5 GB.
MAX_PART_BYTES = 200_000_000
MAX_PACKAGE_BYTES = 500_000_000
MAX_PARTS = 10_000
MAX_RATIO = 300
_RATIO_FROM = 10_000_000  # smaller parts do no harm whatever their ratio
_CHUNK = 1 << 20  # bytes inflated per step when a package is checked
_OLE_SNIFF = 100_000_000  # bytes of an OLE file searched for what it holds


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def read_docx(path: Path, check: Check) -> list[RawBlock]:
    """The blocks of a .docx file in reading order, notes last; ImportRefused if bad."""
    path = Path(path)
    name = display_name(path)
    with open_regular(path) as file:  # one descriptor throughout: the path may change
        document = _open(file, path)
    try:
        blocks = _DocxReader(document, check).read()
    except _DAMAGED as error:
        raise ImportRefused(f"“{name}” is a damaged Word document ({error}).") from error
    if not any(block.source.strip() for block in blocks):
        raise ImportRefused(f"“{name}” is a Word document with no text to import.")
    return blocks


def _open(file: BinaryIO, path: Path) -> DocxDocument:
    """Open the package, or refuse with what the file is instead."""
    name = display_name(path)
    try:
        head = file.read(8)
        file.seek(0)
    except OSError as error:
        raise file_error(path, error) from error
    if not head:
        raise ImportRefused(f"“{name}” is empty: there is no text to import.")
    if head.startswith(_OLE_MAGIC):
        raise ImportRefused(_ole_message(file, name))
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.namelist()
            if any(member.startswith("word/") for member in members):
                _check_package(archive, name)
    except (zipfile.BadZipFile, OSError) as error:
        if head.startswith(b"PK"):  # a zip whose end (the central directory) is missing
            message = f"“{name}” is a damaged or incomplete (truncated) Word document."
        else:
            message = f"“{name}” is not a Word document (it is damaged or another kind of file)."
        raise ImportRefused(message) from error
    if not any(member.startswith("word/") for member in members):
        raise ImportRefused(f"“{name}” is {_zip_kind(members)}, not a Word document.")
    try:
        file.seek(0)
        return docx.Document(file)
    except Exception as error:  # python-docx fails in many ways on a damaged package
        raise ImportRefused(f"“{name}” is a damaged Word document ({error}).") from error


def _check_package(archive: zipfile.ZipFile, name: str) -> None:
    """python-docx inflates every part into memory: refuse a package whose declared
    sizes or ratios pass the limits, then inflate each part once in bounded steps and
    stop at its declared size, so a header that lies cannot get past the limits."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise _too_big(name, f"{len(infos):,} parts (at most {MAX_PARTS:,} are read)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ImportRefused(
                f"“{name}” has encrypted parts: save it again from Word without a password."
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ImportRefused(
                f"“{name}” is packed with a compression Word does not use: "
                "open it in Word and save it again."
            )
        if info.file_size > MAX_PART_BYTES:
            raise _too_big(name, f"a part of {human_size(info.file_size)} when unpacked")
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > _RATIO_FROM and ratio > MAX_RATIO:
            raise _too_big(name, f"a part that unpacks {ratio:,.0f} times larger")
        total += info.file_size
    if total > MAX_PACKAGE_BYTES:
        raise _too_big(name, f"{human_size(total)} when unpacked")
    for info in infos:
        try:
            inflated = _inflated_size(archive, info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise ImportRefused(
                f"“{name}” is a damaged Word document: its part {_label(info)} does not "
                f"unpack ({error}). Open it in Word and save it again."
            ) from error
        if inflated > info.file_size:
            raise ImportRefused(
                f"“{name}” is a damaged Word document: its part {_label(info)} holds more "
                "than its header says. Open it in Word and save it again."
            )


def _label(info: zipfile.ZipInfo) -> str:
    """A member name for a one-line message: quoted, escaped, not too long."""
    return repr(info.filename[:80])


def _inflated_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Inflate a member in bounded steps, stopping one step past its declared size."""
    inflated = 0
    with archive.open(info) as member:
        while inflated <= info.file_size and (chunk := member.read(_CHUNK)):
            inflated += len(chunk)
    return inflated


def _too_big(name: str, what: str) -> ImportRefused:
    return ImportRefused(
        f"“{name}” is a Word document too large to import safely ({what}; limits: parts of "
        f"{human_size(MAX_PART_BYTES)}, {human_size(MAX_PACKAGE_BYTES)} in all, packed at "
        f"most {MAX_RATIO}:1). If it is a real document, save it in smaller pieces."
    )


def _ole_message(file: BinaryIO, name: str) -> str:
    """Encrypted .docx and old .doc files are both OLE containers: tell them apart."""
    try:
        data = file.read(_OLE_SNIFF)
    except OSError:
        data = b""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (
            f"“{name}” is password-protected (encrypted): open it in Word, remove the "
            "password and save it again to import it."
        )
    if "WordDocument".encode("utf-16-le") in data:
        return f"“{name}” is an old Word 97–2003 (.doc) file: save it as .docx to import it."
    return f"“{name}” is an old-format Office file, not a Word document."


def _zip_kind(members: list[str]) -> str:
    """What a zip that is not a Word document holds, for the refusal message."""
    for prefix, kind in _ZIP_KINDS:
        if any(member.startswith(prefix) for member in members):
            return f"a zip of {kind}"
    return "a zip archive of other files"


def _paragraph_text(paragraph: etree._Element) -> str:
    pieces: list[str] = []
    for node in _RUN_PIECES(paragraph, boxes=_BOXES_AROUND(paragraph)):
        tag = etree.QName(node).localname
        if tag == "t":
            pieces.append(node.text or "")
        elif tag == "noBreakHyphen":
            pieces.append("-")
        else:  # tab, line break, carriage return
            pieces.append(" ")
    return "".join(pieces)


def _val(element: etree._Element | None, path: str) -> str | None:
    """The w:val attribute of the first `path` match under `element`."""
    found = None if element is None else element.find(path, _NS)
    return None if found is None else found.get(_w("val"))


class _Styles:
    """Paragraph styles by id, resolved through w:basedOn: kind, level, numbering."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self.default_id = ""
        for style in [] if root is None else root.iterfind("w:style", _NS):
            if style.get(_w("type")) != "paragraph":
                continue
            style_id = style.get(_w("styleId")) or ""
            self._styles[style_id] = style
            if style.get(_w("default")) in ("1", "true", "on"):
                self.default_id = style_id

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        seen: set[str] = set()
        current = style_id or self.default_id
        while current in self._styles and current not in seen:
            seen.add(current)
            style = self._styles[current]
            yield style
            current = _val(style, "w:basedOn") or ""

    def named_kind(self, style_id: str | None) -> tuple[BlockKind, int, bool] | None:
        """(kind, level, ordered) from the first style name in the chain that says one."""
        for style in self.chain(style_id):
            name = (_val(style, "w:name") or "").lower()
            heading = _HEADING_NAME.fullmatch(name)
            listed = _LIST_NAME.fullmatch(name)
            if name == "title":
                return BlockKind.TITLE, 0, False
            if heading:
                return BlockKind.HEADING, min(int(heading.group(1)), 6), False
            if name in ("quote", "intense quote"):
                return BlockKind.QUOTE, 0, False
            if listed:
                return BlockKind.LIST_ITEM, int(listed.group(2) or 1), listed.group(1) == "number"
        return None

    def value(self, props: etree._Element | None, style_id: str | None, path: str) -> str | None:
        """A paragraph property's w:val: the paragraph's own, else the nearest style's."""
        own = _val(props, path)
        if own is not None:
            return own
        for style in self.chain(style_id):
            value = _val(style, f"w:pPr/{path}")
            if value is not None:
                return value
        return None


class _Numbering:
    """numId + level → whether the list is numbered (decimal, roman, letter ...)."""

    def __init__(self, root: etree._Element | None) -> None:
        children = [] if root is None else list(root)
        self._nums = {e.get(_w("numId")): e for e in children if e.tag == _w("num")}
        self._abstracts = {
            e.get(_w("abstractNumId")): e for e in children if e.tag == _w("abstractNum")
        }

    def ordered(self, num_id: str, level: int) -> bool | None:
        """None when the definition cannot be found (the caller falls back to the style)."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        for override in num.iterfind("w:lvlOverride", _NS):
            lvl = override.find("w:lvl", _NS)
            if override.get(_w("ilvl")) == str(level) and lvl is not None:
                return (_val(lvl, "w:numFmt") or "decimal") not in _UNORDERED_FORMATS
        abstract = self._abstracts.get(_val(num, "w:abstractNumId"))
        for lvl in [] if abstract is None else abstract.iterfind("w:lvl", _NS):
            if lvl.get(_w("ilvl")) == str(level):
                return (_val(lvl, "w:numFmt") or "decimal") not in _UNORDERED_FORMATS
        return None


class _DocxReader:
    def __init__(self, document: DocxDocument, check: Check) -> None:
        self._body = document.element.body
        self._check = check
        rels = document.part.rels.values()
        parts = {rel.reltype: rel.target_part for rel in rels if not rel.is_external}
        self._styles = _Styles(_part_xml(parts.get(RT.STYLES)))
        self._numbering = _Numbering(_part_xml(parts.get(RT.NUMBERING)))
        self._footnotes = _part_xml(parts.get(RT.FOOTNOTES))
        self._endnotes = _part_xml(parts.get(RT.ENDNOTES))

    def read(self) -> list[RawBlock]:
        items = [] if self._body is None else list(_body_items(self._body))
        blocks: list[RawBlock] = []
        for index, item in enumerate(items):
            if index % _CHECK_EVERY == 0:
                self._check(index, len(items), "reading")
            blocks.extend(self._item_blocks(item))
        blocks.extend(self._note_blocks(self._footnotes, "footnote"))
        blocks.extend(self._note_blocks(self._endnotes, "endnote"))
        return blocks

    def _item_blocks(self, item: etree._Element) -> Iterator[RawBlock]:
        """A paragraph's or table's blocks, then those of the text boxes anchored in it
        (a box's paragraphs are not part of the paragraph's own runs)."""
        if item.tag == _w("tbl"):
            yield from _table_blocks(item)
        else:
            block = self._paragraph_block(item)
            if block is not None:
                yield block
        for box in text_boxes(item):
            for inner in _body_items(box):
                yield from self._item_blocks(inner)

    def _paragraph_block(self, paragraph: etree._Element) -> RawBlock | None:
        text = _paragraph_text(paragraph)
        if not text.strip():
            return None
        props = paragraph.find("w:pPr", _NS)
        style_id = _val(props, "w:pStyle")
        named = self._styles.named_kind(style_id)
        if named is not None and named[0] in (BlockKind.TITLE, BlockKind.HEADING):
            return RawBlock(named[0], text, named[1])
        outline = self._styles.value(props, style_id, "w:outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:  # 9 = body text
            return RawBlock(BlockKind.HEADING, text, min(int(outline) + 1, 6))
        list_style = named if named is not None and named[0] == BlockKind.LIST_ITEM else None
        num_id = self._styles.value(props, style_id, "w:numPr/w:numId")
        if num_id == "0":  # numbering switched off: not a list item, whatever the style
            return RawBlock(BlockKind.PARAGRAPH, text)
        if num_id is not None:
            ilvl = self._styles.value(props, style_id, "w:numPr/w:ilvl")
            # Word has nine list levels (0-8); a file claiming more is clamped, so no
            # absurd number reaches SQLite or a bundle.
            level = min(int(ilvl), 8) if ilvl and ilvl.isdigit() else 0
            ordered = self._numbering.ordered(num_id, level)
            if ordered is None:  # no definition: trust a "List Number" style name
                ordered = list_style is not None and list_style[2]
            # "List Bullet 2" carries its depth in the name, not in w:ilvl.
            depth = max(level + 1, list_style[1] if list_style else 1)
            return RawBlock(BlockKind.LIST_ITEM, text, depth, ordered)
        if named is not None:
            return RawBlock(named[0], text, named[1], named[2])
        return RawBlock(BlockKind.PARAGRAPH, text)

    def _note_blocks(self, root: etree._Element | None, kind: str) -> list[RawBlock]:
        """Notes numbered in the order the body refers to them, then any unreferenced."""
        if root is None:
            return []
        notes = {
            note.get(_w("id")): note
            for note in root.iterfind(f"w:{kind}", _NS)
            if note.get(_w("type")) not in _SKIPPED_NOTES
        }
        refs = [] if self._body is None else self._body.iter(_w(f"{kind}Reference"))
        order = [ref.get(_w("id")) for ref in refs]
        order = list(dict.fromkeys(ref for ref in order if ref in notes))
        order += [note_id for note_id in notes if note_id not in order]
        blocks: list[RawBlock] = []
        for number, note_id in enumerate(order, start=1):
            paragraphs = notes[note_id].iterfind(".//w:p", _NS)
            text = " ".join(_paragraph_text(p) for p in paragraphs).strip()
            if text:
                blocks.append(RawBlock(BlockKind.REFERENCE, f"{number} {text}"))
        return blocks


def _part_xml(part: object) -> etree._Element | None:
    """A part's XML root: python-docx's parsed element, or the blob parsed safely."""
    if part is None:
        return None
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return etree.fromstring(part.blob, _SAFE_XML)  # type: ignore[attr-defined]


def text_boxes(item: etree._Element) -> Iterator[etree._Element]:
    """The text boxes (w:txbxContent) anchored in a paragraph or table, in document
    order: each once, as Word shows it — the copy in mc:Fallback (VML for old Word) is
    skipped when alternate content gives the modern one; a box inside another box is
    its content, read with it."""
    for box in item.iter(_w("txbxContent")):
        parent = box.getparent()
        while parent is not None and parent is not item:
            if parent.tag in (_w("txbxContent"), _MC_FALLBACK):
                break
            parent = parent.getparent()
        else:
            yield box


def _body_items(container: etree._Element) -> Iterator[etree._Element]:
    """Body paragraphs and tables in order, looking inside content controls."""
    for child in container:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag == _w("sdt"):
            content = child.find("w:sdtContent", _NS)
            if content is not None:
                yield from _body_items(content)
        elif child.tag == _w("customXml"):
            yield from _body_items(child)


def _table_blocks(table: etree._Element) -> list[RawBlock]:
    """First non-empty row → TABLE_HEADER, others TABLE_ROW; merged cells kept once."""
    blocks: list[RawBlock] = []
    boxes = _BOXES_AROUND(table)  # a table in a text box: its cells are at that depth
    for row in _ROWS(table):
        cells = [_cell_text(cell, boxes) for cell in _ROW_CELLS(row)]
        if any(cells):
            kind = BlockKind.TABLE_ROW if blocks else BlockKind.TABLE_HEADER
            blocks.append(RawBlock(kind, "\t".join(cells)))
    return blocks


def _cell_text(cell: etree._Element, boxes: float) -> str:
    paragraphs = _CELL_PARAGRAPHS(cell, boxes=boxes)
    return " ".join(" ".join(_paragraph_text(p) for p in paragraphs).split())
