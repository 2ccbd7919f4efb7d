"""SELECTs for the window's team view: one sentence's annotations, all adjudications."""

from __future__ import annotations

import sqlite3
from typing import Any

from assay.core.model import AnnotationState
from assay.store.agreement_queries import ADJUDICATION_COLUMNS
from assay.store.codec import STATE_COLUMNS, state_from_row

_STATE_SELECT = ", ".join(f"a.{column}" for column in STATE_COLUMNS)


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


def all_annotations(
    conn: sqlite3.Connection,
) -> list[tuple[int, str, str, str, AnnotationState]]:
    """(sentence id, annotation id, reviewer id, reviewer name, state) of every annotation,
    by sentence and then reviewer name."""
    rows = conn.execute(
        f"SELECT a.sentence_id, a.id, a.reviewer_id, r.name, {_STATE_SELECT} FROM annotations a "
        "JOIN reviewers r ON r.id = a.reviewer_id ORDER BY a.sentence_id, r.name, a.reviewer_id"
    )
    return [(*row[:4], state_from_row(row[4:])) for row in rows]
