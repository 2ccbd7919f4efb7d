"""Errors about review files. `str(e)` is a message a reviewer can act on."""

from __future__ import annotations

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
