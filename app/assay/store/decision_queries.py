"""The decision each reviewable sentence stands at, for reports: one grouped query.

Per sentence: its adjudication, if any, and how its reviewers' decisions stand
(how many, how many distinct, and the common one when they agree). Categories are
canonical JSON, so equal strings are equal decisions.
"""

from __future__ import annotations

import sqlite3

from assay.core.model import SKIPPED_KINDS

# (sentence id, document id, adjudicated, adj. categories, adj. not_a_claim, adj. verdict,
#  reviewers, distinct decisions, common categories, common not_a_claim, common verdict)
DecisionRow = tuple[int, int, int, str | None, int | None, str | None, int, int, str, int, str]

_DECISION = "a.categories || '|' || a.not_a_claim || '|' || coalesce(a.verdict, '')"


def decision_rows(conn: sqlite3.Connection) -> list[DecisionRow]:
    skipped = ", ".join(f"'{kind.value}'" for kind in sorted(SKIPPED_KINDS))
    return conn.execute(
        "SELECT s.id, s.document_id, j.sentence_id IS NOT NULL, j.categories, j.not_a_claim, "
        f"j.verdict, count(a.id), count(DISTINCT {_DECISION}), min(a.categories), "
        "min(a.not_a_claim), min(a.verdict) FROM sentences s "
        "LEFT JOIN adjudications j ON j.sentence_id = s.id "
        "LEFT JOIN annotations a ON a.sentence_id = s.id "
        f"WHERE s.kind NOT IN ({skipped}) GROUP BY s.id"
    ).fetchall()
