"""In-text citation markers → the reference entries they cite. Pure.

Numeric: "[3]", "[1, 4–6]" (a range of at most 200). Author-year: "(Boyle 2017)",
"(Boyle et al., 2017; Serefko 2013)", "(Boyle & Lawton 2017)", "(e.g., Boyle 2017,
2018)", narrative "Boyle et al. (2017)", and a table cell that is only "Boyle NB, 2017";
matched on first-author surname (accents and case aside; "Baaij" finds "de Baaij")
and year, "2017a"/"2017b" picking the first/second such work in order of appearance;
when several works fit, those whose author count fits the mention ("et al.": three or
more, "Boyle & Lawton": two) are preferred.
Superscript numbers ("…claim.3") are not read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from assay.core.model import BlockKind
from assay.evidence.reference_groups import group_works
from assay.evidence.reference_parse import Reference, fold, surname

_NUMBER_OR_RANGE = r"\d{1,4}(?:\s*[-–—]\s*\d{1,4})?"
_NUMERIC = re.compile(rf"\[({_NUMBER_OR_RANGE}(?:\s*[,;]\s*{_NUMBER_OR_RANGE})*)\]")
_RANGE_MAX = 200  # "[1–5000]" is not a citation
_YEAR_TEXT = r"(?:1[5-9]|20)\d{2}[a-z]?"
_PARENTHESES = re.compile(r"\(([^()]{4,400})\)")
_AUTHOR_YEAR_ITEM = re.compile(
    rf"^\s*(?:(?:e\.g\.|i\.e\.|see(?: also)?|cf\.|also|reviewed in)[,:\s]+)*"
    rf"(?P<names>[^\W\d_][^\d()]*?)[,\s]+(?P<years>{_YEAR_TEXT}(?:\s*,\s*{_YEAR_TEXT})*)"
    r"(?:\s*[,:]\s*(?:p|pp)\.?\s*\d+(?:\s*[-–]\s*\d+)?)?\s*$",
    re.I,
)
_NARRATIVE = re.compile(
    r"(?P<names>(?:(?:de|van|von|der|den|da|di|le|la|du)\s+)*[^\W\d_][\w'’-]*"
    r"(?:\s+(?:&|and)\s+[^\W\d_][\w'’-]*)?(?:\s+et\s+al\.?)?)"
    rf"\s+\((?P<years>{_YEAR_TEXT}(?:\s*,\s*{_YEAR_TEXT})*)\)"
)
_TABLE_CELL = re.compile(
    r"^(?P<names>[^\W\d_][^\d\t]{0,60}?)(?:,?\s+et\s+al\.?)?,?\s+\(?(?P<years>"
    rf"{_YEAR_TEXT})\)?$"
)
_ANY_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d{2}")
_FIRST_NAME_SPLIT = re.compile(r"\s+et\.?\s+al\b|\s*&\s*|\s+and\s+|,", re.I)


class MarkerFinder:
    """Resolves in-text markers to entries: among entries that fit, the nearest one of
    each work (the first after the citing sentence, else the last before it).

    `entries`: (reference sentence index, number or "", Reference) of each entry."""

    def __init__(self, entries: Sequence[tuple[int, str, Reference]]) -> None:
        self.sentence_of = [sentence for sentence, _, _ in entries]
        self.references = [reference for _, _, reference in entries]
        self.by_marker: dict[str, list[int]] = defaultdict(list)
        self.by_surname: dict[tuple[str, int], list[int]] = defaultdict(list)
        for index, (_, marker, reference) in enumerate(entries):
            if marker:
                self.by_marker[marker].append(index)
            family, year = fold(reference.first_author_surname), reference.year
            if family and year:
                self.by_surname[family, year].append(index)
                last_word = family.rsplit(" ", 1)[-1]
                if last_word != family:  # "de baaij" is cited as "Baaij" too
                    self.by_surname[last_word, year].append(index)
        self._work_of: list[int] | None = None

    def work_of(self, entry: int) -> int:
        if self._work_of is None:  # grouping only when an author-year marker needs it
            self._work_of = [0] * len(self.references)
            works = group_works(self.references)
            for number, work in enumerate(works):
                for index in work.entries:
                    self._work_of[index] = number
        return self._work_of[entry]

    def cited_in(self, sentence: int, text: str, kind: BlockKind) -> set[int]:
        """Indexes of the entries sentence number `sentence` (its text, its kind) cites."""
        found: set[int] = set()
        if "[" in text and self.by_marker:
            found |= self.numeric(sentence, text)
        if self.by_surname and _ANY_YEAR.search(text):
            for names, year in _author_year_mentions(text, kind):
                if _starts_upper(names):
                    found |= self.author_year(sentence, names, year)
        return found

    def unresolved(self, text: str, kind: BlockKind) -> list[str]:
        """The markers in a sentence that cite no entry of the list: "[7]" when the list
        is numbered and has no 7, "(Smith 2019)" when it is author-year and has no Smith
        of 2019. A list of the other style says nothing (its markers are not ours to
        judge), and narrative mentions ("Nutrients (2017)") are left out: too often a
        name that is no author."""
        missing: list[str] = []
        if "[" in text and self.by_marker:
            for match in _NUMERIC.finditer(text):
                missing.extend(
                    f"[{number}]"
                    for number in _numbers(match.group(1))
                    if str(number) not in self.by_marker
                )
        if self.by_surname and _ANY_YEAR.search(text):
            for names, year in _parenthetical_mentions(text, kind):
                family = fold(surname(_FIRST_NAME_SPLIT.split(names.strip())[0].strip()))
                if _starts_upper(names) and (family, int(year[:4])) not in self.by_surname:
                    missing.append(f"({names.strip()} {year})")
        return list(dict.fromkeys(missing))

    def nearest(self, sentence: int, candidates: Sequence[int]) -> int:
        after = [i for i in candidates if self.sentence_of[i] > sentence]
        return after[0] if after else candidates[-1]

    def numeric(self, sentence: int, text: str) -> set[int]:
        found: set[int] = set()
        for match in _NUMERIC.finditer(text):
            for number in _numbers(match.group(1)):
                candidates = self.by_marker.get(str(number))
                if candidates:
                    found.add(self.nearest(sentence, candidates))
        return found

    def author_year(self, sentence: int, names: str, year_text: str) -> set[int]:
        family = fold(surname(_FIRST_NAME_SPLIT.split(names.strip())[0].strip()))
        year, letter = int(year_text[:4]), year_text[4:]
        candidates = self.by_surname.get((family, year))
        if not candidates:
            return set()
        by_work: dict[int, list[int]] = defaultdict(list)
        for index in sorted(set(candidates)):
            by_work[self.work_of(index)].append(index)
        works = sorted(by_work.values(), key=lambda entries: entries[0])
        if letter and ord(letter) - ord("a") < len(works):  # 2017a, 2017b: in order
            works = [works[ord(letter) - ord("a")]]
        fitting = [w for w in works if any(_fits(names, self.references[i]) for i in w)]
        return {self.nearest(sentence, entries) for entries in fitting or works}


def _fits(names: str, reference: Reference) -> bool:
    """Whether the author count a mention implies fits the entry: "Boyle et al." three
    or more authors, "Boyle & Lawton" two with Lawton second, "Boyle" one."""
    authors = reference.authors
    if re.search(r"\bet\.?\s+al\b", names):
        return reference.et_al or len(authors) >= 3
    named = [part.strip() for part in _FIRST_NAME_SPLIT.split(names) if part.strip()]
    if len(named) >= 2:
        return len(authors) >= 2 and fold(surname(named[1])) == fold(surname(authors[1]))
    return len(authors) == 1 and not reference.et_al


def _numbers(listed: str) -> list[int]:
    """ "1, 4–6" → [1, 4, 5, 6]."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", listed):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= _RANGE_MAX:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        elif bounds:
            numbers.append(bounds[0])
    return numbers


def _parenthetical_mentions(text: str, kind: BlockKind) -> Iterable[tuple[str, str]]:
    """(names, year) of each author-year citation in parentheses (or a table cell)."""
    if kind == BlockKind.TABLE_ROW:
        for cell in text.split("\t"):
            match = _TABLE_CELL.match(cell.strip())
            if match:
                yield match.group("names"), match.group("years")
        return
    for group in _PARENTHESES.finditer(text):
        for item in re.split(r"\s*;\s*", group.group(1)):
            match = _AUTHOR_YEAR_ITEM.match(item)
            if match:
                for year in re.split(r"\s*,\s*", match.group("years")):
                    yield match.group("names"), year


def _author_year_mentions(text: str, kind: BlockKind) -> Iterable[tuple[str, str]]:
    """(names, year) of each author-year citation in a sentence: in parentheses, then
    narrative ("Boyle et al. (2017)")."""
    yield from _parenthetical_mentions(text, kind)
    if kind == BlockKind.TABLE_ROW:
        return
    for match in _NARRATIVE.finditer(text):
        for year in re.split(r"\s*,\s*", match.group("years")):
            yield match.group("names"), year


def _starts_upper(name: str) -> bool:
    words = [word for word in name.split() if word.lower() not in {"de", "van", "von", "der"}]
    return bool(words) and words[0][:1].isupper()
