"""`assay check`: every flag Assay raises by itself, on a review and on bare documents,
and the near misses in the report's citation problems."""

from __future__ import annotations

import json

import pytest

from assay.cli import main
from assay.services import flags, library
from assay.services.report import citation_problems
from assay.services.session import ReviewSession

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
# A citing sentence whose reference is not in the list (constructed; the sample has none).
MISSING = "\n\nMagnesium glycinate halves cortisol within a week (Smith et al., 2019).\n"
SEED = "001_25d1546185dbdbaa.txt"


@pytest.fixture
def white_paper(tmp_path, seed_dir):
    path = tmp_path / SEED
    path.write_text((seed_dir / SEED).read_text(encoding="utf-8") + MISSING, encoding="utf-8")
    return path


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "mine.bib"
    path.write_text(WRONG_PAPER, encoding="utf-8")
    return path


def _check_json(capsys, *args: str) -> dict:
    assert main(["check", *args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["format"] == "assay-check/1"
    return out


def test_check_on_the_sample_review_lists_each_kind_of_flag(
    white_paper, bib, tmp_path, reviewer, capsys
):
    review = tmp_path / "r.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(white_paper)
    library.import_file(review, library.read(bib), reviewer=reviewer)
    out = _check_json(capsys, str(review))
    counts = out["counts"]
    assert set(counts) == set(flags.KINDS)
    for kind in (flags.MIS_CITATION, flags.VARIANT_SPELLING, flags.REFERENCE_VALUE,
                 flags.MISSING_REFERENCE):  # fmt: skip
        assert counts[kind] > 0, kind
    assert counts[flags.NUMBER_NOT_IN_SOURCE] == 0  # the library's entry has no abstract
    assert out["library"] == "the review's library (1 entry)"
    by_kind = {flag["kind"]: flag for flag in out["flags"]}
    miss = by_kind[flags.MIS_CITATION]
    assert "Serefko" in miss["reason"] and "differs: title, journal, volume" in miss["reason"]
    assert isinstance(miss["sentence_id"], int) and miss["sentence"]
    assert set(miss) == {"kind", "document", "ordinal", "page", "sentence", "reason",
                         "sentence_id", "document_id"}  # fmt: skip
    value = by_kind[flags.REFERENCE_VALUE]  # the dose table's UL row
    assert value["sentence"].startswith("UL (Tolerable Upper Intake Level)")
    assert "EFSA's UL for magnesium is 250 mg/day" in value["reason"]
    missing = by_kind[flags.MISSING_REFERENCE]
    assert missing["sentence"].startswith("Magnesium glycinate halves cortisol")
    assert missing["reason"] == "(Smith et al. 2019) has no entry in the reference list"
    # The plain listing says the same, one flag per line with its sentence.
    assert main(["check", str(review)]) == 0
    text = capsys.readouterr().out
    assert f"[{flags.MIS_CITATION}]" in text and f"[{flags.MISSING_REFERENCE}]" in text
    assert "library: the review's library" in text


def test_check_on_the_bare_document_needs_no_review(white_paper, bib, tmp_path, capsys):
    out = _check_json(capsys, str(white_paper), "--library", str(bib))
    assert out["library"] == "mine.bib"
    assert out["counts"][flags.MIS_CITATION] > 0 and out["counts"][flags.MISSING_REFERENCE] == 1
    assert all(flag["sentence_id"] is None for flag in out["flags"])
    assert not list(tmp_path.glob("*.assay"))  # parsed in memory: nothing made
    # Without a library (and no last review to borrow one from): no mis-citations.
    plain = _check_json(capsys, str(white_paper))
    assert plain["library"] is None and plain["counts"][flags.MIS_CITATION] == 0
    assert plain["counts"][flags.VARIANT_SPELLING] == out["counts"][flags.VARIANT_SPELLING]


def test_a_library_of_namesakes_in_other_years_raises_no_mis_citation(
    white_paper, tmp_path, capsys
):
    namesakes = tmp_path / "namesakes.bib"
    namesakes.write_text(
        "".join(
            f"@article{{s{year}, author = {{Serefko, Anna and Szopa, Aleksandra}},"
            f" title = {{Zinc and sleep, part {year}}}, journal = {{Sleep}}, year = {{{year}}}}}\n"
            for year in (2001, 2005, 2009, 2016, 2020)
        ),
        encoding="utf-8",
    )
    out = _check_json(capsys, str(white_paper), "--library", str(namesakes))
    assert out["counts"][flags.MIS_CITATION] == 0


def test_a_numbered_marker_with_no_entry_in_a_markdown_document(tmp_path, capsys):
    doc = tmp_path / "note.md"
    doc.write_text(
        "# Magnesium\n\nMagnesium eases cramps [1]. It also cures migraine [7].\n\n"
        "## References\n\n"
        "1. Boyle NB, Lawton C, Dye L. The effects of magnesium supplementation on "
        "subjective anxiety and stress. Nutrients. 2017;9(5):429.\n",
        encoding="utf-8",
    )
    out = _check_json(capsys, str(doc))
    (flag,) = out["flags"]
    assert flag["kind"] == flags.MISSING_REFERENCE
    assert flag["sentence"] == "It also cures migraine [7]."
    assert flag["reason"] == "[7] has no entry in the reference list"
    assert flag["document"] and flag["ordinal"] == 2 and flag["page"] is None


def test_a_bare_docx_gets_reference_value_flags(tmp_path, capsys):
    import docx

    path = tmp_path / "label.docx"
    document = docx.Document()
    document.add_heading("Our magnesium", level=1)
    document.add_paragraph("Take 900 mg of magnesium a day, well within the safe range.")
    document.add_paragraph("Nothing here states a number.")
    document.save(path)
    out = _check_json(capsys, str(path))
    (flag,) = out["flags"]
    assert flag["kind"] == flags.REFERENCE_VALUE and "900 mg" in flag["sentence"]
    assert "UL" in flag["reason"]


def test_no_flags_still_exits_0_and_a_bad_file_is_one_clear_line(tmp_path, capsys):
    calm = tmp_path / "calm.md"
    calm.write_text("# Calm\n\nMagnesium is a mineral.\n", encoding="utf-8")
    assert main(["check", str(calm)]) == 0
    assert "calm.md: 0 flags" in capsys.readouterr().out
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("assay: error:") and "bad.docx" in err and "Traceback" not in err
    assert main(["check", str(tmp_path / "gone.pdf")]) == 1
    assert "gone.pdf: no such file." in capsys.readouterr().err
    not_a_library = tmp_path / "lib.bib"
    not_a_library.write_bytes(b"\x00\x01binary")
    assert main(["check", str(calm), "--library", str(not_a_library)]) == 1
    assert capsys.readouterr().err.startswith("assay: error:")


def test_the_report_names_near_misses_among_citation_problems(white_paper, bib, tmp_path, reviewer):
    review = tmp_path / "r.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(white_paper)
    library.import_file(review, library.read(bib), reviewer=reviewer)
    with ReviewSession.open(review, reviewer) as session:
        (document,) = session.documents()
        problems = citation_problems(session.conn, document.id)
    (near,) = [p for p in problems if p.kind == "near miss"]
    assert near.work.startswith("Serefko") and near.what.startswith("possible citation error")
    assert near.details[0].startswith("your library: Serefko A 2013, “Zinc deficiency")
    assert any(d.startswith("journal: ") and "Neuropharmacology" in d for d in near.details)
    from assay.exchange.report_html import _problems

    html = _problems(problems)
    assert "possible citation error" in html and "Neuropharmacology" in html


def test_a_claim_number_the_cited_abstract_never_states_is_flagged(
    tmp_path, reviewer, seed_dir, capsys
):
    """The library holds Boyle 2017 with its abstract: the table row that cites it with
    225-300 mg is flagged, the same reason the Evidence tab shows."""
    from test_source_numbers_service import FLAGGED, LIBRARY

    review = tmp_path / "r.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(seed_dir / SEED)
    bib = tmp_path / "with-abstract.bib"
    bib.write_text(LIBRARY, encoding="utf-8")
    library.import_file(review, library.read(bib), reviewer=reviewer)
    out = _check_json(capsys, str(review))
    numbers = [f for f in out["flags"] if f["kind"] == flags.NUMBER_NOT_IN_SOURCE]
    assert [f["reason"] for f in numbers] == [FLAGGED]
    assert numbers[0]["sentence"].startswith("Boyle NB, 2017")
