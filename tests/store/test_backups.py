"""Backups count only once checked; clean-up removes only what an operation made."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from assay.core.model import Reviewer
from assay.services.session import ReviewSession
from assay.store import backup_files
from assay.store.backup_files import verification_problem, write_backup
from assay.store.connection import connect_writable
from assay.store.created_files import CreatedFiles, create_exclusive
from assay.store.errors import BackupError, DiskFullError
from assay.store.migrations import SCHEMA_VERSION
from assay.store.review_file import create_review, open_review
from file_failures import full_disk, listing
from support import REPO, dump, file_digest

V1 = REPO / "tests" / "fixtures" / "review-v1.assay"


@pytest.fixture
def old_review(tmp_path: Path) -> Path:
    """A copy of the schema-1 fixture: opening it for writing migrates it."""
    folder = tmp_path / "reviews"
    folder.mkdir()
    path = folder / "old.assay"
    shutil.copyfile(V1, path)
    return path


def backup_of(review: Path) -> Path:
    return review.with_name(f"{review.name}.bak-v1")


def open_and_close(review: Path) -> None:
    open_review(review, read_only=False).close()


# -- the pre-migration backup ----------------------------------------------------------


def test_migration_backup_is_a_checked_copy_of_the_file_before(old_review: Path) -> None:
    before = dump(old_review)
    open_and_close(old_review)
    backup = backup_of(old_review)
    assert verification_problem(backup, expected_version=1) == ""
    assert dump(backup) == before
    # One file, in rollback-journal mode: it can be copied or mailed on its own.
    assert backup.read_bytes()[18:20] == b"\x01\x01"
    assert listing(old_review.parent) <= {
        "old.assay", "old.assay-wal", "old.assay-shm", "old.assay.bak-v1"
    }  # fmt: skip


@pytest.mark.parametrize("stale", ["truncated", "empty", "other review"])
def test_a_stale_backup_at_the_name_is_replaced_never_trusted(
    old_review: Path, tmp_path: Path, reviewer: Reviewer, stale: str
) -> None:
    backup = backup_of(old_review)
    if stale == "truncated":  # what a kill during the old backup left
        backup.write_bytes(V1.read_bytes()[: V1.stat().st_size // 2])
    elif stale == "empty":
        backup.write_bytes(b"")
    else:  # whole and valid, but of another file: older than the review now
        with ReviewSession.create(tmp_path / "other.assay", reviewer):
            pass
        shutil.copyfile(tmp_path / "other.assay", backup)
    before = dump(old_review)
    open_and_close(old_review)
    assert verification_problem(backup, expected_version=1) == ""
    assert dump(backup) == before


def test_a_backup_that_meets_a_full_disk_stops_the_migration(
    old_review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, names = file_digest(old_review), listing(old_review.parent)
    full_disk(monkeypatch, backup_files.PARTIAL_SUFFIX, pages=1)
    with pytest.raises(DiskFullError, match="full; free some space") as failed:
        open_review(old_review, read_only=False)
    assert "old.assay" in str(failed.value)
    assert file_digest(old_review) == before  # not migrated
    assert listing(old_review.parent) - {"old.assay-wal", "old.assay-shm"} == names
    monkeypatch.undo()
    open_and_close(old_review)  # with room again, the next open backs up and migrates
    assert verification_problem(backup_of(old_review), expected_version=1) == ""


@pytest.mark.parametrize("damage", ["bytes", "application_id"])
def test_a_backup_that_does_not_check_out_is_never_published(
    old_review: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    real_copy = backup_files._copy

    def damaged_copy(conn: sqlite3.Connection, temp: Path) -> None:
        real_copy(conn, temp)
        if damage == "bytes":  # a page of the first table overwritten: a bad sector
            with open(temp, "r+b") as handle:
                handle.seek(1024 + 8)
                handle.write(b"\xff" * 200)
        else:
            other = sqlite3.connect(temp)
            other.execute("PRAGMA application_id = 7")
            other.close()

    monkeypatch.setattr(backup_files, "_copy", damaged_copy)
    before, names = file_digest(old_review), listing(old_review.parent)
    with pytest.raises(BackupError, match="did not check out"):
        open_review(old_review, read_only=False)
    assert file_digest(old_review) == before
    assert listing(old_review.parent) - {"old.assay-wal", "old.assay-shm"} == names


def test_up_to_date_review_makes_no_backup(tmp_review: Path) -> None:
    open_and_close(tmp_review)
    assert not list(tmp_review.parent.glob("*.bak-v*"))
    assert SCHEMA_VERSION >= 2


# -- merge-style backups (never overwrite) ---------------------------------------------


def test_a_backup_never_overwrites_a_file_when_asked_not_to(tmp_review: Path) -> None:
    target = tmp_review.with_name("review.before-merge-x.assay")
    target.write_text("someone's file")
    conn = connect_writable(tmp_review)
    try:
        with pytest.raises(BackupError, match="already there"):
            write_backup(conn, tmp_review, target, replace=False)
    finally:
        conn.close()
    assert target.read_text() == "someone's file"
    assert not list(tmp_review.parent.glob(f"*{backup_files.PARTIAL_SUFFIX}*"))


def test_backup_identity_is_the_published_file(tmp_review: Path) -> None:
    target = tmp_review.with_name("review.before-merge-y.assay")
    conn = connect_writable(tmp_review)
    try:
        made = write_backup(conn, tmp_review, target, replace=False)
    finally:
        conn.close()
    assert made.path == target and made.is_ours()
    assert verification_problem(target) == ""


# -- left-over temporary backups -------------------------------------------------------


def test_killed_backups_are_swept_when_the_review_is_next_locked(
    tmp_review: Path, reviewer: Reviewer
) -> None:
    folder = tmp_review.parent
    ours = [
        folder / f".review.assay.0123abcd{backup_files.PARTIAL_SUFFIX}",
        folder / f".review.assay.0123abcd{backup_files.PARTIAL_SUFFIX}-journal",
    ]
    others = [
        folder / f".other.assay.0123abcd{backup_files.PARTIAL_SUFFIX}",  # another review's
        folder / "review.assay.notes.txt",
    ]
    holder = ReviewSession.open(tmp_review, reviewer)  # another window holds the lock
    for path in ours + others:  # left by a killed merge, say
        path.write_bytes(b"SQLite format 3\x00half")
    try:
        with ReviewSession.open(tmp_review, reviewer) as second:
            assert second.read_only
        assert all(path.exists() for path in ours)  # the holder may be writing them
    finally:
        holder.close()
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert not session.read_only
    assert not any(path.exists() for path in ours)
    assert all(path.exists() for path in others)


# -- clean-up by identity --------------------------------------------------------------


def test_clean_up_leaves_a_file_put_in_place_of_the_one_made(tmp_path: Path) -> None:
    path = tmp_path / "made.assay"
    made = create_exclusive(path)
    path.unlink()
    path.write_text("someone else's review")  # same path, another file
    assert not made.is_ours()
    assert not made.remove()
    assert path.read_text() == "someone else's review"


def test_create_review_refuses_a_path_that_appeared(tmp_path: Path) -> None:
    path = tmp_path / "race.assay"
    path.write_text("made by another program")
    made = CreatedFiles()
    with pytest.raises(Exception, match="already exists"):
        create_review(path, made)
    made.remove_all()
    assert path.read_text() == "made by another program"


def test_a_create_that_fails_removes_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "full.assay"
    full_disk(monkeypatch, "full.assay", pages=2)
    with pytest.raises(DiskFullError):
        create_review(path)
    assert listing(tmp_path) == set()
    monkeypatch.undo()
    create_review(path).close()
    assert os.path.getsize(path) > 0
