"""Errors about review files. `str(e)` is a message a reviewer can act on."""

from __future__ import annotations

import errno
from pathlib import Path


class ReviewFileError(Exception):
    """A review file cannot be used as asked. The message names the file."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class MissingReviewError(ReviewFileError):
    """The review file does not exist."""


class NotAReviewError(ReviewFileError):
    """Not SQLite at all, or SQLite written by another application."""


class NewerSchemaError(ReviewFileError):
    """Written by a newer Assay; opening it here could lose data."""


class CorruptReviewError(ReviewFileError):
    """SQLite reports damage. The file is left exactly as it is."""


class ReviewLockedError(ReviewFileError):
    """The file is busy in another process and the operation cannot wait."""


class ReadOnlyError(ReviewFileError):
    """A change was attempted on a review opened read-only."""


class DiskFullError(ReviewFileError):
    """The disk (or the user's quota) is full; the change was rolled back."""


class BackupError(ReviewFileError):
    """A backup could not be written or did not verify; the operation stopped first."""


class LockFileError(ReviewFileError):
    """The review's `.lock` file cannot be created or opened (another user's, odd file system)."""


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def disk_full(path: Path | str) -> DiskFullError:
    return DiskFullError(
        f"The disk holding “{path}” is full; free some space and try again. Nothing was changed.",
        path,
    )


def not_writable(path: Path | str) -> ReadOnlyError:
    return ReadOnlyError(
        f"“{path}” cannot be written to (the file, its folder or the disk is read-only); "
        "nothing was changed. Copy it to a writable folder to change it.",
        path,
    )


def file_error(exc: OSError, path: Path | str) -> ReviewFileError:
    """An OSError met while writing `path`, as a message (disk full, read-only, other)."""
    if exc.errno in _DISK_FULL:
        return disk_full(path)
    if exc.errno in _NOT_WRITABLE:
        return not_writable(path)
    return ReviewFileError(
        f"“{path}” could not be written ({exc.strerror or exc}); nothing was changed.", path
    )
