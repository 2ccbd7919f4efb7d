"""The schema added by migration 5: revision histories, deletions and conflicts.

- `revision` / `revised_by` on annotations, evidence, decisions (adjudications) and
  orphans: the version vector of the record as JSON {installation: count}, and the
  installation that made its latest revision ("" and "{}" for records made before this
  migration). A window's connection stamps them on every local edit
  (`store.revisions.stamp_local_edits`); a merge writes them as the bundle has them.
- `tombstones`: what was deleted here (an annotation, evidence item or orphan) and the
  revision it had then, so that merging an old bundle again does not bring it back.
  Inserting the id again removes its tombstone: TEMP triggers on a window's connection,
  and the merge in bulk (a trigger in the file cost a merge ~1 s per 100,000 inserts).
- `conflicts`: a bundle's version of a record that was changed here and there since
  they last met (or another id for the same reviewer and sentence). Ours stays in
  place; theirs waits here, whole, until the reviewer keeps one (services.conflicts).
"""

from __future__ import annotations

_REVISED = ("annotations", "evidence", "adjudications", "orphans")

STATEMENTS: tuple[str, ...] = (
    *(f"ALTER TABLE {t} ADD COLUMN revision TEXT NOT NULL DEFAULT '{{}}'" for t in _REVISED),
    *(f"ALTER TABLE {t} ADD COLUMN revised_by TEXT NOT NULL DEFAULT ''" for t in _REVISED),
    """CREATE TABLE tombstones (
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        revision TEXT NOT NULL DEFAULT '{}',
        deleted TEXT NOT NULL,
        PRIMARY KEY (entity, id)
    ) WITHOUT ROWID""",
    """CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        ours_id TEXT,
        reviewer_id TEXT NOT NULL,
        document_sha TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        revision TEXT NOT NULL,
        theirs TEXT NOT NULL,
        bundle TEXT NOT NULL,
        found TEXT NOT NULL,
        UNIQUE (entity, entity_id, revision)
    )""",
)
