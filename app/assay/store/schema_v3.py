"""The schema added by migration 3: pages, document versions, orphaned annotations.

- `documents.pages`: where each page of a paged source (PDF) starts in the text, as
  JSON [[offset, page number], ...]; "[]" for sources without pages.
- `document_versions`: the SHA-256 of every earlier text of a document that was
  replaced by an edited version, so that bundles made against an old version still
  find their document (their annotations are re-anchored on merge).
- `orphans`: annotations that could not re-attach to any sentence of a document's new
  version. Kept whole (the reviewer's state, quote and evidence as JSON) until the
  reviewer attaches each one to a sentence by hand or discards it.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE documents ADD COLUMN pages TEXT NOT NULL DEFAULT '[]'",
    """CREATE TABLE document_versions (
        sha256 TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        replaced_at TEXT NOT NULL
    )""",
    "CREATE INDEX document_versions_document ON document_versions(document_id)",
    """CREATE TABLE orphans (
        id TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        reviewer_id TEXT NOT NULL REFERENCES reviewers(id),
        categories TEXT NOT NULL DEFAULT '[]',
        not_a_claim INTEGER NOT NULL DEFAULT 0,
        verdict TEXT,
        citation_accuracy TEXT,
        evidence_type TEXT,
        certainty TEXT,
        confidence INTEGER,
        rationale TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        quote_exact TEXT NOT NULL DEFAULT '',
        quote_prefix TEXT NOT NULL DEFAULT '',
        quote_suffix TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',
        orphaned_at TEXT NOT NULL
    )""",
    "CREATE INDEX orphans_document ON orphans(document_id)",
)
