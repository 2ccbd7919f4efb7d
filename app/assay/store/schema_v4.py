"""The schema added by migration 4: evidence locators and the reviewer's library.

- `evidence.locator`: where in the source a quoted passage is (e.g. "p. 12"); "" for
  other kinds of evidence.
- `library_entries`: references imported from the reviewer's own library (a BibTeX,
  RIS or CSL-JSON export of Zotero, Mendeley or EndNote), matched against the
  documents' references. Local to this review file; never put in bundles.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE evidence ADD COLUMN locator TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE library_entries (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        type TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        year INTEGER,
        journal TEXT NOT NULL DEFAULT '',
        journal_abbreviation TEXT NOT NULL DEFAULT '',
        volume TEXT NOT NULL DEFAULT '',
        issue TEXT NOT NULL DEFAULT '',
        first_page TEXT NOT NULL DEFAULT '',
        last_page TEXT NOT NULL DEFAULT '',
        doi TEXT NOT NULL DEFAULT '',
        pmid TEXT NOT NULL DEFAULT '',
        abstract TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
    )""",
    "CREATE INDEX library_entries_doi ON library_entries(doi) WHERE doi != ''",
)
