"""The read-only preview the window paints first: right place, never a write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from assay.core.model import Reviewer
from assay.services.preview import read_preview
from assay.services.session import ReviewSession


def test_preview_shows_where_the_reviewer_stopped(tmp_review: Path, reviewer: Reviewer):
    with ReviewSession.open(tmp_review, reviewer) as session:
        rows = session.sentence_rows()
        target = rows[5]
        session.save_annotation(rows[2].id, rows[2].state.with_changes(verdict="overstated"))
        session.set_last_position(target.id)
    preview = read_preview(tmp_review, reviewer)
    assert preview is not None
    assert preview.sentence_id == target.id
    assert preview.document_id == target.document_id
    assert preview.text[target.start : target.end] == target.text
    verdicts = {sentence_id: verdict for sentence_id, _s, _e, verdict in preview.sentences}
    assert verdicts[rows[2].id] == "overstated"
    assert len(preview.sentences) == len(rows)


def test_preview_writes_nothing(tmp_review: Path, reviewer: Reviewer):
    before = tmp_review.read_bytes()
    assert read_preview(tmp_review, reviewer) is not None
    assert tmp_review.read_bytes() == before


def test_no_preview_for_files_that_will_not_open(tmp_path: Path, tmp_review: Path, reviewer):
    text_file = tmp_path / "notes.assay"
    text_file.write_text("not a database", encoding="utf-8")
    assert read_preview(text_file, reviewer) is None
    assert read_preview(tmp_path / "missing.assay", reviewer) is None
    conn = sqlite3.connect(tmp_review)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    assert read_preview(tmp_review, reviewer) is None  # from a newer Assay
