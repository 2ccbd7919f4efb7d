"""The references of a stored document: what a sentence cites, works and `assay refs`."""

from __future__ import annotations

import json

from assay.services import references
from assay.services.session import ReviewSession


def _sample_review(tmp_path, reviewer, seed_dir):
    path = tmp_path / "sample.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
    return path


def test_a_claim_lists_the_works_below_it_and_flags_variant_spellings(tmp_path, reviewer, seed_dir):
    path = _sample_review(tmp_path, reviewer, seed_dir)
    with ReviewSession.open(path, reviewer) as session:
        rows = session.sentence_rows()
        (claim,) = [r for r in rows if r.text.startswith("Hormone fluctuation-linked mood")]
        lines = references.cited_lines(session.conn, claim.id)
        assert [line.split(",")[0] for line in lines] == [
            "Tarleton et al. 2015", "Boyle et al. 2017", "Serefko et al. 2013"
        ]  # fmt: skip
        assert "⚠ written" in lines[2] and "authors" in lines[2]
        (gloss,) = [r for r in rows if r.text.startswith("– A systematic review concluded")]
        assert references.cited_lines(session.conn, gloss.id)[0].startswith("Boyle et al. 2017")
        heading = rows[0]
        assert references.cited_lines(session.conn, heading.id) == []


def test_refs_command_prints_one_object_per_work(tmp_path, reviewer, seed_dir, capsys):
    from assay.cli import main

    path = _sample_review(tmp_path, reviewer, seed_dir)
    assert main(["refs", str(path), "--json"]) == 0
    works = json.loads(capsys.readouterr().out)["works"]
    assert len(works) == 21 and len({w["key"] for w in works}) == 21
    (schuette,) = [w for w in works if w["canonical"]["authors"][0].startswith("Schue")]
    spellings = {v["raw"].split(",")[0] for v in schuette["variants"]}
    assert spellings == {"✓ Schuette SA", "✓ Schuetz SA"}  # one work, the slip reported
    assert "authors" in {d["field"] for d in schuette["differences"]}
    with ReviewSession.open(path, reviewer) as session:
        ids = {row.id: row.text for row in session.sentence_rows()}
    for work in works:
        for sentence in work["cited_by"]:
            assert ids[sentence["sentence_id"]] == sentence["text"]
    assert main(["refs", str(path)]) == 0
    assert "written 2 ways" in capsys.readouterr().out


def test_two_reviews_of_the_same_document_do_not_share_sentence_ids(tmp_path, reviewer, seed_dir):
    from assay.services.versions import replace_document

    first = _sample_review(tmp_path, reviewer, seed_dir)  # seed 001 as document 1
    other = tmp_path / "other.assay"
    with ReviewSession.create(other, reviewer) as session:
        session.import_file(seed_dir / "000_609534e461fc1ec7.txt")
    # Document 1 again, with the same text, but sentence ids after seed 000's.
    replace_document(other, 1, seed_dir / "001_25d1546185dbdbaa.txt", reviewer=reviewer)
    for path in (first, other, first):
        with ReviewSession.open(path, reviewer) as session:
            rows = session.sentence_rows()
            (claim,) = [r for r in rows if r.text.startswith("Hormone fluctuation-linked mood")]
            assert claim.document_id == 1
            found = references.document_citations(session.conn, 1)
            assert set(found.sentence_ids) == {r.id for r in rows}
            assert references.cited_lines(session.conn, claim.id)
