"""The reviewer's own reference library (Zotero, Mendeley, EndNote exports), offline.

`read_library(path, check)` reads a BibTeX, RIS or CSL-JSON export into `LibraryEntry`
values and lists every problem with its line; `read_zotero(path)` reads a local
zotero.sqlite read-only; `match_references(refs, library)` pairs a document's parsed
references with library entries and names the fields that disagree. Qt-free, and
no project database: the caller decides what to store. See docs/LIBRARY.md.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from assay.evidence.library_bibtex import read_bibtex
from assay.evidence.library_csl import read_csl_json
from assay.evidence.library_formats import (
    LibraryEntry,
    LibraryRead,
    Problem,
    entry_type,
    format_author,
    normalise_doi,
    normalise_pmid,
    parse_year,
    pmid_in_note,
    split_pages,
)
from assay.evidence.library_match import (
    FieldMismatch,
    LibraryIndex,
    Match,
    RefLike,
    match_references,
)
from assay.evidence.library_ris import read_ris
from assay.text.errors import ImportRefused
from assay.text.reading import decode_bytes, read_capped

__all__ = [
    "FieldMismatch",
    "LibraryEntry",
    "LibraryIndex",
    "LibraryRead",
    "Match",
    "Problem",
    "RefLike",
    "match_references",
    "read_library",
    "read_zotero",
]

Check = Callable[[int, int, str], None]

_READERS = {"bibtex": read_bibtex, "ris": read_ris, "csl-json": read_csl_json}
_BY_EXTENSION = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csl-json"}
_LOOKS_LIKE = {
    "csl-json": re.compile(r"\A\s*[\[{]"),
    "ris": re.compile(r"^TY {1,2}- ", re.MULTILINE),
    "bibtex": re.compile(r"^[ \t]*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE),
}


def _ignore_progress(done: int, total: int, stage: str) -> None:
    return None


def read_library(path: Path, check: Check = _ignore_progress) -> LibraryRead:
    """Every good entry of a library export and every problem, each with its line.

    The format is told by the content (an export saved as .txt still reads); the
    extension breaks ties. ImportRefused (naming the file) for anything that is not a
    library at all: empty, binary, a PDF renamed .bib, JSON that is not CSL-JSON.
    `check(done, total, stage)` is called between chunks of entries; it may raise
    Cancelled."""
    path = Path(path)
    # Only a regular file, read with a cap: /dev/zero, a FIFO or a huge file is a message.
    data = read_capped(path, what="library files")
    if data.startswith(b"%PDF-"):
        raise ImportRefused(f"“{path.name}” is a PDF, not a reference library export.")
    text = decode_bytes(data, path.name).text  # refuses empty, binary, undecodable
    kind = _format_of(text, path)
    entries, problems = _READERS[kind](text, path.name, check)
    return LibraryRead(path, kind, tuple(entries), tuple(problems))


def _format_of(text: str, path: Path) -> str:
    head = text[: 256 * 1024]
    candidates = [kind for kind, pattern in _LOOKS_LIKE.items() if pattern.search(head)]
    expected = _BY_EXTENSION.get(path.suffix.lower())
    if expected in candidates:
        return expected
    if candidates:
        return candidates[0]
    named = {"bibtex": "a BibTeX", "ris": "an RIS", "csl-json": "a CSL-JSON"}.get(expected or "")
    what = named or "a BibTeX, RIS or CSL-JSON"
    raise ImportRefused(f"“{path.name}” is not {what} library export.")


# ----------------------------------------------------------------------- zotero.sqlite

# Zotero 5+ keys item data by the ids of the *Combined tables (built-in plus custom
# fields and types); older databases only have the plain ones.
_ZOTERO_ITEMS = """
    SELECT items.itemID, items.key, {types}.typeName FROM items
    JOIN {types} USING (itemTypeID)
    WHERE {types}.typeName NOT IN ('attachment', 'note', 'annotation')
      AND items.itemID NOT IN (SELECT itemID FROM deletedItems)
    ORDER BY items.itemID
"""
_ZOTERO_FIELDS = """
    SELECT itemData.itemID, {fields}.fieldName, itemDataValues.value FROM itemData
    JOIN {fields} USING (fieldID) JOIN itemDataValues USING (valueID)
"""
_ZOTERO_CREATORS = """
    SELECT itemCreators.itemID, creators.lastName, creators.firstName, creators.fieldMode,
           creatorTypes.creatorType
    FROM itemCreators JOIN creators USING (creatorID) JOIN creatorTypes USING (creatorTypeID)
    ORDER BY itemCreators.itemID, itemCreators.orderIndex
"""
_Creator = tuple[str, str, int, str]  # last name, first name, fieldMode, creator type


def read_zotero(path: Path) -> LibraryRead:
    """Items of a local zotero.sqlite, opened read-only and immutable: Zotero keeps the
    file locked while it runs, and nothing here may ever write to it."""
    path = Path(path)
    if not path.is_file():
        raise ImportRefused(f"“{path.name}” cannot be read: it is not a file.")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise ImportRefused(f"“{path.name}” cannot be opened: {error}.") from error
    try:
        items, fields, creators = _zotero_rows(connection)
    except sqlite3.DatabaseError as error:
        raise ImportRefused(f"“{path.name}” is not a Zotero database ({error}).") from error
    finally:
        connection.close()
    entries: list[LibraryEntry] = []
    problems: list[Problem] = []
    for number, (item_id, key, type_name) in enumerate(items, start=1):
        entry = _zotero_entry(key, type_name, fields.get(item_id, {}), creators.get(item_id, []))
        if entry.title:
            entries.append(entry)
        else:  # no line in a database: the item's position stands in for it
            problems.append(Problem(number, number, key, "no title; the item was left out"))
    return LibraryRead(path, "zotero", tuple(entries), tuple(problems))


def _zotero_rows(
    connection: sqlite3.Connection,
) -> tuple[list[tuple[int, str, str]], dict[int, dict[str, str]], dict[int, list[_Creator]]]:
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    types = "itemTypesCombined" if "itemTypesCombined" in tables else "itemTypes"
    field_names = "fieldsCombined" if "fieldsCombined" in tables else "fields"
    items = connection.execute(_ZOTERO_ITEMS.format(types=types)).fetchall()
    fields: dict[int, dict[str, str]] = {}
    for item_id, name, value in connection.execute(_ZOTERO_FIELDS.format(fields=field_names)):
        fields.setdefault(item_id, {})[name] = str(value)
    creators: dict[int, list[_Creator]] = {}
    for item_id, last, first, mode, role in connection.execute(_ZOTERO_CREATORS):
        creators.setdefault(item_id, []).append((last or "", first or "", mode or 0, role))
    return items, fields, creators


def _zotero_authors(creators: list[_Creator]) -> tuple[str, ...]:
    authors = [c for c in creators if c[3] == "author"] or creators
    # fieldMode 1: a one-field name (an organisation), kept whole.
    return tuple(
        last if mode == 1 else format_author(last, first) for last, first, mode, _ in authors
    )


def _zotero_entry(
    key: str, type_name: str, fields: dict[str, str], creators: list[_Creator]
) -> LibraryEntry:
    pages = fields.get("pages", "")
    return LibraryEntry(
        key=key,
        type=entry_type(type_name),
        title=fields.get("title", "").strip(),
        authors=_zotero_authors(creators),
        year=parse_year(fields.get("date", "")),  # stored as "2020-05-00 May 2020"
        journal=fields.get("publicationTitle", "") or fields.get("proceedingsTitle", ""),
        volume=fields.get("volume", ""),
        issue=fields.get("issue", ""),
        pages=split_pages(pages) if pages else None,
        doi=normalise_doi(fields.get("DOI", "")),
        pmid=normalise_pmid(pmid_in_note(fields.get("extra", ""))),
        abstract=fields.get("abstractNote", ""),
        url=fields.get("url", ""),
        journal_abbreviation=fields.get("journalAbbreviation", ""),
    )
