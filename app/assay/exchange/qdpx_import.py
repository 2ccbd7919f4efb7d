"""Reading a REFI-QDA project (`.qdpx`): users, codes, notes and the text sources with
their coded selections. Pure: no SQL, no Qt; services/qdpx.py places the selections.

The zip is checked as a bundle is (bundle_zip: a regular file, sizes and ratios
declared before anything is inflated, no links or encryption), and only
`project.qde` and the text files its sources name are read, never extracted.
`project.qde` is parsed with entities and DTDs off and no network.
"""

from __future__ import annotations

import stat
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from assay.core.regular_files import NotARegularFile, open_regular
from assay.exchange import bundle_format as fmt
from assay.exchange.bundle_limits import ratio_allows
from assay.exchange.bundle_zip import ZIP_FAILURES
from assay.exchange.qdpx_export import PROJECT_MEMBER, SOURCES_FOLDER

_MB = 1024 * 1024
_INTERNAL = "internal://"
_OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


class QdpxError(ValueError):
    """A `.qdpx` that cannot be read; `str(e)` says why, for the reviewer."""


@dataclass(frozen=True, slots=True)
class QdaUserRecord:
    guid: str
    name: str
    id: str  # the User's `id` attribute (Assay writes its reviewer id there)


@dataclass(frozen=True, slots=True)
class QdaCodeRecord:
    guid: str
    name: str
    parent: str  # the enclosing code's name ("" at the top)


@dataclass(slots=True)
class QdaSelectionRecord:
    guid: str
    start: int
    end: int
    user: str  # GUID of the user who made it ("" if none is named)
    created: str
    modified: str
    description: str
    codes: list[str] = field(default_factory=list)  # code GUIDs
    notes: list[str] = field(default_factory=list)  # note GUIDs


@dataclass(slots=True)
class QdaTextSourceRecord:
    guid: str
    name: str
    text: str | None  # None when the text could not be read (`problem` says why)
    problem: str = ""
    selections: list[QdaSelectionRecord] = field(default_factory=list)


@dataclass(slots=True)
class QdaProjectRecord:
    name: str
    origin: str
    creating_user: str
    users: dict[str, QdaUserRecord]
    codes: dict[str, QdaCodeRecord]
    notes: dict[str, str]  # GUID -> text
    sources: list[QdaTextSourceRecord]
    other_sources: Counter[str]  # PDFSource, PictureSource ... -> how many (not imported)


def read_qdpx(path: Path) -> QdaProjectRecord:
    """The project in a `.qdpx` file, or QdpxError."""
    path = Path(path)
    name = path.name
    try:
        stream = open_regular(path)
    except NotARegularFile as exc:
        raise QdpxError(f"“{name}” is not a file (a {exc.kind}): choose a .qdpx file.") from exc
    except OSError as exc:
        raise QdpxError(f"“{name}” cannot be read: {exc.strerror or exc}.") from exc
    with stream:
        size = path.stat().st_size
        if size > fmt.MAX_BUNDLE_BYTES:
            raise QdpxError(f"“{name}” is {size / _MB:,.0f} MB, more than Assay reads.")
        try:
            if not zipfile.is_zipfile(stream):
                raise QdpxError(f"“{name}” is not a REFI-QDA project (.qdpx is a zip file).")
            stream.seek(0)
            with zipfile.ZipFile(stream) as archive:
                infos = {info.filename: info for info in archive.infolist()}
                _check_entries(name, list(infos.values()), size)
                if PROJECT_MEMBER not in infos:
                    raise QdpxError(f"“{name}” is not a REFI-QDA project: it has no project.qde.")
                root = _parse(name, _inflate(archive, infos[PROJECT_MEMBER]))
                return _project(root, lambda member: _member(archive, infos, member))
        except QdpxError:
            raise
        except OSError as exc:
            raise QdpxError(f"“{name}” cannot be read: {exc.strerror or exc}.") from exc
        except ZIP_FAILURES as exc:
            raise QdpxError(f"“{name}” is damaged (the zip cannot be read: {exc}).") from exc


def _check_entries(name: str, infos: list[zipfile.ZipInfo], file_size: int) -> None:
    """The bundle reader's limits, on what the zip's directory declares."""
    if len(infos) > fmt.MAX_MEMBERS:
        raise QdpxError(f"“{name}” has {len(infos):,} members; Assay reads at most "
                        f"{fmt.MAX_MEMBERS:,}.")  # fmt: skip
    inflated = compressed = 0
    for info in infos:
        kind = stat.S_IFMT(info.external_attr >> 16)
        if info.create_system == 3 and kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise QdpxError(f"“{name}” is refused: “{info.filename}” is a link or special file.")
        if info.flag_bits & 0x1:
            raise QdpxError(f"“{name}” is refused: “{info.filename}” is encrypted.")
        too_big = info.file_size > fmt.MAX_MEMBER_BYTES
        if too_big or not ratio_allows(info.file_size, info.compress_size):
            raise QdpxError(f"“{name}” is refused: “{info.filename}” decompresses past the "
                            "size limit (a damaged file or a zip bomb).")  # fmt: skip
        inflated += info.file_size
        compressed += info.compress_size
    if inflated > fmt.MAX_TOTAL_BYTES or compressed > file_size:
        raise QdpxError(f"“{name}” is refused: its members decompress past the size limit.")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise QdpxError(f"“{info.filename}” is not the size its zip header says.")
    return data


def _member(
    archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], member: str
) -> bytes | None:
    info = infos.get(member)
    return None if info is None else _inflate(archive, info)


def _parse(name: str, data: bytes) -> etree._Element:
    # No entities, no DTD, no network; huge_tree lifts libxml2's text-node size cap,
    # which a project of 100,000 selections passes.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise QdpxError(f"“{name}”: project.qde is not well-formed XML ({exc}).") from exc
    if etree.QName(root).localname != "Project":
        raise QdpxError(f"“{name}”: project.qde holds no REFI-QDA Project.")
    return root


def _project(root: etree._Element, member: object) -> QdaProjectRecord:
    namespace = etree.QName(root).namespace
    tag = (lambda local: f"{{{namespace}}}{local}") if namespace else (lambda local: local)

    users = {
        user.get("guid", "").upper(): QdaUserRecord(
            user.get("guid", "").upper(), user.get("name", ""), user.get("id", "")
        )
        for user in root.iter(tag("User"))
    }
    codes: dict[str, QdaCodeRecord] = {}
    for code in root.iter(tag("Code")):
        parent = code.getparent()
        parent_name = (
            parent.get("name", "") if parent is not None and parent.tag == tag("Code") else ""
        )
        codes[code.get("guid", "").upper()] = QdaCodeRecord(
            code.get("guid", "").upper(), code.get("name", ""), parent_name
        )
    notes: dict[str, str] = {}
    for note in root.iter(tag("Note")):
        notes[note.get("guid", "").upper()] = _source_text(note, tag, member)[0] or ""
    sources: list[QdaTextSourceRecord] = []
    other: Counter[str] = Counter()
    for element in root.iterchildren(tag("Sources")):
        for source in element:
            local = etree.QName(source).localname
            if local in _OTHER_SOURCES:
                other[local] += 1
            elif local == "TextSource":
                sources.append(_text_source(source, tag, member))
    return QdaProjectRecord(
        root.get("name", ""), root.get("origin", ""),
        root.get("creatingUserGUID", "").upper(), users, codes, notes, sources, other,
    )  # fmt: skip


def _text_source(source: etree._Element, tag: object, member: object) -> QdaTextSourceRecord:
    text, problem = _source_text(source, tag, member)
    record = QdaTextSourceRecord(source.get("guid", "").upper(), source.get("name", ""), text,
                                 problem)  # fmt: skip
    for selection in source.iterchildren(tag("PlainTextSelection")):  # type: ignore[operator]
        try:
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        except (TypeError, ValueError):
            continue  # required by the schema; a selection without them places nowhere
        codings = list(selection.iterchildren(tag("Coding")))  # type: ignore[operator]
        user = selection.get("creatingUser") or next(
            (c.get("creatingUser") for c in codings if c.get("creatingUser")), ""
        )
        description = selection.find(tag("Description"))  # type: ignore[operator]
        record.selections.append(
            QdaSelectionRecord(
                selection.get("guid", "").upper(), min(start, end), max(start, end),
                (user or "").upper(), selection.get("creationDateTime", ""),
                selection.get("modifiedDateTime", ""),
                (description.text or "") if description is not None else "",
                [ref.get("targetGUID", "").upper() for coding in codings
                 for ref in coding.iterchildren(tag("CodeRef"))],  # type: ignore[operator]
                [ref.get("targetGUID", "").upper()
                 for ref in selection.iter(tag("NoteRef"))],  # type: ignore[operator]
            )
        )  # fmt: skip
    return record


def _source_text(source: etree._Element, tag: object, member: object) -> tuple[str | None, str]:
    """A TextSource's (or Note's) text: inline PlainTextContent or an internal file."""
    inline = source.find(tag("PlainTextContent"))  # type: ignore[operator]
    if inline is not None:
        return inline.text or "", ""
    path = source.get("plainTextPath", "")
    if not path:
        return None, "it names no plain text"
    if not path.startswith(_INTERNAL):
        return None, f"its text is outside the project ({path[:60]})"
    data = member(SOURCES_FOLDER + path[len(_INTERNAL) :])  # type: ignore[operator]
    if data is None:
        return None, f"its text file {path[len(_INTERNAL) :][:60]} is missing"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return None, "its text file is not UTF-8"
