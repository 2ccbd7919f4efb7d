"""The schema created by migration 1, as plain statements.

Kept separate from the migration runner so the DDL reads as one document.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE reviewers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        source_name TEXT NOT NULL,
        format TEXT NOT NULL,
        encoding TEXT NOT NULL,
        text TEXT NOT NULL,
        spans TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '[]',
        imported_at TEXT NOT NULL,
        position INTEGER NOT NULL
    )""",
    """CREATE TABLE blocks (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        level INTEGER NOT NULL DEFAULT 0,
        section TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (document_id, ordinal)
    ) WITHOUT ROWID""",
    """CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        section TEXT NOT NULL DEFAULT '',
        UNIQUE (document_id, ordinal)
    )""",
    """CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        reviewer_id TEXT NOT NULL REFERENCES reviewers(id),
        categories TEXT NOT NULL DEFAULT '[]',
        not_a_claim INTEGER NOT NULL DEFAULT 0,
        verdict TEXT,
        citation_accuracy TEXT,
        evidence_type TEXT,
        certainty TEXT,
        confidence INTEGER,
        rationale TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        quote_exact TEXT NOT NULL DEFAULT '',
        quote_prefix TEXT NOT NULL DEFAULT '',
        quote_suffix TEXT NOT NULL DEFAULT '',
        UNIQUE (sentence_id, reviewer_id)
    )""",
    "CREATE INDEX annotations_reviewer ON annotations(reviewer_id)",
    """CREATE TABLE evidence (
        id TEXT PRIMARY KEY,
        annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        value TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL
    )""",
    "CREATE INDEX evidence_annotation ON evidence(annotation_id)",
    """CREATE TABLE "references" (
        id TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        sentence_id INTEGER REFERENCES sentences(id) ON DELETE SET NULL,
        text TEXT NOT NULL
    )""",
    """CREATE TABLE citations (
        reference_id TEXT NOT NULL REFERENCES "references"(id) ON DELETE CASCADE,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        PRIMARY KEY (reference_id, sentence_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        reviewer_id TEXT,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before TEXT,
        after TEXT
    )""",
    "CREATE INDEX events_entity ON events(entity, entity_id)",
    # The audit log is append-only: refuse edits and deletions at the SQL level.
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    """CREATE TABLE positions (
        reviewer_id TEXT PRIMARY KEY,
        sentence_id INTEGER REFERENCES sentences(id) ON DELETE SET NULL
    )""",
)
