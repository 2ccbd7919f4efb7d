"""The team snapshot the window uses agrees with the agreement service on where
reviewers disagree, and follows edits sentence by sentence."""

from __future__ import annotations

import random
from pathlib import Path

from assay.core.model import AnnotationState, Reviewer
from assay.services import agreement
from assay.services.session import ReviewSession
from assay.services.team import (
    ANY_DISAGREEMENT,
    OPEN_DISAGREEMENTS,
    SETTLED,
    decisions_of,
    load_team,
    refresh_sentence,
)

PEOPLE = [
    Reviewer("a0000000-0000-4000-8000-00000000000a", "Ann"),
    Reviewer("b0000000-0000-4000-8000-00000000000b", "Bob"),
    Reviewer("c0000000-0000-4000-8000-00000000000c", "Cy"),
]
CHOICES = [
    AnnotationState(categories=frozenset({"dose"}), verdict="supported"),
    AnnotationState(categories=frozenset({"dose", "safety"}), verdict="supported"),
    AnnotationState(categories=frozenset({"safety", "dose"}), verdict="overstated"),
    AnnotationState(not_a_claim=True),
    AnnotationState(categories=frozenset({"dose"}), verdict="supported", rationale="differs"),
]


def test_disagreements_match_the_agreement_service(tmp_review: Path):
    rng = random.Random(3)
    for person in PEOPLE:
        with ReviewSession.open(tmp_review, person) as session:
            for row in session.sentence_rows()[:60]:
                if rng.random() < 0.8:
                    session.save_annotation(row.id, rng.choice(CHOICES))
    with ReviewSession.open(tmp_review, PEOPLE[0]) as session:
        expected = {d.sentence_id for d in agreement.disagreements(session)}
        team = load_team(session)
        assert team.sentence_ids(OPEN_DISAGREEMENTS, session) == expected
        assert team.others and team.reviewer_order()[0] == PEOPLE[0].id
        # A rationale alone is not a disagreement; the category order is not either.
        settled = min(expected)
        agreement.adjudicate(session, settled, CHOICES[0])
        team = load_team(session)
        assert team.sentence_ids(SETTLED, session) == {settled}
        assert team.sentence_ids(OPEN_DISAGREEMENTS, session) == expected - {settled}
        assert team.sentence_ids(ANY_DISAGREEMENT, session) == expected
        bob = team.sentence_ids(PEOPLE[1].id, session)
        assert all(
            any(d.reviewer_id == PEOPLE[1].id for d in decisions_of(session, s)) for s in bob
        )


def test_an_edit_is_followed_sentence_by_sentence(tmp_review: Path):
    with ReviewSession.open(tmp_review, PEOPLE[1]) as session:
        target = session.sentence_rows()[0].id
        session.save_annotation(target, CHOICES[0])
    with ReviewSession.open(tmp_review, PEOPLE[0]) as session:
        team = load_team(session)
        assert not team.disagrees(target) and target not in team.stands
        session.save_annotation(target, CHOICES[2])
        refresh_sentence(session, team, target)
        assert team.stands[target] == (2, True) and team.is_open(target)
        session.save_annotation(target, CHOICES[0])
        refresh_sentence(session, team, target)
        assert team.stands[target] == (2, False)
        assert [d.reviewer_name for d in decisions_of(session, target)] == ["Ann", "Bob"]
