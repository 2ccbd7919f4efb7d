"""Backups that count only once they are known good.

A backup is copied (SQLite's backup API, consistent even in WAL mode) into a hidden
temporary file beside the review, fsynced, checked (`PRAGMA integrity_check`, the
`application_id`, the schema version) and only then renamed to its name. So a file
at a backup's name is always a whole, checked copy; a process killed half-way leaves
only a temporary file, which is never trusted and is swept away the next time the
review is locked for writing (no one else can be writing one then).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import secrets
import sqlite3
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from assay.store.connection import APPLICATION_ID
from assay.store.created_files import CreatedFile, create_exclusive
from assay.store.errors import BackupError, ReviewFileError, disk_full, file_error

PARTIAL_SUFFIX = ".backup-partial"
# A file system without hard links (FAT, some network shares) says one of these.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


def write_backup(
    conn: sqlite3.Connection, review_path: Path, target: Path, *, replace: bool
) -> CreatedFile:
    """Copy the database open on `conn` to `target`, verified, or raise; return the
    backup as a CreatedFile (so that an operation failing later can remove exactly
    it; `close()` it when the operation is over).

    `replace`: a file already at `target` is overwritten (it is never trusted: the
    pre-migration backup of the same version must be a copy of the file as it is now).
    Otherwise an existing `target` is an error and is left alone.

    Raises DiskFullError, ReadOnlyError or BackupError; then no file is left behind.
    """
    return finish_backup(start_backup(conn, review_path, target, replace=replace))


@dataclass(frozen=True, slots=True)
class PendingBackup:
    """A copy written to its temporary file, not yet synced, checked or named."""

    temp: CreatedFile
    review_path: Path
    target: Path
    version: int
    replace: bool


def start_backup(
    conn: sqlite3.Connection, review_path: Path, target: Path, *, replace: bool
) -> PendingBackup:
    """The part of write_backup that reads `conn`: copy it to a temporary file.
    finish_backup does the rest, and may run on another thread while `conn` writes:
    the copy is already taken. Raises as write_backup; then no file is left."""
    review_path, target = Path(review_path), Path(target)
    try:
        temp = create_exclusive(partial_path(review_path, target.parent))
    except OSError as exc:
        raise file_error(exc, review_path) from exc
    with _removing_on_failure(temp, review_path, target):
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        _copy(conn, temp.path)
    return PendingBackup(temp, review_path, target, version, replace)


def finish_backup(pending: PendingBackup) -> CreatedFile:
    """fsync, check and name a started backup; no file is left if it fails."""
    temp, review_path = pending.temp, pending.review_path
    with _removing_on_failure(temp, review_path, pending.target):
        _fsync(temp.path)
        problem = verification_problem(temp.path, expected_version=pending.version)
        if problem:
            raise BackupError(
                f"The backup of “{review_path.name}” did not check out ({problem}); the "
                "review was not changed. Check the disk, then try again.",
                review_path,
            )
        _publish(temp, pending.target, replace=pending.replace)
    _fsync_folder(pending.target.parent)
    return temp


@contextlib.contextmanager
def _removing_on_failure(temp: CreatedFile, review_path: Path, target: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as exc:
        temp.remove()
        raise _failed(exc, review_path, target) from exc
    except OSError as exc:
        temp.remove()
        raise file_error(exc, review_path) from exc
    except BaseException:
        temp.remove()
        raise


def verification_problem(path: Path, *, expected_version: int | None = None) -> str:
    """What is wrong with `path` as a whole Assay review (integrity, application id,
    version), or "" if nothing."""
    try:
        # immutable: read the one file as it is; nothing (no -shm) is made beside it
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    except sqlite3.DatabaseError as exc:
        return str(exc)
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return "not an Assay review"
        checks = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        if checks != ["ok"]:
            return "; ".join(checks)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if expected_version is not None and version != expected_version:
            return f"schema {version} instead of {expected_version}"
        return ""
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def partial_path(review_path: Path, folder: Path) -> Path:
    return folder / f".{review_path.name}.{secrets.token_hex(6)}{PARTIAL_SUFFIX}"


def sweep_partials(review_path: Path) -> list[Path]:
    """Remove the review's left-over temporary backups (a process killed while
    writing one). Call only while holding the review's lock. Returns what went."""
    review_path = Path(review_path)
    pattern = f".{glob.escape(review_path.name)}.*{PARTIAL_SUFFIX}*"
    swept = []
    for leftover in review_path.parent.glob(pattern):
        with contextlib.suppress(OSError):
            if stat.S_ISREG(leftover.lstat().st_mode):
                leftover.unlink()
                swept.append(leftover)
    return swept


def _copy(conn: sqlite3.Connection, temp: Path) -> None:
    destination = _open_destination(temp)
    try:
        conn.backup(destination)
        # A backup of a WAL file is marked WAL; a rollback-journal file stands alone,
        # so the backup can be copied or mailed as one file.
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()


def _open_destination(temp: Path) -> sqlite3.Connection:
    destination = sqlite3.connect(temp, isolation_level=None)
    # Nothing to journal or sync page by page: the file is not trusted until it is
    # fsynced and checked as a whole.
    destination.execute("PRAGMA journal_mode = OFF")
    destination.execute("PRAGMA synchronous = OFF")
    return destination


def _publish(temp: CreatedFile, target: Path, *, replace: bool) -> None:
    if replace:
        os.replace(temp.path, target)
        temp.moved_to(target)
        return
    try:
        os.link(temp.path, target)  # fails if target exists: nothing is overwritten
    except FileExistsError:
        raise BackupError(
            f"A file named “{target.name}” is already there; the review was not changed. "
            "Try again in a moment.",
            target,
        ) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            raise BackupError(
                f"A file named “{target.name}” is already there; the review was not "
                "changed. Try again in a moment.",
                target,
            ) from None
        os.replace(temp.path, target)
        temp.moved_to(target)
        return
    os.unlink(temp.path)  # the backup lives on under its own name: the same inode
    temp.moved_to(target)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable. Windows cannot open a folder, and some file systems
    refuse to sync one: the rename is then as durable as they make it (the backup
    itself is already checked and in place)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _failed(exc: sqlite3.DatabaseError, review_path: Path, target: Path) -> ReviewFileError:
    text = str(exc).lower()
    if "full" in text:
        return disk_full(review_path)
    return BackupError(
        f"The backup “{target.name}” of “{review_path.name}” could not be written "
        f"(SQLite reports: {exc}); the review was not changed. Check the disk, then try again.",
        review_path,
    )
