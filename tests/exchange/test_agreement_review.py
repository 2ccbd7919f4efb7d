"""Agreement and adjudication on real review files with several reviewers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assay.core.model import AnnotationState, Reviewer
from assay.services import agreement as service
from assay.services.errors import ReadOnlyError
from assay.services.session import ReviewSession
from support import dump, synthetic_document

ADA = Reviewer("00000000-0000-4000-8000-00000000000a", "Ada")
BEN = Reviewer("00000000-0000-4000-8000-00000000000b", "Ben")
CY = Reviewer("00000000-0000-4000-8000-00000000000c", "Cy")


def state(*categories: str, verdict: str | None = None, nac: bool = False) -> AnnotationState:
    return AnnotationState(
        categories=frozenset(categories), not_a_claim=nac, verdict=verdict, rationale="why"
    )


EFF_SUP = state("efficacy", verdict="supported")
EFF_OVER = state("efficacy", verdict="overstated")
DOSE_SUP = state("dose", verdict="supported")
NAC = state(nac=True)

# sentence index → what each reviewer said (missing = not annotated)
CODINGS = {
    0: {ADA: EFF_SUP, BEN: EFF_SUP},  # agree
    1: {ADA: EFF_SUP, BEN: EFF_OVER, CY: EFF_SUP},  # verdict differs
    2: {ADA: NAC, BEN: NAC},  # agree
    3: {ADA: DOSE_SUP, CY: EFF_SUP},  # categories differ
    4: {BEN: EFF_SUP},  # only one reviewer
}


@pytest.fixture
def review(tmp_path: Path) -> tuple[Path, list[int]]:
    path = tmp_path / "shared.assay"
    with ReviewSession.create(path, ADA) as session:
        session.import_parsed(synthetic_document(6))
        ids = [row.id for row in session.sentence_rows()]
    for reviewer in (ADA, BEN, CY):
        with ReviewSession.open(path, reviewer) as session:
            for index, by_reviewer in CODINGS.items():
                if reviewer in by_reviewer:
                    session.save_annotation(ids[index], by_reviewer[reviewer])
    return path, ids


def test_report_numbers_by_hand(review: tuple[Path, list[int]]) -> None:
    path, _ = review
    with ReviewSession.open(path, ADA) as session:
        report = service.agreement_report(session)
    json.dumps(report)  # JSON-ready
    assert report["reviewers"] == 3
    # verdict units: (sup, sup), (sup, over, sup), (sup, sup); sentence 2 has no verdicts.
    # Coincidences: o[sup,sup] = 2 + 2·1/2 + 2 = 5, o[sup,over] = o[over,sup] = 2/2 = 1;
    # n = 7, n_sup = 6, n_over = 1 → alpha = 1 - 6·2 / (2·6·1) = 0.0
    assert report["verdict"] == {"alpha": pytest.approx(0.0), "sentences": 3}
    # efficacy units: (T,T), (T,T,T), (F,F), (F,T): n = 9, n_T = 6, n_F = 3,
    # o[T,T] = 2 + 6/2 = 5, o[F,F] = 2, o[T,F] = o[F,T] = 1 → alpha = 1 - 8·2/(2·6·3) = 5/9
    assert report["categories"]["efficacy"] == {"alpha": pytest.approx(5 / 9), "sentences": 4}
    # dose units: (F,F), (F,F,F), (F,F), (T,F): n_T = 1, n_F = 8, o[T,F] = 1 → 1 - 8·2/16 = 0
    assert report["categories"]["dose"] == {"alpha": pytest.approx(0.0), "sentences": 4}
    assert report["categories"]["safety"] == {"alpha": None, "sentences": 4}  # never used
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    assert set(pairs) == {("Ada", "Ben"), ("Ada", "Cy"), ("Ben", "Cy")}
    ada_ben = pairs["Ada", "Ben"]
    assert ada_ben["sentences"] == 3
    assert ada_ben["verdict_agreement"] == pytest.approx(0.5)  # sentence 0 agrees, 1 not
    assert ada_ben["verdict_sentences"] == 2
    assert ada_ben["category_agreement"] == 1.0
    ada_cy = pairs["Ada", "Cy"]
    assert (ada_cy["sentences"], ada_cy["verdict_agreement"]) == (2, 1.0)
    assert ada_cy["category_agreement"] == 0.5
    assert pairs["Ben", "Cy"]["verdict_agreement"] == 0.0


def test_disagreements_in_document_order(review: tuple[Path, list[int]]) -> None:
    path, ids = review
    with ReviewSession.open(path, ADA) as session:
        found = service.disagreements(session)
    assert [d.sentence_id for d in found] == [ids[1], ids[3]]
    first = found[0]
    assert [d.reviewer_name for d in first.decisions] == ["Ada", "Ben", "Cy"]
    assert [d.state.verdict for d in first.decisions] == ["supported", "overstated", "supported"]
    assert first.decisions[0].state.rationale == "why"
    assert first.ordinal == 1


def test_adjudicate_is_stored_apart_and_logged(review: tuple[Path, list[int]]) -> None:
    path, ids = review
    with ReviewSession.open(path, ADA) as session:
        report_before = service.agreement_report(session)
        annotations_before = session.conn.execute(
            "SELECT * FROM annotations ORDER BY id"
        ).fetchall()
        (first, second) = service.disagreements(session)
        chosen = first.decisions[1]
        decision = chosen.state.with_changes(rationale="Ben is right: one small trial")
        stored = service.adjudicate(session, ids[1], decision, chosen.annotation_id)
        assert stored.state.verdict == "overstated"
        assert stored.chosen_annotation_id == chosen.annotation_id
        assert stored.adjudicator_id == ADA.id
        assert service.adjudication(session, ids[1]) == stored
        # reviewers' annotations and the agreement are unchanged
        after = session.conn.execute("SELECT * FROM annotations ORDER BY id").fetchall()
        assert after == annotations_before
        assert service.agreement_report(session) == report_before
        assert [d.sentence_id for d in service.disagreements(session)] == [second.sentence_id]
        # replacing it is an update, clearing it a delete: all three are events
        service.adjudicate(session, ids[1], EFF_SUP)
        assert service.clear_adjudication(session, ids[1]) is True
        assert service.clear_adjudication(session, ids[1]) is False
        events = session.conn.execute(
            "SELECT action, reviewer_id, before IS NULL, after IS NULL FROM events "
            "WHERE entity = 'adjudication' ORDER BY id"
        ).fetchall()
        assert events == [
            ("create", ADA.id, 1, 0),
            ("update", ADA.id, 0, 0),
            ("delete", ADA.id, 0, 1),
        ]
        assert service.adjudication(session, ids[1]) is None
        assert len(service.disagreements(session)) == 2


def test_adjudicate_refuses_bad_input(review: tuple[Path, list[int]]) -> None:
    path, ids = review
    with ReviewSession.open(path, ADA) as session:
        other = service.disagreements(session)[1].decisions[0].annotation_id
        with pytest.raises(ValueError, match="not an annotation of sentence"):
            service.adjudicate(session, ids[1], EFF_SUP, other)
        with pytest.raises(ValueError, match="needs a decision"):
            service.adjudicate(session, ids[1], AnnotationState())
        with pytest.raises(KeyError):
            service.adjudicate(session, 999_999, EFF_SUP)
        assert service.adjudication(session, ids[1]) is None


def test_read_only_session_refuses_and_writes_nothing(review: tuple[Path, list[int]]) -> None:
    path, ids = review
    before = dump(path)
    os.chmod(path, 0o444)
    try:
        with ReviewSession.open(path, ADA) as session:
            assert session.read_only
            assert service.agreement_report(session)["reviewers"] == 3  # reading works
            with pytest.raises(ReadOnlyError, match="read-only"):
                service.adjudicate(session, ids[1], EFF_SUP)
            with pytest.raises(ReadOnlyError):
                service.clear_adjudication(session, ids[1])
    finally:
        os.chmod(path, 0o644)
    assert dump(path) == before


def test_fewer_than_two_reviewers_gives_an_empty_report(tmp_path: Path) -> None:
    with ReviewSession.create(tmp_path / "solo.assay", ADA) as session:
        session.import_parsed(synthetic_document(3))
        first = session.sentence_rows()[0].id
        session.save_annotation(first, EFF_SUP)
        report = service.agreement_report(session.conn)
        assert report["reviewers"] == 0 and report["pairs"] == []
        assert report["verdict"] == {"alpha": None, "sentences": 0}
        assert service.disagreements(session) == []
