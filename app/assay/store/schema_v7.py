"""The schema added by migration 7: documents the reviewer removed.

- `removed_documents`: the SHA-256 of every text of a document removed from the review
  (its current text and its earlier versions), with its title then, so that a later
  merge of a bundle that still holds it does not bring it back silently: the merge
  skips it and says how many annotations it skipped (docs/EXCHANGE.md). Importing
  the same text again by hand, or undoing the removal, takes its row away.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE removed_documents (
        sha256 TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        removed TEXT NOT NULL,
        reviewer_id TEXT
    ) WITHOUT ROWID""",
)
