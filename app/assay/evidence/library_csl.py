"""Reading a CSL-JSON export (Zotero, Mendeley): the stdlib decoder, one array item at a
time so each item has its line."""

from __future__ import annotations

import json
import re

from assay.evidence.library_formats import (
    CHUNK_ENTRIES,
    Check,
    LibraryEntry,
    Problem,
    collapse,
    entry_type,
    format_author,
    normalise_doi,
    normalise_pmid,
    parse_year,
    split_pages,
)
from assay.text.errors import ImportRefused

# ---------------------------------------------------------------------------- CSL-JSON

_CSL_KEYS = frozenset({"id", "type", "title", "author", "issued", "DOI", "container-title"})
_WHITESPACE = re.compile(r"\s*")


def read_csl_json(text: str, name: str, check: Check) -> tuple[list[LibraryEntry], list[Problem]]:
    """A top-level array decoded item by item: each item's line is known, and a file
    broken half-way still gives the items before the break."""
    text = text.lstrip("\ufeff")
    position = _WHITESPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("[", position):
        raise ImportRefused(f"“{name}” is JSON but not CSL-JSON (a list of references).")
    decoder = json.JSONDecoder()
    items: list[tuple[int, object]] = []
    broken: Problem | None = None
    position = _WHITESPACE.match(text, position + 1).end()  # type: ignore[union-attr]
    line, counted = 1, 0
    while position < len(text) and text[position] != "]":
        line, counted = line + text.count("\n", counted, position), position  # no rescans
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            message = (
                f"the file is broken near line {error.lineno} ({error.msg}); "
                "this entry and the ones after it were lost"
            )
            broken = Problem(line, len(items) + 1, "", message)
            break
        items.append((line, item))
        position = _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]
        if text.startswith(",", position):
            position = _WHITESPACE.match(text, position + 1).end()  # type: ignore[union-attr]
    if not any(isinstance(item, dict) and _CSL_KEYS & item.keys() for _, item in items):
        why = f" ({broken.message.split(';')[0]})" if broken else ""
        raise ImportRefused(f"“{name}” is not a CSL-JSON library{why}.")
    return _csl_entries(items, broken, check)


def _csl_entries(
    items: list[tuple[int, object]], broken: Problem | None, check: Check
) -> tuple[list[LibraryEntry], list[Problem]]:
    entries: list[LibraryEntry] = []
    problems: list[Problem] = []
    for number, (line, item) in enumerate(items, start=1):
        if number % CHUNK_ENTRIES == 1:
            check(number - 1, len(items), "reading CSL-JSON")
        if not isinstance(item, dict):
            problems.append(Problem(line, number, "", "is not a reference (not a JSON object)"))
            continue
        notes: list[str] = []
        entry = csl_entry(item, notes)
        problems.extend(Problem(line, number, entry.key, note, skipped=False) for note in notes)
        if entry.title:
            entries.append(entry)
        elif "title" not in item:
            problems.append(Problem(line, number, entry.key, "no “title”; left out"))
        else:
            problems.append(Problem(line, number, entry.key, "“title” is not text; left out"))
    check(len(items), len(items), "reading CSL-JSON")
    return entries, [*problems, *([broken] if broken else [])]


_NUMBER_LIKE = frozenset({"volume", "issue", "page", "PMID", "id"})


def _csl_text(item: dict[str, object], name: str, notes: list[str]) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return collapse(value)
    if name in _NUMBER_LIKE and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if name != "title":  # a title that is not text drops the entry: reported there
        notes.append(f"“{name}” should be text, not {type(value).__name__}; it was ignored")
    return ""


def _csl_authors(item: dict[str, object], notes: list[str]) -> tuple[str, ...]:
    value = item.get("author", item.get("editor"))
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(name, dict) for name in value):
        notes.append("“author” should be a list of names; it was ignored")
        return ()
    authors = []
    for name in value:
        family, given = name.get("family"), name.get("given")
        literal = name.get("literal")
        if isinstance(family, str):
            authors.append(format_author(family, given if isinstance(given, str) else ""))
        elif isinstance(literal, str):
            authors.append(collapse(literal))
    return tuple(author for author in authors if author)


def _csl_year(item: dict[str, object], notes: list[str]) -> int | None:
    issued = item.get("issued")
    if issued is None:
        return None
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return parse_year(parts[0][0])
        return parse_year(issued.get("raw") or issued.get("literal"))
    if isinstance(issued, str | int):  # not CSL, but a year is a year
        return parse_year(issued)
    notes.append("“issued” is not a date; the year was ignored")
    return None


def csl_entry(item: dict[str, object], notes: list[str]) -> LibraryEntry:
    pages = _csl_text(item, "page", notes)
    return LibraryEntry(
        key=_csl_text(item, "id", notes),
        type=entry_type(_csl_text(item, "type", notes)),
        title=_csl_text(item, "title", notes),
        authors=_csl_authors(item, notes),
        year=_csl_year(item, notes),
        journal=_csl_text(item, "container-title", notes),
        volume=_csl_text(item, "volume", notes),
        issue=_csl_text(item, "issue", notes),
        pages=split_pages(pages) if pages else None,
        doi=normalise_doi(_csl_text(item, "DOI", notes)),
        pmid=normalise_pmid(_csl_text(item, "PMID", notes)),
        abstract=_csl_text(item, "abstract", notes),
        url=_csl_text(item, "URL", notes),
        journal_abbreviation=_csl_text(item, "container-title-short", notes)
        or _csl_text(item, "journalAbbreviation", notes),
    )
