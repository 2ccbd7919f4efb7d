"""The works a review's documents cite, as CSL-JSON, BibTeX and RIS (for Zotero & co.).

A `CitedWork` is one work as the document writes it, completed and corrected by the
reviewer's library where the library holds it (services/references_out.py makes them):
the library's fields win, since the reviewer curated them. Pure: no SQL, no Qt; the
output is deterministic (works in document order, keys made unique by a suffix).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import rispy

FORMATS = ("csl-json", "bibtex", "ris")
SUFFIXES = {"csl-json": ".json", "bibtex": ".bib", "ris": ".ris"}


@dataclass(frozen=True, slots=True)
class CitedWork:
    key: str  # unique in the export: the library's key, else the work's own
    type: str  # the library's types: article, book, chapter, conference, report, thesis,
    # webpage, other
    title: str
    authors: tuple[str, ...]  # "Surname Initials" (or a name kept whole)
    year: int | None
    journal: str
    journal_abbreviation: str
    volume: str
    issue: str
    pages: tuple[str, str] | None
    doi: str
    pmid: str
    url: str
    abstract: str
    as_written: str  # the entry as the document writes it (canonical spelling)
    cited_in: tuple[str, ...]  # titles of the documents citing it
    in_library: bool
    et_al: bool = False  # the document lists only the first authors


_CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter",
              "conference": "paper-conference", "report": "report", "thesis": "thesis",
              "webpage": "webpage"}  # fmt: skip
_BIBTEX_TYPES = {
    "article": "article",
    "book": "book",
    "chapter": "incollection",
    "conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
}
# Where the journal (or the book, the proceedings) goes in each BibTeX entry type.
_CONTAINER_FIELDS = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "techreport": "institution",
    "phdthesis": "school",
}
_RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
}


def render(works: Sequence[CitedWork], format: str) -> bytes:
    if format == "csl-json":
        return csl_json(works)
    if format == "bibtex":
        return bibtex(works)
    if format == "ris":
        return ris(works)
    raise ValueError(f"unknown references format {format!r}; one of {', '.join(FORMATS)}")


def note(work: CitedWork) -> str:
    """What the formats have no field for: where it is cited, and as written there."""
    lines = [f"Cited in: {'; '.join(work.cited_in)}"] if work.cited_in else []
    lines.append(f"As written: {work.as_written}")
    if work.in_library:
        lines.append("Completed from the reviewer's library.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- CSL-JSON


def csl_json(works: Sequence[CitedWork]) -> bytes:
    items = [_csl_item(work) for work in works]
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _csl_item(work: CitedWork) -> dict[str, object]:
    item: dict[str, object] = {"id": work.key, "type": _CSL_TYPES.get(work.type, "document")}
    if not work.journal and work.type == "article":
        item["type"] = "document"
    if work.title:
        item["title"] = work.title
    if work.authors:
        item["author"] = [_csl_name(author) for author in work.authors]
    if work.year is not None:
        item["issued"] = {"date-parts": [[work.year]]}
    optional = {
        "container-title": work.journal, "journalAbbreviation": work.journal_abbreviation,
        "volume": work.volume, "issue": work.issue, "page": _page_range(work, "-"),
        "DOI": work.doi, "PMID": work.pmid, "URL": work.url, "abstract": work.abstract,
        "note": note(work),
    }  # fmt: skip
    item.update({name: value for name, value in optional.items() if value})
    return item


def _csl_name(author: str) -> dict[str, str]:
    family, given = split_name(author)
    return {"family": family, "given": given} if given else {"literal": family}


def split_name(author: str) -> tuple[str, str]:
    """ "Boyle NB" -> ("Boyle", "NB"); "World Health Organization" stays whole when
    its last word is no initials."""
    parts = author.rsplit(" ", 1)
    if len(parts) == 2 and re.fullmatch(r"[A-Z][A-Z.\-]{0,5}", parts[1]):
        return parts[0], parts[1]
    return author, ""


def _page_range(work: CitedWork, dash: str) -> str:
    if not work.pages:
        return ""
    first, last = work.pages
    return f"{first}{dash}{last}" if last else first


# ----------------------------------------------------------------------------- BibTeX


def bibtex(works: Sequence[CitedWork]) -> bytes:
    return "\n".join(_bibtex_entry(work) for work in works).encode("utf-8")


def _bibtex_entry(work: CitedWork) -> str:
    kind = _BIBTEX_TYPES.get(work.type, "misc")
    if kind == "article" and not work.journal:
        kind = "misc"
    fields = {
        "author": " and ".join([*map(_bibtex_name, work.authors), *["others"][: work.et_al]]),
        "title": work.title,
        _CONTAINER_FIELDS.get(kind, "howpublished"): work.journal,
        "year": str(work.year) if work.year is not None else "",
        "volume": work.volume,
        "number": work.issue,
        "pages": _page_range(work, "--"),
        "doi": work.doi,
        "pmid": work.pmid,
        "url": work.url,
        "abstract": work.abstract,
        "note": " ".join(line if line.endswith(".") else line + "." for line in
                         note(work).splitlines()),
    }  # fmt: skip
    lines = [f"@{kind}{{{bibtex_key(work.key)},"]
    lines += [f"  {name} = {{{_braced(value)}}}," for name, value in fields.items() if value]
    lines.append("}\n")
    return "\n".join(lines)


def bibtex_key(key: str) -> str:
    """Citation keys take no spaces, commas, braces, quotes, # or %."""
    return re.sub(r"[\s,{}\"#%'()=\\~]", "_", key) or "work"


def _bibtex_name(author: str) -> str:
    family, given = split_name(author)
    # A name kept whole is braced, so BibTeX does not split it into first and last.
    return f"{family}, {given}" if given else f"{{{family}}}"


def _braced(value: str) -> str:
    """A value inside braces: its own braces escaped when they would not balance."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth == 0:
        return value
    return value.replace("{", "(").replace("}", ")")  # an unbalanced brace ends the value


# -------------------------------------------------------------------------------- RIS


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the "1." it puts before each record (no RIS tag)."""

    def set_header(self, count: int) -> str:
        return ""


def ris(works: Sequence[CitedWork]) -> bytes:
    entries = [_ris_entry(work) for work in works]
    return rispy.dumps(entries, implementation=_RisWriter).encode("utf-8")


def _ris_entry(work: CitedWork) -> dict[str, object]:
    kind = _RIS_TYPES.get(work.type, "GEN")
    if kind == "JOUR" and not work.journal:
        kind = "GEN"
    entry: dict[str, object] = {"type_of_reference": kind, "id": work.key}
    if work.authors:
        entry["authors"] = [", ".join(filter(None, split_name(a))) for a in work.authors]
    first, last = work.pages or ("", "")
    optional = {
        "title": work.title, "secondary_title": work.journal,
        "alternate_title1": work.journal_abbreviation,
        "year": str(work.year) if work.year is not None else "", "volume": work.volume,
        "number": work.issue, "start_page": first, "end_page": last, "doi": work.doi,
        "accession_number": work.pmid, "abstract": work.abstract,
    }  # fmt: skip
    entry.update({name: value for name, value in optional.items() if value})
    if work.url:
        entry["urls"] = [work.url]
    entry["notes"] = [line.strip() for line in note(work).splitlines()]
    return entry
