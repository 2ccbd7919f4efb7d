"""Evidence items on an annotation: checked, kept, logged, never lost with a verdict."""

from __future__ import annotations

import time

import pytest

from assay.core.identifiers import IdentifierError
from assay.core.model import AnnotationState
from assay.services.session import ReviewSession

VERDICT = AnnotationState(verdict="overstated")


@pytest.fixture
def session(tmp_review, reviewer):
    with ReviewSession.open(tmp_review, reviewer) as opened:
        yield opened


def _sentence(session: ReviewSession) -> int:
    return session.sentence_rows()[2].id


def test_items_are_normalised_kept_in_order_and_logged(session):
    sentence = _sentence(session)
    session.save_annotation(sentence, VERDICT)
    doi = session.add_evidence(sentence, "doi", "https://doi.org/10.3390/NU9050429")
    pmid = session.add_evidence(sentence, "pmid", "PMID: 28445426")
    quote = session.add_evidence(sentence, "quote", "“no effect on sleep”", locator="p. 12")
    url = session.add_evidence(sentence, "url", " https://ods.od.nih.gov/factsheets/Magnesium ")
    note = session.add_evidence(sentence, "note", "", note="Industry-funded.")
    assert doi.value == "10.3390/nu9050429" and pmid.value == "28445426"
    assert (quote.value, quote.locator) == ("“no effect on sleep”", "p. 12")
    assert url.value == "https://ods.od.nih.gov/factsheets/Magnesium" and note.note
    assert [item.id for item in session.evidence(sentence)] == [
        doi.id, pmid.id, quote.id, url.id, note.id
    ]  # fmt: skip
    actions = session.conn.execute("SELECT action FROM events WHERE entity = 'evidence'").fetchall()
    assert actions == [("add",)] * 5


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("doi", "10.1/x", "is not a DOI"),
        ("doi", "nutrients 2017", "is not a DOI"),
        ("pmid", "PMID 0123", "is not a PMID"),
        ("pmid", "12345678901", "is not a PMID"),
        ("url", "ods.od.nih.gov/factsheets", "is not a web address"),
        ("url", "javascript:alert(1)", "is not a web address"),
        ("quote", "   ", "empty"),
    ],
)
def test_malformed_items_are_refused_and_nothing_is_written(session, kind, value, message):
    sentence = _sentence(session)
    with pytest.raises(ValueError, match=message):
        session.add_evidence(sentence, kind, value)
    assert session.evidence(sentence) == []
    assert session.annotation(sentence) == AnnotationState()


def test_evidence_on_an_unannotated_sentence_makes_an_annotation_to_hold_it(session):
    sentence = _sentence(session)
    item = session.add_evidence(sentence, "pmid", "28445426")
    assert session.evidence(sentence) == [item]
    session.remove_evidence(item.id)
    assert session.evidence(sentence) == []
    count = session.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    assert count == 0  # nothing left to hold: the empty annotation went too


def test_clearing_the_verdict_keeps_the_evidence(session):
    sentence = _sentence(session)
    session.save_annotation(sentence, VERDICT)
    item = session.add_evidence(sentence, "doi", "10.3390/nu9050429")
    session.save_annotation(sentence, AnnotationState())
    assert session.evidence(sentence) == [item]


def test_a_removed_item_comes_back_with_its_id(session):
    sentence = _sentence(session)
    item = session.add_evidence(sentence, "quote", "modest effect", locator="p. 4")
    removed = session.remove_evidence(item.id)
    assert removed == item and session.evidence(sentence) == []
    restored = session.restore_evidence(removed, sentence)
    assert (restored.id, restored.created) == (item.id, item.created)
    assert [i.id for i in session.evidence(sentence)] == [item.id]


def test_read_only_review_refuses_evidence(tmp_review, reviewer):
    from assay.services.errors import ReadOnlyError

    with (
        ReviewSession.open(tmp_review, reviewer) as first,
        ReviewSession.open(tmp_review, reviewer) as second,
    ):
        assert second.read_only
        with pytest.raises(ReadOnlyError):
            second.add_evidence(_sentence(first), "note", "", note="x")


def test_identifier_error_is_a_value_error():
    assert issubclass(IdentifierError, ValueError)


def test_evidence_travels_in_bundles_with_its_page(tmp_review, reviewer, tmp_path):
    import json
    import zipfile

    from assay.core.model import Reviewer
    from assay.services.exchange import export_bundle, merge_bundles

    with ReviewSession.open(tmp_review, reviewer) as session:
        sentence = _sentence(session)
        session.save_annotation(sentence, VERDICT)
        session.add_evidence(sentence, "doi", "10.3390/nu9050429")
    plain = export_bundle(tmp_review, tmp_path / "plain.assaybundle", reviewer=reviewer).path
    with zipfile.ZipFile(plain) as archive:
        assert json.loads(archive.read("manifest.json"))["format_version"] == 4
        assert '"locator"' not in archive.read("evidence.jsonl").decode()
    with ReviewSession.open(tmp_review, reviewer) as session:
        session.add_evidence(sentence, "quote", "no effect on sleep", locator="p. 12")
    located = export_bundle(tmp_review, tmp_path / "located.assaybundle", reviewer=reviewer).path
    with zipfile.ZipFile(located) as archive:
        assert '"locator":"p. 12"' in archive.read("evidence.jsonl").decode()
    lead = Reviewer("11111111-0000-4000-8000-000000000001", "Lead")
    fresh = tmp_path / "lead.assay"
    merge_bundles(fresh, [located], reviewer=lead)
    with ReviewSession.open(fresh, reviewer) as session:
        (row,) = [r for r in session.sentence_rows() if r.state == VERDICT]
        kept = [(i.kind, i.value, i.locator) for i in session.evidence(row.id)]
    assert kept == [("doi", "10.3390/nu9050429", ""), ("quote", "no effect on sleep", "p. 12")]


def test_a_quoted_passage_names_its_source_work(session):
    sentence = _sentence(session)
    by_doi = session.add_evidence(
        sentence, "quote", "no effect", "p. 3", source="https://doi.org/10.3390/NU9050429"
    )
    time.sleep(0.002)  # items are listed by their creation time (ms): two, not a tie
    by_title = session.add_evidence(sentence, "quote", "small trial", source="  Boyle  NB 2017 ")
    assert by_doi.source == "10.3390/nu9050429"  # a DOI is kept normalised
    assert by_title.source == "Boyle NB 2017"
    kept = [(i.value, i.source) for i in session.evidence(sentence)]
    assert kept == [("no effect", "10.3390/nu9050429"), ("small trial", "Boyle NB 2017")]
    with pytest.raises(ValueError, match="is not a DOI|too long"):
        session.add_evidence(sentence, "quote", "x", source="x" * 1_001)
    session.remove_evidence(by_doi.id)
    session.restore_evidence(by_doi, sentence)  # undo keeps the source
    assert [i.source for i in session.evidence(sentence)] == ["10.3390/nu9050429", "Boyle NB 2017"]


def test_the_source_travels_in_bundles_and_a_bundle_without_one_stays_format_4(
    tmp_review, reviewer, tmp_path
):
    import json
    import zipfile

    from assay.core.model import Reviewer
    from assay.services.exchange import export_bundle, merge_bundles
    from assay.services.report import build_report

    with ReviewSession.open(tmp_review, reviewer) as session:
        sentence = _sentence(session)
        session.add_evidence(sentence, "quote", "no effect on sleep", locator="p. 12")
    plain = export_bundle(tmp_review, tmp_path / "plain.assaybundle", reviewer=reviewer).path
    with zipfile.ZipFile(plain) as archive:
        assert json.loads(archive.read("manifest.json"))["format_version"] == 4
        assert '"source"' not in archive.read("evidence.jsonl").decode()
    with ReviewSession.open(tmp_review, reviewer) as session:
        session.add_evidence(sentence, "quote", "dose was 250 mg", source="Boyle NB 2017")
    sourced = export_bundle(tmp_review, tmp_path / "sourced.assaybundle", reviewer=reviewer).path
    with zipfile.ZipFile(sourced) as archive:
        assert json.loads(archive.read("manifest.json"))["format_version"] == 5
        assert '"source":"Boyle NB 2017"' in archive.read("evidence.jsonl").decode()
    lead = Reviewer("11111111-0000-4000-8000-000000000001", "Lead")
    fresh = tmp_path / "lead.assay"
    merge_bundles(fresh, [plain, sourced], reviewer=lead)
    with ReviewSession.open(fresh, reviewer) as session:
        kept = sorted((i.value, i.source) for i in session.evidence(sentence))
        reports = build_report(session.conn)
    assert kept == [("dose was 250 mg", "Boyle NB 2017"), ("no effect on sleep", "")]
    lines = [e for r in reports for s in r.sentences for e in s.evidence]
    assert {e.source for e in lines} == {"", "Boyle NB 2017"}
