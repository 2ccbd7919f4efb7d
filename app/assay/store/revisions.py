"""Stamping revision histories on local edits, with TEMP triggers on one connection.

A window's writable connection gets these triggers (they live only as long as the
connection), so every edit made there — whatever write path it takes — adds one to
this installation's count in the record's revision, and every deletion leaves a
tombstone. A merge's connection has none: it writes revisions as bundles carry them.
"""

from __future__ import annotations

import json
import sqlite3

from assay.core.revisions import Revision, from_json, to_json

# Columns whose change is an edit of an annotation (not moving it to another sentence
# when a document is replaced, which changes sentence_id and the quote).
_ANNOTATION_CONTENT = (
    "categories", "not_a_claim", "verdict", "citation_accuracy", "evidence_type",
    "certainty", "confidence", "rationale", "status",
)  # fmt: skip
_DECISION_CONTENT = ("categories", "not_a_claim", "verdict", "rationale", "chosen_annotation_id")
_NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"


def stamp_local_edits(conn: sqlite3.Connection, installation: str) -> None:
    """Install the triggers on `conn` for edits made on `installation` (a UUID)."""
    if not installation:
        return
    if any(not (c.isalnum() or c == "-") for c in installation):
        raise ValueError(f"not an installation id: {installation!r}")
    key = f"'$.\"{installation}\"'"
    first = f"json_object('{installation}', 1)"

    def bumped(old: str) -> str:
        # Keys kept sorted, so the stored text is canonical and exports copy it as is.
        added = f"json_set({old}, {key}, coalesce(json_extract({old}, {key}), 0) + 1)"
        return (
            "(SELECT json_group_object(key, value) FROM "
            f"(SELECT key, value FROM json_each({added}) ORDER BY key))"
        )

    def changed(columns: tuple[str, ...]) -> str:
        return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)

    statements = []
    for table, entity, content in (
        ("annotations", "annotation", _ANNOTATION_CONTENT),
        ("evidence", "evidence", ()),
        ("adjudications", "decision", _DECISION_CONTENT),
    ):
        statements.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS stamp_{table}_insert AFTER INSERT ON main.{table} "
            f"WHEN NEW.revised_by = '' BEGIN UPDATE {table} "
            f"SET revision = {first}, revised_by = '{installation}' WHERE id = NEW.id; END"
        )
        if content:
            statements.append(
                f"CREATE TEMP TRIGGER IF NOT EXISTS stamp_{table}_update "
                f"AFTER UPDATE OF {', '.join(content)} ON main.{table} "
                f"WHEN NEW.revision IS OLD.revision AND ({changed(content)}) BEGIN "
                f"UPDATE {table} SET revision = {bumped('OLD.revision')}, "
                f"revised_by = '{installation}' WHERE id = NEW.id; END"
            )
        if table != "adjudications":
            statements.append(_tombstone_trigger(table, entity, bumped("OLD.revision")))
    # Inserting a record again (undo of a delete, attaching an orphan) revives it; an
    # undo that adds anew and then renames to the old id (evidence) does too.
    for table, entity in (("annotations", "annotation"), ("evidence", "evidence")):
        for event in ("INSERT", "UPDATE OF id"):
            statements.append(
                f"CREATE TEMP TRIGGER IF NOT EXISTS revive_{table}_{event.split()[0].lower()} "
                f"AFTER {event} ON main.{table} BEGIN DELETE FROM tombstones "
                f"WHERE entity = '{entity}' AND id = NEW.id; END"
            )
    # A discarded orphan stays discarded; one attached to a sentence moved, not deleted.
    statements.append(
        _tombstone_trigger(
            "orphans", "annotation", bumped("OLD.revision"),
            when="NOT EXISTS (SELECT 1 FROM annotations WHERE id = OLD.id)",
        )
    )  # fmt: skip
    for statement in statements:  # the temp schema only: nothing in the file changes
        conn.execute(statement)


def _tombstone_trigger(table: str, entity: str, revision: str, when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f"CREATE TEMP TRIGGER IF NOT EXISTS tombstone_{table} AFTER DELETE ON main.{table}"
        f"{condition} BEGIN INSERT OR REPLACE INTO tombstones(entity, id, revision, deleted) "
        f"VALUES ('{entity}', OLD.id, {revision}, {_NOW}); END"
    )


def tombstones(conn: sqlite3.Connection, entity: str, ids: list[str]) -> dict[str, Revision]:
    """id -> revision at deletion, of those of `ids` deleted here."""
    if not conn.execute("SELECT 1 FROM tombstones LIMIT 1").fetchone():
        return {}  # the usual case: no need to send 100,000 ids to SQLite
    return {
        row[0]: from_json(row[1])
        for row in conn.execute(
            "SELECT id, revision FROM tombstones WHERE entity = ? "
            "AND id IN (SELECT value FROM json_each(?))",
            (entity, json.dumps(ids)),
        )
    }


def revive(conn: sqlite3.Connection, entity: str, ids: list[str]) -> None:
    """Drop the tombstones of records inserted again (a merge's bulk inserts)."""
    if ids and conn.execute("SELECT 1 FROM tombstones LIMIT 1").fetchone():
        conn.execute(
            "DELETE FROM tombstones WHERE entity = ? AND id IN (SELECT value FROM json_each(?))",
            (entity, json.dumps(ids)),
        )


def bury(conn: sqlite3.Connection, entity: str, record_id: str, revision: Revision) -> None:
    """Record that `record_id` is deleted here as of `revision` (keeping a record out)."""
    conn.execute(
        "INSERT INTO tombstones(entity, id, revision, deleted) "
        f"VALUES (?, ?, ?, {_NOW}) ON CONFLICT(entity, id) DO UPDATE SET revision = "
        "excluded.revision",
        (entity, record_id, to_json(revision)),
    )
