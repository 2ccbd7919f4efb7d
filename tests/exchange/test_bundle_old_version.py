"""Bundles made against an earlier version of a document that the lead has since
replaced: the annotations are re-anchored onto the current sentences, those that find
none become orphans, and nothing is imported as a new document."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from exchange_helpers import STATE, export, rows

from assay.cli import main
from assay.core.model import Reviewer
from assay.exchange.bundle_format import BundleAnnotation
from assay.exchange.bundle_read import read_bundle
from assay.exchange.merge_versions import CurrentVersion, relocate
from assay.services.exchange import merge_bundles, plan_merge
from assay.services.session import ReviewSession
from assay.services.versions import replace_document
from support import dump, file_digest

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")
EVIDENCE_ID = "5e0c3c2a-1111-4222-8333-444455556666"

OLD = """# Magnesium and sleep

Magnesium supplements are widely marketed as a cure for insomnia in older adults. \
A small trial of forty-six participants reported longer sleep after eight weeks of \
treatment. The authors admit that the placebo group was not matched for age.

Critics point out that dietary intake was never measured during the study period. \
Nobody has replicated these findings in a larger independent cohort so far.
"""

# A paragraph inserted at the start, one sentence reworded ("treatment" → "therapy"),
# one deleted (the last).
NEW = """# Magnesium and sleep

An editorial note: this summary was revised in March after reader feedback arrived.

Magnesium supplements are widely marketed as a cure for insomnia in older adults. \
A small trial of forty-six participants reported longer sleep after eight weeks of \
therapy. The authors admit that the placebo group was not matched for age.

Critics point out that dietary intake was never measured during the study period.
"""

MARKETED = "Magnesium supplements are widely marketed as a cure for insomnia in older adults."
TRIAL_OLD = (
    "A small trial of forty-six participants reported longer sleep after eight weeks of treatment."
)
TRIAL_NEW = TRIAL_OLD.replace("treatment", "therapy")
CRITICS = "Critics point out that dietary intake was never measured during the study period."
DELETED = "Nobody has replicated these findings in a larger independent cohort so far."
# Bob's rationale per sentence of the old version, and where each should end up.
BOBS = {MARKETED: "marketed", TRIAL_OLD: "trial", CRITICS: "critics", DELETED: "deleted"}
EXPECTED = {MARKETED: "marketed", TRIAL_NEW: "trial", CRITICS: "critics"}


def _bobs_annotations(review: Path) -> dict[str, str]:
    """Sentence text -> Bob's rationale, on the review's current sentences."""
    found = rows(
        review,
        'SELECT substr(d.text, s.start + 1, s."end" - s.start), a.rationale, a.quote_exact '
        "FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
        "JOIN documents d ON d.id = s.document_id WHERE a.reviewer_id = ?",
        (BOB.id,),
    )
    assert all(text == quote for text, _, quote in found)  # the quote follows the sentence
    return {text: rationale for text, rationale, _ in found}


@pytest.fixture
def team(tmp_path: Path, reviewer: Reviewer) -> dict[str, object]:
    """The lead's review of OLD; Bob's bundle of his annotations made against OLD,
    one with evidence. The document is not replaced yet."""
    (tmp_path / "paper.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "paper-v2.md").write_text(NEW, encoding="utf-8")
    lead = tmp_path / "lead.assay"
    with ReviewSession.create(lead, reviewer) as session:
        document_id = session.import_file(tmp_path / "paper.md").document_id
        first = next(r for r in session.sentence_rows() if r.text == MARKETED)
        session.save_annotation(first.id, STATE)  # the lead's own, moved by the replace
    docs = export(lead, tmp_path / "docs.assaybundle", reviewer)
    bobs = tmp_path / "bob.assay"
    merge_bundles(bobs, [docs], reviewer=BOB)
    with ReviewSession.open(bobs, BOB) as session:
        for row in session.sentence_rows():
            if row.text in BOBS:
                session.save_annotation(row.id, STATE.with_changes(rationale=BOBS[row.text]))
    conn = sqlite3.connect(bobs)
    with conn:
        conn.execute(
            "INSERT INTO evidence(id, annotation_id, kind, value, note, created) "
            "SELECT ?, id, 'doi', '10.1000/xyz', 'the trial', modified FROM annotations "
            "WHERE reviewer_id = ? AND rationale = 'deleted'",
            (EVIDENCE_ID, BOB.id),
        )
    conn.close()
    bundle = export(bobs, tmp_path / "bob-old.assaybundle", BOB, everyone=False)
    new = tmp_path / "paper-v2.md"
    return {"lead": lead, "document_id": document_id, "bundle": bundle, "new": new}


def _replace(team: dict[str, object], reviewer: Reviewer) -> None:
    replace_document(team["lead"], team["document_id"], team["new"], reviewer=reviewer)


def test_old_version_bundle_lands_on_the_new_sentences(
    team: dict[str, object], reviewer: Reviewer, tmp_path: Path
):
    lead, bundle = team["lead"], team["bundle"]
    _replace(team, reviewer)
    plan = plan_merge(lead, [bundle], reviewer=reviewer)
    assert plan.new_documents == [] and plan.changes_anything
    assert plan.totals() == {
        "new": 3, "updated": 0, "unchanged": 0, "conflicting": 0, "orphaned": 1,
    }  # fmt: skip
    [row] = plan.rows
    assert (row.reviewer_name, row.document_status, row.title) == (
        "Bob Second", "earlier", "Magnesium and sleep",
    )  # fmt: skip
    assert row.counts["orphaned"] == 1

    result = merge_bundles(lead, [bundle], reviewer=reviewer)
    assert result.backup is not None and not result.created
    assert rows(lead, "SELECT count(*) FROM documents") == [(1,)]
    assert _bobs_annotations(lead) == EXPECTED
    orphans = rows(
        lead,
        "SELECT document_id, reviewer_id, rationale, quote_exact, evidence FROM orphans",
    )
    assert [row[:4] for row in orphans] == [(team["document_id"], BOB.id, "deleted", DELETED)]
    assert [item[:4] for item in json.loads(orphans[0][4])] == [
        [EVIDENCE_ID, "doi", "10.1000/xyz", "the trial"]
    ]
    assert rows(lead, "SELECT count(*) FROM evidence") == [(0,)]  # only in the orphan
    with ReviewSession.open(lead, reviewer) as session:  # the reviewer sees it
        [orphan] = session.orphans()
        assert (orphan.reviewer_name, orphan.quote) == ("Bob Second", DELETED)
    events = rows(lead, "SELECT after FROM events WHERE action = 'merge'")
    assert sum(json.loads(after).get("orphaned", False) for (after,) in events) == 1
    # The merged review exports a valid bundle: the quotes match the new sentences.
    exported = read_bundle(export(lead, tmp_path / "after.assaybundle", reviewer))
    assert {a.quote_exact for a in exported.annotations if a.reviewer == BOB.id} == set(EXPECTED)


def test_merging_the_same_old_bundle_again_changes_nothing(
    team: dict[str, object], reviewer: Reviewer
):
    lead, bundle = team["lead"], team["bundle"]
    _replace(team, reviewer)
    merge_bundles(lead, [bundle], reviewer=reviewer)
    before, digest = dump(lead), file_digest(lead)
    again = merge_bundles(lead, [bundle], reviewer=reviewer)
    assert not again.plan.changes_anything and again.backup is None
    assert again.plan.totals() == {"new": 0, "updated": 0, "unchanged": 4, "conflicting": 0}
    assert dump(lead) == before and file_digest(lead) == digest


def test_merged_before_the_replace_then_again_changes_nothing(
    team: dict[str, object], reviewer: Reviewer
):
    """Bob's bundle merged into the old version; the replace moves his annotations (and
    orphans one); the same bundle merged once more finds all of them already there."""
    lead, bundle = team["lead"], team["bundle"]
    merge_bundles(lead, [bundle], reviewer=reviewer)
    _replace(team, reviewer)
    assert _bobs_annotations(lead) == EXPECTED
    assert rows(lead, "SELECT rationale FROM orphans") == [("deleted",)]
    before = dump(lead)
    plan = plan_merge(lead, [bundle], reviewer=reviewer)
    assert not plan.changes_anything
    assert plan.totals() == {"new": 0, "updated": 0, "unchanged": 4, "conflicting": 0}
    assert merge_bundles(lead, [bundle], reviewer=reviewer).backup is None
    assert dump(lead) == before


def test_a_newer_edit_made_on_the_old_version_updates_the_moved_annotation(
    team: dict[str, object], reviewer: Reviewer, tmp_path: Path
):
    lead, bundle = team["lead"], team["bundle"]
    merge_bundles(lead, [bundle], reviewer=reviewer)
    _replace(team, reviewer)
    bobs = tmp_path / "bob.assay"  # Bob still has the old version
    with ReviewSession.open(bobs, BOB) as session:
        row = next(r for r in session.sentence_rows() if r.text == TRIAL_OLD)
        session.save_annotation(row.id, STATE.with_changes(rationale="trial, revised"))
    newer = export(bobs, tmp_path / "bob-newer.assaybundle", BOB, everyone=False)
    plan = plan_merge(lead, [newer], reviewer=reviewer)
    assert plan.totals() == {"new": 0, "updated": 1, "unchanged": 3, "conflicting": 0}
    merge_bundles(lead, [newer], reviewer=reviewer)
    assert _bobs_annotations(lead) == {**EXPECTED, TRIAL_NEW: "trial, revised"}
    assert rows(lead, "SELECT count(*) FROM orphans") == [(1,)]


def test_dry_run_of_an_old_version_bundle_writes_nothing(
    team: dict[str, object], reviewer: Reviewer, capsys
):
    lead, bundle = team["lead"], team["bundle"]
    _replace(team, reviewer)
    digest, before = file_digest(lead), dump(lead)
    plan = plan_merge(lead, [bundle], reviewer=reviewer)
    assert plan.totals()["orphaned"] == 1 and len(plan.orphans) == 1
    assert main(["merge", str(lead), str(bundle), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "orph" in out and "(earlier)" in out and "Dry run" in out
    assert file_digest(lead) == digest and dump(lead) == before
    assert not list(lead.parent.glob("*.before-merge-*"))


def test_a_bundle_of_an_unrelated_document_is_still_a_new_document(
    team: dict[str, object], reviewer: Reviewer, tmp_path: Path
):
    lead = team["lead"]
    _replace(team, reviewer)
    other = tmp_path / "other.assay"
    (tmp_path / "other.md").write_text(
        "# Zinc\n\nZinc lozenges shorten colds by two days in adults.\n", encoding="utf-8"
    )
    with ReviewSession.create(other, BOB) as session:
        session.import_file(tmp_path / "other.md")
        for row in session.sentence_rows():
            session.save_annotation(row.id, STATE)
    bundle = export(other, tmp_path / "zinc.assaybundle", BOB)
    plan = plan_merge(lead, [bundle], reviewer=reviewer)
    assert [d.title for d in plan.new_documents] == ["Zinc"]
    assert plan.totals() == {"new": 2, "updated": 0, "unchanged": 0, "conflicting": 0}
    assert {row.document_status for row in plan.rows} == {"new"}
    merge_bundles(lead, [bundle], reviewer=reviewer)
    assert rows(lead, "SELECT count(*) FROM documents") == [(2,)]
    assert rows(lead, "SELECT count(*) FROM orphans") == [(0,)]


def _annotation(key: str, start: int, end: int, text: str, modified: str) -> BundleAnnotation:
    return BundleAnnotation(
        key, "old", 0, start, end, BOB.id, (), False, None, None, None, None, None, "",
        "draft", modified, modified, text[start:end], "", "",
    )  # fmt: skip


def test_two_of_one_reviewers_annotations_on_one_new_sentence_first_keeps_it():
    """Two sentences the edit merged into one: the first keeps it whatever the clocks
    say, the other is an orphan; one the review already placed there keeps it."""
    old = "The cat sat on the warm mat today. The cat sat on the warm mat today!"
    new = "The cat sat on the warm mat today."
    current = CurrentVersion("new", new, {0: (0, len(new))})
    first = _annotation("a", 0, 34, old, "2026-01-01T00:00:00+00:00")
    second = _annotation("b", 35, 69, old, "9999-12-31T00:00:00+00:00")  # a later clock
    placed, orphaned = relocate([first, second], old, current, {}, ())
    assert [a.id for a in placed] == ["a"] and [a.id for a in orphaned] == ["b"]
    assert (placed[0].document, placed[0].ordinal, placed[0].quote_exact) == ("new", 0, new)
    ours = placed[0]._replace(id="b")  # the review already has "b" on that sentence
    placed, orphaned = relocate([first, second], old, current, {"b": ours}, ())
    assert [a.id for a in placed] == ["b"] and [a.id for a in orphaned] == ["a"]
    placed, orphaned = relocate([first, second], old, current, {}, {"b"})  # already orphaned
    assert [a.id for a in placed] == ["a"] and [a.id for a in orphaned] == ["b"]
