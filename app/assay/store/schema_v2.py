"""The schema added by migration 2: adjudicated decisions.

An adjudication is the lead reviewer's final decision on a sentence where
reviewers disagreed. It is kept apart from the reviewers' own annotations (so
agreement statistics stay honest) and is what reports use.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    # chosen_annotation_id records which reviewer annotation was picked, if one was.
    # No foreign key: it is provenance, and must survive that annotation being
    # replaced by a bundle merge or deleted by its reviewer.
    """CREATE TABLE adjudications (
        id TEXT PRIMARY KEY,
        sentence_id INTEGER NOT NULL UNIQUE REFERENCES sentences(id) ON DELETE CASCADE,
        adjudicator_id TEXT NOT NULL REFERENCES reviewers(id),
        categories TEXT NOT NULL DEFAULT '[]',
        not_a_claim INTEGER NOT NULL DEFAULT 0,
        verdict TEXT,
        rationale TEXT NOT NULL DEFAULT '',
        chosen_annotation_id TEXT,
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    )""",
)
