"""Everyone's work on a review at once, for the window: who annotated what, where
reviewers disagree, which disagreements are settled, and what blind mode hides.

A plain snapshot (no Qt), loaded in one go when a review opens or changes hands
(a merge, an adjudication) and queried per sentence as the reviewer moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from assay.services.agreement import Adjudication, ReviewerDecision, adjudication_from_row
from assay.services.session import ReviewSession
from assay.store import agreement_queries, team_queries

# What the table's team filter can ask for, besides one reviewer's id.
OPEN_DISAGREEMENTS = "open_disagreements"
SETTLED = "settled"
ANY_DISAGREEMENT = "any_disagreement"


@dataclass(slots=True)
class TeamState:
    me: str
    names: dict[str, str]  # reviewer id -> name, every reviewer in the file
    decisions: dict[int, tuple[ReviewerDecision, ...]] = field(default_factory=dict)
    adjudications: dict[int, Adjudication] = field(default_factory=dict)
    others: bool = False  # anyone but me has annotated: the team views are worth showing

    def reviewer_order(self) -> list[str]:
        """Me first, then the others by name: the panel's columns and Ctrl+1…9."""
        others = sorted((r for r in self.names if r != self.me), key=lambda r: self.names[r])
        return [self.me, *others]

    def disagrees(self, sentence_id: int) -> bool:
        group = self.decisions.get(sentence_id, ())
        return len({_decided(d) for d in group}) > 1

    def is_open(self, sentence_id: int) -> bool:
        return self.disagrees(sentence_id) and sentence_id not in self.adjudications

    def sentence_ids(self, choice: str, among: Iterable[int] | None = None) -> frozenset[int]:
        """Sentences for a team filter: a reviewer's id or one of the constants above."""
        ids = self.decisions.keys() if among is None else among
        if choice == OPEN_DISAGREEMENTS:
            return frozenset(s for s in ids if self.is_open(s))
        if choice == ANY_DISAGREEMENT:
            return frozenset(s for s in ids if self.disagrees(s))
        if choice == SETTLED:
            return frozenset(s for s in ids if s in self.adjudications)
        return frozenset(
            s for s in ids if any(d.reviewer_id == choice for d in self.decisions.get(s, ()))
        )


def load_team(session: ReviewSession) -> TeamState:
    team = TeamState(
        me=session.reviewer.id,
        names=agreement_queries.reviewer_names(session.conn)
        | {session.reviewer.id: session.reviewer.name},
        decisions=_decisions(session),
        adjudications={
            row[1]: adjudication_from_row(row)
            for row in team_queries.adjudication_rows(session.conn)
        },
    )
    team.others = any(d.reviewer_id != team.me for group in team.decisions.values() for d in group)
    return team


def refresh_sentence(session: ReviewSession, team: TeamState, sentence_id: int) -> None:
    """After a local edit: read that one sentence's annotations again."""
    group = tuple(
        ReviewerDecision(*row)
        for row in team_queries.sentence_annotations(session.conn, sentence_id)
    )
    if group:
        team.decisions[sentence_id] = group
    else:
        team.decisions.pop(sentence_id, None)


def _decided(decision: ReviewerDecision) -> tuple[frozenset[str], bool, str | None]:
    state = decision.state
    return state.categories, state.not_a_claim, state.verdict


def _decisions(session: ReviewSession) -> dict[int, tuple[ReviewerDecision, ...]]:
    grouped: dict[int, list[ReviewerDecision]] = {}
    for sentence_id, *decision in team_queries.all_annotations(session.conn):
        grouped.setdefault(sentence_id, []).append(ReviewerDecision(*decision))
    return {sentence_id: tuple(group) for sentence_id, group in grouped.items()}
