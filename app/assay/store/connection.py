"""Opening review databases with the pragmas every Assay connection relies on."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from assay.store.errors import (
    CorruptReviewError,
    NotAReviewError,
    ReviewFileError,
    ReviewLockedError,
    disk_full,
    not_writable,
)

APPLICATION_ID = 0x41535359  # "ASSY"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def _apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


def connect_writable(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """A read-write connection in WAL mode with synchronous=FULL.

    isolation_level=None: we issue BEGIN/COMMIT ourselves so that one user
    action is exactly one transaction.
    """
    mode = "rwc" if create else "rw"
    conn = sqlite3.connect(
        _uri(path, mode=mode), uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        _apply_pragmas(conn)
        if create:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit survives power loss, not just a process crash.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        translated = translate_error(exc, path)
        if translated is exc:
            raise
        raise translated from exc
    return conn


def widen_cache(conn: sqlite3.Connection, mebibytes: int = 128) -> None:
    """A larger page cache for one bulk write (SQLite's default is 2 MiB).

    Merging 100,000 annotations updates index pages all over the file (random
    UUID keys); with room to keep them, inserting takes a fifth less time. The cache
    grows only as pages are used and goes with the connection.
    """
    conn.execute(f"PRAGMA cache_size = -{mebibytes * 1024}")


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: mode=ro, else immutable=1.

    mode=ro on a WAL file needs the -shm file (or a writable folder to create
    it); immutable=1 works on read-only media at the cost of ignoring others'
    concurrent writes, which is acceptable for a read-only view.
    """
    try:
        conn = sqlite3.connect(_uri(path, mode="ro"), uri=True, check_same_thread=False)
        _apply_pragmas(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        pass
    except sqlite3.DatabaseError as exc:
        raise translate_error(exc, path) from exc
    try:
        conn = sqlite3.connect(
            _uri(path, mode="ro") + "&immutable=1", uri=True, check_same_thread=False
        )
        _apply_pragmas(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        raise translate_error(exc, path) from exc


def _uri(path: Path, *, mode: str) -> str:
    return f"file:{quote(str(Path(path).absolute()))}?mode={mode}"


def has_sqlite_header(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def translate_error(exc: sqlite3.DatabaseError, path: Path) -> Exception:
    """Turn SQLite's terse errors into messages that name the file."""
    text = str(exc).lower()
    if "not a database" in text:
        return NotAReviewError(f"“{path}” is not an Assay review file.", path)
    if "malformed" in text or "corrupt" in text:
        return CorruptReviewError(
            f"“{path}” is damaged (SQLite reports: {exc}). It has been left untouched; "
            "restore it from a backup or ask the sender for a new copy.",
            path,
        )
    if "disk is full" in text:
        return disk_full(path)
    if "readonly database" in text or "read-only file system" in text:
        return not_writable(path)
    if "unable to open database file" in text or "disk i/o error" in text:
        return ReviewFileError(
            f"“{path}” could not be read or written (SQLite reports: {exc}); nothing was "
            "changed. Check that the disk is still there and writable, then try again.",
            path,
        )
    return exc


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One BEGIN IMMEDIATE … COMMIT; anything raised rolls everything back.

    IMMEDIATE takes the write lock up front, so a busy file fails at BEGIN
    (after busy_timeout) rather than halfway through.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ReviewLockedError(
                f"“{_filename(conn)}” is busy: another program has been writing to it for "
                f"over {BUSY_TIMEOUT_MS // 1000} seconds. The change was not saved; try again.",
                _filename(conn),
            ) from exc
        translated = _translated(exc, conn)
        if translated is exc:
            raise
        raise translated from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        _roll_back(conn)
        if isinstance(exc, sqlite3.DatabaseError):
            translated = _translated(exc, conn)
            if translated is not exc:
                raise translated from exc
        raise


def _roll_back(conn: sqlite3.Connection) -> None:
    """Undo what is still open. SQLite has already rolled back by itself after some
    errors (a full disk, an I/O error): a second ROLLBACK would fail and hide the
    error that matters, so it is issued only inside a transaction and never raises."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _translated(exc: sqlite3.DatabaseError, conn: sqlite3.Connection) -> BaseException:
    try:
        name = _filename(conn)
    except sqlite3.Error:
        name = "the review"
    return translate_error(exc, Path(name))


def _filename(conn: sqlite3.Connection) -> str:
    for _, name, filename in conn.execute("PRAGMA database_list"):
        if name == "main":
            return str(filename)
    return "the review"
