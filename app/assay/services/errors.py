"""Errors the services raise; the store's file errors are re-exported here."""

from __future__ import annotations

from assay.store.errors import (
    CorruptReviewError,
    MissingReviewError,
    NewerSchemaError,
    NotAReviewError,
    ReadOnlyError,
    ReviewFileError,
    ReviewLockedError,
)


class DuplicateDocumentError(ReviewFileError):
    """The same text (same SHA-256) is already in the review."""

    def __init__(self, message: str, existing_id: int, existing_title: str) -> None:
        super().__init__(message)
        self.existing_id = existing_id
        self.existing_title = existing_title


__all__ = [
    "CorruptReviewError",
    "DuplicateDocumentError",
    "MissingReviewError",
    "NewerSchemaError",
    "NotAReviewError",
    "ReadOnlyError",
    "ReviewFileError",
    "ReviewLockedError",
]
