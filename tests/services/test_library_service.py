"""The reviewer's library in a review: imported (good entries, or nothing), replaced on
re-import, and matched to the document's works with mismatches flagged."""

from __future__ import annotations

import pytest

from assay.cli import main
from assay.services import library
from assay.services.references import document_citations
from assay.services.session import ReviewSession
from support import dump

LIBRARY = r"""
@article{boyle2017,
  author = {Boyle, Neil Bernard and Lawton, Clare and Dye, Louise},
  title = {The Effects of Magnesium Supplementation on Subjective Anxiety and Stress---A
           Systematic Review},
  journal = {Nutrients},
  year = {2017},
  volume = {9},
  number = {5},
  pages = {429},
  doi = {10.3390/nu9050429},
  abstract = {Magnesium status is associated with subjective anxiety.},
}

@article{serefko2013,
  author = {Serefko, Anna and Szopa, Aleksandra and Wla{\'z}, Piotr},
  title = {Magnesium in depression},
  journal = {Pharmacological Reports},
  year = {2014},
  volume = {65},
  pages = {547--554},
}

@article{broken,
  author = {Nobody, A},
  title = {An entry with an unbalanced brace,
  year = {2020},
"""


@pytest.fixture
def review(tmp_path, reviewer, seed_dir):
    path = tmp_path / "r.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
    return path


def _library(tmp_path):
    path = tmp_path / "mylib.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def test_works_are_matched_to_the_library_and_mismatches_flagged(review, reviewer, tmp_path):
    found = library.read(_library(tmp_path))
    assert len(found.entries) == 2 and len(found.problems) == 1
    assert "line" in str(found.problems[0])
    result = library.import_file(review, found, reviewer=reviewer)
    assert (result.imported, result.skipped) == (2, 1)
    with ReviewSession.open(review, reviewer) as session:
        (document,) = session.documents()
        works = document_citations(session.conn, document.id).works
        matches = library.document_matches(session.conn, document.id)
        by_name = {works[w].canonical.first_author_surname: m for w, m in matches.items()}
    assert set(by_name) == {"Boyle", "Serefko"}
    boyle_match, boyle_entry = by_name["Boyle"]
    assert boyle_entry.abstract.startswith("Magnesium status") and not boyle_match.mismatches
    serefko_match, _ = by_name["Serefko"]
    assert "year" in serefko_match.mismatched_fields  # 2013 in the text, 2014 in the library


def test_reimporting_the_same_file_replaces_its_entries(review, reviewer, tmp_path):
    found = library.read(_library(tmp_path))
    library.import_file(review, found, reviewer=reviewer)
    again = library.import_file(review, found, reviewer=reviewer)
    assert (again.imported, again.replaced) == (2, 2)
    with ReviewSession.open(review, reviewer) as session:
        assert len(library.entries(session.conn)) == 2


def test_cli_refuses_a_library_with_problems_unless_told_to_skip_them(review, tmp_path, capsys):
    path = _library(tmp_path)
    before = dump(review)
    assert main(["library", str(review), str(path)]) == 1
    err = capsys.readouterr().err
    assert "line" in err and "nothing was imported" in err and "--skip-bad" in err
    assert dump(review) == before
    assert main(["library", str(review), str(path), "--skip-bad"]) == 0
    assert "Imported 2 entries from mylib.bib" in capsys.readouterr().out


def test_cli_refuses_a_file_that_is_no_library(review, tmp_path, capsys):
    fake = tmp_path / "notes.bib"
    fake.write_bytes(b"%PDF-1.7 not a library \x00\x01")
    assert main(["library", str(review), str(fake)]) == 1
    assert "notes.bib" in capsys.readouterr().err


def test_a_zotero_database_is_read_without_changing_it(review, reviewer, tmp_path):
    import sqlite3

    from evidence.test_library import _ZOTERO_SCHEMA

    path = tmp_path / "zotero.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript(_ZOTERO_SCHEMA)
    before = path.read_bytes()
    found = library.read(path)
    assert found.format == "zotero" and any(e.doi == "10.3390/nu12030635" for e in found.entries)
    assert library.import_file(review, found, reviewer=reviewer).imported == len(found.entries)
    assert path.read_bytes() == before


def test_a_device_or_a_pipe_is_refused_as_a_library(tmp_path):
    import os
    from pathlib import Path

    from assay.evidence.library import read_library
    from assay.text.errors import ImportRefused

    with pytest.raises(ImportRefused, match="is a device"):
        read_library(Path("/dev/zero"))
    fifo = tmp_path / "library.bib"
    os.mkfifo(fifo)
    with pytest.raises(ImportRefused, match="named pipe"):
        read_library(fifo)


WRONG_PAPER = r"""
@article{serefko_other,
  author = {Serefko, Anna and Szopa, Aleksandra and Wla{\'z}, Piotr},
  title = {Zinc deficiency and anxiety-like behaviour in mice},
  journal = {Neuropharmacology},
  year = {2013},
  volume = {72},
  number = {3},
  pages = {547--554},
}
"""

NAMESAKES = "".join(
    f"@article{{s{year}, author = {{Serefko, Anna and Szopa, Aleksandra}},"
    f" title = {{Zinc and sleep, part {year}}}, journal = {{Sleep}}, year = {{{year}}}}}\n"
    for year in (2001, 2005, 2009, 2016, 2020)
)


def _refs_json(review, capsys) -> list[dict]:
    import json

    assert main(["refs", str(review), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["format"] == "assay-refs/1"
    return out["works"]


def _import(review, reviewer, tmp_path, text: str) -> None:
    path = tmp_path / "mine.bib"
    path.write_text(text, encoding="utf-8")
    library.import_file(review, library.read(path), reviewer=reviewer)


def test_refs_json_names_the_fields_of_a_near_miss(review, reviewer, tmp_path, capsys):
    assert all(work["library"] is None for work in _refs_json(review, capsys))  # no library
    _import(review, reviewer, tmp_path, WRONG_PAPER)
    works = _refs_json(review, capsys)
    (serefko,) = [w for w in works if w["canonical"]["authors"][:1] == ["Serefko A"]]
    found = serefko["library"]
    assert found["status"] == "near miss" and found["match"] is None
    (miss,) = found["near_misses"]
    assert miss["differs"] == ["title", "journal", "volume"]
    assert miss["why"] == "same first author within a year"
    assert miss["entry"]["journal"] == "Neuropharmacology"
    others = [w["library"]["status"] for w in works if w is not serefko]
    assert set(others) == {"not in library"}
    assert main(["refs", str(review)]) == 0
    assert "possible citation error" in capsys.readouterr().out


def test_namesakes_in_other_years_are_no_near_miss(review, reviewer, tmp_path, capsys):
    _import(review, reviewer, tmp_path, NAMESAKES)
    works = _refs_json(review, capsys)
    assert {w["library"]["status"] for w in works} == {"not in library"}
    assert all(w["library"]["near_misses"] == [] for w in works)


def test_citation_problems_of_a_citing_sentence(review, reviewer, tmp_path):
    _import(review, reviewer, tmp_path, WRONG_PAPER)
    with ReviewSession.open(review, reviewer) as session:
        (document,) = session.documents()
        found = document_citations(session.conn, document.id)
        (work,) = [w for w, k in enumerate(found.works) if k.key.startswith("serefko")]
        (sentence, *_) = found.citing_sentences(work)
        (problem,) = library.citation_problems(session, sentence)
        assert problem.near_miss.differs == ("title", "journal", "volume")
        assert "Possible citation error" in problem.summary()
        others = [s for s in found.sentence_ids if s not in found.citing_sentences(work)]
        assert library.citation_problems(session, others[0]) == []


def test_same_doi_with_another_title_in_refs_json(tmp_path, reviewer, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "Magnesium eases stress in adults [1].\n\nReferences\n\n"
        "1. Boyle NB, Lawton C, Dye L. The effects of magnesium supplementation on subjective"
        " anxiety and stress – a systematic review. Nutrients. 2017;9(5):429."
        " doi:10.3390/nu9050429\n",
        encoding="utf-8",
    )
    review = tmp_path / "d.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(doc)
    _import(
        review,
        reviewer,
        tmp_path,
        """@article{x, author = {Boyle, N. B.},
      title = {Vitamin D and bone health in the elderly}, journal = {Nutrients},
      year = {2017}, volume = {9}, number = {5}, pages = {429}, doi = {10.3390/nu9050429}}""",
    )
    (work,) = _refs_json(review, capsys)
    (miss,) = work["library"]["near_misses"]
    assert miss["differs"] == ["title"] and miss["why"] == "same DOI, another title"
