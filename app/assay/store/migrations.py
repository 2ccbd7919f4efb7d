"""Numbered schema migrations, and the checks that run before any of them.

PRAGMA user_version mirrors how many migrations a file has had, so a file
from a newer Assay is recognised from its header, read-only, before anything
is written. Existing files are backed up before they are migrated.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import assay
from assay.store import (
    schema_v1,
    schema_v2,
    schema_v3,
    schema_v4,
    schema_v5,
    schema_v6,
    schema_v7,
    schema_v8,
    schema_v9,
)
from assay.store.backup_files import write_backup
from assay.store.connection import APPLICATION_ID
from assay.store.errors import CorruptReviewError, NewerSchemaError, NotAReviewError

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

# sqlite-utils is imported only to create or migrate a file: it costs ~120 ms of start-up,
# and opening an up-to-date review needs nothing from it. These two names must match
# sqlite_utils.migrations.Migrations (checked by a test).
MIGRATION_SET = "assay"
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_NAMES: list[str] = []
_MIGRATION_STEPS: list[tuple[str, Callable[[Database], None]]] = []


@cache
def migration_set() -> Migrations:
    """The registered migrations as a sqlite-utils `Migrations` set."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in _MIGRATION_STEPS:
        migrations(name=name)(step)
    return migrations


def _numbered(number: int) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Register a migration and make it record its number in user_version."""

    def register(body: Callable[[Database], None]) -> Callable[[Database], None]:
        assert len(MIGRATION_NAMES) == number - 1, "migrations must be numbered in order"

        def migration(db: Database) -> None:
            body(db)
            db.execute(f"PRAGMA user_version = {number}")

        migration.__name__ = body.__name__
        _MIGRATION_STEPS.append((body.__name__, migration))
        MIGRATION_NAMES.append(body.__name__)
        return body

    return register


@_numbered(1)
def m001_initial(db: Database) -> None:
    for statement in schema_v1.STATEMENTS:
        db.execute(statement)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    db.conn.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?)",
        [("review_id", str(uuid.uuid4())), ("created", now), ("app_version", assay.__version__)],
    )


@_numbered(2)
def m002_adjudications(db: Database) -> None:
    for statement in schema_v2.STATEMENTS:
        db.execute(statement)


@_numbered(3)
def m003_pages_versions_orphans(db: Database) -> None:
    for statement in schema_v3.STATEMENTS:
        db.execute(statement)


@_numbered(4)
def m004_evidence_locator_library(db: Database) -> None:
    for statement in schema_v4.STATEMENTS:
        db.execute(statement)


@_numbered(5)
def m005_revisions_tombstones_conflicts(db: Database) -> None:
    for statement in schema_v5.STATEMENTS:
        db.execute(statement)


@_numbered(6)
def m006_original_files(db: Database) -> None:
    for statement in schema_v6.STATEMENTS:
        db.execute(statement)


@_numbered(7)
def m007_removed_documents(db: Database) -> None:
    for statement in schema_v7.STATEMENTS:
        db.execute(statement)


@_numbered(8)
def m008_evidence_source(db: Database) -> None:
    for statement in schema_v8.STATEMENTS:
        db.execute(statement)


@_numbered(9)
def m009_highlights(db: Database) -> None:
    for statement in schema_v9.STATEMENTS:
        db.execute(statement)


SCHEMA_VERSION = len(MIGRATION_NAMES)


def check_review(conn: sqlite3.Connection, path: Path) -> int:
    """Validate an existing file on a read-only connection; return its version.

    Raises NotAReviewError, NewerSchemaError or CorruptReviewError. Writes nothing.
    """
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise NotAReviewError(
            f"“{path}” is an SQLite database, but not an Assay review file.", path
        )
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    if problems != ["ok"]:
        raise CorruptReviewError(
            f"“{path}” is damaged ({'; '.join(problems)}). It has been left untouched; "
            "restore it from a backup or ask the sender for a new copy.",
            path,
        )
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    unknown = set(applied_migration_names(conn)) - set(MIGRATION_NAMES)
    if version > SCHEMA_VERSION or unknown:
        raise NewerSchemaError(
            f"“{path}” was saved by a newer version of Assay (schema {version}; this "
            f"version understands up to {SCHEMA_VERSION}). Update Assay to open it; "
            "the file has not been changed.",
            path,
        )
    return int(version)


def applied_migration_names(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        (MIGRATIONS_TABLE,),
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [row[0] for row in rows]


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.bak-v{version}")


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A verified copy of the file before it is migrated (see `backup_files`).

    A file already at the name is replaced, never trusted: it may be the truncated
    remains of a killed attempt, and even a whole one is older than the file now
    (which, being still at this version, holds everything it held or was changed since).
    """
    made = write_backup(conn, path, backup_path(path, version), replace=True)
    made.close()
    return made.path


def migrate(conn: sqlite3.Connection, path: Path, *, current_version: int) -> Path | None:
    """Apply pending migrations on a writable connection; back up first if the
    file already held data. Returns the backup path, if one was made."""
    if current_version >= SCHEMA_VERSION and len(applied_migration_names(conn)) >= SCHEMA_VERSION:
        return None  # up to date: no need to load sqlite-utils at all
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    migrations = migration_set()
    if not migrations.pending(db):
        return None
    saved = backup(conn, path, current_version) if current_version > 0 else None
    migrations.apply(db)
    return saved
