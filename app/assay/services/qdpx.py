"""REFI-QDA exchange: a review out as a `.qdpx` (and its codebook as a `.qdc`), and a
`.qdpx`'s coded text selections in as annotations (docs/EXPORTS.md, "REFI-QDA").

Export reads the review read-only and writes atomically; the same review and export
time give the same bytes. Import (`import_qdpx` through its own connection, holding the
review's lock as a merge does; `import_into` on a caller's connection) adds the project's
work under its own users as reviewers, in one transaction, and never changes an
annotation the review already holds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import assay
from assay.core.model import Reviewer
from assay.exchange.bundle_write import write_atomically
from assay.exchange.qdpx_export import (
    QdaAnnotation,
    QdaProject,
    QdaSource,
    QdaUser,
    codebook_xml,
    qdpx_bytes,
)
from assay.exchange.qdpx_import import QdaProjectRecord, QdpxError, read_qdpx
from assay.services.qdpx_placing import ImportCounts, place_project
from assay.services.review_lock import hold
from assay.store import qda_queries, queries
from assay.store.review_file import inspect_review, open_review
from assay.text.errors import Cancelled

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

__all__ = [
    "ImportCounts",
    "QdpxError",
    "QdpxExport",
    "export_codebook",
    "export_qdpx",
    "import_into",
    "import_qdpx",
]


@dataclass(frozen=True, slots=True)
class QdpxExport:
    path: Path
    size: int
    sources: int
    selections: int
    users: int


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def export_qdpx(
    review_path: Path,
    out_path: Path,
    *,
    reviewer: Reviewer,
    exported_at: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> QdpxExport:
    """Every document and everyone's annotations as a REFI-QDA project."""
    project = read_project(review_path, reviewer, exported_at or now_utc(), progress, cancel)
    _step(progress, cancel, 2, 4, "writing the project")
    data = qdpx_bytes(project, _checked(progress, cancel))
    _step(progress, cancel, 3, 4, "saving")
    write_atomically(Path(out_path), data, private=False)
    _step(progress, None, 4, 4, "done")
    return QdpxExport(Path(out_path), len(data), len(project.sources), len(project.annotations),
                      len(project.users))  # fmt: skip


def export_codebook(out_path: Path) -> int:
    """The codebook alone (`.qdc`): the same for every review. Returns its size."""
    data = codebook_xml().encode("utf-8")
    write_atomically(Path(out_path), data, private=False)
    return len(data)


def read_project(
    review_path: Path,
    reviewer: Reviewer,
    exported_at: str,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> QdaProject:
    _step(progress, cancel, 0, 4, "reading the review")
    conn = open_review(Path(review_path), read_only=True)
    try:
        meta = queries.meta(conn)
        documents = qda_queries.documents(conn)
        rows = qda_queries.annotation_rows(conn)
        names = qda_queries.reviewer_names(conn)
    finally:
        conn.close()
    _step(progress, cancel, 1, 4, "reading annotations")
    annotations = [
        QdaAnnotation(
            row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])), bool(row[6]),
            *row[7:],
        )
        for row in rows
    ]  # fmt: skip
    names.setdefault(reviewer.id, reviewer.name)
    user_ids = sorted({a.reviewer_id for a in annotations} | {reviewer.id})
    return QdaProject(
        review_id=meta.get("review_id", ""),
        name=Path(review_path).stem,
        origin=f"Assay {assay.__version__}",
        exporter_id=reviewer.id,
        users=[QdaUser(rid, names.get(rid, rid)) for rid in user_ids],
        sources=[
            QdaSource(sha, title, text, imported) for _, sha, title, _, text, imported in documents
        ],  # fmt: skip
        annotations=annotations,
        created=meta.get("created", exported_at),
        exported_at=exported_at,
    )


def import_qdpx(
    review_path: Path,
    qdpx_path: Path,
    *,
    reviewer: Reviewer,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportCounts:
    """Read a `.qdpx` and add its work to the review (its own connection and lock):
    refused while the review is open in a window, with nothing changed."""
    project = read_qdpx(Path(qdpx_path))
    review_path = Path(review_path)
    version = inspect_review(review_path)
    with hold(review_path, action="import a REFI-QDA project into it"):
        conn = open_review(review_path, read_only=False, version=version)
        try:
            return import_into(conn, project, reviewer=reviewer, progress=progress,
                               cancel=cancel)  # fmt: skip
        finally:
            conn.close()


def import_into(
    conn: sqlite3.Connection,
    project: QdaProjectRecord,
    *,
    reviewer: Reviewer,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportCounts:
    """`project`'s coded selections as annotations, in one transaction on `conn`."""
    return place_project(conn, project, reviewer=reviewer, check=_checked(progress, cancel))


def _checked(progress: Progress | None, cancel: Cancel | None) -> Progress:
    def check(done: int, total: int, stage: str) -> None:
        _step(progress, cancel, done, total, stage)

    return check


def _step(progress: Progress | None, cancel: Cancel | None, done: int, total: int,
          stage: str) -> None:  # fmt: skip
    if cancel is not None and cancel():
        raise Cancelled()
    if progress is not None:
        progress(done, total, stage)
