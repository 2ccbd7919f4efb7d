"""Replacing a document with an edited version: annotations, decisions and evidence
follow their sentences; what cannot follow waits among the orphans."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assay.core.model import AnnotationState, Reviewer
from assay.services.errors import DuplicateDocumentError
from assay.services.orphans import OrphanError
from assay.services.session import ReviewSession
from assay.services.versions import SameVersionError, replace_document
from assay.text.errors import Cancelled
from support import dump

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")
ORIGINAL = """# Magnesium and sleep

Magnesium glycinate is well absorbed. It calms the nervous system within days.

Doses of 300 mg a day were used in the trials. Side effects were rare and mild.

A 2012 trial found better sleep in older adults. The effect was modest.
"""
EDITED = """# Magnesium and sleep

A new opening paragraph was added by the editor. It shifts every offset below.

Magnesium glycinate is well absorbed. It calms the nervous system within a few days.

Doses of 300 mg a day were used in the trials.

A 2012 trial found better sleep in older adults. The effect was modest.
"""
STATE = AnnotationState(frozenset({"efficacy"}), verdict="overstated", rationale="one trial")


def _sentence_id(session: ReviewSession, text: str) -> int:
    (row,) = [row for row in session.sentence_rows() if row.text == text]
    return row.id


@pytest.fixture
def review(tmp_path: Path, reviewer: Reviewer) -> tuple[Path, int]:
    source = tmp_path / "paper.md"
    source.write_text(ORIGINAL, encoding="utf-8")
    path = tmp_path / "review.assay"
    with ReviewSession.create(path, reviewer) as session:
        document_id = session.import_file(source).document_id
        for text in (
            "Magnesium glycinate is well absorbed.",
            "It calms the nervous system within days.",
            "Side effects were rare and mild.",
            "The effect was modest.",
        ):
            session.save_annotation(_sentence_id(session, text), STATE)
    with ReviewSession.open(path, BOB) as session:
        session.save_annotation(_sentence_id(session, "The effect was modest."), STATE)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO evidence(id, annotation_id, kind, value, note, created) "
        "SELECT 'e0000000-0000-4000-8000-000000000001', a.id, 'doi', '10.1000/x', '', "
        "a.created FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
        "JOIN documents d ON d.id = s.document_id "
        'WHERE substr(d.text, s.start + 1, s."end" - s.start) = ?',
        ("Side effects were rare and mild.",),
    )
    conn.commit()
    conn.close()
    return path, document_id


def _texts_with_state(path: Path, reviewer: Reviewer) -> dict[str, AnnotationState]:
    with ReviewSession.open(path, reviewer) as session:
        return {row.text: row.state for row in session.sentence_rows() if not row.state.is_empty}


def test_annotations_follow_their_sentences_into_the_new_version(review, reviewer, tmp_path):
    path, document_id = review
    edited = tmp_path / "paper-v2.md"
    edited.write_text(EDITED, encoding="utf-8")
    result = replace_document(path, document_id, edited, reviewer=reviewer)
    assert result.document_id == document_id
    assert result.reattached == {"quote": 3, "fuzzy": 1}  # Ada's 2 + Bob's 1 by quote
    assert result.orphaned == 1
    assert _texts_with_state(path, reviewer) == {
        "Magnesium glycinate is well absorbed.": STATE,
        "It calms the nervous system within a few days.": STATE,
        "The effect was modest.": STATE,
    }
    assert _texts_with_state(path, BOB) == {"The effect was modest.": STATE}
    with ReviewSession.open(path, reviewer) as session:
        (document,) = session.documents()
        assert document.id == document_id and document.sha256 == result.new_sha256
        (orphan,) = session.orphans()
        assert orphan.quote == "Side effects were rare and mild." and orphan.state == STATE
        old = session.conn.execute("SELECT sha256 FROM document_versions").fetchall()
        assert old == [(result.old_sha256,)]
        moved = session.conn.execute(
            "SELECT quote_exact, quote_prefix FROM annotations a JOIN sentences s "
            "ON s.id = a.sentence_id WHERE s.ordinal = 3 AND a.reviewer_id = ?",
            (reviewer.id,),
        ).fetchone()
        assert moved[0] == "Magnesium glycinate is well absorbed."
        assert len(moved[1]) == 32 and moved[1].endswith("It shifts every offset below.\n")


def test_an_orphan_is_attached_by_hand_with_its_evidence_or_discarded(review, reviewer, tmp_path):
    path, document_id = review
    edited = tmp_path / "paper-v2.md"
    edited.write_text(EDITED, encoding="utf-8")
    replace_document(path, document_id, edited, reviewer=reviewer)
    with ReviewSession.open(path, reviewer) as session:
        (orphan,) = session.orphans(document_id)
        before, after, *similar = session.orphan_suggestions(orphan)
        assert before.text == "Doses of 300 mg a day were used in the trials."
        assert after.text == "A 2012 trial found better sleep in older adults."
        assert {before.reason, after.reason} == {"was next to it"}
        assert similar[0].text == "The effect was modest." and similar[0].reason == "similar text"
        best_id = before.sentence_id
        taken = _sentence_id(session, "The effect was modest.")
        with pytest.raises(OrphanError, match="already annotated"):
            session.attach_orphan(orphan, taken)
        session.attach_orphan(orphan, best_id)
        assert session.orphans() == []
        assert session.annotation(best_id) == STATE
        evidence = session.conn.execute("SELECT annotation_id, value FROM evidence").fetchall()
        assert evidence == [(orphan.id, "10.1000/x")]
        actions = [r[0] for r in session.conn.execute("SELECT action FROM events")]
        assert actions[-2:] == ["replace", "attach"]


def test_discarding_an_orphan_is_logged(review, reviewer, tmp_path):
    path, document_id = review
    edited = tmp_path / "paper-v2.md"
    edited.write_text(EDITED, encoding="utf-8")
    replace_document(path, document_id, edited, reviewer=reviewer)
    with ReviewSession.open(path, reviewer) as session:
        (orphan,) = session.orphans()
        session.discard_orphan(orphan)
        assert session.orphans() == []
        (event,) = session.conn.execute(
            "SELECT entity_id FROM events WHERE action = 'discard'"
        ).fetchall()
        assert event == (orphan.id,)


def test_two_annotations_landing_on_one_sentence_keep_the_newer_and_orphan_the_other(
    reviewer, tmp_path
):
    source = tmp_path / "twice.md"
    source.write_text("# T\n\nFirst claim. Repeated claim.\n\nSecond part. Repeated claim.\n")
    path = tmp_path / "twice.assay"
    older, newer = STATE, STATE.with_changes(verdict="supported")
    with ReviewSession.create(path, reviewer) as session:
        document_id = session.import_file(source).document_id
        first, second = [r.id for r in session.sentence_rows() if r.text == "Repeated claim."]
        session.save_annotation(first, older)
        session.save_annotation(second, newer)
        with session.conn:  # edited a minute later (two saves can share a millisecond)
            session.conn.execute(
                "UPDATE annotations SET modified = '2999-01-01T00:00:00.000+00:00' "
                "WHERE sentence_id = ?",
                (second,),
            )
    edited = tmp_path / "once.md"
    edited.write_text("# T\n\nFirst claim. Repeated claim.\n\nSecond part.\n")
    result = replace_document(path, document_id, edited, reviewer=reviewer)
    assert result.orphaned == 1
    assert _texts_with_state(path, reviewer) == {"Repeated claim.": newer}
    with ReviewSession.open(path, reviewer) as session:
        (orphan,) = session.orphans()
        assert orphan.state == older


def test_same_text_or_another_documents_text_is_refused_and_changes_nothing(
    review, reviewer, tmp_path, seed_dir
):
    path, document_id = review
    same = tmp_path / "same.md"
    same.write_text(ORIGINAL, encoding="utf-8")
    before = dump(path)
    with pytest.raises(SameVersionError, match="same text"):
        replace_document(path, document_id, same, reviewer=reviewer)
    with ReviewSession.open(path, reviewer) as session:
        session.import_file(seed_dir / "000_609534e461fc1ec7.txt")
    before = dump(path)
    with pytest.raises(DuplicateDocumentError, match="already in this review"):
        replace_document(
            path, document_id, seed_dir / "000_609534e461fc1ec7.txt", reviewer=reviewer
        )
    assert dump(path) == before


def test_a_cancelled_replacement_changes_nothing(review, reviewer, tmp_path):
    path, document_id = review
    edited = tmp_path / "paper-v2.md"
    edited.write_text(EDITED, encoding="utf-8")
    before = dump(path)
    stages: list[str] = []

    def cancel() -> bool:
        return "saving" in stages

    with pytest.raises(Cancelled):
        replace_document(
            path, document_id, edited, reviewer=reviewer,
            progress=lambda done, total, stage: stages.append(stage), cancel=cancel,
        )  # fmt: skip
    assert dump(path) == before


def test_a_decision_follows_its_sentence(review, reviewer, tmp_path):
    from assay.services.agreement import adjudicate

    path, document_id = review
    with ReviewSession.open(path, reviewer) as session:
        adjudicate(session, _sentence_id(session, "The effect was modest."), STATE)
    edited = tmp_path / "paper-v2.md"
    edited.write_text(EDITED, encoding="utf-8")
    result = replace_document(path, document_id, edited, reviewer=reviewer)
    assert result.decisions_dropped == 0
    with ReviewSession.open(path, reviewer) as session:
        (moved,) = session.conn.execute(
            'SELECT substr(d.text, s.start + 1, s."end" - s.start) FROM adjudications j '
            "JOIN sentences s ON s.id = j.sentence_id JOIN documents d ON d.id = s.document_id"
        ).fetchall()
        assert moved == ("The effect was modest.",)


def test_a_new_version_without_a_title_keeps_the_documents_name(reviewer, tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("Magnesium helps sleep. Nobody says how much.\n", encoding="utf-8")
    path = tmp_path / "t.assay"
    with ReviewSession.create(path, reviewer) as session:
        document_id = session.import_file(source).document_id
    edited = tmp_path / "notes-v2-final.txt"
    edited.write_text("Magnesium helps sleep. Nobody says how much, or for whom.\n")
    assert replace_document(path, document_id, edited, reviewer=reviewer).title == "notes"
    with ReviewSession.open(path, reviewer) as session:
        assert [d.title for d in session.documents()] == ["notes"]
