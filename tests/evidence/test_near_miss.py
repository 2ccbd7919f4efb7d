"""Possible mis-citations: a reference the library only nearly holds is a near miss,
with the library's entry compared field by field; unrelated namesakes are not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assay.evidence.library_formats import LibraryEntry
from assay.evidence.near_miss import classify_references, compare


@dataclass(frozen=True)
class Ref:
    title: str | None = None
    authors: Sequence[str] = ()
    year: int | str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None


SEREFKO = Ref(
    "Magnesium and depression", ("Serefko A", "Szopa A", "Wlaż P"), 2013,
    "Pharmacol Rep", "65", "3", "547–554",
)  # fmt: skip


def entry(title: str, authors: tuple[str, ...], year: int, journal: str = "Neuropharmacology",
          volume: str = "72", issue: str = "3", pages: tuple[str, str] | None = ("547", "554"),
          doi: str = "") -> LibraryEntry:  # fmt: skip
    return LibraryEntry(title.split()[0], "article", title, authors, year, journal, volume,
                        issue, pages, doi)  # fmt: skip


def one(ref: Ref, library: list[LibraryEntry]):
    (status,) = classify_references([ref], library)
    return status


def test_other_journal_volume_and_title_under_the_same_authors_is_a_near_miss() -> None:
    wrong = entry("Zinc deficiency and anxiety-like behaviour in mice",
                  ("Serefko A", "Szopa A", "Wlaz P"), 2013)  # fmt: skip
    status = one(SEREFKO, [wrong])
    assert status.status == "near miss" and status.match is None
    (miss,) = status.near_misses
    assert miss.differs == ("title", "journal", "volume")
    assert miss.why == "same first author within a year"
    fields = {f.field: f for f in miss.fields}
    assert fields["journal"].in_document == "Pharmacol Rep"
    assert fields["journal"].in_library == "Neuropharmacology"
    assert not fields["year"].differs and not fields["pages"].differs
    assert fields["title"].ops  # the changed characters can be marked


def test_a_year_apart_and_a_spelling_variant_of_the_surname_still_count() -> None:
    ref = Ref("Bioavailability of magnesium diglycinate", ("Schuette SA", "Lashner BA"), 1994,
              "J Am Coll Nutr", "13")  # fmt: skip
    lib = [entry("Magnesium absorption in ileal disease", ("Schütte S", "Lashner B"), 1995)]
    (miss,) = one(ref, lib).near_misses
    assert set(miss.differs) >= {"title", "journal", "year", "volume"}


def test_unrelated_works_by_the_same_surname_in_other_years_are_no_near_miss() -> None:
    lib = [
        entry(f"Zinc and sleep in study {year}", ("Serefko A", "Szopa A"), year)
        for year in (2005, 2009, 2011, 2015, 2018)
    ]
    status = one(SEREFKO, lib)
    assert status.status == "not in library" and status.near_misses == ()


def test_same_surname_and_year_without_a_shared_coauthor_is_no_near_miss() -> None:
    lib = [entry("Zinc deficiency and anxiety", ("Serefko A", "Nowak B", "Kowal C"), 2013),
           entry("Vitamin D and falls", ("Serefko K", "Szopa A"), 2013)]  # fmt: skip
    assert one(SEREFKO, lib).near_misses == ()


def test_same_doi_with_another_title_is_a_near_miss_naming_the_title() -> None:
    doi = "10.1016/s1734-1140(13)71033-4"
    ref = Ref("Magnesium and depression", ("Serefko A",), 2013, doi=doi)
    lib = [entry("Vitamin D and bone health in the elderly", ("Serefko A",), 2013,
                 journal="Pharmacol Rep", volume="65", doi=doi)]  # fmt: skip
    status = one(ref, lib)
    assert status.status == "near miss"
    (miss,) = status.near_misses
    assert miss.differs == ("title",) and miss.reason == "doi"


def test_same_title_under_other_authors_is_a_near_miss() -> None:
    lib = [entry("Magnesium and depression", ("Eby GA", "Eby KL"), 2006)]
    (miss,) = one(SEREFKO, lib).near_misses
    assert miss.reason == "same-title" and "authors" in miss.differs and "year" in miss.differs


def test_a_match_is_no_near_miss_and_an_absent_work_has_none() -> None:
    right = entry("Magnesium in depression", ("Serefko A", "Szopa A", "Wlaz P"), 2013,
                  journal="Pharmacological Reports", volume="65")  # fmt: skip
    assert one(SEREFKO, [right]).status == "matched"
    assert one(Ref("Iron and fatigue", ("Nobody X",), 2020), [right]).status == "not in library"


def test_one_author_citations_need_a_similar_title_or_two_details() -> None:
    journal = "J Am Board Fam Med"
    ref = Ref("Magnesium intake and depression in adults", ("Tarleton EK",), 2015, journal,
              "28", "2", "249")  # fmt: skip
    similar = entry("Magnesium intake and depression in adults: NHANES",
                    ("Tarleton EK", "Littenberg B"), 2015)  # fmt: skip
    details = entry("Coffee and sleep", ("Tarleton EK",), 2016, journal, "28", "2", ("300", ""))
    other = entry("Coffee and sleep", ("Tarleton EK",), 2015, "Sleep", "9", "1", ("1", "9"))
    assert one(ref, [other]).near_misses == ()
    assert one(ref, [details]).status == "near miss"
    assert one(ref, [similar]).status in ("matched", "near miss")


def test_compare_marks_only_fields_both_sides_have() -> None:
    bare = entry("A title here", ("Smith J",), 2020, journal="", volume="", issue="", pages=None)
    fields = {f.field: f for f in compare(Ref("A title here", ("Smith J",), 2020), bare)}
    assert not any(f.differs for f in fields.values())
    assert fields["journal"].missing and not fields["title"].missing
