"""What reports count as each sentence's decision, across all reviewers.

- the adjudication, where a lead settled the sentence;
- else the reviewers' common decision, where everyone who annotated it agrees
  (categories, not a claim, verdict) — "agreed" when two or more did, "single" when
  only one reviewer annotated it;
- else it is "disputed" (reviewers differ, nobody settled it), or "undecided"
  (nobody annotated it). Disputed and undecided sentences count in no verdict.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any

from assay.core.vocabulary import CATEGORIES, VERDICTS
from assay.store import decision_queries
from assay.store.queries import documents, vocabulary_counts

STANDINGS = ("adjudicated", "agreed", "single", "disputed", "undecided")


def decision_stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts of decisions by standing, verdict and category, overall and per document."""
    totals = _Tally()
    per_document: dict[int, _Tally] = {info.id: _Tally() for info in documents(conn)}
    parsed: dict[str, list[str]] = {}
    for row in decision_queries.decision_rows(conn):
        (_, document_id, adjudicated, adj_categories, adj_not_a_claim, adj_verdict,
         reviewers, distinct, categories, not_a_claim, verdict) = row  # fmt: skip
        if adjudicated:
            standing = "adjudicated"
            categories, not_a_claim, verdict = adj_categories, adj_not_a_claim, adj_verdict
        elif reviewers == 0:
            standing = "undecided"
        elif distinct > 1:
            standing = "disputed"
        else:
            standing = "agreed" if reviewers > 1 else "single"
        decided = standing not in ("disputed", "undecided")
        names = parsed.get(categories) if decided else None
        if decided and names is None:
            names = parsed[categories] = json.loads(categories)
        for tally in (totals, per_document.setdefault(document_id, _Tally())):
            tally.add(
                standing, names or [], bool(not_a_claim) and decided, verdict if decided else None
            )
    result = totals.as_json()
    result["per_document"] = [
        {"id": document_id, **tally.as_json()} for document_id, tally in per_document.items()
    ]
    return result


class _Tally:
    def __init__(self) -> None:
        self.standings: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()
        self.verdicts: Counter[str] = Counter()
        self.not_a_claim = 0

    def add(
        self, standing: str, categories: list[str], not_a_claim: bool, verdict: str | None
    ) -> None:
        self.standings[standing] += 1
        self.categories.update(categories)
        self.not_a_claim += not_a_claim
        if verdict:
            self.verdicts[verdict] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            **{standing: self.standings.get(standing, 0) for standing in STANDINGS},
            "not_a_claim": self.not_a_claim,
            "by_category": vocabulary_counts(CATEGORIES, self.categories),
            "by_verdict": vocabulary_counts(VERDICTS, self.verdicts),
        }
