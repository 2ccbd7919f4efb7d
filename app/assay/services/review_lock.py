"""The one OS lock that says "this process may write the review".

A window's session, a merge, a restore and the headless library import all take
`filelock.FileLock("<review>.lock")` with timeout 0. It is an OS lock (flock), so
the kernel drops it if the process dies: a crash never leaves a review locked.

If the lock file cannot be created or opened (another user's lock file left in a
shared folder, a file system without locks), Assay does not write unlocked: a window
shows the review read-only and says why; a command refuses with a message. Writing
unlocked would let two windows overwrite each other's edits without a word.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType

import filelock

from assay.store.backup_files import sweep_partials
from assay.store.errors import LockFileError, ReadOnlyError, ReviewFileError, ReviewLockedError


class ReviewLock:
    """A held lock on one review; `release()` (or leaving a `with`) lets it go."""

    def __init__(self, review_path: Path, lock: filelock.BaseFileLock) -> None:
        self.review_path = review_path
        self._lock: filelock.BaseFileLock | None = lock

    def release(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.release()
            self._lock = None

    def release_after_failed_create(self) -> None:
        """Release, and delete the lock file too if the review it guards is gone: an
        operation that made the review and removed it again leaves nothing behind.
        Deleted while still held, so no other Assay can be holding it."""
        if self._lock is not None and not os.path.lexists(self.review_path):
            with contextlib.suppress(OSError):
                lock_path(self.review_path).unlink()
        self.release()

    def __enter__(self) -> ReviewLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def lock_path(review_path: Path) -> Path:
    return Path(f"{review_path}.lock")


def try_lock(review_path: Path) -> tuple[ReviewLock | None, str]:
    """For opening a review in a window: (the lock, "") or (None, why it is shown
    read-only). Call only for a file that can be written (`unwritable_reason`)."""
    review_path = Path(review_path)
    try:
        return _acquire(review_path), ""
    except filelock.Timeout:
        return None, (
            f"“{review_path.name}” is already open in another Assay window, so it is "
            "shown read-only here. Close it there to make changes."
        )
    except OSError as exc:
        return None, (
            f"{_lock_file_problem(review_path, exc)}, so the review is shown read-only. "
            "Remove that file (or ask its owner to) to make changes."
        )


def hold(review_path: Path, *, action: str) -> ReviewLock:
    """For an operation that must write (`action`: "merge", …): the lock, or a
    ReviewFileError whose message says why not and that nothing was changed."""
    review_path = Path(review_path)
    blocked = _unwritable(review_path)
    if blocked == "file":
        raise ReadOnlyError(
            f"“{review_path.name}” is a read-only file, so Assay will not {action}. Nothing "
            "was changed; save a copy elsewhere to work on it.",
            review_path,
        )
    if blocked == "folder":
        raise ReadOnlyError(
            f"The folder holding “{review_path.name}” cannot be written to, so Assay will "
            f"not {action}. Nothing was changed; move it to a writable folder.",
            review_path,
        )
    try:
        return _acquire(review_path)
    except filelock.Timeout as exc:
        raise ReviewLockedError(
            f"“{review_path.name}” is open in an Assay window; close it there to {action}. "
            "Nothing was changed.",
            review_path,
        ) from exc
    except OSError as exc:
        raise LockFileError(
            f"{_lock_file_problem(review_path, exc)}, so Assay will not {action}. Nothing "
            "was changed. Remove that file (or ask its owner to) and try again.",
            review_path,
        ) from exc


def unwritable_reason(path: Path) -> str:
    """Why a review opened now is shown read-only, or "" if it can be changed."""
    path = Path(path)
    blocked = _unwritable(path)
    if blocked == "file":
        return (
            f"“{path.name}” is a read-only file, so it is shown read-only: "
            "changes cannot be saved. Save a copy elsewhere to work on it."
        )
    if blocked == "folder":
        return (
            f"The folder holding “{path.name}” cannot be written to, so the review is "
            "shown read-only. Move it to a writable folder to make changes."
        )
    return ""


def _unwritable(path: Path) -> str:
    """Which cannot be written, "file" or "folder" (the folder is what counts for a
    review not made yet), or "" if neither.

    Permission bits are checked as well as os.access() because os.access() says yes
    to root even for a file marked read-only. A read-only mount fails os.access().
    """
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        return "file"
    folder = path.absolute().parent
    if not folder.is_dir():
        raise ReviewFileError(f"The folder “{folder}” does not exist; nothing was changed.", path)
    if not os.access(folder, os.W_OK) or not folder.stat().st_mode & 0o222:
        return "folder"
    return ""


def _acquire(review_path: Path) -> ReviewLock:
    """Raises filelock.Timeout (held elsewhere) or OSError (no usable lock file)."""
    lock = filelock.FileLock(
        str(lock_path(review_path)),
        thread_local=False,
        fallback_to_soft=False,  # a soft lock outlives a crash
        is_singleton=False,
    )
    lock.acquire(timeout=0)
    # Holding the lock, no other Assay can be writing a backup of this review: any
    # temporary backup file still there is a killed process's, never to be trusted.
    sweep_partials(review_path)
    return ReviewLock(review_path, lock)


def _lock_file_problem(review_path: Path, exc: OSError) -> str:
    return (
        f"Assay cannot use the lock file “{lock_path(review_path).name}” "
        f"({exc.strerror or exc}) that stops two Assay windows from changing "
        f"“{review_path.name}” at once"
    )
