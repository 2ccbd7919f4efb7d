"""`assay stats` on a team review: the decisions reports use (a final decision wins)
and, with --agreement, the agreement between reviewers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assay.cli import main
from assay.core.model import AnnotationState, Reviewer
from assay.services import agreement, config
from assay.services.session import ReviewSession

ANN = Reviewer("a0000000-0000-4000-8000-00000000000a", "Ann")
BOB = Reviewer("b0000000-0000-4000-8000-00000000000b", "Bob")
SUPPORTED = AnnotationState(categories=frozenset({"dose"}), verdict="supported")
OVERSTATED = AnnotationState(categories=frozenset({"dose"}), verdict="overstated")
UNSUPPORTED = AnnotationState(categories=frozenset({"efficacy"}), verdict="unsupported")


@pytest.fixture
def team_review(tmp_review: Path) -> tuple[Path, list[int]]:
    """Sentences 0–1 agreed, 2–3 disputed (3 then settled), 4 annotated by Ann only."""
    with ReviewSession.open(tmp_review, ANN) as session:
        ids = [row.id for row in session.sentence_rows() if row.kind.value == "paragraph"][:5]
        for sentence_id in ids:
            session.save_annotation(sentence_id, SUPPORTED)
    with ReviewSession.open(tmp_review, BOB) as session:
        for sentence_id in ids[:2]:
            session.save_annotation(sentence_id, SUPPORTED)
        for sentence_id in ids[2:4]:
            session.save_annotation(sentence_id, OVERSTATED)
        agreement.adjudicate(session, ids[3], UNSUPPORTED)
    return tmp_review, ids


def stats_json(capsys: pytest.CaptureFixture[str], *argv: object) -> dict:
    assert main(["stats", *map(str, argv), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_reports_count_the_final_decision_and_leave_disputes_out(team_review, capsys):
    review, _ = team_review
    stats = stats_json(capsys, review)
    decisions = stats["decisions"]
    reviewable = stats["reviewable"]
    assert (decisions["adjudicated"], decisions["agreed"], decisions["single"]) == (1, 2, 1)
    assert decisions["disputed"] == 1
    assert decisions["undecided"] == reviewable - 5
    # Two agreed + one single say "supported"; the settled one is "unsupported" (the
    # adjudicator's, not either reviewer's); the disputed one counts nowhere.
    assert decisions["by_verdict"]["supported"] == 3
    assert decisions["by_verdict"]["unsupported"] == 1
    assert decisions["by_verdict"]["overstated"] == 0
    assert decisions["by_category"]["efficacy"] == 1 and decisions["by_category"]["dose"] == 3
    assert sum(d["adjudicated"] for d in decisions["per_document"]) == 1
    # The per-reviewer counts that were there before are unchanged.
    assert "by_verdict" in stats and "per_document" in stats and "agreement" not in stats


def test_agreement_flag_adds_alpha_and_pairs(team_review, capsys):
    review, _ = team_review
    stats = stats_json(capsys, review, "--agreement")
    with ReviewSession.open(review, config.ensure_reviewer()) as session:
        expected = agreement.agreement_report(session)
    assert stats["agreement"] == json.loads(json.dumps(expected))
    assert stats["agreement"]["verdict"]["sentences"] == 4
    (pair,) = stats["agreement"]["pairs"]
    assert {pair["a"], pair["b"]} == {"Ann", "Bob"} and pair["verdict_agreement"] == 0.5


def test_agreement_in_words(team_review, capsys):
    review, _ = team_review
    assert main(["stats", str(review), "--agreement"]) == 0
    out = capsys.readouterr().out
    assert "Decisions (all reviewers; a final decision wins): 1 adjudicated, 2 agreed" in out
    assert "Agreement between 2 reviewer(s)" in out
    assert "verdicts agree on 50% of 4 shared sentences" in out
