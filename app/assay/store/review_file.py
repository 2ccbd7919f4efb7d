"""Creating, validating and opening review files (no locking: that is a service job)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from assay.store.connection import (
    connect_read_only,
    connect_writable,
    has_sqlite_header,
    translate_error,
)
from assay.store.created_files import CreatedFiles, create_exclusive
from assay.store.errors import (
    MissingReviewError,
    NotAReviewError,
    ReviewFileError,
    file_error,
)
from assay.store.migrations import SCHEMA_VERSION, check_review, migrate


def create_review(path: Path, made: CreatedFiles | None = None) -> sqlite3.Connection:
    """A new, fully migrated review file. Refuses to touch an existing path.

    The file is made with O_EXCL, so a file that appears at `path` meanwhile (another
    `assay new`) is never taken over. If making it fails, what was made is removed (by
    identity); once it succeeds, the file is added to `made`, the caller's undo log
    for whatever it does next.
    """
    path = Path(path)
    try:
        created = create_exclusive(path)
    except FileExistsError:
        raise ReviewFileError(f"“{path}” already exists; choose another name.", path) from None
    except OSError as exc:
        raise file_error(exc, path) from exc
    try:
        conn = connect_writable(path, create=True)
        try:
            migrate(conn, path, current_version=0)
        except BaseException:
            conn.close()
            raise
    except sqlite3.DatabaseError as exc:
        created.remove()
        translated = translate_error(exc, path)
        if translated is exc:
            raise
        raise translated from exc
    except BaseException:
        created.remove()
        raise
    if made is not None:
        made.add(created)
    else:
        created.close()
    return conn


def inspect_review(path: Path) -> int:
    """Check that path is a usable review without writing; return its schema version."""
    if not path.exists():
        raise MissingReviewError(f"“{path}” does not exist.", path)
    if not path.is_file() or not has_sqlite_header(path):
        raise NotAReviewError(f"“{path}” is not an Assay review file.", path)
    conn = connect_read_only(path)
    try:
        return check_review(conn, path)
    except sqlite3.DatabaseError as exc:
        raise translate_error(exc, path) from exc
    finally:
        conn.close()


def open_review(path: Path, *, read_only: bool, version: int | None = None) -> sqlite3.Connection:
    """Validate (unless `version` says it was just done), then connect.

    A writable open migrates (with a backup) if needed.
    """
    if version is None:
        version = inspect_review(path)
    if read_only:
        if version < SCHEMA_VERSION:
            raise ReviewFileError(
                f"“{path}” was made by an older Assay and must be upgraded, "
                "but it cannot be changed (it is read-only). Copy it somewhere writable.",
                path,
            )
        return connect_read_only(path)
    conn = connect_writable(path)
    try:
        migrate(conn, path, current_version=version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise translate_error(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    return conn
