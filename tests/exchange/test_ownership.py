"""Ownership and causality in a merge: nobody's bundle touches my work unless it comes
from one of my own installations; revision histories, not clocks, decide; true
conflicts are kept for the reviewer; deletions and evidence survive."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from exchange_helpers import STATE, annotate, export, jsonl, rewrite, rows, to_jsonl

from assay.core.model import Reviewer
from assay.exchange.ownership import ELSEWHERE, NOT_RELAYED, UNPAIRED
from assay.services.exchange import merge_bundles, plan_merge
from assay.services.session import ReviewSession
from support import file_digest

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")
MALLORY = Reviewer("7d1f4a1e-0000-4000-8000-0000000000c0", "Mallory Third")


def _annotations(review: Path, reviewer_id: str) -> list[tuple]:
    return rows(
        review,
        "SELECT id, sentence_id, categories, verdict, rationale, status, revision FROM "
        f"annotations WHERE reviewer_id = '{reviewer_id}' ORDER BY id",
    )


def _laptop(reviewer: Reviewer) -> Reviewer:
    """The same reviewer on another computer: another installation."""
    return dataclasses.replace(reviewer, installation="0f0f0f0f-0000-4000-8000-00000000a002")


def _copy(tmp_review: Path, reviewer: Reviewer, tmp_path: Path, name: str) -> Path:
    """A second review of the same documents (documents only), made for `reviewer`."""
    target = tmp_path / f"{name}.assay"
    docs = export(tmp_review, tmp_path / f"{name}-docs.assaybundle", reviewer)
    merge_bundles(target, [docs], reviewer=reviewer)
    return target


def _edit(review: Path, reviewer: Reviewer, ordinal: int, **changes: object) -> None:
    with ReviewSession.open(review, reviewer) as session:
        session.save_annotation(session.sentence_rows()[ordinal].id, STATE.with_changes(**changes))


def test_a_bundle_from_someone_elses_installation_cannot_touch_my_work(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    """Mallory set her Assay up with my reviewer id: her 'edits' of my annotations, new
    ids on my sentences and annotations on sentences I never touched are refused."""
    annotate(tmp_review, reviewer, every=4)
    impostor = dataclasses.replace(reviewer, installation="0f0f0f0f-0000-4000-8000-0000000000c1")
    theirs = _copy(tmp_review, impostor, tmp_path, "mallory")
    merge_bundles(theirs, [export(tmp_review, tmp_path / "mine.assaybundle", reviewer)],
                  reviewer=impostor, paired=[reviewer.installation])  # fmt: skip
    annotate(theirs, impostor, STATE.with_changes(verdict="supported", rationale="Fine."))
    bundle = export(theirs, tmp_path / "mallory.assaybundle", impostor, everyone=False)
    before, digest = _annotations(tmp_review, reviewer.id), file_digest(tmp_review)
    plan = plan_merge(tmp_review, [bundle], reviewer=reviewer)
    refused = sum(plan.refusals.values())
    assert refused == len(rows(theirs, "SELECT id FROM annotations")) > len(before)
    assert {key.reason for key in plan.refusals} == {UNPAIRED}
    assert plan.pairable == {impostor.installation: "mallory.assaybundle"}
    assert plan.totals()["refused"] == refused and plan.totals()["new"] == 0
    result = merge_bundles(tmp_review, [bundle], reviewer=reviewer)
    assert not result.plan.changes_anything and result.backup is None
    assert _annotations(tmp_review, reviewer.id) == before
    assert file_digest(tmp_review) == digest


def test_pairing_my_other_computer_lets_its_edits_in(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    annotate(tmp_review, reviewer, every=3)
    laptop = _laptop(reviewer)
    other = _copy(tmp_review, reviewer, tmp_path, "laptop")
    merge_bundles(other, [export(tmp_review, tmp_path / "d.assaybundle", reviewer)],
                  reviewer=laptop, paired=[reviewer.installation])  # fmt: skip
    _edit(other, laptop, 0, verdict="contradicted")
    bundle = export(other, tmp_path / "laptop.assaybundle", laptop)
    unpaired = plan_merge(tmp_review, [bundle], reviewer=reviewer)
    assert unpaired.totals()["refused"] >= 1 and laptop.installation in unpaired.pairable
    paired = merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert paired.plan.totals()["updated"] == 1 and not paired.plan.refusals
    verdicts = rows(tmp_review, "SELECT verdict FROM annotations ORDER BY sentence_id LIMIT 1")
    assert verdicts == [("contradicted",)]


def test_a_future_date_wins_nothing_and_an_old_bundle_never_reverts_my_correction(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    bobs = _copy(tmp_review, BOB, tmp_path, "bob")
    _edit(bobs, BOB, 0, verdict="supported")
    old = export(bobs, tmp_path / "bob-1.assaybundle", BOB, everyone=False)
    merge_bundles(tmp_review, [old], reviewer=reviewer)
    _edit(bobs, BOB, 0, verdict="contradicted")  # Bob corrects himself
    merge_bundles(tmp_review, [export(bobs, tmp_path / "bob-2.assaybundle", BOB)],
                  reviewer=reviewer)  # fmt: skip
    corrected = _annotations(tmp_review, BOB.id)
    assert corrected[0][3] == "contradicted"

    def far_future(members: dict[str, bytes]) -> None:
        records = jsonl(members["annotations.jsonl"])
        for record in records:
            record["modified"] = "9999-12-31T00:00:00+00:00"
        members["annotations.jsonl"] = to_jsonl(records)

    dated = rewrite(old, tmp_path / "bob-9999.assaybundle", far_future)
    for bundle in (old, dated):
        result = merge_bundles(tmp_review, [bundle], reviewer=reviewer)
        assert result.plan.totals()["unchanged"] == 1 and not result.plan.changes_anything
        assert _annotations(tmp_review, BOB.id) == corrected


def test_my_correction_survives_merging_my_own_old_bundle_again(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    laptop = _laptop(reviewer)
    other = _copy(tmp_review, laptop, tmp_path, "laptop")
    _edit(other, laptop, 2, verdict="supported")
    bundle = export(other, tmp_path / "laptop.assaybundle", laptop)
    merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    _edit(tmp_review, reviewer, 2, verdict="overstated", rationale="Corrected on the desktop.")
    mine = _annotations(tmp_review, reviewer.id)
    result = merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert result.plan.totals()["unchanged"] == 1 and not result.plan.changes_anything
    assert _annotations(tmp_review, reviewer.id) == mine
    revision = json.loads(mine[0][-1])
    assert revision == {laptop.installation: 1, reviewer.installation: 1}


def test_both_changed_is_a_conflict_kept_for_me_to_settle(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    laptop = _laptop(reviewer)
    _edit(tmp_review, reviewer, 1, verdict="supported")
    other = _copy(tmp_review, laptop, tmp_path, "laptop")
    merge_bundles(other, [export(tmp_review, tmp_path / "a.assaybundle", reviewer)],
                  reviewer=laptop, paired=[reviewer.installation])  # fmt: skip
    _edit(tmp_review, reviewer, 1, verdict="unsupported", rationale="Desktop.")
    _edit(other, laptop, 1, verdict="contradicted", rationale="Laptop.")
    bundle = export(other, tmp_path / "laptop.assaybundle", laptop)
    ours = _annotations(tmp_review, reviewer.id)
    result = merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert result.plan.totals()["conflicting"] == 1
    assert _annotations(tmp_review, reviewer.id) == ours  # ours stays until settled
    again = merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert not again.plan.changes_anything  # the conflict is kept once
    with ReviewSession.open(tmp_review, reviewer) as session:
        (conflict,) = session.conflicts()
        assert conflict.ours.rationale == "Desktop." and conflict.theirs.rationale == "Laptop."
        session.settle_conflict(conflict.id, take_theirs=True)
        assert session.conflicts() == []
    (settled,) = _annotations(tmp_review, reviewer.id)
    assert settled[3:5] == ("contradicted", "Laptop.")
    final = merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert not final.plan.changes_anything  # settled descends from both versions
    # and the laptop takes the settled version as the newer one
    back = merge_bundles(other, [export(tmp_review, tmp_path / "b.assaybundle", reviewer)],
                         reviewer=laptop, paired=[reviewer.installation])  # fmt: skip
    assert back.plan.totals()["updated"] == 1
    assert _annotations(other, reviewer.id)[0][3:5] == ("contradicted", "Laptop.")


def test_two_ids_for_my_sentence_keep_both_evidence_when_settled(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    """Annotated on two computers before they met: a conflict, not a silent replace;
    taking theirs keeps the evidence of both (it used to drop ours)."""
    laptop = _laptop(reviewer)
    other = _copy(tmp_review, laptop, tmp_path, "laptop")
    for review, who, doi in (
        (tmp_review, reviewer, "10.1000/ours"),
        (other, laptop, "10.1000/theirs"),
    ):
        with ReviewSession.open(review, who) as session:
            sentence = session.sentence_rows()[0].id
            session.save_annotation(sentence, STATE)
            session.add_evidence(sentence, "doi", doi)
    bundle = export(other, tmp_path / "laptop.assaybundle", laptop)
    plan = plan_merge(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert plan.totals()["conflicting"] == 1 and plan.totals()["new"] == 0
    merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert len(_annotations(tmp_review, reviewer.id)) == 1
    with ReviewSession.open(tmp_review, reviewer) as session:
        (conflict,) = session.conflicts()
        assert conflict.theirs_evidence == 1
        session.settle_conflict(conflict.id, take_theirs=True)
    evidence = rows(tmp_review, "SELECT e.value, a.id FROM evidence e JOIN annotations a "
                                 "ON a.id = e.annotation_id ORDER BY e.value")  # fmt: skip
    assert [value for value, _ in evidence] == ["10.1000/ours", "10.1000/theirs"]
    assert len({annotation for _, annotation in evidence}) == 1
    again = merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert not again.plan.changes_anything


def test_keeping_mine_settles_it_for_good(tmp_review: Path, reviewer: Reviewer, tmp_path: Path):
    laptop = _laptop(reviewer)
    other = _copy(tmp_review, laptop, tmp_path, "laptop")
    _edit(tmp_review, reviewer, 0, verdict="supported")
    _edit(other, laptop, 0, verdict="contradicted")
    bundle = export(other, tmp_path / "laptop.assaybundle", laptop)
    merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    with ReviewSession.open(tmp_review, reviewer) as session:
        (conflict,) = session.conflicts()
        session.settle_conflict(conflict.id, take_theirs=False)
    mine = _annotations(tmp_review, reviewer.id)
    assert [row[3] for row in mine] == ["supported"]
    again = merge_bundles(tmp_review, [bundle], reviewer=reviewer, paired=[laptop.installation])
    assert not again.plan.changes_anything and again.plan.totals()["unchanged"] == 1
    assert _annotations(tmp_review, reviewer.id) == mine


def test_what_i_deleted_stays_deleted(tmp_review: Path, reviewer: Reviewer, tmp_path: Path):
    _edit(tmp_review, reviewer, 0, verdict="supported")
    bundle = export(tmp_review, tmp_path / "before.assaybundle", reviewer)
    with ReviewSession.open(tmp_review, reviewer) as session:
        from assay.core.model import AnnotationState

        session.save_annotation(session.sentence_rows()[0].id, AnnotationState())
    assert _annotations(tmp_review, reviewer.id) == []
    result = merge_bundles(tmp_review, [bundle], reviewer=reviewer)
    assert not result.plan.changes_anything
    assert _annotations(tmp_review, reviewer.id) == []


def test_others_records_only_from_their_own_installation_or_a_consolidated_bundle(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    bobs = _copy(tmp_review, BOB, tmp_path, "bob")
    annotate(bobs, BOB, every=5)
    bob_bundle = export(bobs, tmp_path / "bob.assaybundle", BOB, everyone=False)
    # Mallory relabels her own work as Bob's, in a bundle of her own work only
    malls = _copy(tmp_review, MALLORY, tmp_path, "mallory")
    annotate(malls, MALLORY, STATE.with_changes(verdict="supported"), every=5)
    theirs = export(malls, tmp_path / "m.assaybundle", MALLORY, everyone=False)

    def as_bob(members: dict[str, bytes]) -> None:
        records = jsonl(members["annotations.jsonl"])
        for record in records:
            record["reviewer"] = BOB.id
        members["annotations.jsonl"] = to_jsonl(records)
        people = [{"id": BOB.id, "name": BOB.name}, {"id": MALLORY.id, "name": MALLORY.name}]
        members["reviewers.jsonl"] = to_jsonl(people)

    forged = rewrite(theirs, tmp_path / "forged.assaybundle", as_bob)
    plan = plan_merge(tmp_review, [forged], reviewer=reviewer)
    assert {key.reason for key in plan.refusals} == {ELSEWHERE} and plan.totals()["new"] == 0
    # the real Bob's bundle is accepted, and a lead's consolidated bundle relays it
    lead = tmp_path / "lead.assay"
    merge_bundles(lead, [bob_bundle], reviewer=MALLORY)
    relayed = export(lead, tmp_path / "lead.assaybundle", MALLORY)  # everyone's
    assert plan_merge(tmp_review, [relayed], reviewer=reviewer).totals()["new"] > 0

    def relabel_scope(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["scope"]["annotations"] = "mine"
        members["manifest.json"] = json.dumps(manifest).encode()

    narrow = rewrite(relayed, tmp_path / "narrow.assaybundle", relabel_scope)
    assert {key.reason for key in plan_merge(tmp_review, [narrow], reviewer=reviewer).refusals} == {
        NOT_RELAYED
    }


@pytest.mark.parametrize("legacy_version", [1, 3])
def test_bundles_from_before_revision_histories_still_merge_other_reviewers_work(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path, legacy_version: int
):
    bobs = _copy(tmp_review, BOB, tmp_path, "bob")
    annotate(bobs, BOB, every=7)
    bundle = export(bobs, tmp_path / "bob.assaybundle", BOB, everyone=False)

    def downgrade(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = legacy_version
        del manifest["installation"]
        members["manifest.json"] = json.dumps(manifest).encode()
        for member in ("annotations.jsonl", "evidence.jsonl"):
            records = jsonl(members[member])
            for record in records:
                del record["revision"], record["revised_by"]
            members[member] = to_jsonl(records)

    old = rewrite(bundle, tmp_path / "old.assaybundle", downgrade)
    result = merge_bundles(tmp_review, [old], reviewer=reviewer)
    assert result.plan.totals()["new"] == len(_annotations(bobs, BOB.id))
    assert merge_bundles(tmp_review, [old], reviewer=reviewer).plan.changes_anything is False


def test_cli_pairs_my_other_computer_and_settles_conflicts(
    tmp_review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from assay.cli import main
    from assay.services import config

    me = config.ensure_reviewer()
    with ReviewSession.open(tmp_review, me):  # the review knows me by name
        pass
    laptop = _laptop(me)
    other = _copy(tmp_review, laptop, tmp_path, "laptop")
    _edit(tmp_review, me, 0, verdict="supported")
    _edit(other, laptop, 0, verdict="contradicted")
    _edit(other, laptop, 1, verdict="unsupported")
    bundle = export(other, tmp_path / "laptop.assaybundle", laptop)
    digest = file_digest(tmp_review)
    assert main(["merge", str(tmp_review), str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "2 record(s) under your name" in out and "assay pair laptop.assaybundle" in out
    assert file_digest(tmp_review) == digest  # everything was refused: nothing written
    stranger = export(other, tmp_path / "bob.assaybundle", dataclasses.replace(BOB))
    assert main(["pair", str(stranger)]) == 1
    assert "only your own computers can be paired" in capsys.readouterr().err
    assert main(["pair", str(bundle)]) == 0
    assert config.paired_installations() == {laptop.installation: "laptop.assaybundle"}
    assert main(["merge", str(tmp_review), str(bundle)]) == 0
    assert "1 conflict(s) kept" in capsys.readouterr().out
    assert main(["conflicts", str(tmp_review)]) == 0
    listing = capsys.readouterr().out
    assert "mine:   efficacy, dose" in listing.replace("dose, efficacy", "efficacy, dose")
    conflict_id = int(listing.split()[0])
    assert main(["conflicts", str(tmp_review), "--take-theirs", str(conflict_id)]) == 0
    assert "0 conflict(s) left" in capsys.readouterr().out
    verdicts = rows(tmp_review, "SELECT verdict FROM annotations ORDER BY sentence_id")
    assert verdicts == [("contradicted",), ("unsupported",)]
    assert main(["conflicts", str(tmp_review), "--keep-mine", str(conflict_id)]) == 1
    assert "settled already" in capsys.readouterr().err


def test_cli_never_prints_a_bundles_control_codes(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from assay.cli import main

    shouty = Reviewer("7d1f4a1e-0000-4000-8000-0000000000d0", "Eve\x1b[2J\x1b[31m\x00Red")
    eves = _copy(tmp_review, shouty, tmp_path, "eve")
    annotate(eves, shouty, every=9)
    bundle = export(eves, tmp_path / "eve.assaybundle", shouty, everyone=False)
    assert main(["merge", "--dry-run", str(tmp_review), str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x00" not in out
    assert "Eve\\x1b[2J" in out  # shown, escaped


def test_evidence_removed_here_stays_removed_and_undo_brings_it_back(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    with ReviewSession.open(tmp_review, reviewer) as session:
        sentence = session.sentence_rows()[0].id
        session.save_annotation(sentence, STATE)
        item = session.add_evidence(sentence, "doi", "10.1000/kept")
    bundle = export(tmp_review, tmp_path / "with-evidence.assaybundle", reviewer)
    with ReviewSession.open(tmp_review, reviewer) as session:
        removed = session.remove_evidence(item.id)
    buried = "SELECT id FROM tombstones WHERE entity = 'evidence'"
    assert rows(tmp_review, buried) == [(item.id,)]
    assert not merge_bundles(tmp_review, [bundle], reviewer=reviewer).plan.changes_anything
    assert rows(tmp_review, "SELECT id FROM evidence") == []
    with ReviewSession.open(tmp_review, reviewer) as session:
        session.restore_evidence(removed, sentence)  # undo
    assert rows(tmp_review, buried) == []
    assert rows(tmp_review, "SELECT id FROM evidence") == [(item.id,)]


def test_a_revision_count_must_be_a_true_integer():
    from assay.exchange.bundle_records import RecordError, revision

    installation = "0f0f0f0f-0000-4000-8000-00000000a002"
    assert revision({installation: 1}, installation, "annotation") == (
        ((installation, 1),),
        installation,
    )
    for bad in (True, 0, 2**53, "1", [1], 1.0):
        with pytest.raises(RecordError):
            revision({installation: bad}, installation, "annotation")
    with pytest.raises(RecordError, match="revised_by"):
        revision({installation: 1}, "", "annotation")
    with pytest.raises(RecordError, match="installation"):
        revision({"not-a-uuid": 1}, "not-a-uuid", "annotation")


def test_a_merge_whose_backup_does_not_check_out_is_rolled_back(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The backup is checked on the other core while the merge writes; the merge
    commits only once it checked out, so a bad one leaves the review as it was."""
    from assay.store import backup_files
    from assay.store.errors import BackupError
    from support import dump

    bobs = _copy(tmp_review, BOB, tmp_path, "bob")
    annotate(bobs, BOB, every=3)
    bundle = export(bobs, tmp_path / "bob.assaybundle", BOB, everyone=False)
    monkeypatch.setattr(backup_files, "verification_problem", lambda *a, **k: "bad sector")
    before, files = dump(tmp_review), sorted(p.name for p in tmp_review.parent.iterdir())
    with pytest.raises(BackupError, match="did not check out"):
        merge_bundles(tmp_review, [bundle], reviewer=reviewer)
    assert dump(tmp_review) == before
    after = sorted(p.name for p in tmp_review.parent.iterdir())
    assert [name for name in after if "before-merge" in name or "partial" in name] == []
    assert set(after) - set(files) <= {"review.assay.lock"}
