"""The references out: the documents' works completed from the reviewer's library, as
CSL-JSON valid against the CSL schema, BibTeX that bibtexparser reads back and RIS that
rispy reads back, with the same fields."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy

from assay.cli import main
from assay.services import library
from assay.services.references_out import export_references, references_bytes
from assay.services.session import ReviewSession
from support import REPO

CSL_SCHEMA = REPO / "tests" / "fixtures" / "schemas" / "csl" / "csl-data.json"
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
"""


@pytest.fixture
def review(tmp_path: Path, reviewer, seed_dir: Path) -> Path:
    path = tmp_path / "r.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
    bib = tmp_path / "mylib.bib"
    bib.write_text(LIBRARY, encoding="utf-8")
    library.import_file(path, library.read(bib), reviewer=reviewer)
    return path


def test_csl_json_is_valid_and_takes_the_library_s_fields(review):
    data, works = references_bytes(review, "csl-json")
    items = json.loads(data)
    jsonschema.Draft7Validator(json.loads(CSL_SCHEMA.read_text())).validate(items)
    assert len(items) == len(works) >= 5
    boyle = next(item for item in items if item["id"] == "boyle2017")  # the library's key
    assert boyle["DOI"] == "10.3390/nu9050429"
    assert boyle["abstract"].startswith("Magnesium status")  # only the library has it
    assert boyle["title"].startswith("The Effects of Magnesium Supplementation")
    assert boyle["author"][0] == {"family": "Boyle", "given": "NB"}
    assert boyle["issued"] == {"date-parts": [[2017]]}
    assert "Completed from the reviewer's library." in boyle["note"]
    others = [item for item in items if item["id"] != "boyle2017"]
    assert all("Cited in: " in item["note"] for item in others)
    assert sum(work.in_library for work in works) == 1


def test_bibtex_reads_back_with_the_same_fields(review):
    data, works = references_bytes(review, "bibtex")
    parsed = bibtexparser.parse_string(data.decode("utf-8"))
    assert not parsed.failed_blocks
    entries = {entry.key: entry for entry in parsed.entries}
    assert list(entries) == [work.key for work in works]
    for work in works:
        fields = {field.key: field.value for field in entries[work.key].fields}
        assert fields.get("title") == (work.title or None)
        assert fields.get("year") == (str(work.year) if work.year else None)
        assert fields.get("doi") == (work.doi or None)
        assert fields.get("volume") == (work.volume or None)
    boyle = {f.key: f.value for f in entries["boyle2017"].fields}
    assert boyle["author"] == "Boyle, NB and Lawton, C and Dye, L"
    assert boyle["journal"] == "Nutrients" and boyle["pages"] == "429"


def test_ris_reads_back_with_the_same_fields(review):
    data, works = references_bytes(review, "ris")
    entries = rispy.loads(data.decode("utf-8"))
    assert [entry["id"] for entry in entries] == [work.key for work in works]
    for entry, work in zip(entries, works, strict=True):
        assert entry["type_of_reference"] in ("JOUR", "GEN")
        assert entry.get("title") == (work.title or None)
        assert entry.get("year") == (str(work.year) if work.year else None)
        assert entry.get("doi") == (work.doi or None)
    assert entries[0]["authors"] == ["Boyle, NB", "Lawton, C", "Dye, L"]
    assert entries[0]["secondary_title"] == "Nutrients"


def test_odd_values_stay_readable(tmp_path):
    from assay.exchange.references_export import CitedWork, bibtex, csl_json

    work = CitedWork(
        key="odd key, {1}", type="other", title="A } brace & 50% {of} it",
        authors=("World Health Organization", "O'Neil JP"), year=None, journal="",
        journal_abbreviation="", volume="", issue="", pages=("e12", ""), doi="", pmid="",
        url="", abstract="", as_written="WHO. A } brace.", cited_in=("Doc",), in_library=False,
    )  # fmt: skip
    parsed = bibtexparser.parse_string(bibtex([work]).decode())
    assert not parsed.failed_blocks and parsed.entries[0].key == "odd_key___1_"
    fields = {f.key: f.value for f in parsed.entries[0].fields}
    assert fields["title"] == "A ) brace & 50% (of) it"  # an unbalanced brace cannot stay
    assert fields["author"] == "{World Health Organization} and O'Neil, JP"
    item = json.loads(csl_json([work]))[0]
    assert item["author"][0] == {"literal": "World Health Organization"}
    jsonschema.Draft7Validator(json.loads(CSL_SCHEMA.read_text())).validate([item])


def test_same_review_same_bytes_and_atomic_file(review, tmp_path):
    out = tmp_path / "refs.bib"
    result = export_references(review, out, "bibtex")
    first = out.read_bytes()
    export_references(review, out, "bibtex")
    assert out.read_bytes() == first and result.size == len(first)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".refs")] == []


@pytest.mark.parametrize("format", ["csl-json", "bibtex", "ris"])
def test_cli_refs_format(review, tmp_path, capsys, format):
    out = tmp_path / f"refs.{format}"
    assert main(["refs", str(review), "--format", format, "-o", str(out)]) == 0
    assert "1 completed from your library" in capsys.readouterr().out
    assert main(["refs", str(review), "--format", format]) == 0
    assert capsys.readouterr().out.encode("utf-8") == out.read_bytes()
