"""Pairing a document's parsed references with entries of the reviewer's library.

Order of evidence: the DOI, then the PMID (exact, after normalising), then the title
(rapidfuzz, best of `ratio` and `token_sort_ratio` on folded text) weighed with the
first author's surname and the year. Thresholds and the reasons for them are in
docs/LIBRARY.md. The library is indexed once (DOI/PMID dicts, surname and year blocks),
so a title is only compared with the few entries that could be the same work.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from rapidfuzz import fuzz, process

from assay.evidence.library_formats import (
    LibraryEntry,
    normalise_doi,
    normalise_pmid,
    parse_year,
    split_pages,
)

# A title this close is the same work even when the first author disagrees (a parser
# that mangled the names) or is unknown: a one-word change in a ten-word title is ~93.
SURE_TITLE = 95.0
# With the year agreeing but no author to compare, a little more variation is allowed.
YEAR_BACKED_TITLE = 90.0
# With the same first-author surname: "Magnesium in depression" against "Magnesium and
# depression" is 94; two different papers of one author ("Effects of caffeine on
# sleep" / "… alcohol …") score 76-82, so 85 keeps them apart.
AUTHOR_BACKED_TITLE = 85.0
# A DOI/PMID match whose titles are further apart than this is flagged: the identifier
# probably points at another paper.
TITLE_AGREES = 80.0
_FULL_SCAN = 32  # blocks this small are scored entry by entry (subtitle rules and all)
_SHORTLIST = 4  # candidates taken from a bigger block by each rapidfuzz scorer

Method = Literal["doi", "pmid", "fuzzy"]


class RefLike(Protocol):
    """What matching reads from a document's reference (any object with these names)."""

    @property
    def authors(self) -> Sequence[str] | str | None: ...
    @property
    def year(self) -> int | str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def journal(self) -> str | None: ...
    @property
    def volume(self) -> str | int | None: ...
    @property
    def pages(self) -> str | Sequence[str] | None: ...
    @property
    def doi(self) -> str | None: ...
    @property
    def pmid(self) -> str | int | None: ...


@dataclass(frozen=True, slots=True)
class FieldMismatch:
    field: str  # "title", "first author", "year", "journal", "volume", "first page", "doi", "pmid"
    in_document: str
    in_library: str


@dataclass(frozen=True, slots=True)
class Match:
    ref_index: int
    entry_index: int | None  # None: nothing in the library is this reference
    method: Method | None
    score: float  # title similarity 0-100 (a DOI/PMID match without titles to compare: 100)
    mismatches: tuple[FieldMismatch, ...] = ()

    @property
    def mismatched_fields(self) -> tuple[str, ...]:
        return tuple(mismatch.field for mismatch in self.mismatches)


# ------------------------------------------------------------------------- normalising

_FOLD_LETTERS = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"}
)  # fmt: skip
_NOT_WORD = re.compile(r"[\W_]+")
_SUBTITLE = re.compile(r"[:?.!]\s|\s[-–—]\s")
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos",
     "das", "ter", "ten", "zu", "al", "el", "bin", "ibn"}
)  # fmt: skip
_ET_AL = re.compile(r"^et\.?\s+al\.?$|^others$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lowercase, accents off, punctuation → one space: the form titles are compared in."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD_LETTERS))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def main_title(title: str) -> str:
    """The title before its subtitle, folded; "" when there is no subtitle worth it."""
    head = _SUBTITLE.split(title, maxsplit=1)
    main = fold(head[0]) if len(head) == 2 else ""
    return main if main.count(" ") >= 2 else ""  # "Magnesium: …" alone says too little


def _is_initials(token: str) -> bool:
    letters = token.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 4 and letters.isupper()


@dataclass(frozen=True, slots=True)
class Surname:
    """The first author as matching compares it: surname words and the first initial."""

    words: frozenset[str]
    initial: str  # first letter of the given name, folded; "" when unknown
    latin: bool  # names in different scripts cannot be compared: neither agree nor not


def surname_of(name: str) -> Surname | None:
    """ "van der Berg J", "Smith, John", "J. Smith", "王 小明" → the surname's words."""
    name = name.strip()
    if not name or _ET_AL.match(name):
        return None
    given: list[str] = []
    if "," in name:
        surname, _, rest = name.partition(",")
        tokens, given = surname.split(), rest.split()
    else:
        tokens = name.split()
        while len(tokens) > 1 and _is_initials(tokens[-1]):
            given.insert(0, tokens.pop())
        while len(tokens) > 1 and _is_initials(tokens[0]) and not given:
            given.append(tokens.pop(0))
    words = fold(" ".join(tokens)).split()
    if not words:
        return None
    initial = fold(given[0])[:1] if given else ""
    if not any("a" <= ch <= "z" for ch in words[0]):
        # "王 小明": the surname comes first and the given name is no initials.
        return Surname(frozenset(words[:1]), "", False)
    kept = [word for word in words if word not in _PARTICLES] or words
    return Surname(frozenset(kept), initial, True)


def surnames_agree(a: Surname | None, b: Surname | None) -> bool | None:
    """True: same surname and no clash of initials; None: nothing comparable."""
    if a is None or b is None or a.latin != b.latin:
        return None
    if a.initial and b.initial and a.initial != b.initial:
        return False  # Smith F is not Smith J: common surnames need the initial too
    return bool(a.words & b.words)


_JOURNAL_STOPWORDS = frozenset(
    {"the", "of", "and", "for", "in", "on", "de", "la", "le", "des", "du", "der", "und", "fur"}
)  # fmt: skip


def _journal_words(name: str) -> list[str]:
    return [word for word in fold(name.replace("&", " ")).split() if word not in _JOURNAL_STOPWORDS]


def _abbreviates_word(short: str, full: str) -> bool:
    """ISO 4 style: same first letter, the rest in order ("Natl" ← "National")."""
    if short[0] != full[0] or len(short) > len(full):
        return False
    letters = iter(full)
    return all(ch in letters for ch in short)


def _abbreviates(short: list[str], full: list[str]) -> bool:
    if len(short) == 1 and len(full) >= 2 and short[0] == "".join(w[0] for w in full):
        return True  # an acronym: BMJ, JAMA
    return len(short) == len(full) and all(map(_abbreviates_word, short, full))


def same_journal(a: str, b: str) -> bool:
    """ "J Am Coll Nutr" and "Journal of the American College of Nutrition" agree."""
    short, full = _journal_words(a), _journal_words(b)
    if not short or not full or short == full:
        return True
    if _abbreviates(short, full) or _abbreviates(full, short):
        return True
    return fuzz.ratio(" ".join(short), " ".join(full)) >= 90  # spelling, plural, typos


def _same_token(a: str, b: str) -> bool:
    return fold(a).lstrip("0") == fold(b).lstrip("0")


def title_similarity(a: str, b: str) -> float:
    """Both folded. `ratio` sees a changed small word; `token_sort_ratio` a new order."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


# ---------------------------------------------------------------------------- the index


@dataclass(slots=True)
class _Block:
    """Titles to search with rapidfuzz, the same with their words sorted (so that
    token_sort_ratio is a plain `ratio`, 8x faster than sorting every title at every
    query), and the entry each belongs to."""

    entries: list[int] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    sorted_titles: list[str] = field(default_factory=list)

    def add(self, entry: int, *titles: str) -> None:
        for title in titles:
            if title:
                self.entries.append(entry)
                self.titles.append(title)
                self.sorted_titles.append(sort_words(title))


def sort_words(text: str) -> str:
    return " ".join(sorted(text.split()))


class LibraryIndex:
    """A library prepared for matching: build once, match many references against it."""

    def __init__(self, library: Sequence[LibraryEntry]) -> None:
        self.library = library
        self.titles = [fold(entry.title) for entry in library]
        self.mains = [main_title(entry.title) for entry in library]
        self.surnames = [surname_of(e.authors[0]) if e.authors else None for e in library]
        self.by_doi: dict[str, int] = {}
        self.by_pmid: dict[str, int] = {}
        self.by_surname: dict[str, _Block] = {}
        self.by_year: dict[int | None, _Block] = {}
        self.everything = _Block()
        for number, entry in enumerate(library):
            self._add(number, entry)

    def _add(self, number: int, entry: LibraryEntry) -> None:
        if entry.doi:
            self.by_doi.setdefault(entry.doi, number)
        if entry.pmid:
            self.by_pmid.setdefault(entry.pmid, number)
        titles = (self.titles[number], self.mains[number])
        surname = self.surnames[number]
        for word in surname.words if surname else ():
            self.by_surname.setdefault(word, _Block()).add(number, *titles)
        self.by_year.setdefault(entry.year, _Block()).add(number, *titles)
        self.everything.add(number, *titles)


# ---------------------------------------------------------------------- one reference


@dataclass(frozen=True, slots=True)
class _Ref:
    raw_title: str
    title: str  # folded
    main: str
    surname: Surname | None
    first_author: str
    year: int | None
    doi: str
    pmid: str
    journal: str
    volume: str
    first_page: str


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _first_author(authors: Sequence[str] | str | None) -> str:
    names = [authors] if isinstance(authors, str) else list(authors or ())
    return next((_text(n) for n in names if _text(n) and not _ET_AL.match(_text(n))), "")


def _first_page(pages: str | Sequence[str] | None) -> str:
    if isinstance(pages, str):
        split = split_pages(pages)
        return split[0] if split else ""
    return _text(pages[0]) if pages else ""


def _read_ref(ref: RefLike) -> _Ref:
    title = _text(getattr(ref, "title", None))
    first_author = _first_author(getattr(ref, "authors", None))
    year = getattr(ref, "year", None)
    return _Ref(
        raw_title=title,
        title=fold(title),
        main=main_title(title),
        surname=surname_of(first_author),
        first_author=first_author,
        year=year if isinstance(year, int) else parse_year(year),
        doi=normalise_doi(_text(getattr(ref, "doi", None))),
        pmid=normalise_pmid(_text(getattr(ref, "pmid", None))),
        journal=_text(getattr(ref, "journal", None)),
        volume=_text(getattr(ref, "volume", None)),
        first_page=_first_page(getattr(ref, "pages", None)),
    )


def _title_score(ref: _Ref, index: LibraryIndex, entry: int) -> float:
    title, main = index.titles[entry], index.mains[entry]
    score = title_similarity(ref.title, title)
    if main and not ref.main:  # the document left the subtitle out
        score = max(score, title_similarity(ref.title, main))
    if ref.main and not main:  # the library entry has none
        score = max(score, title_similarity(ref.main, title))
    return score


def _year_gap(ref: _Ref, entry: LibraryEntry) -> int | None:
    return None if ref.year is None or entry.year is None else abs(ref.year - entry.year)


def _accepts(score: float, surname: bool | None, gap: int | None) -> bool:
    if surname:  # years far apart: only a near-identical title (an update, a wrong year)
        return score >= (AUTHOR_BACKED_TITLE if gap is None or gap <= 1 else YEAR_BACKED_TITLE)
    if surname is False and gap is not None and gap > 1:
        return False  # another author and another year: a namesake title, not this work
    if surname is None and gap == 0:
        return score >= YEAR_BACKED_TITLE
    return score >= SURE_TITLE


def _shortlist(ref: _Ref, block: _Block, cutoff: float) -> set[int]:
    """Entries of the block whose title could reach `cutoff`."""
    if len(block.entries) <= _FULL_SCAN:
        return set(block.entries)
    found: set[int] = set()
    for query in filter(None, (ref.title, ref.main)):
        for text, titles in ((query, block.titles), (sort_words(query), block.sorted_titles)):
            hits = process.extract(
                text, titles, scorer=fuzz.ratio, limit=_SHORTLIST, score_cutoff=cutoff
            )
            found.update(block.entries[position] for _, _, position in hits)
    return found


def _best(ref: _Ref, index: LibraryIndex, entries: set[int]) -> tuple[int, float] | None:
    """The accepted entry with the highest title score, author and year breaking ties."""
    best: tuple[float, int, float] | None = None
    for entry in entries:
        score = _title_score(ref, index, entry)
        agree = surnames_agree(ref.surname, index.surnames[entry])
        gap = _year_gap(ref, index.library[entry])
        if not _accepts(score, agree, gap):
            continue
        rank = score + (3 if agree else 0) + (2 if gap == 0 else 1 if gap == 1 else 0)
        if best is None or rank > best[0]:
            best = (rank, entry, score)
    return None if best is None else (best[1], best[2])


def _fuzzy(ref: _Ref, index: LibraryIndex) -> tuple[int, float] | None:
    if not ref.title:
        return None
    # First the works of the same first author: the block is small, the bar lowest.
    same_author: set[int] = set()
    for word in ref.surname.words if ref.surname else ():
        if word in index.by_surname:
            same_author |= _shortlist(ref, index.by_surname[word], AUTHOR_BACKED_TITLE)
    found = _best(ref, index, same_author)
    if found:
        return found
    # Then titles of the year ±1 (or of any year when the reference has none): without
    # author support they must be near-identical, so rapidfuzz discards most at once.
    if ref.year is None:  # no year to back the title: only a near-identical one will do
        blocks, cutoff = [index.everything], SURE_TITLE
    else:
        years = (ref.year - 1, ref.year, ref.year + 1, None)
        blocks = [index.by_year[year] for year in years if year in index.by_year]
        cutoff = YEAR_BACKED_TITLE
    others: set[int] = set()
    for block in blocks:
        others |= _shortlist(ref, block, cutoff)
    return _best(ref, index, others - same_author)


# -------------------------------------------------------------------------- mismatches


def _mismatches(ref: _Ref, entry: LibraryEntry, score: float) -> tuple[FieldMismatch, ...]:
    found: list[FieldMismatch] = []

    def differ(name: str, document: object, library: object) -> None:
        found.append(FieldMismatch(name, str(document), str(library)))

    if ref.title and entry.title and score < TITLE_AGREES:
        differ("title", ref.raw_title, entry.title)
    entry_surname = surname_of(entry.authors[0]) if entry.authors else None
    if surnames_agree(ref.surname, entry_surname) is False:
        differ("first author", ref.first_author, entry.authors[0])
    if ref.year is not None and entry.year is not None and ref.year != entry.year:
        differ("year", ref.year, entry.year)
    if ref.journal and entry.journal and not _journal_agrees(ref.journal, entry):
        differ("journal", ref.journal, entry.journal)
    if ref.volume and entry.volume and not _same_token(ref.volume, entry.volume):
        differ("volume", ref.volume, entry.volume)
    if ref.first_page and entry.pages and not _same_token(ref.first_page, entry.pages[0]):
        differ("first page", ref.first_page, entry.pages[0])
    if ref.doi and entry.doi and ref.doi != entry.doi:
        differ("doi", ref.doi, entry.doi)
    if ref.pmid and entry.pmid and ref.pmid != entry.pmid:
        differ("pmid", ref.pmid, entry.pmid)
    return tuple(found)


def _journal_agrees(journal: str, entry: LibraryEntry) -> bool:
    if same_journal(journal, entry.journal):
        return True
    return bool(entry.journal_abbreviation) and same_journal(journal, entry.journal_abbreviation)


# ------------------------------------------------------------------------------ public


def match_one(ref: RefLike, index: LibraryIndex, ref_index: int = 0) -> Match:
    view = _read_ref(ref)
    method: Method | None = None
    if view.doi and view.doi in index.by_doi:
        method, entry = "doi", index.by_doi[view.doi]
    elif view.pmid and view.pmid in index.by_pmid:
        method, entry = "pmid", index.by_pmid[view.pmid]
    if method is not None:
        found = index.library[entry]
        score = _title_score(view, index, entry) if view.title and found.title else 100.0
        return Match(ref_index, entry, method, score, _mismatches(view, found, score))
    fuzzy = _fuzzy(view, index)
    if fuzzy is None:
        return Match(ref_index, None, None, 0.0)
    entry, score = fuzzy
    return Match(ref_index, entry, "fuzzy", score, _mismatches(view, index.library[entry], score))


def match_references(
    refs: Sequence[RefLike],
    library: Sequence[LibraryEntry],
    *,
    index: LibraryIndex | None = None,
) -> list[Match]:
    """One Match per reference, in order. Pass `index` to reuse a built LibraryIndex."""
    index = index if index is not None else LibraryIndex(library)
    return [match_one(ref, index, number) for number, ref in enumerate(refs)]
