"""SQL for the reviewer's library inside a review. Callers own the transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

# Columns in the order entry_row / entries_from_rows use.
LIBRARY_COLUMNS = (
    "key", "type", "title", "authors", "year", "journal", "journal_abbreviation", "volume",
    "issue", "first_page", "last_page", "doi", "pmid", "abstract", "url", "source",
    "imported_at",
)  # fmt: skip


def insert_entries(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    conn.executemany(
        f"INSERT INTO library_entries({', '.join(LIBRARY_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(LIBRARY_COLUMNS))})",
        rows,
    )


def delete_source(conn: sqlite3.Connection, source: str) -> int:
    """Remove what an earlier import of the same file brought (re-import replaces it)."""
    return conn.execute("DELETE FROM library_entries WHERE source = ?", (source,)).rowcount


def entry_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every entry in LIBRARY_COLUMNS order, by id (import order)."""
    return conn.execute(
        f"SELECT {', '.join(LIBRARY_COLUMNS)} FROM library_entries ORDER BY id"
    ).fetchall()


def sources(conn: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """(file name, entries, imported at) of each imported library file."""
    return conn.execute(
        "SELECT source, count(*), max(imported_at) FROM library_entries GROUP BY source "
        "ORDER BY max(id)"
    ).fetchall()


def authors_json(authors: Sequence[str]) -> str:
    return json.dumps(list(authors), ensure_ascii=False)


def library_state(conn: sqlite3.Connection) -> tuple[int, str]:
    """(entries, latest import time): changes whenever the library does."""
    count, latest = conn.execute(
        "SELECT count(*), coalesce(max(imported_at), '') FROM library_entries"
    ).fetchone()
    return int(count), str(latest)
