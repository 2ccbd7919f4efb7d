"""Replacing a document with an edited version: every annotation re-attaches to its
sentence (text.reanchor), or becomes an orphan the reviewer settles by hand.

Runs on any thread with its own connection (like services.importer), in one
transaction: a cancel or an error leaves the review as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assay.core.model import ParsedDocument, Reviewer
from assay.services.errors import DuplicateDocumentError, ReviewFileError
from assay.store import highlight_store, queries, version_queries, version_writes, writes
from assay.store.connection import transaction
from assay.store.exchange_writes import ANNOTATION_COLUMNS
from assay.store.review_file import open_review
from assay.store.writes import CancelCallback, ProgressCallback
from assay.text.errors import Cancelled
from assay.text.phrase_anchor import place_phrase
from assay.text.reanchor import Anchor, Placement, reanchor

_ID, _REVIEWER, _MODIFIED = 0, 2, ANNOTATION_COLUMNS.index("modified")
_QUOTE = ANNOTATION_COLUMNS.index("quote_exact")


class SameVersionError(ReviewFileError):
    """The "new" version has exactly the text the document already has."""


@dataclass(frozen=True, slots=True)
class ReplaceResult:
    document_id: int
    title: str
    old_sha256: str
    new_sha256: str
    sentence_count: int
    reattached: dict[str, int] = field(default_factory=dict)  # position / quote / fuzzy
    orphaned: int = 0
    decisions_dropped: int = 0  # adjudicated decisions whose sentence is gone
    highlights_dropped: int = 0  # phrases not found again (or on an orphaned annotation)

    def summary(self) -> str:
        placed = ", ".join(f"{count:,} by {method}" for method, count in self.reattached.items())
        text = f"re-attached {placed or 'none'}"
        if self.orphaned:
            text += f"; {self.orphaned:,} orphaned (Document ▸ Orphaned annotations)"
        if self.decisions_dropped:
            text += f"; {self.decisions_dropped:,} decision(s) dropped"
        if self.highlights_dropped:
            text += f"; {self.highlights_dropped:,} highlight(s) not found again, dropped"
        return text


def replace_document(
    review_path: Path,
    document_id: int,
    source: Path,
    *,
    reviewer: Reviewer,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ReplaceResult:
    """Parse `source` and make it the document's new version (a PDF is kept as the
    new version's original, so its pages show)."""
    from assay.services.originals import keep_original
    from assay.text.original_file import parse_keeping_original

    parsed, original = parse_keeping_original(Path(source), progress=progress, cancel=cancel)
    conn = open_review(Path(review_path), read_only=False)
    try:
        with transaction(conn):
            writes.ensure_reviewer(conn, reviewer)
            result = apply_version(
                conn, document_id, parsed, reviewer_id=reviewer.id, progress=progress, cancel=cancel
            )
            if original is not None:
                keep_original(conn, document_id, original, parsed.sha256)
            if cancel is not None and cancel():
                raise Cancelled()  # last chance before COMMIT
    finally:
        conn.close()
    return result


def apply_version(
    conn: sqlite3.Connection,
    document_id: int,
    parsed: ParsedDocument,
    *,
    reviewer_id: str,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ReplaceResult:
    """The replacement inside the caller's transaction."""
    row = conn.execute(
        "SELECT sha256, title, text FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        raise ReviewFileError(f"This review has no document {document_id}.")
    old_sha, old_title, old_text = row
    if parsed.title == Path(parsed.source_name).stem:
        # The new text has no title of its own (only its file name): a new version of a
        # document keeps the name the reviewers know it by.
        parsed = replace(parsed, title=old_title)
    if parsed.sha256 == old_sha:
        raise SameVersionError(
            f"“{parsed.source_name}” has the same text as “{old_title}”: nothing to replace."
        )
    other = queries.document_by_sha256(conn, parsed.sha256)
    if other is not None:
        raise DuplicateDocumentError(
            f"“{parsed.source_name}” is already in this review as “{other.title}”.",
            other.id,
            other.title,
        )
    annotations = version_queries.annotations_with_offsets(conn, document_id)
    decisions = version_queries.adjudications_with_offsets(conn, document_id)
    anchors = [
        Anchor(annotation[_ID], start, end, *annotation[_QUOTE : _QUOTE + 3])
        for annotation, start, end in annotations
    ] + [
        Anchor(decision[0], start, end, *writes.quote_anchor(old_text, start, end))
        for decision, start, end in decisions
    ]
    spans = [(s.start, s.end) for s in parsed.sentences]
    placements = reanchor(
        anchors, parsed.text, spans, old_text=old_text, check=_checker(progress, cancel)
    )
    version_writes.replace_text(conn, document_id, parsed, progress=progress, cancel=cancel)
    sentence_ids = version_queries.sentence_ids(conn, document_id)
    kept, orphans = _settle([a for a, _, _ in annotations], placements[: len(annotations)])
    version_writes.move_annotations(
        conn,
        [
            (key, sentence_ids[index], *writes.quote_anchor(parsed.text, *spans[index]))
            for key, index in kept
        ],
    )
    now = writes.now_iso()
    highlights_dropped = _move_highlights(
        conn, document_id, annotations, kept, spans, parsed.text, now
    )
    version_writes.orphan_annotations(conn, orphans, document_id, now)
    decision_moves = _decision_moves(decisions, placements[len(annotations) :], sentence_ids)
    version_writes.move_adjudications(conn, decision_moves)
    version_writes.drop_old_sentences(conn, document_id)  # and the decisions left on them
    counts: dict[str, int] = {}  # of the annotations that stayed attached
    kept_ids = {key for key, _ in kept}
    for (annotation, _, _), placement in zip(annotations, placements, strict=False):
        if placement.method is not None and annotation[_ID] in kept_ids:
            counts[placement.method.value] = counts.get(placement.method.value, 0) + 1
    result = ReplaceResult(
        document_id, parsed.title, old_sha, parsed.sha256, len(parsed.sentences),
        counts, len(orphans), len(decisions) - len(decision_moves), highlights_dropped,
    )  # fmt: skip
    writes.log_event(
        conn,
        reviewer_id=reviewer_id,
        action="replace",
        entity="document",
        entity_id=str(document_id),
        before=json.dumps({"sha256": old_sha, "title": old_title}, ensure_ascii=False),
        after=json.dumps(
            {
                "sha256": parsed.sha256,
                "title": parsed.title,
                "reattached": counts,
                "orphaned": [o[_ID] for o in orphans],
                "decisions_dropped": result.decisions_dropped,
                "highlights_dropped": highlights_dropped,
            },
            ensure_ascii=False,
        ),  # fmt: skip
    )
    return result


def _move_highlights(
    conn: sqlite3.Connection,
    document_id: int,
    annotations: Sequence[tuple[tuple[Any, ...], int, int]],
    kept: Sequence[tuple[str, int]],
    spans: Sequence[tuple[int, int]],
    new_text: str,
    now: str,
) -> int:
    """Place every highlight again inside the new sentence of its annotation, by its
    quote and context (text.phrase_anchor); drop those not found and those of
    annotations left orphaned. Returns how many were dropped."""
    rows = highlight_store.highlights_of_document(conn, document_id)
    if not rows:
        return 0
    old_start = {annotation[_ID]: start for annotation, start, _ in annotations}
    new_span = {key: spans[index] for key, index in kept}
    moves, dropped = [], []
    for hid, annotation_id, start, _end, exact, prefix, suffix, _created, _modified in rows:
        span = new_span.get(annotation_id)
        placed = (
            None
            if span is None
            else place_phrase(
                new_text, span, exact, prefix, suffix,
                offset_in_sentence=start - old_start.get(annotation_id, start),
            )
        )  # fmt: skip
        if placed is None:
            dropped.append(hid)
        else:
            moves.append((hid, *placed, *writes.quote_anchor(new_text, *placed), now))
    highlight_store.move_highlights(conn, moves)
    highlight_store.delete_highlights(conn, dropped)
    return len(dropped)


def _settle(
    annotations: Sequence[tuple[Any, ...]], placements: Sequence[Placement]
) -> tuple[list[tuple[str, int]], list[tuple[Any, ...]]]:
    """(annotation id, sentence index) to keep, and the rows to orphan.

    One reviewer has one annotation per sentence: when two of theirs land on the same
    new sentence (two sentences merged into one), the newer edit stays there and the
    other waits among the orphans for the reviewer to decide.
    """
    chosen: dict[tuple[int, str], tuple[Any, ...]] = {}
    orphans: list[tuple[Any, ...]] = []
    for row, placement in zip(annotations, placements, strict=True):
        if placement.sentence is None:
            orphans.append(row)
            continue
        slot = (placement.sentence, row[_REVIEWER])
        rival = chosen.get(slot)
        if rival is not None and rival[_MODIFIED] >= row[_MODIFIED]:
            orphans.append(row)
            continue
        if rival is not None:
            orphans.append(rival)
        chosen[slot] = row
    return [(row[_ID], slot[0]) for slot, row in chosen.items()], orphans


def _decision_moves(
    decisions: Sequence[tuple[tuple[Any, ...], int, int]],
    placements: Sequence[Placement],
    sentence_ids: Sequence[int],
) -> list[tuple[str, int]]:
    """One decision per sentence: the newer wins where two land together."""
    chosen: dict[int, tuple[str, str]] = {}  # sentence index -> (modified, id)
    for (decision, _, _), placement in zip(decisions, placements, strict=True):
        if placement.sentence is None:
            continue
        candidate = (decision[-1], decision[0])
        if placement.sentence not in chosen or chosen[placement.sentence] < candidate:
            chosen[placement.sentence] = candidate
    return [(key, sentence_ids[index]) for index, (_, key) in chosen.items()]


def _checker(progress: ProgressCallback | None, cancel: CancelCallback | None):
    def check(done: int, total: int, stage: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done, total, stage)

    return check
