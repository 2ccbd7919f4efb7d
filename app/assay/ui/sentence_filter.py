"""Which sentences the table shows: a plain value object and a fast predicate.

Kept Qt-free and separate from the model so the filtering rules read in one place
and run as one list comprehension over 100,000 rows (no per-row Qt calls).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assay.core.model import SKIPPED_KINDS, SentenceRow
from assay.core.vocabulary import STATUS_FINAL

STATUS_ANY = "any"
STATUS_UNREVIEWED = "unreviewed"
STATUS_IN_PROGRESS = "in_progress"
STATUS_REVIEWED = "reviewed"
STATUS_FLAGGED = "flagged"  # sentences with at least one flag (services/flags.py)

NO_VERDICT = "__none__"
NOT_A_CLAIM = "__not_a_claim__"


@dataclass(frozen=True, slots=True)
class SentenceFilter:
    status: str = STATUS_ANY
    category: str | None = None  # a category value, or NOT_A_CLAIM
    verdict: str | None = None  # a verdict value, or NO_VERDICT
    text: str = ""
    team: str | None = None  # a team filter choice (see services.team), or None
    only_ids: frozenset[int] | None = None  # the sentences that team choice allows
    with_numbers: bool = False  # only sentences with a dose, percentage, count…

    @property
    def is_active(self) -> bool:
        return self != SentenceFilter()


def row_status(row: SentenceRow) -> str:
    if row.state.status == STATUS_FINAL:
        return STATUS_REVIEWED
    if row.state.is_empty:
        return STATUS_UNREVIEWED
    return STATUS_IN_PROGRESS


def is_reviewable(row: SentenceRow) -> bool:
    return row.kind not in SKIPPED_KINDS


def matching_indexes(
    rows: Sequence[SentenceRow],
    spec: SentenceFilter,
    folded_texts: Sequence[str] | None = None,
    has_numbers: Sequence[bool] | None = None,
    flagged_ids: frozenset[int] | None = None,
) -> list[int]:
    """Indexes of the rows that pass the filter, in order.

    `folded_texts` are the rows' texts case-folded, cached by the caller so that a
    search as you type does not fold 100,000 strings per keystroke.
    """
    indexes: list[int] = list(range(len(rows)))
    if spec.status == STATUS_UNREVIEWED:
        indexes = [
            i
            for i in indexes
            if rows[i].state.status != STATUS_FINAL and rows[i].kind not in SKIPPED_KINDS
        ]
    elif spec.status == STATUS_FLAGGED:
        flagged = flagged_ids or frozenset()
        indexes = [i for i in indexes if rows[i].id in flagged]
    elif spec.status != STATUS_ANY:
        indexes = [i for i in indexes if row_status(rows[i]) == spec.status]
    if spec.category == NOT_A_CLAIM:
        indexes = [i for i in indexes if rows[i].state.not_a_claim]
    elif spec.category:
        category = spec.category
        indexes = [i for i in indexes if category in rows[i].state.categories]
    if spec.verdict == NO_VERDICT:
        indexes = [i for i in indexes if rows[i].state.verdict is None]
    elif spec.verdict:
        verdict = spec.verdict
        indexes = [i for i in indexes if rows[i].state.verdict == verdict]
    if spec.only_ids is not None:
        allowed = spec.only_ids
        indexes = [i for i in indexes if rows[i].id in allowed]
    if spec.with_numbers and has_numbers is not None:
        indexes = [i for i in indexes if has_numbers[i]]
    needle = spec.text.strip().casefold()
    if needle:
        texts = folded_texts if folded_texts is not None else [r.text.casefold() for r in rows]
        indexes = [i for i in indexes if needle in texts[i]]
    return indexes
