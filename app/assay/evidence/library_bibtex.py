"""Reading a BibTeX export (Zotero, Mendeley, JabRef) into LibraryEntry's, with the line of
every problem. See library_formats for the entry model."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, MiddlewareErrorBlock
from bibtexparser.model import ParsingFailedBlock as FailedBlock

from assay.evidence.library_formats import (
    CHUNK_ENTRIES,
    LATEX_ESCAPE,
    Check,
    LibraryEntry,
    Problem,
    collapse,
    entry_type,
    format_author,
    latex_to_unicode,
    normalise_doi,
    normalise_pmid,
    parse_year,
    pmid_in_note,
    split_pages,
)
from assay.text.errors import ImportRefused

# ------------------------------------------------------------------------------ BibTeX

_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_SWALLOWED = re.compile(r'[}"]\s+([A-Za-z][\w-]*)\s*=')
_FAILED_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,={}()\"]+)")
# Names are split in `_bibtex_author`: the SplitNameParts middleware costs ~1.3 s per
# 70,000 names, and exports write "Last, First", which needs no BibTeX name rules.
_BIBTEX_STACK = (
    middlewares.ResolveStringReferencesMiddleware(allow_inplace_modification=True),
    middlewares.RemoveEnclosingMiddleware(allow_inplace_modification=True),
)


def bibtex_chunks(text: str, entries_per_chunk: int) -> Iterator[tuple[int, int, str]]:
    """(first line, entries in it, text) pieces cut at entry starts, so the parser can be
    fed a piece at a time between progress checks and each block's line be known."""
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    cuts = [0, *starts[entries_per_chunk::entries_per_chunk], len(text)]
    line, before = 1, 0
    for begin, end in zip(cuts, cuts[1:], strict=False):
        piece = text[begin:end]
        entries = bisect_left(starts, end) - before
        yield line, entries, piece
        line, before = line + piece.count("\n"), before + entries


def read_bibtex(text: str, name: str, check: Check) -> tuple[list[LibraryEntry], list[Problem]]:
    total = len(_ENTRY_START.findall(text))
    library = bibtexparser.Library()
    entries: list[LibraryEntry] = []
    problems: list[Problem] = []
    first_line_of: dict[str, int] = {}
    done = number = 0
    for first_line, count, piece in bibtex_chunks(text, CHUNK_ENTRIES):
        check(done, total, "reading BibTeX")
        known = len(library.blocks)
        bibtexparser.parse_string(piece, parse_stack=_BIBTEX_STACK, library=library)
        for block in library.blocks[known:]:
            if isinstance(block, Entry | FailedBlock):  # comments, @string, @preamble: skip
                number += 1
                line = first_line + (block.start_line or 0)
                _take_bibtex_block(block, line, number, first_line_of, entries, problems)
        done += count
    check(total, total, "reading BibTeX")
    if not entries and not problems:
        raise ImportRefused(f"“{name}” has no BibTeX entries (no “@article{{…}}” or the like).")
    return entries, problems


def _take_bibtex_block(
    block: Entry | FailedBlock,
    line: int,
    number: int,
    first_line_of: dict[str, int],
    entries: list[LibraryEntry],
    problems: list[Problem],
) -> None:
    if isinstance(block, DuplicateBlockKeyBlock):
        first = first_line_of.get(block.key)
        where = f" (first at line {first})" if first else ""
        message = f"the key is used twice{where}; this second entry was left out"
        problems.append(Problem(line, number, block.key, message))
        return
    kept_problem = None
    if isinstance(block, MiddlewareErrorBlock) and isinstance(block.ignore_error_block, Entry):
        kept_problem = "part of this entry could not be read: " + str(block.error).split("\n")[0]
        block = block.ignore_error_block
    if isinstance(block, FailedBlock):
        key = _key_of_failed(block.raw or "")
        problems.append(Problem(line, number, key, explain_bibtex_error(block.error)))
        return
    first_line_of.setdefault(block.key, line)
    swallowed = _swallowed_field(block)
    if swallowed:
        message = f"missing comma between two fields (before “{swallowed}”)"
        problems.append(Problem(line, number, block.key, message))
        return
    if kept_problem:
        problems.append(Problem(line, number, block.key, kept_problem, skipped=False))
    entry = bibtex_entry(block)
    if entry.title:
        entries.append(entry)
    else:
        problems.append(Problem(line, number, block.key, "no title; the entry was left out"))


def _swallowed_field(entry: Entry) -> str | None:
    """The field a missing comma made part of the previous value: bibtexparser reads
    `title = {A}` + newline + `year = {2016}` as one unenclosed title, without an error."""
    for field in entry.fields:
        if field.enclosing == "no-enclosing" and isinstance(field.value, str):
            found = _SWALLOWED.search(field.value)
            if found:
                return found.group(1)
    return None


def _key_of_failed(raw: str) -> str:
    found = _FAILED_KEY.search(raw)
    return found.group(1) if found else ""


def explain_bibtex_error(error: Exception) -> str:
    """bibtexparser's parser-speak → what a reviewer can fix in the file."""
    reason = str(getattr(error, "abort_reason", error))
    if "closing" in reason or "end of file" in reason:
        return "unbalanced braces: a “{” (or a quote) opened in this entry is never closed"
    if "comma after entry key" in reason:
        return "missing comma after the citation key"
    if "after a closed entry field value" in reason:
        return "missing comma between two fields"
    if "Expected a `=`" in reason:
        return "a field has no “=” (a stray word or a missing comma?)"
    return "cannot be read: " + reason.strip().splitlines()[0]


def _bibtex_text(fields: dict[str, object], *names: str) -> str:
    for field_name in names:
        value = fields.get(field_name)
        if isinstance(value, str) and value.strip():
            return latex_to_unicode(value)
    return ""


def _bibtex_verbatim(fields: dict[str, object], name: str) -> str:
    """URLs and DOIs are not LaTeX (a "~" or "--" in them is meant): escapes undone only."""
    value = fields.get(name)
    if not isinstance(value, str):
        return ""
    return collapse(LATEX_ESCAPE.sub(lambda m: m.group(1), value).strip("{}"))


def _bibtex_authors(value: object) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    authors = (_bibtex_author(name) for name in split_multiple_persons_names(value))
    return tuple(author for author in authors if author and author.lower() != "others")


def _bibtex_author(name: str) -> str:
    """ "Last, First", "von Last, Jr, First" (what exports write: split here, fast) or
    "First von Last" (BibTeX's rules, by bibtexparser); "{World Health Organization}"
    stays whole."""
    parts = _top_level_split(name, ",")
    if len(parts) == 1:
        try:
            split = parse_single_name_into_parts(name, strict=False)
        except InvalidNameError:
            return collapse(latex_to_unicode(name))
        surname, given = " ".join([*split.von, *split.last]), " ".join(split.first)
    elif len(parts) <= 3:
        surname, given = parts[0], parts[-1]
    else:  # more commas than a name can have: keep it as written
        return collapse(latex_to_unicode(name))
    return format_author(latex_to_unicode(surname), latex_to_unicode(given))


def _top_level_split(text: str, separator: str) -> list[str]:
    if "{" not in text:
        return [part.strip() for part in text.split(separator)]
    parts, depth, start = [], 0, 0
    for position, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        if char == separator and depth == 0:
            parts.append(text[start:position].strip())
            start = position + 1
    return [*parts, text[start:].strip()]


def bibtex_entry(entry: Entry) -> LibraryEntry:
    fields = {field.key.lower(): field.value for field in entry.fields}
    note = _bibtex_text(fields, "note", "annote", "extra")
    url = _bibtex_verbatim(fields, "url")
    doi = normalise_doi(_bibtex_verbatim(fields, "doi")) or (
        normalise_doi(url) if "doi.org/" in url else ""
    )
    pages = _bibtex_text(fields, "pages")
    return LibraryEntry(
        key=entry.key,
        type=entry_type(entry.entry_type),
        title=_bibtex_text(fields, "title"),
        authors=_bibtex_authors(fields.get("author") or fields.get("editor")),
        year=parse_year(_bibtex_text(fields, "year", "date")),
        journal=_bibtex_text(fields, "journal", "journaltitle", "booktitle"),
        volume=_bibtex_text(fields, "volume"),
        issue=_bibtex_text(fields, "number", "issue"),
        pages=split_pages(pages) if pages else None,
        doi=doi,
        pmid=normalise_pmid(_bibtex_text(fields, "pmid")) or pmid_in_note(note),
        abstract=_bibtex_text(fields, "abstract"),
        url=url,
        journal_abbreviation=_bibtex_text(fields, "shortjournal", "journal-abbreviation"),
    )
