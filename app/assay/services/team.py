"""Everyone's work on a review at once, for the window: how reviewers stand on each
shared sentence, where they disagree, which disagreements are settled.

A plain snapshot (no Qt), loaded when a review opens and kept current sentence by
sentence after each change. It holds counts, not annotations: a sentence's
decisions are read when the reviewer looks at it (`decisions_of`), so a review of
100,000 sentences × 3 reviewers loads in a fraction of a second.
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
    # Sentences two or more reviewers annotated: (how many, whether they disagree).
    stands: dict[int, tuple[int, bool]] = field(default_factory=dict)
    adjudications: dict[int, Adjudication] = field(default_factory=dict)
    others: bool = False  # anyone but me has annotated: the team views are worth showing

    def reviewer_order(self) -> list[str]:
        """Me first, then the others by name: the panel's columns and Ctrl+1…9."""
        others = sorted((r for r in self.names if r != self.me), key=lambda r: self.names[r])
        return [self.me, *others]

    def disagrees(self, sentence_id: int) -> bool:
        stand = self.stands.get(sentence_id)
        return stand is not None and stand[1]

    def is_open(self, sentence_id: int) -> bool:
        return self.disagrees(sentence_id) and sentence_id not in self.adjudications

    def sentence_ids(self, choice: str, session: ReviewSession) -> set[int]:
        """Sentences for a team filter: one of the constants above or a reviewer's id."""
        if choice == OPEN_DISAGREEMENTS:
            return {s for s, (_, differ) in self.stands.items() if differ} - set(self.adjudications)
        if choice == ANY_DISAGREEMENT:
            return {s for s, (_, differ) in self.stands.items() if differ}
        if choice == SETTLED:
            return set(self.adjudications)
        return team_queries.sentences_of(session.conn, choice)


def load_team(session: ReviewSession) -> TeamState:
    conn = session.conn
    return TeamState(
        me=session.reviewer.id,
        names=agreement_queries.reviewer_names(conn) | {session.reviewer.id: session.reviewer.name},
        stands=_stands(team_queries.shared_stands(conn)),
        adjudications={
            row[1]: adjudication_from_row(row) for row in team_queries.adjudication_rows(conn)
        },
        others=team_queries.someone_else_annotated(conn, session.reviewer.id),
    )


def refresh_sentence(session: ReviewSession, team: TeamState, sentence_id: int) -> None:
    """After an edit of the sentence: how reviewers stand on it now."""
    team.stands.pop(sentence_id, None)
    team.stands.update(_stands(team_queries.shared_stands(session.conn, sentence_id)))


def decisions_of(session: ReviewSession, sentence_id: int) -> tuple[ReviewerDecision, ...]:
    """Every reviewer's annotation of one sentence, by reviewer name."""
    return tuple(
        ReviewerDecision(*row)
        for row in team_queries.sentence_annotations(session.conn, sentence_id)
    )


def _stands(rows: Iterable[tuple[int, int, int]]) -> dict[int, tuple[int, bool]]:
    return {sentence_id: (count, distinct > 1) for sentence_id, count, distinct in rows}
