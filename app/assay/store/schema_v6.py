"""The schema added by migration 6: the original file of a document.

- `originals`: the bytes of the file a document was imported from (a PDF), so that the
  page view works offline and after the file has moved. One per document; `text_sha256`
  is the SHA-256 of the document text this file gave when it was kept, so a document
  replaced by a new version (whose text differs) is never shown on the old pages.
  `content` is the last column: reading the other columns does not read the BLOB's
  overflow pages. Reviews made before this migration have no originals: the reviewer
  attaches the PDF again ("Attach original PDF…"), accepted only if it gives the same text.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE originals (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        added TEXT NOT NULL,
        content BLOB NOT NULL
    )""",
)
