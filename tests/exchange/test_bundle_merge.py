"""Merging bundles: round trip, two reviewers, newer wins, idempotence, dry run, backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import STATE, annotate, export, rows

from assay.core.model import Reviewer
from assay.services.exchange import merge_bundles, plan_merge, restore_backup
from assay.services.session import ReviewSession
from support import dump, file_digest

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")


def _content(review: Path) -> dict[str, list[tuple]]:
    return {
        "documents": rows(review, "SELECT sha256, title, source_name, format, encoding, text, "
                                   "spans, notes FROM documents ORDER BY sha256"),
        "sentences": rows(review, 'SELECT d.sha256, s.ordinal, s.start, s."end", s.kind, '
                                   "s.section FROM sentences s JOIN documents d ON "
                                   "d.id = s.document_id ORDER BY 1, 2"),
        "blocks": rows(review, 'SELECT d.sha256, b.ordinal, b.start, b."end", b.kind, b.level, '
                                "b.section FROM blocks b JOIN documents d ON d.id = b.document_id "
                                "ORDER BY 1, 2"),
        "annotations": rows(review, "SELECT a.id, d.sha256, s.ordinal, a.reviewer_id, "
                                     "a.categories, a.not_a_claim, a.verdict, a.confidence, "
                                     "a.rationale, a.status, a.created, a.modified, a.quote_exact, "
                                     "a.quote_prefix, a.quote_suffix FROM annotations a "
                                     "JOIN sentences s ON s.id = a.sentence_id "
                                     "JOIN documents d ON d.id = s.document_id ORDER BY a.id"),
    }  # fmt: skip


def _events(review: Path) -> int:
    return rows(review, "SELECT count(*) FROM events")[0][0]


def test_round_trip_to_a_fresh_review(tmp_review: Path, reviewer: Reviewer, tmp_path: Path):
    annotate(tmp_review, reviewer, every=2)
    bundle = export(tmp_review, tmp_path / "a.assaybundle", reviewer)
    fresh = tmp_path / "fresh" / "copy.assay"
    fresh.parent.mkdir()
    result = merge_bundles(fresh, [bundle], reviewer=BOB)
    assert result.created and result.backup is None
    assert _content(fresh) == _content(tmp_review)
    merge_events = rows(fresh, "SELECT count(*) FROM events WHERE action = 'merge'")[0][0]
    assert merge_events == len(_content(tmp_review)["annotations"])


def test_sending_documents_without_annotations(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    bundle = export(tmp_review, tmp_path / "docs.assaybundle", reviewer)
    fresh = tmp_path / "new.assay"
    merge_bundles(fresh, [bundle], reviewer=BOB)
    with ReviewSession.open(fresh, BOB) as session:
        assert len(session.documents()) == 1
        assert len(session.sentence_rows()) == len(_content(tmp_review)["sentences"])


def _two_reviews(tmp_review: Path, reviewer: Reviewer, tmp_path: Path) -> tuple[Path, Path]:
    """Ada's review, and Bob's made from Ada's bundle (documents only)."""
    bobs = tmp_path / "bob.assay"
    merge_bundles(bobs, [export(tmp_review, tmp_path / "docs.assaybundle", reviewer)], reviewer=BOB)
    return tmp_review, bobs


def test_two_reviewers_on_one_sentence_are_both_kept(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    adas, bobs = _two_reviews(tmp_review, reviewer, tmp_path)
    annotate(adas, reviewer, every=1)
    annotate(bobs, BOB, STATE.with_changes(verdict="supported"), every=1)
    bundle = export(bobs, tmp_path / "bob.assaybundle", BOB, everyone=False)
    plan = plan_merge(adas, [bundle], reviewer=reviewer)
    sentences = len(_content(adas)["sentences"])
    assert plan.totals() == {"new": sentences, "updated": 0, "unchanged": 0, "conflicting": 0}
    assert [row.reviewer_name for row in plan.rows] == ["Bob Second"]
    merge_bundles(adas, [bundle], reviewer=reviewer)
    verdicts = rows(adas, "SELECT reviewer_id, verdict, count(*) FROM annotations GROUP BY 1, 2")
    assert sorted(verdicts) == sorted(
        [(reviewer.id, "overstated", sentences), (BOB.id, "supported", sentences)]
    )


def test_newer_edit_replaces_older_and_older_is_ignored(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    annotate(tmp_review, reviewer, every=3)
    old_bundle = export(tmp_review, tmp_path / "old.assaybundle", reviewer)
    copy = tmp_path / "copy.assay"
    merge_bundles(copy, [old_bundle], reviewer=reviewer)
    annotate(tmp_review, reviewer, STATE.with_changes(verdict="contradicted"), every=6)
    new_bundle = export(tmp_review, tmp_path / "new.assaybundle", reviewer)
    plan = plan_merge(copy, [new_bundle], reviewer=reviewer)
    total = len(_content(tmp_review)["annotations"])
    changed = len(rows(tmp_review, "SELECT id FROM annotations WHERE verdict = 'contradicted'"))
    assert plan.totals()["updated"] == changed
    assert plan.totals()["unchanged"] == total - changed
    merge_bundles(copy, [new_bundle], reviewer=reviewer)
    assert _content(copy)["annotations"] == _content(tmp_review)["annotations"]
    # the older bundle now changes nothing: ours are newer
    again = merge_bundles(copy, [old_bundle], reviewer=reviewer)
    assert not again.plan.changes_anything and again.backup is None
    assert _content(copy)["annotations"] == _content(tmp_review)["annotations"]


def test_reimport_changes_nothing(tmp_review: Path, reviewer: Reviewer, tmp_path: Path):
    annotate(tmp_review, reviewer, every=2)
    bundle = export(tmp_review, tmp_path / "a.assaybundle", reviewer)
    target = tmp_path / "target.assay"
    merge_bundles(target, [bundle], reviewer=BOB)
    content, events, digest = _content(target), _events(target), file_digest(target)
    result = merge_bundles(target, [bundle], reviewer=BOB)
    totals = result.plan.totals()
    assert totals["unchanged"] == len(content["annotations"]) and totals["new"] == 0
    assert result.backup is None
    assert _content(target) == content and _events(target) == events
    assert file_digest(target) == digest


def test_dry_run_writes_nothing(tmp_review: Path, reviewer: Reviewer, tmp_path: Path):
    bundle = export(tmp_review, tmp_path / "a.assaybundle", reviewer)
    other = tmp_path / "other.assay"
    merge_bundles(other, [bundle], reviewer=BOB)
    annotate(tmp_review, reviewer, every=2)
    bundle = export(tmp_review, tmp_path / "b.assaybundle", reviewer)
    before, digest = dump(other), file_digest(other)
    plan = plan_merge(other, [bundle], reviewer=BOB)
    assert plan.changes_anything and plan.totals()["new"] > 0
    assert dump(other) == before and file_digest(other) == digest
    missing = tmp_path / "missing.assay"
    assert plan_merge(missing, [bundle], reviewer=BOB).new_documents
    assert not missing.exists()


def test_backup_is_made_and_restore_undoes_the_merge(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    adas, bobs = _two_reviews(tmp_review, reviewer, tmp_path)
    annotate(bobs, BOB, every=2)
    before = dump(adas)
    result = merge_bundles(adas, [export(bobs, tmp_path / "b.assaybundle", BOB)], reviewer=reviewer)
    assert result.backup is not None and result.backup.exists()
    assert result.backup.name.startswith("review.before-merge-")
    assert dump(adas) != before
    restore_backup(adas, result.backup)
    assert dump(adas) == before
    with ReviewSession.open(adas, reviewer) as session:
        assert session.documents()


def test_merge_refused_while_the_review_is_open(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    from assay.store.errors import ReviewLockedError

    bundle = export(tmp_review, tmp_path / "a.assaybundle", reviewer)
    with ReviewSession.open(tmp_review, reviewer), pytest.raises(ReviewLockedError):
        merge_bundles(tmp_review, [bundle], reviewer=reviewer)


def test_several_bundles_in_one_merge(tmp_review: Path, reviewer: Reviewer, tmp_path: Path):
    adas, bobs = _two_reviews(tmp_review, reviewer, tmp_path)
    annotate(adas, reviewer, every=2)
    annotate(bobs, BOB, every=3)
    first = export(adas, tmp_path / "a.assaybundle", reviewer)
    second = export(bobs, tmp_path / "b.assaybundle", BOB, everyone=False)
    team = tmp_path / "team.assay"
    result = merge_bundles(team, [first, second], reviewer=reviewer)
    assert result.plan.totals()["new"] == len(_content(adas)["annotations"]) + len(
        _content(bobs)["annotations"]
    )
    assert len(_content(team)["annotations"]) == result.plan.totals()["new"]
