"""The schema added by migration 8: the work a piece of evidence comes from.

- `evidence.source`: the work a quoted passage (or any item) is taken from: one of the
  document's references as it is listed, a DOI (normalised), or free text; "" for none,
  and for every item made before this migration.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = ("ALTER TABLE evidence ADD COLUMN source TEXT NOT NULL DEFAULT ''",)
