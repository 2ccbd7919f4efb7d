"""The reviewer's reference library: reading exports (BibTeX, RIS, CSL-JSON, zotero.sqlite),
reporting malformed entries by line, refusing non-libraries, and matching references."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from assay.evidence.library import (
    LibraryEntry,
    LibraryRead,
    match_references,
    read_library,
    read_zotero,
)
from assay.evidence.library_formats import latex_to_unicode
from assay.evidence.library_match import same_journal, surname_of
from assay.text.errors import Cancelled, ImportRefused

# ------------------------------------------------------------------------------ exports

ZOTERO_BIB = r"""
@article{smith_magnesium_2020,
	title = {Magnesium and depression: a systematic review},
	volume = {12},
	issn = {2072-6643},
	shorttitle = {Magnesium and depression},
	url = {https://www.mdpi.com/2072-6643/12/3/635},
	doi = {10.3390/NU12030635},
	abstract = {Background: magnesium intake and {MDD} risk in 10\% of adults.},
	language = {en},
	number = {3},
	journal = {Nutrients},
	author = {Smith, John A. and M{\"u}ller, J{\"o}rg and Cort\'{e}s, Ana and 李, 小龙},
	month = mar,
	year = {2020},
	note = {PMID: 32121234},
	pages = {635--650},
}

@book{world_health_organization_guideline_2012,
	address = {Geneva},
	title = {Guideline: {Sodium} intake for adults and children},
	isbn = {978-92-4-150483-6},
	publisher = {World Health Organization},
	author = {{World Health Organization}},
	year = {2012},
}

@incollection{van_der_berg_vitamin_2018,
	title = {Vitamin {D} and the {\O}resund cohort --- a {\"U}ber-view},
	booktitle = {Handbook of {Nutrition}},
	author = {van der Berg, Jan and Jean-Pierre Dupont and {\v S}koda, Petr},
	month = jan,
	year = {2018},
	pages = {101--120},
	url = {https://doi.org/10.1000/Handbook.42},
}

@inproceedings{ivanov_omega_2019,
	title = {Omega-3 fatty acids and {$\beta$}-carotene},
	booktitle = {Proceedings of the {Nutrition} {Society}},
	author = {Иванов, Иван Петрович},
	year = {2019},
}
"""

ENDNOTE_RIS = """TY  - JOUR
AU  - Smith, John A.
AU  - Müller, Jörg
TI  - Magnesium and depression: a systematic review
T2  - Nutrients
J2  - Nutrients
PY  - 2020
VL  - 12
IS  - 3
SP  - 635
EP  - 650
DO  - https://doi.org/10.3390/nu12030635
AB  - Background: magnesium intake was
  associated with lower risk.
UR  - https://www.mdpi.com/2072-6643/12/3/635
ID  - 17
ER  -

TY  - BOOK
AU  - World Health Organization
TI  - Guideline: Sodium intake for adults and children
PY  - 2012///
CY  - Geneva
PB  - World Health Organization
ID  - 18
ER  -

TY  - JOUR
A1  - Brown, K.
T1  - Caffeine and sleep in older adults
JF  - Journal of the American College of Nutrition
JA  - J Am Coll Nutr
Y1  - 2019/02/01
VL  - 38
SP  - 100-110
AN  - 30589589
DP  - NLM PubMed
N2  - Abstract from Mendeley.
ER  -
""".replace("ER  -\n", "ER  - \n")  # EndNote ends the ER line with a space

CSL_JSON = [
    {
        "id": "http://zotero.org/users/local/abc/items/ABCD1234",
        "type": "article-journal",
        "title": "Caffeine and sleep in older adults",
        "container-title": "Journal of the American College of Nutrition",
        "container-title-short": "J Am Coll Nutr",
        "page": "100-110",
        "volume": "38",
        "issue": 2,
        "abstract": "Caffeine...",
        "DOI": "10.1080/07315724.2018.1490215",
        "PMID": "30589589",
        "author": [{"family": "Brown", "given": "Karen"}, {"literal": "CARE Study Group"}],
        "issued": {"date-parts": [["2019", 2, 1]]},
    },
    {
        "id": "wang2021",
        "type": "book",
        "title": "营养与健康",
        "author": [{"family": "王", "given": "小明"}],
        "issued": {"raw": "2021"},
    },
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> LibraryRead:
    return read_library(path, lambda done, total, stage: None)


def by_key(result: LibraryRead) -> dict[str, LibraryEntry]:
    return {entry.key: entry for entry in result.entries}


def test_zotero_bibtex_export_reads_into_fields(tmp_path: Path) -> None:
    result = read(write(tmp_path, "My Library.bib", ZOTERO_BIB))
    assert result.format == "bibtex" and result.problems == ()
    entries = by_key(result)
    article = entries["smith_magnesium_2020"]
    assert article.type == "article"
    assert article.title == "Magnesium and depression: a systematic review"
    assert article.authors == ("Smith JA", "Müller J", "Cortés A", "李 小龙")
    assert (article.year, article.journal, article.volume, article.issue) == (
        2020,
        "Nutrients",
        "12",
        "3",
    )
    assert article.pages == ("635", "650")
    assert article.doi == "10.3390/nu12030635"
    assert article.pmid == "32121234"
    assert article.abstract == "Background: magnesium intake and MDD risk in 10% of adults."
    book = entries["world_health_organization_guideline_2012"]
    assert book.type == "book" and book.authors == ("World Health Organization",)
    assert book.title == "Guideline: Sodium intake for adults and children"
    chapter = entries["van_der_berg_vitamin_2018"]
    assert chapter.type == "chapter" and chapter.journal == "Handbook of Nutrition"
    assert chapter.title == "Vitamin D and the Øresund cohort — a Über-view"
    assert chapter.authors == ("van der Berg J", "Dupont JP", "Škoda P")
    assert chapter.doi == "10.1000/handbook.42"  # found in the URL
    paper = entries["ivanov_omega_2019"]
    assert paper.type == "conference" and paper.authors == ("Иванов ИП",)
    assert paper.title == "Omega-3 fatty acids and β-carotene"


def test_latex_accents_become_unicode() -> None:
    assert latex_to_unicode(r"M{\"u}ller") == "Müller"
    assert latex_to_unicode(r"Cort\'{e}s and Fran\c{c}ois") == "Cortés and François"
    assert latex_to_unicode(r"Na\"{\i}ve \ss{} \aa{} {\L}{\'o}d{\'z}") == "Naïve ß å Łódź"
    assert (
        latex_to_unicode(r"G\"odel \v{S}ebek \textit{in vitro} 5--10")
        == "Gödel Šebek in vitro 5–10"
    )
    assert latex_to_unicode("plain title, no markup") == "plain title, no markup"


def test_endnote_and_mendeley_ris_read_into_fields(tmp_path: Path) -> None:
    result = read(write(tmp_path, "export.ris", ENDNOTE_RIS))
    assert result.format == "ris" and result.problems == ()
    entries = by_key(result)
    article = entries["17"]
    assert article.type == "article" and article.authors == ("Smith JA", "Müller J")
    assert article.journal == "Nutrients" and article.year == 2020
    assert article.pages == ("635", "650") and article.doi == "10.3390/nu12030635"
    assert article.abstract == "Background: magnesium intake was associated with lower risk."
    assert entries["18"].type == "book" and entries["18"].year == 2012
    mendeley = entries[""]
    assert mendeley.title == "Caffeine and sleep in older adults"
    assert mendeley.journal == "Journal of the American College of Nutrition"
    assert mendeley.journal_abbreviation == "J Am Coll Nutr"
    assert (mendeley.year, mendeley.pages, mendeley.pmid) == (2019, ("100", "110"), "30589589")
    assert mendeley.abstract == "Abstract from Mendeley."


def test_csl_json_export_reads_into_fields(tmp_path: Path) -> None:
    result = read(write(tmp_path, "export.json", json.dumps(CSL_JSON, indent="\t")))
    assert result.format == "csl-json" and result.problems == ()
    first, second = result.entries
    assert first.key.endswith("ABCD1234") and first.type == "article"
    assert first.authors == ("Brown K", "CARE Study Group")
    assert (first.year, first.issue, first.pages) == (2019, "2", ("100", "110"))
    assert first.doi == "10.1080/07315724.2018.1490215" and first.pmid == "30589589"
    assert first.journal_abbreviation == "J Am Coll Nutr"
    assert second.authors == ("王 小明",) and second.year == 2021 and second.title == "营养与健康"


def test_content_decides_the_format_whatever_the_extension(tmp_path: Path) -> None:
    assert read(write(tmp_path, "export.txt", ENDNOTE_RIS)).format == "ris"
    assert read(write(tmp_path, "library.ris", ZOTERO_BIB)).format == "bibtex"


# ------------------------------------------------------------------------- malformed

BROKEN_BIB = """% exported by hand
@article{good1,
  title = {Good one},
  year = {2020}
}

@article{unbalanced,
  title = {Unbalanced {braces in the title},
  year = {2019}
}

@article{nocomma
  title = {Missing comma},
  year = {2018}
}

@article{good1,
  title = {Same key again},
  year = {2017}
}

@article{twofields,
  title = {No comma between fields}
  year = {2016}
}

@article{good2,
  title = {Good two},
  author = {Doe, Jane},
  year = {2015}
}
"""


def test_malformed_bibtex_keeps_the_good_entries_and_names_each_line(tmp_path: Path) -> None:
    result = read(write(tmp_path, "broken.bib", BROKEN_BIB))
    assert [entry.key for entry in result.entries] == ["good1", "good2"]
    assert [(p.line, p.key) for p in result.problems] == [
        (7, "unbalanced"),
        (12, "nocomma"),
        (17, "good1"),
        (22, "twofields"),
    ]
    messages = [str(p) for p in result.problems]
    assert messages[0].startswith("line 7, entry “unbalanced”: unbalanced braces")
    assert messages[1] == "line 12, entry “nocomma”: missing comma after the citation key"
    assert "used twice (first at line 2)" in messages[2]
    assert "missing comma between two fields" in messages[3]
    assert result.skipped == 4 and all(p.skipped for p in result.problems)


def test_windows_line_ends_and_encoding_do_not_shift_lines(tmp_path: Path) -> None:
    path = tmp_path / "windows.bib"
    path.write_bytes(BROKEN_BIB.replace("\n", "\r\n").encode("utf-8"))
    assert [p.line for p in read(path).problems] == [7, 12, 17, 22]
    path = tmp_path / "endnote.ris"
    path.write_bytes(ENDNOTE_RIS.replace("\n", "\r\n").encode("cp1252"))
    assert by_key(read(path))["17"].authors == ("Smith JA", "Müller J")


def test_bibtex_lines_stay_right_across_parsing_chunks(tmp_path: Path) -> None:
    entries = [
        f"@article{{k{n},\n  title = {{Title {n}}},\n  year = {{2000}}\n}}\n" for n in range(1200)
    ]
    entries[1100] = "@article{k1100,\n  title = {Broken {title},\n  year = {2000}\n}\n"
    result = read(write(tmp_path, "big.bib", "".join(entries)))
    assert len(result.entries) == 1199
    (problem,) = result.problems
    assert (problem.line, problem.entry_number, problem.key) == (1100 * 4 + 1, 1101, "k1100")


BROKEN_RIS = """TY  - JOUR
TI  - First, fine
PY  - 2020
ID  - a1
ER  -

TY  - JOUR
TI  - Second, no end line
ZZ  - a tag no RIS dialect has
PY  - 2019
ID  - a2

TY  - JOUR
AU  - Nobody, N.
PY  - 2018
ID  - a3
ER  -

AU  - Orphan, O.
TI  - Lines with no TY before them
ER  -

TY  - JOUR
TI  - Last, cut off
ID  - a5
"""


def test_malformed_ris_keeps_the_good_entries_and_names_each_line(tmp_path: Path) -> None:
    result = read(write(tmp_path, "broken.ris", BROKEN_RIS))
    assert [entry.key for entry in result.entries] == ["a1", "a2", "a5"]
    assert [str(p) for p in result.problems] == [
        "line 7, entry “a2”: no “ER” line ends this entry",
        "line 9, entry “a2”: unknown tag “ZZ” (ignored)",
        "line 13, entry “a3”: no title (“TI”, “T1”)",
        "line 19: text outside any entry (an entry must start with “TY  - ”) was ignored",
        "line 23, entry “a5”: the file ends before the “ER” line of this entry",
    ]
    assert [p.skipped for p in result.problems] == [False, False, True, False, False]
    assert result.entries[1].year == 2019  # read up to the next TY, the ZZ line dropped


def test_malformed_csl_json_keeps_the_good_items_and_names_each_line(tmp_path: Path) -> None:
    items = [
        {"id": "ok", "type": "article-journal", "title": "Fine"},
        {"id": "untitled", "type": "article-journal", "DOI": "10.1/x"},
        {"id": "numbered", "title": 42},
        {"id": "odd", "title": "Odd types", "author": "Smith, J", "volume": ["3"]},
        "a string, not an item",
    ]
    text = "[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]\n"
    result = read(write(tmp_path, "broken.json", text))
    assert [entry.key for entry in result.entries] == ["ok", "odd"]
    assert [str(p) for p in result.problems] == [
        "line 3, entry “untitled”: no “title”; left out",
        "line 4, entry “numbered”: “title” is not text; left out",
        "line 5, entry “odd”: “author” should be a list of names; it was ignored",
        "line 5, entry “odd”: “volume” should be text, not list; it was ignored",
        "line 6, entry 5: is not a reference (not a JSON object)",
    ]
    assert [p.entry_number for p in result.problems] == [2, 3, 4, 4, 5]


def test_csl_json_broken_half_way_keeps_the_items_before(tmp_path: Path) -> None:
    text = '[\n  {"id": "a", "title": "One"},\n  {"id": "b", "title": "Two"\n  {"id": "c"}\n]'
    result = read(write(tmp_path, "cut.json", text))
    assert [entry.key for entry in result.entries] == ["a"]
    (problem,) = result.problems
    assert problem.line == 3 and problem.entry_number == 2
    assert "broken near line 4" in problem.message


# -------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.bib", b""),
        ("blank.ris", b"  \n\n"),
        ("paper.bib", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"),
        ("random.bib", bytes(range(256)) * 4),
        ("object.json", b'{"name": "not a list of references"}'),
        ("numbers.json", b"[1, 2, 3]"),
        ("garbage.json", b"[this is not json"),
        ("notes.bib", b"Some notes about papers, but no entries at all.\n"),
        ("notes.ris", b"Just text mentioning TI  - in the middle.\n"),
    ],
)
def test_files_that_are_not_libraries_are_refused(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=name):
        read(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="gone.bib"):
        read(tmp_path / "gone.bib")


def test_progress_is_reported_and_cancel_stops_the_read(tmp_path: Path) -> None:
    text = "".join(f"@misc{{k{n}, title = {{T {n}}}}}\n" for n in range(1600))
    path = write(tmp_path, "many.bib", text)
    calls: list[tuple[int, int, str]] = []
    read_library(path, lambda done, total, stage: calls.append((done, total, stage)))
    assert calls[0] == (0, 1600, "reading BibTeX") and calls[-1] == (1600, 1600, "reading BibTeX")
    assert len(calls) >= 4

    def cancel(done: int, total: int, stage: str) -> None:
        if done:
            raise Cancelled

    with pytest.raises(Cancelled):
        read_library(path, cancel)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Ref:
    title: str | None = None
    authors: Sequence[str] = ()
    year: int | str | None = None
    journal: str | None = None
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None


LIBRARY = [
    LibraryEntry("a", "article", "Magnesium and depression", ("Smith J", "Doe A"), 2020,
                 "Nutrients", "12", "3", ("635", "650"), "10.3390/nu12030635"),
    LibraryEntry("b", "article", "Caffeine and sleep in older adults", ("Brown K",), 2019,
                 "Journal of the American College of Nutrition", "38", "2", ("100", "110"),
                 pmid="30589589"),
    LibraryEntry("c", "article", "Effects of alcohol on sleep", ("Smith J",), 2020, "Sleep"),
    LibraryEntry("d", "book", "营养与健康", ("王 小明",), 2021),
    LibraryEntry("e", "article", "Vitamin D supplementation and mortality in older adults",
                 ("García Márquez L",), None, "BMJ"),
]  # fmt: skip


def match(ref: Ref) -> tuple[str | None, str | None, tuple[str, ...]]:
    (found,) = match_references([ref], LIBRARY)
    key = None if found.entry_index is None else LIBRARY[found.entry_index].key
    return key, found.method, found.mismatched_fields


def test_doi_match_wins_and_still_checks_the_other_fields() -> None:
    ref = Ref(
        "Some other title entirely", ("Jones P",), 2021, doi="https://doi.org/10.3390/NU12030635"
    )
    key, method, fields = match(ref)
    assert (key, method) == ("a", "doi")
    assert fields == ("title", "first author", "year")


def test_pmid_match() -> None:
    assert match(Ref("Caffeine and sleep in older adults", pmid="PMID: 30589589"))[:2] == (
        "b",
        "pmid",
    )


def test_fuzzy_title_with_same_first_author_and_year() -> None:
    key, method, fields = match(Ref("Magnesium in depression", ("Smith J",), 2020))
    assert (key, method, fields) == ("a", "fuzzy", ())


def test_fuzzy_does_not_confuse_two_papers_of_one_author() -> None:
    assert match(Ref("Effects of caffeine on sleep", ("Smith J",), 2020))[0] is None


def test_journal_abbreviation_is_no_mismatch_but_a_wrong_year_is() -> None:
    ref = Ref("Caffeine and sleep in older adults.", ("Brown KL",), 2018, "J Am Coll Nutr", "38",
              "100-10")  # fmt: skip
    key, method, fields = match(ref)
    assert (key, method, fields) == ("b", "fuzzy", ("year",))


def test_wrong_volume_page_and_journal_are_flagged() -> None:
    ref = Ref("Magnesium and depression", ("Smith J",), 2020, "Lancet", "13", "p. 700")
    assert match(ref)[2] == ("journal", "volume", "first page")


def test_reference_without_year_or_journal_matches_on_title_and_author() -> None:
    assert match(Ref("Magnesium and depression", ("Smith J",)))[:2] == ("a", "fuzzy")
    ref = Ref("Vitamin D supplementation and mortality in older adults", ("Garcia L",))
    assert match(ref)[:2] == ("e", "fuzzy")  # accents folded; entry has no year


def test_reference_without_authors_needs_a_closer_title() -> None:
    assert match(Ref("Magnesium and depression", (), 2020))[0] == "a"
    assert match(Ref("Magnesium in depression", (), 2020))[0] == "a"  # 94
    assert match(Ref("Magnesium intake and depression", (), 2020))[0] is None  # 87
    assert match(Ref("Magnesium intake and depression", ("Smith J",), 2020))[0] == "a"


def test_different_author_and_year_rejects_even_an_identical_title() -> None:
    assert match(Ref("Magnesium and depression", ("Jones P",), 2011))[0] is None
    key, _, fields = match(Ref("Magnesium and depression", ("Jones P",), 2020))
    assert key == "a" and fields == ("first author",)


def test_non_latin_names_match_their_own_script_and_do_not_clash_with_latin() -> None:
    assert match(Ref("营养与健康", ("王 小明",), 2021))[:2] == ("d", "fuzzy")
    assert match(Ref("营养与健康", ("Wang X",), 2021)) == ("d", "fuzzy", ())
    assert match(Ref("营养与健康", ("李 四",), 2021))[2] == ("first author",)


def test_unknown_reference_and_empty_reference_match_nothing() -> None:
    assert match(Ref("Zinc and the common cold", ("Smith J",), 2020)) == (None, None, ())
    assert match(Ref()) == (None, None, ())


def test_subtitle_left_out_in_the_document_still_matches() -> None:
    library = [LibraryEntry("s", "article", "Magnesium and depression in adults: a systematic "
                            "review and meta-analysis", ("Smith J",), 2020)]  # fmt: skip
    (found,) = match_references(
        [Ref("Magnesium and depression in adults", ("Smith J",), 2020)], library
    )
    assert found.entry_index == 0 and found.method == "fuzzy"


def test_journal_comparison() -> None:
    assert same_journal("J Am Coll Nutr", "Journal of the American College of Nutrition")
    assert same_journal("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of "
                        "Sciences of the United States of America")  # fmt: skip
    assert same_journal("JAMA", "Journal of the American Medical Association")
    assert same_journal("N Engl J Med", "The New England Journal of Medicine")
    assert same_journal("The Lancet", "Lancet")
    assert not same_journal("J Nutr", "Journal of Neurology")
    assert not same_journal("Nutrients", "Appetite")


def test_surnames() -> None:
    assert surname_of("van der Berg J").words == {"berg"}  # type: ignore[union-attr]
    assert surname_of("Smith, John").words == {"smith"}  # type: ignore[union-attr]
    assert surname_of("J. Smith").words == {"smith"}  # type: ignore[union-attr]
    assert surname_of("et al.") is None


def test_matching_a_thousand_references_against_twenty_thousand_is_quick() -> None:
    library = [
        LibraryEntry(f"k{n}", "article", f"Study {n} of nutrient {n % 97} and outcome {n % 89}",
                     (f"Author{n % 3000} A",), 2000 + n % 25, doi=f"10.1000/{n}")
        for n in range(20_000)
    ]  # fmt: skip
    refs = [Ref(f"Study {n} of nutrient {n % 97} and outcomes {n % 89}", (f"Author{n % 3000} A",),
                2000 + n % 25) for n in range(0, 20_000, 20)]  # fmt: skip
    start = time.perf_counter()
    found = match_references(refs, library)
    assert time.perf_counter() - start < 4.0  # 2 s on a quiet machine; CI is noisy
    assert sum(m.entry_index == n * 20 for n, m in enumerate(found)) >= 990


# --------------------------------------------------------------------------- zotero.sqlite

_ZOTERO_SCHEMA = """
CREATE TABLE itemTypes (itemTypeID INTEGER PRIMARY KEY, typeName TEXT);
CREATE TABLE items (itemID INTEGER PRIMARY KEY, itemTypeID INT, libraryID INT, key TEXT);
CREATE TABLE fieldsCombined (fieldID INTEGER PRIMARY KEY, fieldName TEXT);
CREATE TABLE itemDataValues (valueID INTEGER PRIMARY KEY, value);
CREATE TABLE itemData (itemID INT, fieldID INT, valueID INT);
CREATE TABLE creators (creatorID INTEGER PRIMARY KEY, firstName TEXT, lastName TEXT,
                       fieldMode INT);
CREATE TABLE creatorTypes (creatorTypeID INTEGER PRIMARY KEY, creatorType TEXT);
CREATE TABLE itemCreators (itemID INT, creatorID INT, creatorTypeID INT, orderIndex INT);
CREATE TABLE deletedItems (itemID INTEGER PRIMARY KEY);
INSERT INTO itemTypes VALUES (1, 'journalArticle'), (2, 'attachment'), (3, 'book');
INSERT INTO items VALUES (1, 1, 1, 'ABCD1234'), (2, 2, 1, 'PDF00001'), (3, 3, 1, 'BOOK0001'),
                         (4, 1, 1, 'GONE0001'), (5, 1, 1, 'NOTITLE1');
INSERT INTO fieldsCombined VALUES (1, 'title'), (2, 'date'), (3, 'publicationTitle'), (4, 'DOI'),
                          (5, 'volume'), (6, 'pages'), (7, 'extra'), (8, 'journalAbbreviation');
INSERT INTO itemDataValues VALUES (1, 'Magnesium and depression'), (2, '2020-03-00 March 2020'),
    (3, 'Nutrients'), (4, 'https://doi.org/10.3390/NU12030635'), (5, '12'), (6, '635-650'),
    (7, 'PMID: 32121234'), (8, 'Nutrients'), (9, 'Guideline: sodium intake'), (10, '2012'),
    (11, 'Deleted paper');
INSERT INTO itemData VALUES (1, 1, 1), (1, 2, 2), (1, 3, 3), (1, 4, 4), (1, 5, 5), (1, 6, 6),
    (1, 7, 7), (1, 8, 8), (3, 1, 9), (3, 2, 10), (4, 1, 11), (5, 2, 10);
INSERT INTO creators VALUES (1, 'John A.', 'Smith', 0), (2, '', 'World Health Organization', 1),
                            (3, 'Jörg', 'Müller', 0), (4, 'Ed', 'Editor', 0);
INSERT INTO creatorTypes VALUES (1, 'author'), (2, 'editor');
INSERT INTO itemCreators VALUES (1, 3, 1, 1), (1, 1, 1, 0), (1, 4, 2, 2), (3, 2, 1, 0);
INSERT INTO deletedItems VALUES (4);
"""


def test_zotero_sqlite_is_read_read_only(tmp_path: Path) -> None:
    path = tmp_path / "zotero.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript(_ZOTERO_SCHEMA)
    connection.close()
    before = path.read_bytes()
    result = read_zotero(path)
    assert [entry.key for entry in result.entries] == ["ABCD1234", "BOOK0001"]
    article, book = result.entries
    assert article.type == "article" and article.title == "Magnesium and depression"
    assert article.authors == ("Smith JA", "Müller J") and article.year == 2020
    assert (article.journal, article.volume, article.pages) == ("Nutrients", "12", ("635", "650"))
    assert article.doi == "10.3390/nu12030635" and article.pmid == "32121234"
    assert book.type == "book" and book.authors == ("World Health Organization",)
    (problem,) = result.problems
    assert problem.key == "NOTITLE1"
    assert path.read_bytes() == before and not list(tmp_path.glob("zotero.sqlite-*"))


def test_not_a_zotero_database_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "zotero.sqlite", "not a database at all")
    with pytest.raises(ImportRefused, match="zotero.sqlite"):
        read_zotero(path)
