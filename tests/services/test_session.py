"""ReviewSession on real files: save, close, reopen, and check what was kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assay.core.model import AnnotationState, BlockKind, Reviewer
from assay.services.session import ReviewSession
from support import REPO, synthetic_document

FINAL_EFFICACY = AnnotationState(
    categories=frozenset({"efficacy", "dose"}),
    verdict="overstated",
    citation_accuracy="minor_error",
    evidence_type="rct",
    certainty="low",
    confidence=4,
    rationale="One trial, 20 people — «small».",
    status="final",
)


def test_save_close_reopen_keeps_the_annotation(tmp_review: Path, reviewer: Reviewer) -> None:
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert not session.read_only
        row = session.sentence_rows()[3]
        previous = session.save_annotation(row.id, FINAL_EFFICACY)
        assert previous == AnnotationState()
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert session.annotation(row.id) == FINAL_EFFICACY
        assert session.sentence_rows()[3].state == FINAL_EFFICACY
        assert session.sentence_rows()[2].state == AnnotationState()


def test_update_returns_previous_and_logs_before_after(session: ReviewSession) -> None:
    sentence_id = session.sentence_rows()[0].id
    session.save_annotation(sentence_id, FINAL_EFFICACY)
    changed = FINAL_EFFICACY.with_changes(verdict="supported")
    assert session.save_annotation(sentence_id, changed) == FINAL_EFFICACY
    events = session.conn.execute(
        "SELECT action, before, after FROM events WHERE entity = 'annotation' ORDER BY id"
    ).fetchall()
    assert [e[0] for e in events] == ["create", "update"]
    assert events[0][1] is None
    assert json.loads(events[1][1])["verdict"] == "overstated"
    assert json.loads(events[1][2])["verdict"] == "supported"
    created, modified = session.conn.execute("SELECT created, modified FROM annotations").fetchone()
    assert modified >= created


def test_unchanged_save_writes_nothing(session: ReviewSession) -> None:
    sentence_id = session.sentence_rows()[0].id
    session.save_annotation(sentence_id, FINAL_EFFICACY)
    session.save_annotation(sentence_id, FINAL_EFFICACY)
    count = session.conn.execute("SELECT count(*) FROM events WHERE entity = 'annotation'")
    assert count.fetchone()[0] == 1


def test_empty_state_deletes_and_logs(session: ReviewSession) -> None:
    sentence_id = session.sentence_rows()[1].id
    session.save_annotation(sentence_id, FINAL_EFFICACY)
    assert session.save_annotation(sentence_id, AnnotationState()) == FINAL_EFFICACY
    assert session.annotation(sentence_id) == AnnotationState()
    assert session.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    actions = [r[0] for r in session.conn.execute("SELECT action FROM events ORDER BY id")]
    assert actions[-2:] == ["create", "delete"]


def test_quote_anchor_is_taken_from_the_text(session: ReviewSession) -> None:
    row = session.sentence_rows()[5]
    session.save_annotation(row.id, FINAL_EFFICACY)
    exact, prefix, suffix = session.conn.execute(
        "SELECT quote_exact, quote_prefix, quote_suffix FROM annotations"
    ).fetchone()
    text = session.document_text(row.document_id)
    assert exact == row.text == text[row.start : row.end]
    assert prefix == text[max(0, row.start - 32) : row.start]
    assert suffix == text[row.end : row.end + 32]


def test_subscribers_hear_each_save(session: ReviewSession) -> None:
    heard: list[tuple[int, AnnotationState]] = []
    unsubscribe = session.subscribe(lambda sid, state: heard.append((sid, state)))
    sentence_id = session.sentence_rows()[0].id
    session.save_annotation(sentence_id, FINAL_EFFICACY)
    unsubscribe()
    session.save_annotation(sentence_id, AnnotationState())
    assert heard == [(sentence_id, FINAL_EFFICACY)]


def test_unknown_sentence_is_refused(session: ReviewSession) -> None:
    with pytest.raises(KeyError):
        session.save_annotation(999_999, FINAL_EFFICACY)


def test_annotations_are_per_reviewer(tmp_review: Path, reviewer: Reviewer) -> None:
    other = Reviewer("other-id", "Bo Second")
    with ReviewSession.open(tmp_review, reviewer) as session:
        sentence_id = session.sentence_rows()[0].id
        session.save_annotation(sentence_id, FINAL_EFFICACY)
    with ReviewSession.open(tmp_review, other) as session:
        assert session.annotation(sentence_id) == AnnotationState()
        session.save_annotation(sentence_id, AnnotationState(not_a_claim=True))
        names = {r[0] for r in session.conn.execute("SELECT name FROM reviewers")}
        assert names == {reviewer.name, other.name}
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert session.annotation(sentence_id) == FINAL_EFFICACY


def test_documents_and_their_parts(tmp_path: Path, reviewer: Reviewer) -> None:
    with ReviewSession.create(tmp_path / "parts.assay", reviewer) as session:
        first = session.import_parsed(synthetic_document(25, name="a.txt"))
        second = session.import_parsed(synthetic_document(5, name="b.txt"))
        infos = session.documents()
        assert [(d.id, d.source_name, d.sentence_count) for d in infos] == [
            (first, "a.txt", 25),
            (second, "b.txt", 5),
        ]
        blocks = session.document_blocks(first)
        assert len(blocks) == 3 and blocks[0].start == 0
        assert session.document_spans(first) == []
        assert session.document_notes(first) == []
        rows = session.sentence_rows()
        assert [r.document_id for r in rows] == [first] * 25 + [second] * 5
        assert [r.ordinal for r in rows[:3]] == [0, 1, 2]
        assert all(r.text == session.document_text(r.document_id)[r.start : r.end] for r in rows)


def test_progress_counts_final_only_and_skips_references(
    tmp_path: Path, reviewer: Reviewer
) -> None:
    kinds = (BlockKind.PARAGRAPH, BlockKind.REFERENCE, BlockKind.TABLE_HEADER, BlockKind.HEADING)
    with ReviewSession.create(tmp_path / "progress.assay", reviewer) as session:
        document_id = session.import_parsed(synthetic_document(8, kinds=kinds))
        rows = session.sentence_rows()
        session.save_annotation(rows[0].id, FINAL_EFFICACY)  # paragraph, final
        session.save_annotation(rows[1].id, FINAL_EFFICACY)  # reference: not counted
        session.save_annotation(rows[3].id, FINAL_EFFICACY.with_changes(status="draft"))
        progress = session.progress()
    assert (progress.reviewed, progress.total) == (1, 4)
    assert progress.per_document[0].document_id == document_id
    assert tuple(progress.per_document[0])[2:] == (1, 4)


def test_last_position_round_trip(tmp_review: Path, reviewer: Reviewer) -> None:
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert session.last_position() is None
        sentence_id = session.sentence_rows()[7].id
        session.set_last_position(sentence_id)
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert session.last_position() == sentence_id


def test_stats(session: ReviewSession) -> None:
    rows = session.sentence_rows()
    session.save_annotation(rows[0].id, FINAL_EFFICACY)
    session.save_annotation(rows[1].id, AnnotationState(not_a_claim=True, status="final"))
    session.save_annotation(rows[2].id, AnnotationState(categories=frozenset({"safety"})))
    stats = session.stats()
    assert stats["documents"] == 1
    assert stats["sentences"] == len(rows)
    assert stats["reviewed"] == 2
    assert stats["not_a_claim"] == 1
    # Every category and verdict is listed, unused ones as zero, in vocabulary order.
    assert stats["by_category"] == {"mechanism": 0, "efficacy": 1, "dose": 1, "safety": 1}
    assert stats["by_verdict"] == {
        "supported": 0,
        "overstated": 1,
        "lacks_context": 0,
        "unsupported": 0,
        "contradicted": 0,
        "unverifiable": 0,
    }
    (document,) = stats["per_document"]
    assert document["sentences"] == len(rows) and document["by_verdict"]["overstated"] == 1
    json.dumps(stats)  # the CLI prints it as JSON


def test_closed_session_says_so(tmp_review: Path, reviewer: Reviewer) -> None:
    session = ReviewSession.open(tmp_review, reviewer)
    session.close()
    session.close()  # idempotent
    with pytest.raises(Exception, match="closed"):
        session.documents()


def test_v1_fixture_opens_with_data_intact(tmp_path: Path, reviewer: Reviewer) -> None:
    copy = tmp_path / "old.assay"
    shutil.copyfile(REPO / "tests" / "fixtures" / "review-v1.assay", copy)
    fixture_reviewer = Reviewer("00000000-0000-4000-8000-0000000000a1", "Fixture Reviewer")
    with ReviewSession.open(copy, fixture_reviewer) as session:
        assert not session.read_only
        (document,) = session.documents()
        assert document.title == "Magnesium at a glance"
        rows = session.sentence_rows()
        assert [r.text for r in rows][1] == "Magnesium glycinate doubles absorption."
        state = rows[1].state
        assert state.verdict == "overstated" and state.categories == {"efficacy"}
        assert state.status == "final" and state.confidence == 3
        assert session.progress().total == 3  # the reference entry is skipped
        assert session.last_position() == rows[1].id
        assert session.meta()["review_id"].endswith("c1")
        # still writable after opening with the current code
        session.save_annotation(rows[2].id, FINAL_EFFICACY)
    with ReviewSession.open(copy, fixture_reviewer) as session:
        assert session.annotation(rows[2].id) == FINAL_EFFICACY


def test_invalid_state_is_refused_before_writing(session: ReviewSession) -> None:
    sentence_id = session.sentence_rows()[0].id
    with pytest.raises(ValueError, match="status"):
        session.save_annotation(sentence_id, AnnotationState(status="done"))
    with pytest.raises(ValueError, match="confidence"):
        session.save_annotation(sentence_id, AnnotationState(confidence=9))
    assert session.annotation(sentence_id) == AnnotationState()
