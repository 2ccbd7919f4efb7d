"""Reference entries that are one work written differently → one `Work`. Pure.

Entries are joined when they share a DOI or PMID, or the same journal (dots, case and
spaces aside), year, volume and first page. The rest are compared fuzzily (rapidfuzz)
on first-author surname + title + year, so "Schuette SA … Magnesium and depression"
and "Schuetz SA … Magnesium in depression" are one work. A work's variants are its
distinct spellings; each variant's differences from the most used one, field by field
with a character diff, are what the reviewer sees as a possible citation error.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, combinations, product

from rapidfuzz import fuzz

from assay.evidence.reference_parse import Reference, fold, surname

# Fuzzy thresholds (rapidfuzz ratio, 0-100), tuned on seed 001's variants.
SURNAME_MIN = 75  # "schuette" vs "schuetz" scores 80
TITLE_MIN = 85  # "magnesium and depression" vs "magnesium in depression" scores 94
TITLE_MIN_ONE_YEAR = 92  # when only one of the two entries gives a year
TITLE_MIN_KEYED = 95  # two entries whose journal/volume/page disagree: a citation slip?

Opcode = tuple[str, int, int, int, int]


@dataclass(frozen=True, slots=True)
class Variant:
    """One way a work is written, and the entries (indexes given to group_works) using it."""

    reference: Reference  # the first entry written this way
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """How a variant differs from the canonical spelling in one field."""

    variant: int  # index into Work.variants (never 0, the canonical)
    field: str  # "authors", "title", "journal", "year", "volume", "issue", "pages", "doi", "pmid"
    canonical: str  # for "authors", the fullest list when the canonical one says "et al."
    value: str
    ops: tuple[Opcode, ...]  # difflib opcodes from canonical to value, "equal" left out


@dataclass(frozen=True, slots=True)
class Work:
    key: str  # stable: "schuette-1994-1a2b3c4d" (surname, year, hash of the bibliographic key)
    variants: tuple[Variant, ...]  # most used (then fullest) first: variants[0] is canonical
    differences: tuple[FieldDifference, ...]

    @property
    def canonical(self) -> Reference:
        return self.variants[0].reference

    @property
    def entries(self) -> tuple[int, ...]:
        return tuple(sorted(i for variant in self.variants for i in variant.entries))


def group_works(refs: Sequence[Reference]) -> list[Work]:
    """The works among `refs`, in order of their first entry."""
    groups = _UnionFind(refs)
    _join_identical(refs, groups)
    _join_similar(refs, groups)
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(refs)):
        members[groups.find(index)].append(index)
    works = [_work(refs, entries) for entries in sorted(members.values())]
    return _with_unique_keys(works)


class _UnionFind:
    """Groups of entries, each knowing the years its entries give."""

    def __init__(self, refs: Sequence[Reference]) -> None:
        self.parent = list(range(len(refs)))
        self.years = [{ref.year} if ref.year else set() for ref in refs]

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)
            self.years[min(a, b)] |= self.years[max(a, b)]

    def years_clash(self, a: int, b: int) -> bool:
        """Both groups give years and none in common: an undated entry like both
        must not chain a 1994 paper to a 1999 one."""
        years_a, years_b = self.years[self.find(a)], self.years[self.find(b)]
        return bool(years_a and years_b and not years_a & years_b)


def bibliographic_key(ref: Reference) -> tuple[str, int, str, str] | None:
    """(journal, year, volume, first page) when all four are given: one article."""
    journal = fold(ref.journal).replace(" ", "")
    if not (journal and ref.year and ref.volume and ref.first_page):
        return None
    return journal, ref.year, ref.volume.casefold(), ref.first_page.casefold()


def _join_identical(refs: Sequence[Reference], groups: _UnionFind) -> None:
    """Entries spelled alike, or sharing a bibliographic key, a DOI or a PMID."""
    first_with: dict[object, int] = {}
    for index, ref in enumerate(refs):
        spelling = ("spelling", _spelling(ref)) if ref.title or ref.authors else ("raw", ref.raw)
        keys = (spelling, bibliographic_key(ref), ref.doi and ("doi", ref.doi),
                ref.pmid and ("pmid", ref.pmid))  # fmt: skip
        for key in keys:
            if key:
                groups.join(first_with.setdefault(key, index), index)


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the fuzzy pass compares: one distinct (surname, title, year) of a group."""

    entry: int
    surname: str
    title: str
    year: int | None


def _join_similar(refs: Sequence[Reference], groups: _UnionFind) -> None:
    """Fuzzy pass over distinct spellings, compared only within the same surname
    initial and year (an entry without a year is compared with every year)."""
    by_initial: dict[str, dict[int | None, list[_Profile]]] = defaultdict(lambda: defaultdict(list))
    seen: dict[tuple[str, str, int | None], int] = {}
    for index, ref in enumerate(refs):
        name, title = fold(ref.first_author_surname), fold(ref.title)
        if not title:
            continue  # nothing to compare
        first = seen.setdefault((name, title, ref.year), index)
        if first != index:  # the same surname, title and year: one work, compared once
            groups.join(first, index)
            continue
        by_initial[name[:1]][ref.year].append(_Profile(index, name, title, ref.year))
    for years in by_initial.values():
        undated = years.get(None, [])
        for year, profiles in years.items():
            pairs: Iterable[tuple[_Profile, _Profile]] = combinations(profiles, 2)
            if year is not None:
                pairs = chain(pairs, product(profiles, undated))
            for a, b in pairs:
                if (
                    groups.find(a.entry) != groups.find(b.entry)
                    and not groups.years_clash(a.entry, b.entry)
                    and _same_work(refs, a, b)
                ):
                    groups.join(a.entry, b.entry)


def _same_work(refs: Sequence[Reference], a: _Profile, b: _Profile) -> bool:
    ref_a, ref_b = refs[a.entry], refs[b.entry]
    if ref_a.doi and ref_b.doi and ref_a.doi != ref_b.doi:
        return False
    if a.surname and b.surname:
        if fuzz.ratio(a.surname, b.surname) < SURNAME_MIN:
            return False
        needed = TITLE_MIN
    else:
        needed = TITLE_MIN_KEYED  # no author to lean on
    if a.year is None or b.year is None:
        needed = max(needed, TITLE_MIN_ONE_YEAR)
    key_a, key_b = bibliographic_key(ref_a), bibliographic_key(ref_b)
    if key_a and key_b:  # both fully cited, differently: only near-identical titles
        needed = TITLE_MIN_KEYED
        if _numbers_in(a.title) != _numbers_in(b.title):
            return False  # "part 1" and "part 2"
    return fuzz.ratio(a.title, b.title, score_cutoff=needed) >= needed


def _numbers_in(text: str) -> list[str]:
    return re.findall(r"\d+", text)


# ---------------------------------------------------------------- variants, differences


def _spelling(ref: Reference) -> tuple[object, ...]:
    """What makes two entries the same variant: every field, not the marks around it."""
    return (
        ref.authors, ref.et_al, ref.title, ref.journal, ref.year, ref.volume, ref.issue,
        ref.pages, ref.doi, ref.pmid,
    )  # fmt: skip


def _work(refs: Sequence[Reference], entries: list[int]) -> Work:
    by_spelling: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index in entries:
        by_spelling[_spelling(refs[index])].append(index)
    # Most used first; between equally used spellings, the one naming more authors.
    ordered = sorted(
        by_spelling.values(), key=lambda used: (-len(used), -len(refs[used[0]].authors), used[0])
    )
    variants = tuple(Variant(refs[used[0]], tuple(used)) for used in ordered)
    canonical = variants[0].reference
    # The names a canonical "Serefko A, et al." leaves out are checked against the
    # fullest list the document gives ("Serefko A, Szopa A, Wlaź P, et al.").
    fullest = max(variants, key=lambda v: (len(v.reference.authors), len(v.entries)))
    differences = tuple(
        difference
        for number, variant in enumerate(variants[1:], start=1)
        for difference in _differences(
            number,
            canonical,
            variant.reference,
            fullest.reference
            if fullest is not variant and len(fullest.reference.authors) > len(canonical.authors)
            else canonical,
        )
    )
    return Work(_key(canonical, [refs[i] for i in entries]), variants, differences)


def _differences(
    number: int, canonical: Reference, other: Reference, authors_from: Reference
) -> list[FieldDifference]:
    """Fields in which `other` contradicts `canonical` (its authors: `authors_from`);
    a field one of them leaves out, or writes only in another style (case, dots,
    dashes), is not a contradiction."""
    found: list[FieldDifference] = []

    def compare(field: str, a: str, b: str, same: bool) -> None:
        if a and b and not same:
            found.append(FieldDifference(number, field, a, b, _opcodes(a, b)))

    shared = _shared_authors(authors_from, other)
    a_names, b_names = authors_from.authors[:shared], other.authors[:shared]
    compare(
        "authors",
        ", ".join(a_names),
        ", ".join(b_names),
        [_author_key(n) for n in a_names] == [_author_key(n) for n in b_names],
    )
    compare("title", canonical.title, other.title, _loose(canonical.title) == _loose(other.title))
    compare("journal", canonical.journal, other.journal, fold(canonical.journal).replace(" ", "")
            == fold(other.journal).replace(" ", ""))  # fmt: skip
    compare("year", str(canonical.year or ""), str(other.year or ""), canonical.year == other.year)
    for field in ("volume", "issue", "doi", "pmid"):
        a, b = getattr(canonical, field), getattr(other, field)
        compare(field, a, b, a.casefold() == b.casefold())
    compare("pages", canonical.page_range, other.page_range, _pages_agree(canonical, other))
    return found


def _shared_authors(a: Reference, b: Reference) -> int:
    """How many leading authors both entries name: all of them, unless one cut the
    list short with "et al." (then only the names both give are compared)."""
    if a.et_al or b.et_al:
        return min(len(a.authors), len(b.authors))
    return max(len(a.authors), len(b.authors))


def _author_key(name: str) -> str:
    """ "Boyle N. B." and "Boyle NB" are one spelling; "Wlaż P" and "Wlaź P" are not."""
    family = surname(name)
    initials = "".join(ch for ch in name[len(family) :] if ch.isalpha())
    return f"{family.casefold()} {initials.upper()}"


def _loose(title: str) -> str:
    return " ".join(re.sub(r"[-‐‑–—:;,.'\"“”‘’]+", " ", title.casefold()).split())


def _pages_agree(a: Reference, b: Reference) -> bool:
    if a.first_page.casefold() != b.first_page.casefold():
        return False
    return not (a.last_page and b.last_page) or a.last_page == b.last_page


def _opcodes(a: str, b: str) -> tuple[Opcode, ...]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return tuple(op for op in matcher.get_opcodes() if op[0] != "equal")


# ---------------------------------------------------------------- keys


def _key(canonical: Reference, members: list[Reference]) -> str:
    """Surname, year and a hash of what identifies the work: the most used
    bibliographic key, else the DOI, else the title (folded)."""
    keys = Counter(key for key in map(bibliographic_key, members) if key)
    identity = (
        "|".join(map(str, keys.most_common(1)[0][0]))
        if keys
        else canonical.doi or fold(canonical.title) or fold(canonical.raw)
    )
    digest = hashlib.blake2s(identity.encode("utf-8"), digest_size=4).hexdigest()
    name = fold(canonical.first_author_surname).replace(" ", "-") or "anon"
    return f"{name}-{canonical.year or 'nd'}-{digest}"


def _with_unique_keys(works: list[Work]) -> list[Work]:
    """Two works that hash alike (the same untitled entry twice) get -2, -3 …"""
    used: Counter[str] = Counter()
    result = []
    for work in works:
        used[work.key] += 1
        if used[work.key] > 1:
            work = Work(f"{work.key}-{used[work.key]}", work.variants, work.differences)
        result.append(work)
    return result
