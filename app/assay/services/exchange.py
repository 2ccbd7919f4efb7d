"""Exporting bundles and merging them into a review: the orchestration.

The format lives in `assay.exchange`, the SQL in `assay.store.exchange_*`. A merge
reads and validates every bundle before the review is touched, backs the review up,
then applies everything in one transaction.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import assay
from assay.core.bulk import gc_paused
from assay.core.model import Reviewer
from assay.exchange.bundle_format import BundleAnnotation, BundleError
from assay.exchange.bundle_read import read_bundle
from assay.exchange.bundle_write import (
    DocumentEntry,
    build_members,
    write_atomically,
    zip_bytes,
)
from assay.exchange.merge_plan import MergePlan
from assay.exchange.merge_plan import plan_merge as compute_plan
from assay.exchange.ownership import LocalIdentity
from assay.services import exchange_rows as rows
from assay.services.review_lock import ReviewLock, hold
from assay.store import (
    exchange_queries,
    exchange_writes,
    export_queries,
    highlight_store,
    version_writes,
    writes,
)
from assay.store.backup_files import finish_backup, start_backup
from assay.store.connection import (
    connect_read_only,
    connect_writable,
    transaction,
    translate_error,
    widen_cache,
)
from assay.store.created_files import CreatedFiles
from assay.store.review_file import create_review, inspect_review, open_review
from assay.store.revisions import revive

ProgressCallback = Callable[[int, int, str], None]

__all__ = [
    "BundleError",
    "ExportResult",
    "MergePlan",
    "MergeResult",
    "export_bundle",
    "merge_bundles",
    "plan_merge",
    "restore_backup",
]


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    size: int
    documents: int
    annotations: int


@dataclass(frozen=True, slots=True)
class MergeResult:
    plan: MergePlan
    backup: Path | None  # None when nothing changed (or the review was new)
    created: bool  # the review did not exist and was made from the bundles


def export_bundle(
    review_path: Path,
    out_path: Path,
    *,
    reviewer: Reviewer,
    documents: Sequence[int] | None = None,
    everyone: bool = True,
    progress: ProgressCallback | None = None,
) -> ExportResult:
    """Write the documents (all, or those ids) and annotations (everyone's, or the
    reviewer's) as a bundle; the same content always gives the same bytes."""
    with gc_paused():
        return _export(review_path, out_path, reviewer, documents, everyone, progress)


def _export(
    review_path: Path,
    out_path: Path,
    reviewer: Reviewer,
    documents: Sequence[int] | None,
    everyone: bool,
    progress: ProgressCallback | None,
) -> ExportResult:
    review_path, out_path = Path(review_path), Path(out_path)
    conn = open_review(review_path, read_only=True)
    try:
        document_rows = exchange_queries.document_rows(conn, documents)
        if documents is not None:
            missing = set(documents) - {row[0] for row in document_rows}
            if missing:
                raise BundleError(
                    f"“{review_path.name}” has no document {', '.join(map(str, sorted(missing)))}."
                )
        _report(progress, 1, 4, "reading documents")
        exported = [  # document_rows: id, sha256, title, source_name, format, encoding, text
            DocumentEntry(*row[1:5], row[6], *export_queries.structure_record(conn, row[0]))
            for row in document_rows
        ]
        _report(progress, 2, 4, "reading annotations")
        records = export_queries.annotation_records(
            conn,
            [row[0] for row in document_rows] if documents is not None else None,
            None if everyone else reviewer.id,
        )
        names = exchange_queries.reviewer_names(conn)
    finally:
        conn.close()
    names.setdefault(reviewer.id, reviewer.name)
    reviewers = {rid: names[rid] for rid in records.reviewers | {reviewer.id}}
    _report(progress, 3, 4, "writing")
    stamps = [
        stamp
        for stamp in (records.latest_modified, records.latest_evidence, records.latest_highlight)
        if stamp
    ]
    members = build_members(
        app_version=assay.__version__,
        reviewer=(reviewer.id, names[reviewer.id]),
        installation=reviewer.installation,
        scope=("all" if documents is None else "current", "everyone" if everyone else "mine"),
        documents=exported,
        reviewers=reviewers,
        annotation_lines=records.lines,
        evidence_lines=records.evidence_lines,
        created=max(stamps, default=None),
        evidence_sourced=records.evidence_sourced,
        highlight_lines=records.highlight_lines,
    )
    data = zip_bytes(members)
    write_atomically(out_path, data)
    _report(progress, 4, 4, "done")
    return ExportResult(out_path, len(data), len(exported), len(records.lines))


def plan_merge(
    review_path: Path,
    bundle_paths: Sequence[Path],
    *,
    reviewer: Reviewer,
    paired: Collection[str] = (),
) -> MergePlan:
    """The dry run: what merging would do. Never writes (the review may not exist yet).

    `paired`: the installations the reviewer confirmed as their own other computers
    (config.paired_installations()); only they and this one may change the reviewer's work.
    """
    with gc_paused():
        return _plan(Path(review_path), bundle_paths, local_identity(reviewer, paired))


def local_identity(reviewer: Reviewer, paired: Collection[str] = ()) -> LocalIdentity:
    return LocalIdentity(reviewer.id, frozenset({reviewer.installation, *paired}) - {""})


def _plan(review_path: Path, bundle_paths: Sequence[Path], local: LocalIdentity) -> MergePlan:
    bundles = [read_bundle(Path(path)) for path in bundle_paths]
    review_path = Path(review_path)
    if not review_path.exists():
        return compute_plan(rows.load_snapshot(None, bundles), bundles, local)
    conn = open_review(review_path, read_only=True)
    try:
        return compute_plan(rows.load_snapshot(conn, bundles), bundles, local)
    finally:
        conn.close()


def merge_bundles(
    review_path: Path,
    bundle_paths: Sequence[Path],
    *,
    reviewer: Reviewer,
    paired: Collection[str] = (),
    progress: ProgressCallback | None = None,
) -> MergeResult:
    """Validate every bundle, back the review up, apply all in one transaction.

    A review that does not exist is created (a lead sending documents out). Nothing is
    written, and no backup made, when the bundles hold nothing new.
    """
    with gc_paused():
        return _merge(Path(review_path), bundle_paths, reviewer, paired, progress)


def _merge(
    review_path: Path,
    bundle_paths: Sequence[Path],
    reviewer: Reviewer,
    paired: Collection[str],
    progress: ProgressCallback | None,
) -> MergeResult:
    created = not review_path.exists()
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The review's integrity check (SQLite's quick_check: C code, off the GIL; 0.17 s
        # at 100k annotations) runs on the other core while the bundles are read.
        inspected = None if created else pool.submit(inspect_review, review_path)
        bundles = [read_bundle(Path(path)) for path in bundle_paths]
    _report(progress, 1, 4, "validated")
    lock = _lock(review_path)
    made = CreatedFiles()  # what this merge makes (review, backup): removed if it fails
    try:
        if inspected is None:
            conn = create_review(review_path, made)
        else:
            conn = open_review(review_path, read_only=False, version=inspected.result())
        widen_cache(conn)
        try:
            snapshot = rows.load_snapshot(None if created else conn, bundles)
            existing_ids = set(snapshot.annotations)
            plan = compute_plan(snapshot, bundles, local_identity(reviewer, paired))
            _report(progress, 2, 4, "planned")
            backup = None
            if plan.changes_anything or created:
                _report(progress, 3, 4, "merging")
                backup = _apply_backed_up(
                    conn, None if created else review_path, plan, existing_ids, reviewer, made
                )
        finally:
            conn.close()
    except BaseException:
        # By identity: a review another program put at this path meanwhile stays.
        made.remove_all()
        if created:
            lock.release_after_failed_create()
        raise
    finally:
        made.keep_all()  # what a successful merge made stays (after a failure: nothing)
        _release(lock)
    _report(progress, 4, 4, "done")
    return MergeResult(plan, backup, created)


def restore_backup(review_path: Path, backup_path: Path) -> None:
    """Undo a merge: copy the backup over the review (SQLite backup API, in place)."""
    review_path, backup_path = Path(review_path), Path(backup_path)
    inspect_review(backup_path)
    lock = _lock(review_path)
    try:
        source = connect_read_only(backup_path)
        try:
            target = connect_writable(review_path, create=not review_path.exists())
            try:
                source.backup(target)  # one transaction on the review: all or nothing
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        translated = translate_error(exc, review_path)
        if translated is exc:
            raise
        raise translated from exc
    finally:
        _release(lock)


def backup_name(review_path: Path, when: datetime) -> Path:
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return review_path.with_name(f"{review_path.stem}.before-merge-{stamp}.assay")


def _apply_backed_up(
    conn: sqlite3.Connection,
    review_path: Path | None,
    plan: MergePlan,
    existing_ids: set[str],
    reviewer: Reviewer,
    made: CreatedFiles,
) -> Path | None:
    """Apply the plan in one transaction that commits only once a verified copy of the
    review as it was is in place (`backup_files`; none when `review_path` is None, a
    review this merge made).

    The copy is taken first; syncing and checking it (0.5 s at 100,000 annotations)
    runs on the other core while the plan is written. A backup that fails rolls the
    merge back. The backup is recorded in `made`, so a merge failing later removes it.
    """
    if review_path is None:
        with transaction(conn):
            writes.ensure_reviewer(conn, reviewer)
            _apply(conn, plan, existing_ids, reviewer)
        return None
    target = backup_name(review_path, datetime.now(UTC))
    pending = start_backup(conn, review_path, target, replace=False)
    with ThreadPoolExecutor(max_workers=1) as pool:
        finishing = pool.submit(finish_backup, pending)
        try:
            with transaction(conn):
                writes.ensure_reviewer(conn, reviewer)
                _apply(conn, plan, existing_ids, reviewer)
                backup = finishing.result()  # raises (and the merge rolls back) if bad
        except BaseException:
            # The merge failed: a backup finished meanwhile goes with it (by `made`).
            with contextlib.suppress(BaseException):
                made.add(finishing.result())
            raise
    made.add(backup)
    return backup.path


def _apply(
    conn: sqlite3.Connection, plan: MergePlan, existing_ids: set[str], reviewer: Reviewer
) -> None:
    """Write the plan. Only the final state of each annotation is written (a later
    bundle may update an earlier one's), but every change gets its event."""
    for document in plan.new_documents:
        writes.insert_document(conn, rows.parsed_document(document), reviewer_id=reviewer.id)
    exchange_writes.insert_reviewers(conn, plan.new_reviewers.items())
    final: dict[str, BundleAnnotation] = {}
    events = []
    now = writes.now_iso()
    for change in plan.changes:
        final[change.theirs.id] = change.theirs
        events.append(
            (
                now, reviewer.id, "merge", "annotation", change.theirs.id,
                rows.state_json(change.ours), rows.state_json(change.theirs, change.bundle),
            )
        )  # fmt: skip
    sentence_ids = _sentence_ids(conn, {a.document for a in final.values()})
    inserts, updates = [], []
    for annotation in final.values():
        row = rows.annotation_to_row(
            annotation, sentence_ids[(annotation.document, annotation.ordinal)]
        )
        (updates if annotation.id in existing_ids else inserts).append(row)
    exchange_writes.update_annotations(conn, updates)
    exchange_writes.insert_annotations(conn, inserts)
    exchange_writes.insert_evidence(conn, [rows.evidence_to_row(item) for item in plan.evidence])
    revive(conn, "annotation", [row[0] for row in inserts])
    revive(conn, "evidence", [item.id for item in plan.evidence])
    highlight_store.insert_highlights(conn, [rows.highlight_to_row(h) for h in plan.highlights])
    exchange_writes.insert_conflicts(conn, [rows.conflict_row(c, now) for c in plan.conflicts])
    events.extend(_write_orphans(conn, plan, reviewer, now))
    exchange_writes.log_events(conn, events)


def _write_orphans(
    conn: sqlite3.Connection, plan: MergePlan, reviewer: Reviewer, now: str
) -> list[tuple[str | None, ...]]:
    """Annotations of an earlier version that found no sentence in the current one go
    to the document's orphans with their evidence; return their events."""
    if not plan.orphans:
        return []
    ids = exchange_queries.document_ids_by_sha(conn)
    version_writes.insert_orphans(
        conn,
        [
            (
                *rows.annotation_to_row(o.theirs, ids[o.document]),
                rows.evidence_json(o.evidence),
                now,
            )
            for o in plan.orphans
        ],
    )
    after = [rows.state_json(o.theirs, o.bundle, orphaned=True) for o in plan.orphans]
    return [
        (now, reviewer.id, "merge", "annotation", o.theirs.id, None, state)
        for o, state in zip(plan.orphans, after, strict=True)
    ]


def _sentence_ids(conn: sqlite3.Connection, shas: set[str]) -> dict[tuple[str, int], int]:
    ids = exchange_queries.document_ids_by_sha(conn)
    result: dict[tuple[str, int], int] = {}
    for sha in shas:
        for ordinal, (sentence_id, _, _) in exchange_queries.sentence_ids(conn, ids[sha]).items():
            result[(sha, ordinal)] = sentence_id
    return result


def _lock(review_path: Path) -> ReviewLock:
    """The same OS lock a writable ReviewSession holds: no merge under an open window,
    nor in a read-only place or without a usable lock file (`review_lock`)."""
    return hold(review_path, action="merge or restore")


def _release(lock: ReviewLock) -> None:
    lock.release()


def _report(progress: ProgressCallback | None, done: int, total: int, stage: str) -> None:
    if progress is not None:
        progress(done, total, stage)
