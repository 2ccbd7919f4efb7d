"""Reading an RIS export (EndNote, Mendeley, Zotero): records split here so every problem
has its line; each record's tags mapped by rispy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import rispy

from assay.evidence.library_formats import (
    CHUNK_ENTRIES,
    Check,
    LibraryEntry,
    Problem,
    author_from_text,
    collapse,
    entry_type,
    normalise_doi,
    normalise_pmid,
    parse_year,
    pmid_in_note,
    split_pages,
)
from assay.text.errors import ImportRefused

# --------------------------------------------------------------------------------- RIS

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?: (.*)|\s*)$")
_RIS_KNOWN = frozenset(rispy.TAG_KEY_MAPPING) | {"ER", "Y2", "L3", "CT", "BT", "A5", "A6"}


@dataclass
class _RisRecord:
    line: int
    lines: list[str]
    notes: list[tuple[int, str]]  # (line, message) of problems that keep the entry


def ris_records(text: str, problems: list[Problem]) -> Iterator[_RisRecord]:
    """Records from TY to ER, each with its first line; stray text and missing ERs noted."""
    record: _RisRecord | None = None
    stray_reported = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip().lstrip("\ufeff")
        tag_match = _RIS_TAG.match(line)
        tag = tag_match.group(1) if tag_match else None
        if tag == "TY":
            if record is not None:
                record.notes.append((record.line, "no “ER” line ends this entry"))
                yield record
            record, stray_reported = _RisRecord(number, [], []), False
        elif record is None:
            if line.strip() and not stray_reported:
                message = "text outside any entry (an entry must start with “TY  - ”) was ignored"
                problems.append(Problem(number, 0, "", message, skipped=False))
                stray_reported = True
            continue
        elif tag == "ER":
            yield record
            record = None
            continue
        elif tag is not None and tag not in _RIS_KNOWN:
            record.notes.append((number, f"unknown tag “{tag}” (ignored)"))
        assert record is not None
        record.lines.append(f"{tag}  - {tag_match.group(2) or ''}" if tag_match else line)
    if record is not None:
        record.notes.append((record.line, "the file ends before the “ER” line of this entry"))
        yield record


def read_ris(text: str, name: str, check: Check) -> tuple[list[LibraryEntry], list[Problem]]:
    total = sum(1 for line in text.splitlines() if line.startswith("TY  -"))
    parser = rispy.RisParser(skip_unknown_tags=True)
    entries: list[LibraryEntry] = []
    problems: list[Problem] = []
    for number, record in enumerate(ris_records(text, problems), start=1):
        if number % CHUNK_ENTRIES == 1:
            check(number - 1, total, "reading RIS")
        fields = parser.parse_lines(iter([*record.lines, "ER  - "]))[0]
        entry = ris_entry(fields)
        for line, message in record.notes:
            problems.append(Problem(line, number, entry.key, message, skipped=False))
        if entry.title:
            entries.append(entry)
        else:
            problems.append(Problem(record.line, number, entry.key, "no title (“TI”, “T1”)"))
    check(total, total, "reading RIS")
    problems.sort(key=lambda problem: problem.line)  # a missing ER is noticed one entry late
    if not entries and not any(problem.entry_number for problem in problems):
        raise ImportRefused(f"“{name}” has no RIS entries (no line starting with “TY  - ”).")
    return entries, problems


def _ris_text(fields: dict[str, object], *names: str) -> str:
    for field_name in names:
        value = fields.get(field_name)
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, str) and value.strip():
            return collapse(value)
    return ""


def ris_entry(fields: dict[str, object]) -> LibraryEntry:
    authors = [*_ris_list(fields, "authors"), *_ris_list(fields, "first_authors")]
    notes = " ".join(_ris_list(fields, "notes"))
    start, end = _ris_text(fields, "start_page"), _ris_text(fields, "end_page")
    pages = split_pages(start) if start else None
    if pages and end and not pages[1]:
        pages = (pages[0], end)
    urls = _ris_list(fields, "urls")
    doi = normalise_doi(_ris_text(fields, "doi"))
    doi = doi or next((normalise_doi(u) for u in urls if "doi.org/" in u), "")
    from_pubmed = "pubmed" in _ris_text(fields, "name_of_database", "database_provider").lower()
    accession = _ris_text(fields, "accession_number") if from_pubmed else ""
    return LibraryEntry(
        key=_ris_text(fields, "id"),
        type=entry_type(_ris_text(fields, "type_of_reference")),
        title=_ris_text(fields, "title", "primary_title"),
        authors=tuple(author_from_text(author) for author in authors if author.strip()),
        year=parse_year(_ris_text(fields, "year", "publication_year", "date")),
        journal=_ris_text(
            fields, "alternate_title3", "secondary_title", "journal_name", "alternate_title1"
        ),
        volume=_ris_text(fields, "volume"),
        issue=_ris_text(fields, "number"),
        pages=pages,
        doi=doi,
        pmid=normalise_pmid(accession) or pmid_in_note(notes),
        abstract=_ris_text(fields, "abstract", "notes_abstract"),
        url=urls[0] if urls else "",
        journal_abbreviation=_ris_text(fields, "alternate_title1", "alternate_title2"),
    )


def _ris_list(fields: dict[str, object], name: str) -> list[str]:
    value = fields.get(name)
    if isinstance(value, list):
        return [collapse(str(item)) for item in value if str(item).strip()]
    return [collapse(value)] if isinstance(value, str) and value.strip() else []
