"""The review file itself: pragmas, schema, migrations, backups."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from assay.core.model import Reviewer
from assay.services.session import ReviewSession
from assay.store import migrations
from assay.store.connection import APPLICATION_ID, connect_writable
from assay.store.errors import NewerSchemaError, ReviewFileError
from assay.store.review_file import inspect_review, open_review


def test_new_review_has_pragmas_tables_and_meta(tmp_path: Path, reviewer: Reviewer) -> None:
    path = tmp_path / "new.assay"
    with ReviewSession.create(path, reviewer) as session:
        conn = session.conn
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        expected = {"meta", "reviewers", "documents", "blocks", "sentences", "annotations"}
        assert expected | {"evidence", "references", "citations", "events", "positions"} <= tables
        meta = session.meta()
        assert set(meta) == {"review_id", "created", "app_version"}
        assert conn.execute("SELECT name FROM reviewers").fetchall() == [(reviewer.name,)]
    assert inspect_review(path) == migrations.SCHEMA_VERSION


def test_create_refuses_an_existing_path(tmp_path: Path, reviewer: Reviewer) -> None:
    path = tmp_path / "exists.assay"
    path.write_text("keep me")
    with pytest.raises(ReviewFileError, match="already exists"):
        ReviewSession.create(path, reviewer)
    assert path.read_text() == "keep me"


def test_events_are_append_only(session: ReviewSession) -> None:
    conn = session.conn
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM events")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE events SET action = 'x'")


def test_unknown_applied_migration_means_newer(tmp_review: Path, reviewer: Reviewer) -> None:
    conn = sqlite3.connect(tmp_review)
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
        "VALUES ('assay', 'm999_from_the_future', 'later')"
    )
    conn.commit()
    conn.close()
    before = tmp_review.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version of Assay"):
        ReviewSession.open(tmp_review, reviewer)
    assert tmp_review.read_bytes() == before


def test_pending_migration_backs_up_first(
    tmp_review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulate a future app with one more migration: the current file is copied first."""
    from sqlite_utils.migrations import Migrations

    current = migrations.SCHEMA_VERSION
    future_number = current + 1
    future_name = f"m{future_number:03d}_add_colour"
    future = Migrations("assay")
    for name in migrations.MIGRATION_NAMES:  # already applied to the file
        future(name=name)(lambda db: None)

    def add_colour(db: Database) -> None:
        db.execute("ALTER TABLE annotations ADD COLUMN colour TEXT")
        db.execute(f"PRAGMA user_version = {future_number}")

    future(name=future_name)(add_colour)
    monkeypatch.setattr(migrations, "migration_set", lambda: future)
    monkeypatch.setattr(migrations, "MIGRATION_NAMES", [*migrations.MIGRATION_NAMES, future_name])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", future_number)

    conn = open_review(tmp_review, read_only=False)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == future_number
        columns = {row[1] for row in conn.execute("PRAGMA table_info(annotations)")}
        assert "colour" in columns
    finally:
        conn.close()
    backup = tmp_review.with_name(f"review.assay.bak-v{current}")
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == current
    assert old.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    columns = {row[1] for row in old.execute("PRAGMA table_info(annotations)")}
    assert "colour" not in columns
    old.close()


def test_migration_names_match_sqlite_utils() -> None:
    """The table and set names written out (to avoid importing sqlite-utils) are right."""
    from sqlite_utils.migrations import Migrations

    assert Migrations.migrations_table == migrations.MIGRATIONS_TABLE
    assert migrations.migration_set().name == migrations.MIGRATION_SET


def test_opening_an_up_to_date_review_does_not_load_sqlite_utils(tmp_review: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from assay.store.review_file import open_review;"
        f"open_review(Path({str(tmp_review)!r}), read_only=False).close();"
        "print('sqlite_utils' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_writable_connection_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError):
        connect_writable(tmp_path / "missing.assay")
    assert not (tmp_path / "missing.assay").exists()
