"""SELECTs for agreement and adjudication: every reviewer's codings, adjudications."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from assay.core.model import AnnotationState
from assay.store.codec import STATE_COLUMNS, state_from_row

# (categories, not_a_claim, verdict): the shape assay.exchange.agreement.Coding expects,
# spelled out here because the store does not depend on the exchange layer.
Coding = tuple[frozenset[str], bool, str | None]

_STATE_SELECT = ", ".join(f"a.{column}" for column in STATE_COLUMNS)
# Sentences that at least two reviewers annotated: the UNIQUE(sentence_id,
# reviewer_id) index answers this without touching the table.
_SHARED = "SELECT sentence_id FROM annotations GROUP BY sentence_id HAVING count(*) >= 2"

ADJUDICATION_COLUMNS = (
    "id, sentence_id, adjudicator_id, categories, not_a_claim, verdict, rationale, "
    "chosen_annotation_id, created, modified"
)


def reviewer_names(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, name FROM reviewers ORDER BY name, id"))


def shared_codings(
    conn: sqlite3.Connection,
) -> tuple[list[str], list[list[Coding | None]]]:
    """(reviewer ids, one row per shared sentence with each reviewer's Coding or None).

    One query ordered by sentence id (index order, no sort); the few distinct
    category JSON strings are parsed once each.
    """
    rows = conn.execute(
        "SELECT sentence_id, reviewer_id, categories, not_a_claim, verdict FROM annotations "
        f"WHERE sentence_id IN ({_SHARED}) ORDER BY sentence_id"
    ).fetchall()
    reviewer_ids = sorted({row[1] for row in rows})
    slot = {reviewer_id: i for i, reviewer_id in enumerate(reviewer_ids)}
    parsed: dict[str, frozenset[str]] = {}
    width = len(reviewer_ids)
    units: list[list[Coding | None]] = []
    current_id = None
    unit: list[Coding | None] = []
    for sentence_id, reviewer_id, categories, not_a_claim, verdict in rows:
        if sentence_id != current_id:
            current_id = sentence_id
            unit = [None] * width
            units.append(unit)
        category_set = parsed.get(categories)
        if category_set is None:
            category_set = parsed[categories] = frozenset(json.loads(categories))
        unit[slot[reviewer_id]] = (category_set, bool(not_a_claim), verdict)
    return reviewer_ids, units


def unadjudicated_shared_annotations(
    conn: sqlite3.Connection,
) -> list[tuple[int, int, int, str, str, str, AnnotationState]]:
    """(sentence id, document id, ordinal, annotation id, reviewer id, reviewer name, state)
    of every annotation on a shared sentence with no adjudication, in document order."""
    rows = conn.execute(
        "SELECT s.id, s.document_id, s.ordinal, a.id, a.reviewer_id, r.name, "
        f"{_STATE_SELECT} FROM annotations a "
        "JOIN sentences s ON s.id = a.sentence_id "
        "JOIN documents d ON d.id = s.document_id "
        "JOIN reviewers r ON r.id = a.reviewer_id "
        f"WHERE a.sentence_id IN ({_SHARED}) "
        "AND a.sentence_id NOT IN (SELECT sentence_id FROM adjudications) "
        "ORDER BY d.position, d.id, s.ordinal, r.name, a.reviewer_id"
    )
    return [(*row[:6], state_from_row(row[6:])) for row in rows]


def adjudication_row(conn: sqlite3.Connection, sentence_id: int) -> tuple[Any, ...] | None:
    row = conn.execute(
        f"SELECT {ADJUDICATION_COLUMNS} FROM adjudications WHERE sentence_id = ?",
        (sentence_id,),
    ).fetchone()
    return tuple(row) if row else None


def annotation_sentence(conn: sqlite3.Connection, annotation_id: str) -> int | None:
    row = conn.execute(
        "SELECT sentence_id FROM annotations WHERE id = ?", (annotation_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def sentence_exists(conn: sqlite3.Connection, sentence_id: int) -> bool:
    return (
        conn.execute("SELECT 1 FROM sentences WHERE id = ?", (sentence_id,)).fetchone() is not None
    )
