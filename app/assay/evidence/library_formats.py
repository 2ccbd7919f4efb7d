"""A reviewer's exported reference library: the entry model, the problems, and the
field helpers the readers share (DOIs, pages, names, LaTeX → Unicode).

The readers: BibTeX (`library_bibtex`: bibtexparser 2, whose splitter keeps each
block's line and keeps going after a broken entry), RIS (`library_ris`: records split
here so every problem has its line, tags mapped by rispy) and CSL-JSON
(`library_csl`). Qt-free and SQL-free; `assay.evidence.library` is the public face.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

Check = Callable[[int, int, str], None]

CHUNK_ENTRIES = 500  # entries parsed between two progress/cancel checks

# The splitter logs a warning per broken entry; those reach the reviewer as Problems.
logging.getLogger("bibtexparser.splitter").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One reference of the reviewer's library; text fields are "" when absent."""

    key: str  # citation key (BibTeX), ID (RIS), id (CSL-JSON); may be ""
    type: str  # article, book, chapter, conference, report, thesis, webpage, other
    title: str
    authors: tuple[str, ...] = ()  # "Surname Initials"; non-Latin given names kept whole
    year: int | None = None
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: tuple[str, str] | None = None  # (first, last); last is "" for one page
    doi: str = ""  # lowercase, no https://doi.org/ prefix
    pmid: str = ""
    abstract: str = ""
    url: str = ""
    journal_abbreviation: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the file, located for the reviewer."""

    line: int  # 1-based line where the entry (or the faulty part) starts
    entry_number: int  # 1-based position among the file's entries; 0: outside any entry
    key: str  # the entry's key when it could be read, else ""
    message: str
    skipped: bool = True  # False: the entry was kept, without the faulty part

    def __str__(self) -> str:
        if self.key:
            return f"line {self.line}, entry “{self.key}”: {self.message}"
        if self.entry_number:
            return f"line {self.line}, entry {self.entry_number}: {self.message}"
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class LibraryRead:
    """What a library file gave: the good entries and every problem met on the way."""

    path: Path
    format: str  # "bibtex", "ris", "csl-json" or "zotero"
    entries: tuple[LibraryEntry, ...]
    problems: tuple[Problem, ...]

    @property
    def skipped(self) -> int:
        """How many entries were left out (problems that kept their entry not counted)."""
        return sum(1 for problem in self.problems if problem.skipped)


# ---------------------------------------------------------------- shared field helpers

_DOI_PREFIX = re.compile(r"^(?:https?://)?(?:dx\.)?(?:doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/\S+")
_PMID_IN_TEXT = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_PAGE_DASH = re.compile(r"\s*(?:-+|–|—)\s*")
_PAGE_PREFIX = re.compile(r"^(?:pages?\s*|pp?\.\s*|pp?\s+)(?=\w)", re.IGNORECASE)


def normalise_doi(raw: str) -> str:
    """Lowercase DOI without URL/`doi:` prefix or trailing punctuation; "" if none."""
    text = raw.strip()
    if "%" in text:
        text = unquote(text)
    found = _DOI_IN_TEXT.search(_DOI_PREFIX.sub("", text))
    if not found:
        return ""
    doi = found.group().rstrip(".,;")
    while doi.endswith(")") and doi.count(")") > doi.count("("):  # "(doi:10.1/x)." in prose
        doi = doi[:-1].rstrip(".,;")
    return doi.lower()


def normalise_pmid(raw: str) -> str:
    if "pmc" in raw.lower():  # a PubMed Central id is another number
        return ""
    digits = re.sub(r"\D", "", raw)
    return digits if 0 < len(digits) <= 9 else ""


def pmid_in_note(note: str) -> str:
    """A "PMID: 123" line, as Zotero writes it into Extra / note fields."""
    found = _PMID_IN_TEXT.search(note)
    return found.group(1) if found else ""


def parse_year(raw: object) -> int | None:
    found = _YEAR.search(str(raw)) if raw is not None else None
    return int(found.group(1)) if found else None


def split_pages(raw: str) -> tuple[str, str] | None:
    """ "635--650", "pp. 635–50", "e1234" → (first, last)."""
    parts = _PAGE_DASH.split(_PAGE_PREFIX.sub("", raw.strip()), maxsplit=1)
    first = parts[0].strip()
    if not first:
        return None
    return first, parts[1].strip() if len(parts) > 1 else ""


def collapse(text: str) -> str:
    return " ".join(text.split())


def _is_cased(word: str) -> bool:
    """True for scripts with letter case (Latin, Greek, Cyrillic): initials make sense."""
    return bool(word) and word[0].upper() != word[0].lower()


def initials(given: str) -> str:
    """ "Jean-Pierre A." → "JPA"; a given name in an uncased script (小明) is kept whole."""
    parts = [part for part in re.split(r"[\s.\-‐]+", given) if part]
    return "".join(part[0].upper() if _is_cased(part) else part for part in parts)


def format_author(surname: str, given: str = "") -> str:
    """ "Surname Initials", the form Vancouver-style references use."""
    surname, shortened = collapse(surname), initials(given)
    return f"{surname} {shortened}" if surname and shortened else surname or shortened


def author_from_text(name: str) -> str:
    """ "Smith, John A." → "Smith JA"; a name without a comma is kept as written."""
    surname, comma, given = name.partition(",")
    return format_author(surname, given) if comma else collapse(name)


# BibTeX, RIS, CSL and Zotero types onto the small vocabulary of LibraryEntry.type.
_TYPES = {
    "article": "article", "jour": "article", "ejour": "article", "article-journal": "article",
    "article-magazine": "article", "article-newspaper": "article", "mgzn": "article",
    "news": "article", "book": "book", "ebook": "book", "edbook": "book", "chap": "chapter",
    "echap": "chapter", "inbook": "chapter", "incollection": "chapter", "chapter": "chapter",
    "conf": "conference", "cpaper": "conference", "inproceedings": "conference",
    "conference": "conference", "paper-conference": "conference", "proceedings": "conference",
    "rprt": "report", "report": "report", "techreport": "report", "thes": "thesis",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis", "elec": "webpage",
    "web": "webpage", "webpage": "webpage", "online": "webpage", "post-weblog": "webpage",
    "data": "dataset", "dataset": "dataset", "preprint": "preprint", "unpb": "preprint",
    "unpublished": "preprint", "journalarticle": "article", "magazinearticle": "article",
    "newspaperarticle": "article", "booksection": "chapter", "conferencepaper": "conference",
    "blogpost": "webpage",
}  # fmt: skip


def entry_type(raw: str) -> str:
    return _TYPES.get(raw.strip().lower(), "other")


# ------------------------------------------------------------------- LaTeX → Unicode

_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_ACCENT = re.compile(
    r"""\\(?:(?P<sym>["'`^~=.])|(?P<word>[uvHckrdb])(?=[\s{\\]))\s*"""
    r"""(?:\{\s*(?P<braced>\\[ij](?![A-Za-z])|[A-Za-z])?\s*\}|(?P<bare>\\[ij](?![A-Za-z])|[A-Za-z]))"""
)
_LETTERS = {
    "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "o": "ø",
    "O": "Ø", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "textendash": "–", "textemdash": "—",
    "textquoteright": "’", "textquoteleft": "‘", "textregistered": "®", "texttrademark": "™",
    "textdegree": "°", "textpm": "±", "textmu": "µ", "textasciitilde": "~", "S": "§",
}  # fmt: skip
_LETTER = re.compile(
    r"\\(" + "|".join(sorted(_LETTERS, key=len, reverse=True)) + r")(?![A-Za-z])\s*"
)
_STYLE = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textrm|textsf|texttt|textup|textnormal|mkbibemph|"
    r"mkbibquote|enquote|mbox|url|NoCaseChange|textsuperscript|textsubscript)(?![A-Za-z])\s*"
)
_ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "\ue000", "}": "\ue001"}
LATEX_ESCAPE = re.compile(r"\\([&%$#_{}])")
_SPACING = re.compile(r"\\[,;: ]|~")
_NEEDS_DECODING = re.compile(r"[\\{}~$]|--|``|''")


def latex_to_unicode(value: str) -> str:
    """Accents ({\\"u}, \\'{e}, \\c{c}), special letters, escapes, dashes → Unicode text.

    A fast regex pass handles what bibliography exports contain; anything still holding
    a command (maths, rare macros) goes through pylatexenc, which is ~300 µs a call."""
    if not _NEEDS_DECODING.search(value):
        return collapse(value)
    text = LATEX_ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], value)
    text = _ACCENT.sub(_accented, text)
    text = _LETTER.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _STYLE.sub("", text).replace("\\-", "")
    text = _SPACING.sub(" ", text)
    if "\\" in text or "$" in text:
        return _latex_by_pylatexenc(value)
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    text = text.replace("{", "").replace("}", "").replace("\ue000", "{").replace("\ue001", "}")
    return unicodedata.normalize("NFC", collapse(text))


def _accented(match: re.Match[str]) -> str:
    accent = match.group("sym") or match.group("word")
    base = match.group("braced") or match.group("bare") or ""
    base = {"\\i": "i", "\\j": "j"}.get(base, base)  # dotless i takes the accent: ï, í
    return unicodedata.normalize("NFC", base + _COMBINING[accent]) if base else ""


@lru_cache(maxsize=4096)
def _latex_by_pylatexenc(value: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text  # loaded only when a value needs it

    try:
        text = LatexNodes2Text(math_mode="text").latex_to_text(value)
    except Exception:  # a value it cannot read: braces stripped, nothing more
        text = value.replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", collapse(text))
