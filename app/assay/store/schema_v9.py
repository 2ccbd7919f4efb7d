"""The schema added by migration 9: highlights, the words that carry a claim.

- `highlights`: phrases inside a sentence that a reviewer marked (`H` in the window),
  each on that reviewer's annotation of the sentence (several per annotation). `start`
  and `end` are code-point offsets in the document's text (end exclusive); the quote
  (`quote_exact` with up to 32 characters of context before and after) lets a new
  version of the document and another review place the phrase again.
  A highlight is never edited, only added and removed: a merge adds a bundle's
  highlights as a set (by id) and a removal leaves a tombstone (entity "highlight")
  so that merging an old bundle again does not bring it back (docs/EXCHANGE.md).
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE highlights (
        id TEXT PRIMARY KEY,
        annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        quote_exact TEXT NOT NULL,
        quote_prefix TEXT NOT NULL DEFAULT '',
        quote_suffix TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        CHECK (0 <= start AND start < "end")
    )""",
    "CREATE INDEX highlights_annotation ON highlights(annotation_id)",
)
