"""Possible mis-citations: library entries that are almost, but not quite, the cited work.

For a reference the matcher (`library_match`) did not pair with an entry, a *near miss*
is a library entry that is probably the work the author meant, cited wrongly:

* `"author-year"`: the same first author (surname folded, spelling variants such as
  Schuette/Schütte allowed, initials agreeing) within a year, corroborated by a second
  shared author, or, when either side names one author only, by a similar title or
  two of journal, volume, issue and first page (bare same-surname-and-year pairs are
  common in a big library: without corroboration most would be false alarms);
* `"same-title"`: the same title (folded: case, accents, punctuation and word order
  aside; or one side's main title without the other's subtitle) under other authors or
  years (a dict lookup: a fuzzy scan of the whole library cost 2x the matching);
* `"doi"` / `"pmid"`: the same identifier, but another title (the matcher paired them;
  `classify` reports it as a near miss because the identifier points at another paper).

Each near miss carries a field-by-field comparison (title, authors, journal, year,
volume, issue, pages, DOI, PMID) with what differs marked. Qt-free; docs/LIBRARY.md.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from assay.evidence.library_formats import LibraryEntry, split_pages
from assay.evidence.library_match import (
    TITLE_AGREES,
    LibraryIndex,
    Match,
    RefLike,
    Surname,
    _journal_agrees,
    _read_ref,
    _Ref,
    _same_token,
    _title_score,
    fold,
    main_title,
    match_one,
    sort_words,
    surname_of,
    surnames_agree,
)

Reason = Literal["author-year", "same-title", "doi", "pmid"]
Status = Literal["matched", "near miss", "not in library"]

WHY: dict[Reason, str] = {
    "author-year": "same first author within a year",
    "same-title": "same title under other authors or another year",
    "doi": "same DOI, another title",
    "pmid": "same PMID, another title",
}
FIELDS = ("title", "authors", "journal", "year", "volume", "issue", "pages", "doi", "pmid")
MAX_NEAR_MISSES = 3  # per work: the best few; a prolific team can have many papers a year
# A one-author citation is corroborated by a title this close (same topic, other words;
# template titles of one field, "Effect of X on Y in pregnant women", score 70-80)…
SIMILAR_TITLE = 80.0
# …or by this many of journal, volume, issue, first page agreeing.
AGREEING_DETAILS = 2
_FUZZY_SURNAME = 90.0  # "schuette"/"schutte" 93; one changed letter in 8 is 87
_FUZZY_SURNAME_LENGTH = 5  # shorter surnames: one letter makes another name (Li/Lu)

Opcode = tuple[int, int, int, int]  # in_document i1, i2 → in_library j1, j2 (changed)


@dataclass(frozen=True, slots=True)
class FieldComparison:
    field: str  # one of FIELDS
    in_document: str
    in_library: str
    differs: bool  # both sides have the field and they disagree
    ops: tuple[Opcode, ...] = ()  # changed spans, for marking the characters

    @property
    def missing(self) -> bool:
        return not (self.in_document and self.in_library)


@dataclass(frozen=True, slots=True)
class NearMiss:
    ref_index: int
    entry_index: int
    reason: Reason
    fields: tuple[FieldComparison, ...]

    @property
    def why(self) -> str:
        return WHY[self.reason]

    @property
    def differs(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.fields if f.differs)


@dataclass(frozen=True, slots=True)
class LibraryStatus:
    """One reference against the library: matched, near misses, or neither."""

    match: Match | None  # None unless matched (an identifier pointing at another title: no)
    near_misses: tuple[NearMiss, ...] = ()

    @property
    def status(self) -> Status:
        if self.match is not None:
            return "matched"
        return "near miss" if self.near_misses else "not in library"


# ------------------------------------------------------------------------------ index


class NearMissIndex:
    """The matcher's index plus (surname word, year) blocks and the list of surname
    words for fuzzy lookup. Build once per library."""

    def __init__(self, index: LibraryIndex) -> None:
        self.index = index
        self.by_surname_year: dict[tuple[str, int], list[int]] = defaultdict(list)
        for number, (surname, entry) in enumerate(zip(index.surnames, index.library, strict=True)):
            if surname is None or entry.year is None:
                continue
            for word in surname.words:
                self.by_surname_year[word, entry.year].append(number)
        self.surname_words = [w for w in index.by_surname if len(w) >= _FUZZY_SURNAME_LENGTH]
        # Folded titles with their words sorted: whole titles, and main titles (used only
        # against a title without subtitle: two subtitles that differ are two papers).
        self.by_title: dict[str, list[int]] = defaultdict(list)
        self.by_main: dict[str, list[int]] = defaultdict(list)
        for number, (title, main) in enumerate(zip(index.titles, index.mains, strict=True)):
            self.by_title[sort_words(title)].append(number)
            if main:
                self.by_main[sort_words(main)].append(number)
        self._author_surnames: dict[int, list[Surname | None]] = {}

    def authors_of(self, entry: int) -> list[Surname | None]:
        if entry not in self._author_surnames:
            authors = self.index.library[entry].authors
            self._author_surnames[entry] = [surname_of(name) for name in authors]
        return self._author_surnames[entry]

    def surname_spellings(self, words: frozenset[str]) -> set[str]:
        """The words themselves and the library's surname words within one letter or so."""
        found = set(words)
        for word in words:
            if len(word) < _FUZZY_SURNAME_LENGTH:
                continue
            hits = process.extract(
                word, self.surname_words, scorer=fuzz.ratio, score_cutoff=_FUZZY_SURNAME, limit=5
            )
            found.update(hit for hit, _, _ in hits)
        return found


# ------------------------------------------------------------------------- comparison


def _authors_text(authors: Sequence[str] | str | None) -> tuple[str, ...]:
    names = [authors] if isinstance(authors, str) else list(authors or ())
    return tuple(name.strip() for name in names if name and name.strip())


def _ref_authors(ref: RefLike) -> list[Surname]:
    return [s for s in map(surname_of, _authors_text(ref.authors)) if s is not None]


def _authors_differ(document: list[Surname], library: list[Surname | None]) -> bool:
    """Any of the first authors both sides list disagrees (order matters)."""
    return any(surnames_agree(a, b) is False for a, b in zip(document, library, strict=False))


def _ops(document: str, library: str) -> tuple[Opcode, ...]:
    matcher = difflib.SequenceMatcher(None, document, library, autojunk=False)
    return tuple(
        (i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def _titles_differ(view: _Ref, entry: LibraryEntry) -> bool:
    ours, theirs = view.title, fold(entry.title)
    if not ours or not theirs or ours == theirs:
        return False
    # A subtitle left out on one side only is no error ("…: a systematic review").
    return not (ours == main_title(entry.title) or view.main == theirs)


def _pages_text(pages: object) -> str:
    if isinstance(pages, str):
        pages = split_pages(pages)
    if not pages:
        return ""
    first, last = (list(pages) + [""])[:2]  # type: ignore[call-overload]
    return f"{first}–{last}" if last else str(first)


def compare(ref: RefLike, entry: LibraryEntry) -> tuple[FieldComparison, ...]:
    """The reference beside the library entry, field by field, with what differs."""
    view = _read_ref(ref)
    ours_authors = _authors_text(ref.authors)
    theirs_authors = [surname_of(name) for name in entry.authors]
    doc_pages, lib_pages = _pages_text(ref.pages), _pages_text(entry.pages)
    issue = str(getattr(ref, "issue", "") or "").strip()
    year = "" if view.year is None else str(view.year)
    rows = [
        ("title", view.raw_title, entry.title, _titles_differ(view, entry)),
        ("authors", ", ".join(ours_authors), ", ".join(entry.authors),
         _authors_differ(_ref_authors(ref), theirs_authors)),
        ("journal", view.journal, entry.journal, not _journal_agrees(view.journal, entry)),
        ("year", year, "" if entry.year is None else str(entry.year), view.year != entry.year),
        ("volume", view.volume, entry.volume, not _same_token(view.volume, entry.volume)),
        ("issue", issue, entry.issue, not _same_token(issue, entry.issue)),
        ("pages", doc_pages, lib_pages, not _same_pages(doc_pages, lib_pages)),
        ("doi", view.doi, entry.doi, view.doi != entry.doi),
        ("pmid", view.pmid, entry.pmid, view.pmid != entry.pmid),
    ]  # fmt: skip
    result = []
    for name, document, library, disagree in rows:
        differs = bool(document and library and disagree)
        ops = _ops(document, library) if differs else ()
        result.append(FieldComparison(name, document, library, differs, ops))
    return tuple(result)


def _same_pages(a: str, b: str) -> bool:
    first_a, _, last_a = a.partition("–")
    first_b, _, last_b = b.partition("–")
    if not _same_token(first_a, first_b):
        return False
    return not (last_a and last_b) or _same_token(last_a, last_b)


# ---------------------------------------------------------------------------- search


def _corroborated(ref: RefLike, view: _Ref, ours: list[Surname], entry: int,
                  near: NearMissIndex) -> bool:  # fmt: skip
    found = near.index.library[entry]
    theirs = near.authors_of(entry)
    if len(ours) >= 2 and len(theirs) >= 2:
        # The same second author (surname and initial): a team's other paper keeps its
        # order, while common surnames (Wang H, Smith B) turn up anywhere in long lists.
        return bool(surnames_agree(ours[1], theirs[1]))
    if view.title and _title_score(view, near.index, entry) >= SIMILAR_TITLE:
        return True
    details = (
        bool(view.journal and found.journal and _journal_agrees(view.journal, found)),
        bool(view.volume and found.volume and _same_token(view.volume, found.volume)),
        bool(found.issue and _same_token(str(getattr(ref, "issue", "") or ""), found.issue)),
        bool(view.first_page and found.pages and _same_token(view.first_page, found.pages[0])),
    )
    return sum(details) >= AGREEING_DETAILS


def _author_year(ref: RefLike, view: _Ref, near: NearMissIndex) -> list[int]:
    if view.surname is None or view.year is None:
        return []
    ours = _ref_authors(ref)
    found: set[int] = set()
    for word in near.surname_spellings(view.surname.words):
        for year in (view.year - 1, view.year, view.year + 1):
            found.update(near.by_surname_year.get((word, year), ()))
    kept = []
    for entry in sorted(found):
        theirs = near.index.surnames[entry]
        if theirs is None or (view.surname.initial and theirs.initial
                              and view.surname.initial != theirs.initial):  # fmt: skip
            continue
        if _corroborated(ref, view, ours, entry, near):
            kept.append(entry)
    return kept


def _same_title(view: _Ref, near: NearMissIndex) -> list[int]:
    if not view.title or view.title.count(" ") < 2:  # "Magnesium" alone is no title
        return []
    found = set(near.by_title.get(sort_words(view.title), ()))
    if view.main:  # the library's title may be the citation's without its subtitle
        found.update(e for e in near.by_title.get(sort_words(view.main), ()))
    else:
        found.update(e for e in near.by_main.get(sort_words(view.title), ()))
    return sorted(found)


def _rank(miss: NearMiss) -> tuple[int, int]:
    agreeing = sum(1 for f in miss.fields if not f.differs and not f.missing)
    return (-agreeing, miss.entry_index)


def near_misses(ref: RefLike, near: NearMissIndex, ref_index: int = 0) -> tuple[NearMiss, ...]:
    """The library entries a reference the matcher left unpaired probably meant."""
    view = _read_ref(ref)
    reasons: dict[int, Reason] = {}
    for entry in _same_title(view, near):
        reasons[entry] = "same-title"
    for entry in _author_year(ref, view, near):
        reasons.setdefault(entry, "author-year")
    library = near.index.library
    found = [NearMiss(ref_index, e, r, compare(ref, library[e])) for e, r in reasons.items()]
    return tuple(sorted(found, key=_rank)[:MAX_NEAR_MISSES])


def classify(ref: RefLike, near: NearMissIndex, ref_index: int = 0) -> LibraryStatus:
    """Matched, near misses, or not in the library (the rule in docs/LIBRARY.md)."""
    match = match_one(ref, near.index, ref_index)
    if match.entry_index is None:
        return LibraryStatus(None, near_misses(ref, near, ref_index))
    if match.method in ("doi", "pmid") and match.score < TITLE_AGREES:
        # The identifier is the library's, the title another paper's: a possible error.
        entry = near.index.library[match.entry_index]
        miss = NearMiss(ref_index, match.entry_index, match.method, compare(ref, entry))
        return LibraryStatus(None, (miss,))
    return LibraryStatus(match)


def classify_references(
    refs: Sequence[RefLike], library: Sequence[LibraryEntry], *, near: NearMissIndex | None = None
) -> list[LibraryStatus]:
    """One LibraryStatus per reference, in order. Pass `near` to reuse a built index."""
    near = near if near is not None else NearMissIndex(LibraryIndex(library))
    return [classify(ref, near, number) for number, ref in enumerate(refs)]
