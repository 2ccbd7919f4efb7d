"""SELECTs for agreement and adjudication: every reviewer's codings, adjudications."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
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


_SEP_FIELD, _SEP_CODING = "\x1f", "\x1e"


def shared_coding_tally(
    conn: sqlite3.Connection,
) -> tuple[list[str], Counter[tuple[Coding | None, ...]]]:
    """(reviewer ids, how many shared sentences have each distinct set of codings).

    SQLite concatenates each sentence's codings and counts the identical ones, so
    Python parses a few hundred distinct patterns instead of every annotation. The
    order inside a pattern does not matter: each coding carries its reviewer id.
    """
    rows = conn.execute(
        "SELECT pattern, count(*) FROM (SELECT group_concat(reviewer_id || char(31) || "
        "categories || char(31) || not_a_claim || char(31) || ifnull(verdict, ''), char(30)) "
        "AS pattern FROM annotations GROUP BY sentence_id HAVING count(*) >= 2) "
        "GROUP BY pattern"
    ).fetchall()
    parsed: list[tuple[dict[str, Coding], int]] = []
    categories: dict[str, frozenset[str]] = {}
    for pattern, count in rows:
        codings: dict[str, Coding] = {}
        for part in pattern.split(_SEP_CODING):
            reviewer_id, category_json, not_a_claim, verdict = part.split(_SEP_FIELD)
            category_set = categories.get(category_json)
            if category_set is None:
                category_set = categories[category_json] = frozenset(json.loads(category_json))
            codings[reviewer_id] = (category_set, not_a_claim == "1", verdict or None)
        parsed.append((codings, count))
    reviewer_ids = sorted({r for codings, _ in parsed for r in codings})
    tally: Counter[tuple[Coding | None, ...]] = Counter()
    for codings, count in parsed:
        tally[tuple(codings.get(r) for r in reviewer_ids)] += count
    return reviewer_ids, tally


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
