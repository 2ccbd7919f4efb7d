"""SELECTs for the window's team view: how reviewers stand on each shared sentence,
one sentence's annotations, whose sentences, and every adjudication.

SQLite does the grouping: categories are stored as canonical JSON (sorted), so two
decisions are the same exactly when their (categories, not_a_claim, verdict) strings
are, and no annotation needs to become a Python object to find a disagreement.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from assay.core.model import AnnotationState
from assay.store.agreement_queries import ADJUDICATION_COLUMNS
from assay.store.codec import STATE_COLUMNS, state_from_row

_STATE_SELECT = ", ".join(f"a.{column}" for column in STATE_COLUMNS)
_DECISION = "categories || '|' || not_a_claim || '|' || coalesce(verdict, '')"


def shared_stands(
    conn: sqlite3.Connection, sentence_id: int | None = None
) -> list[tuple[int, int, int]]:
    """(sentence id, reviewers, distinct decisions) of sentences two or more annotated
    (of one sentence, when given)."""
    where = "" if sentence_id is None else "WHERE sentence_id = ? "
    return conn.execute(
        f"SELECT sentence_id, count(*), count(DISTINCT {_DECISION}) FROM annotations "
        f"{where}GROUP BY sentence_id HAVING count(*) >= 2",
        () if sentence_id is None else (sentence_id,),
    ).fetchall()


def someone_else_annotated(conn: sqlite3.Connection, reviewer_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM annotations WHERE reviewer_id != ? LIMIT 1", (reviewer_id,)
    ).fetchone()
    return row is not None


def sentences_of(conn: sqlite3.Connection, reviewer_id: str) -> set[int]:
    return {
        row[0]
        for row in conn.execute(
            "SELECT sentence_id FROM annotations WHERE reviewer_id = ?", (reviewer_id,)
        )
    }


def sentence_annotations(
    conn: sqlite3.Connection, sentence_id: int
) -> list[tuple[str, str, str, AnnotationState]]:
    """(annotation id, reviewer id, reviewer name, state) of one sentence, by name."""
    rows = conn.execute(
        f"SELECT a.id, a.reviewer_id, r.name, {_STATE_SELECT} FROM annotations a "
        "JOIN reviewers r ON r.id = a.reviewer_id WHERE a.sentence_id = ? "
        "ORDER BY r.name, a.reviewer_id",
        (sentence_id,),
    )
    return [(*row[:3], state_from_row(row[3:])) for row in rows]


def adjudication_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(f"SELECT {ADJUDICATION_COLUMNS} FROM adjudications")]
