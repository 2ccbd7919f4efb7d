"""ReviewSession: the one object the UI talks to for an open review file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from assay.core.model import (
    AnnotationState,
    Block,
    DocumentInfo,
    ParsedDocument,
    Reviewer,
    SentenceRow,
    Span,
)
from assay.core.vocabulary import CONFIDENCE_RANGE, STATUS_DRAFT, STATUS_FINAL
from assay.services.errors import ReadOnlyError, ReviewFileError
from assay.services.importing import write_parsed
from assay.services.results import DocumentProgress, ImportResult, Progress
from assay.services.review_lock import ReviewLock, hold, try_lock, unwritable_reason
from assay.store import queries, writes
from assay.store.connection import transaction
from assay.store.created_files import CreatedFiles
from assay.store.review_file import create_review, inspect_review, open_review
from assay.store.revisions import stamp_local_edits
from assay.store.writes import CancelCallback, ProgressCallback

if TYPE_CHECKING:
    from assay.services.conflicts import Conflict
    from assay.services.evidence import EvidenceItem
    from assay.services.highlights import Highlight
    from assay.services.orphans import Orphan, Suggestion

Subscriber = Callable[[int, AnnotationState], None]


class ReviewSession:
    """An open review file, seen by one (local) reviewer.

    Every method that changes data runs exactly one transaction, so a crash
    loses at most the change in flight. A session opened read-only (file or
    folder not writable, or the file already open in another Assay process)
    answers every query but raises ReadOnlyError on any change; the reason is
    in `read_only_reason`, a sentence to show the reviewer.

    Not thread-safe: use it from one thread (the UI's). Background imports use
    `assay.services.importer.import_file`, which opens its own connection.
    """

    def __init__(
        self,
        path: Path,
        reviewer: Reviewer,
        conn: sqlite3.Connection,
        *,
        lock: ReviewLock | None,
        read_only_reason: str = "",
        created: CreatedFiles | None = None,
    ) -> None:
        self.path = path
        self.reviewer = reviewer
        self.read_only = bool(read_only_reason)
        self.read_only_reason = read_only_reason
        self._conn: sqlite3.Connection | None = conn
        self._lock = lock
        self._created = created  # the file `create` made, for `abandon`
        if not self.read_only:  # every edit made here is a revision of this installation
            stamp_local_edits(conn, reviewer.installation)
        self._subscribers: list[Subscriber] = []

    # -- opening and closing ------------------------------------------------

    @classmethod
    def create(cls, path: Path, reviewer: Reviewer) -> ReviewSession:
        path = Path(path)
        if path.exists():  # before the lock, which would leave a lock file beside it
            raise ReviewFileError(f"“{path}” already exists; choose another name.", path)
        lock = hold(path, action="create it")
        created = CreatedFiles()
        try:
            conn = create_review(path, created)
            session = cls(path, reviewer, conn, lock=lock, created=created)
            session._register_reviewer()
        except BaseException:
            created.remove_all()
            lock.release_after_failed_create()
            raise
        return session

    @classmethod
    def open(cls, path: Path, reviewer: Reviewer) -> ReviewSession:
        path = Path(path)
        version = inspect_review(path)  # refuse bad files before taking a lock or writing
        reason = unwritable_reason(path)
        lock = None
        if not reason:
            lock, reason = try_lock(path)
        try:
            conn = open_review(path, read_only=bool(reason), version=version)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        session = cls(path, reviewer, conn, lock=lock, read_only_reason=reason)
        if not session.read_only:
            session._register_reviewer()
        return session

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._lock is not None:
            self._lock.release()
        self._lock = None
        if self._created is not None:  # made by `create` and kept: no longer ours to undo
            self._created.keep_all()
            self._created = None

    def abandon(self) -> None:
        """Close, and delete the review if this session created it and the path still
        names that very file (a create whose follow-up work failed: `assay new` whose
        import met a full disk). A retry then starts from nothing."""
        created, self._created = self._created, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if created is not None:
            created.remove_all()
            if self._lock is not None:
                self._lock.release_after_failed_create()
        self.close()

    def __enter__(self) -> ReviewSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ReviewFileError(f"“{self.path}” has been closed.", self.path)
        return self._conn

    # -- documents ----------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return queries.documents(self.conn)

    def document_text(self, document_id: int) -> str:
        return queries.document_text(self.conn, document_id)

    def document_blocks(self, document_id: int) -> list[Block]:
        return queries.document_blocks(self.conn, document_id)

    def document_spans(self, document_id: int) -> list[Span]:
        return queries.document_spans(self.conn, document_id)

    def document_notes(self, document_id: int) -> list[str]:
        return queries.document_notes(self.conn, document_id)

    def import_parsed(
        self,
        parsed: ParsedDocument,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> int:
        self.check_writable()
        return write_parsed(
            self.conn, parsed, reviewer_id=self.reviewer.id, progress=progress, cancel=cancel
        )

    def import_file(
        self,
        source: Path,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> ImportResult:
        from assay.text.original_file import parse_keeping_original

        self.check_writable()
        parsed, original = parse_keeping_original(Path(source), progress=progress, cancel=cancel)
        document_id = write_parsed(
            self.conn, parsed, reviewer_id=self.reviewer.id, progress=progress, cancel=cancel,
            original=original,
        )  # fmt: skip
        return ImportResult(
            document_id, parsed.title, len(parsed.sentences), parsed.encoding, parsed.notes
        )

    # -- sentences and annotations -------------------------------------------

    def sentence_rows(self, reviewer_id: str | None = None) -> list[SentenceRow]:
        """Every sentence with the local reviewer's state, or another reviewer's."""
        return queries.sentence_rows(self.conn, reviewer_id or self.reviewer.id)

    def annotation(self, sentence_id: int) -> AnnotationState:
        return queries.annotation_state(self.conn, sentence_id, self.reviewer.id)

    def save_annotation(self, sentence_id: int, state: AnnotationState) -> AnnotationState:
        """Save the local reviewer's annotation; return the state it replaced.

        An empty state deletes the annotation. One transaction with its event.
        """
        self.check_writable()
        _validate(state)
        conn = self.conn
        with transaction(conn):
            before = queries.annotation_state(conn, sentence_id, self.reviewer.id)
            if before == state:
                return before
            # An emptied annotation that holds evidence stays (with an empty state),
            # so clearing a verdict never drops the evidence gathered for it.
            if state.is_empty and not self._has_evidence(sentence_id):
                writes.delete_annotation(
                    conn, sentence_id=sentence_id, reviewer_id=self.reviewer.id, before=before
                )
            else:
                location = queries.sentence_location(conn, sentence_id)
                if location is None:
                    raise KeyError(f"no sentence {sentence_id} in {self.path.name}")
                document_id, start, end = location
                anchor = _anchor(conn, document_id, start, end)
                writes.upsert_annotation(
                    conn,
                    sentence_id=sentence_id,
                    reviewer_id=self.reviewer.id,
                    state=state,
                    before=before,
                    anchor=anchor,
                )
        for callback in list(self._subscribers):
            callback(sentence_id, state)
        return before

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(sentence_id, new_state)` after each save; returns an unsubscribe."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    # -- orphans (annotations a new version of their document left behind) ----

    # -- evidence items on the local reviewer's annotation ------------------------

    def evidence(self, sentence_id: int) -> list[EvidenceItem]:
        from assay.services import evidence

        return evidence.items(self.conn, sentence_id, self.reviewer.id)

    def add_evidence(
        self,
        sentence_id: int,
        kind: str,
        value: str,
        locator: str = "",
        note: str = "",
        source: str = "",
    ) -> EvidenceItem:
        """Raises IdentifierError / ValueError (with a message) for a malformed item."""
        from assay.services import evidence

        self.check_writable()
        with transaction(self.conn):
            return evidence.add(
                self.conn, sentence_id, self.reviewer.id, kind, value, locator, note, source
            )

    def remove_evidence(self, evidence_id: str) -> EvidenceItem | None:
        from assay.services import evidence

        self.check_writable()
        with transaction(self.conn):
            return evidence.remove(self.conn, evidence_id, self.reviewer.id)

    def restore_evidence(self, item: EvidenceItem, sentence_id: int) -> EvidenceItem:
        from assay.services import evidence

        self.check_writable()
        with transaction(self.conn):
            return evidence.restore(self.conn, item, sentence_id, self.reviewer.id)

    # -- highlights: phrases of a sentence on the local reviewer's annotation ------

    def highlights(self, sentence_id: int) -> list[Highlight]:
        from assay.services import highlights

        return highlights.items(self.conn, sentence_id, self.reviewer.id)

    def document_highlights(self, document_id: int) -> list[Highlight]:
        from assay.services import highlights

        return highlights.of_document(self.conn, document_id, self.reviewer.id)

    def add_highlight(self, sentence_id: int, start: int, end: int) -> Highlight:
        """Raises HighlightError (with a message) for an empty phrase or one outside
        the sentence."""
        from assay.services import highlights

        self.check_writable()
        with transaction(self.conn):
            return highlights.add(self.conn, sentence_id, self.reviewer.id, start, end)

    def remove_highlight(self, highlight_id: str) -> Highlight | None:
        from assay.services import highlights

        self.check_writable()
        with transaction(self.conn):
            return highlights.remove(self.conn, highlight_id, self.reviewer.id)

    def restore_highlight(self, item: Highlight, sentence_id: int) -> Highlight:
        from assay.services import highlights

        self.check_writable()
        with transaction(self.conn):
            return highlights.restore(self.conn, item, sentence_id, self.reviewer.id)

    def _has_evidence(self, sentence_id: int) -> bool:
        """Evidence or highlights: what keeps an annotation whose state is emptied."""
        from assay.store import evidence_store, highlight_store

        return evidence_store.has_evidence(
            self.conn, sentence_id, self.reviewer.id
        ) or highlight_store.has_highlights(self.conn, sentence_id, self.reviewer.id)

    # services.orphans (and rapidfuzz) load only when orphans are asked for.

    def orphans(self, document_id: int | None = None) -> list[Orphan]:
        from assay.services import orphans

        return orphans.list_orphans(self.conn, document_id)

    def orphan_suggestions(self, orphan: Orphan) -> list[Suggestion]:
        from assay.services import orphans

        return orphans.suggestions(self.conn, orphan)

    def attach_orphan(self, orphan: Orphan, sentence_id: int) -> None:
        """Raises OrphanError when the sentence is elsewhere or already annotated."""
        from assay.services import orphans

        self.check_writable()
        with transaction(self.conn):
            orphans.attach(self.conn, orphan, sentence_id, self.reviewer.id)

    def discard_orphan(self, orphan: Orphan) -> None:
        from assay.services import orphans

        self.check_writable()
        with transaction(self.conn):
            orphans.discard(self.conn, orphan, self.reviewer.id)

    # -- conflicts a merge kept (services.conflicts) ---------------------------

    def conflicts(self) -> list[Conflict]:
        from assay.services import conflicts

        return conflicts.list_conflicts(self.conn)

    def settle_conflict(self, conflict_id: int, *, take_theirs: bool) -> None:
        """Keep our version or take theirs; raises ConflictError if already settled."""
        from assay.services import conflicts

        self.check_writable()
        settle = conflicts.take_theirs if take_theirs else conflicts.keep_ours
        with transaction(self.conn):
            settle(self.conn, conflict_id, self.reviewer.id)

    # -- progress, position, statistics --------------------------------------

    def progress(self) -> Progress:
        per_document = [
            DocumentProgress(*row) for row in queries.progress_counts(self.conn, self.reviewer.id)
        ]
        return Progress(
            reviewed=sum(d.reviewed for d in per_document),
            total=sum(d.total for d in per_document),
            per_document=per_document,
        )

    def last_position(self) -> int | None:
        return queries.last_position(self.conn, self.reviewer.id)

    def set_last_position(self, sentence_id: int | None) -> None:
        """Remember where the reviewer is; silently skipped when read-only."""
        if self.read_only:
            return
        with transaction(self.conn):
            writes.set_position(self.conn, self.reviewer.id, sentence_id)

    def stats(self) -> dict[str, object]:
        return queries.stats(self.conn, self.reviewer.id)

    def meta(self) -> dict[str, str]:
        return queries.meta(self.conn)

    # -- helpers -------------------------------------------------------------

    def _register_reviewer(self) -> None:
        with transaction(self.conn):
            writes.ensure_reviewer(self.conn, self.reviewer)

    def check_writable(self, what: str = "the change") -> None:
        """Refuse a write to a review opened read-only, saying what was not saved."""
        if self.read_only:
            raise ReadOnlyError(
                f"“{self.path.name}” is open read-only, so {what} was not saved. "
                + self.read_only_reason,
                self.path,
            )


def _validate(state: AnnotationState) -> None:
    """Catch programming errors before SQLite's CHECK turns them into IntegrityError.

    Vocabulary values are not checked: a review file may add labels of its own.
    """
    if state.status not in (STATUS_DRAFT, STATUS_FINAL):
        raise ValueError(f"status must be 'draft' or 'final', not {state.status!r}")
    if state.confidence is not None and state.confidence not in CONFIDENCE_RANGE:
        raise ValueError(f"confidence must be 1-5, not {state.confidence!r}")


def _anchor(
    conn: sqlite3.Connection, document_id: int, start: int, end: int
) -> tuple[str, str, str]:
    # substr() keeps the anchor cheap: no need to load a whole long document.
    margin = writes.QUOTE_CONTEXT
    lo = max(0, start - margin)
    row = conn.execute(
        "SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
        (lo + 1, end + margin - lo, document_id),
    ).fetchone()
    return writes.quote_anchor(row[0], start - lo, end - lo)
