"""Renaming and removing documents (services/documents.py) on real review files, the
undo of a removal, and what a later merge of a bundle that still holds one does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assay.core.model import AnnotationState, Reviewer
from assay.services import documents
from assay.services.errors import ReadOnlyError
from assay.services.exchange import export_bundle, merge_bundles, plan_merge
from assay.services.session import ReviewSession
from support import REPO

SEEDS = sorted((REPO / "seeds").glob("*.txt"))
# What an undo must put back exactly; the log, tombstones and removals are history.
HISTORY = {"events", "tombstones", "removed_documents", "_sqlite_migrations", "sqlite_sequence"}
BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob", "")


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] not in HISTORY
    ]
    return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}


@pytest.fixture
def two_documents(tmp_path: Path, reviewer: Reviewer) -> Path:
    """Both seeds; the second annotated by two reviewers, with evidence and a decision."""
    path = tmp_path / "two.assay"
    with ReviewSession.create(path, reviewer) as session:
        for seed in SEEDS:
            session.import_file(seed)
        second = session.documents()[1].id
        rows = [r for r in session.sentence_rows() if r.document_id == second][:5]
        for n, row in enumerate(rows):
            session.save_annotation(row.id, AnnotationState(verdict="supported", confidence=n + 1))
        session.add_evidence(rows[0].id, "doi", "10.1000/xyz123", "", "a note")
        session.set_last_position(rows[2].id)
    with ReviewSession.open(path, BOB) as session:
        session.save_annotation(rows[1].id, AnnotationState(verdict="overstated"))
    return path


def test_rename_changes_only_the_title_and_is_logged(tmp_review: Path, reviewer: Reviewer) -> None:
    with ReviewSession.open(tmp_review, reviewer) as session:
        document = session.documents()[0]
        before = dump(session.conn)
        old = documents.rename_document(session, document.id, "  Magnesium   white paper ")
        assert old == document.title
        after = dump(session.conn)
        renamed = session.documents()[0]
        assert renamed.title == "Magnesium white paper" and renamed.sha256 == document.sha256
        assert {t for t in after if after[t] != before[t]} == {"documents"}
        event = session.conn.execute(
            "SELECT action, entity_id FROM events WHERE action = 'rename'"
        ).fetchone()
        assert event == ("rename", str(document.id))
        with pytest.raises(ValueError, match="cannot be empty"):
            documents.rename_document(session, document.id, "   ")


def test_find_document_by_id_or_title(two_documents: Path, reviewer: Reviewer) -> None:
    with ReviewSession.open(two_documents, reviewer) as session:
        first, second = session.documents()
        assert documents.find_document(session, str(second.id)) == second
        assert documents.find_document(session, first.title.upper()) == first
        with pytest.raises(documents.DocumentNotFoundError, match="Its documents"):
            documents.find_document(session, "no such title")


def test_remove_then_restore_puts_back_every_row(two_documents: Path, reviewer: Reviewer) -> None:
    with ReviewSession.open(two_documents, reviewer) as session:
        second = session.documents()[1]
        before = dump(session.conn)
        summary = documents.removal_summary(session, second.id)
        assert (summary.annotations, summary.reviewers, summary.evidence) == (6, 2, 1)
        assert summary.describe() == "6 annotations by 2 reviewers, 1 evidence item"
        rows = documents.remove_document(session, second.id)
        assert [d.id for d in session.documents()] == [session.documents()[0].id]
        left = session.conn.execute(
            "SELECT count(*) FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
            "WHERE s.document_id = ?",
            (second.id,),
        ).fetchone()[0]
        assert left == 0 and session.conn.execute("SELECT count(*) FROM evidence").fetchone() == (
            0,
        )
        documents.restore_document(session, rows)
        assert dump(session.conn) == before
        assert session.conn.execute("SELECT count(*) FROM removed_documents").fetchone() == (0,)
        actions = [r[0] for r in session.conn.execute(
            "SELECT action FROM events WHERE entity = 'document' ORDER BY id")]  # fmt: skip
        assert actions[-2:] == ["remove", "restore"]
    with ReviewSession.open(two_documents, reviewer) as session:  # and it stays so
        assert dump(session.conn) == before


def test_read_only_session_refuses(two_documents: Path, reviewer: Reviewer) -> None:
    with (
        ReviewSession.open(two_documents, reviewer),
        ReviewSession.open(two_documents, reviewer) as second_window,
    ):
        assert second_window.read_only
        document = second_window.documents()[0]
        with pytest.raises(ReadOnlyError):
            documents.remove_document(second_window, document.id)
        with pytest.raises(ReadOnlyError):
            documents.rename_document(second_window, document.id, "x")


def test_a_later_merge_skips_a_removed_document_and_says_so(
    two_documents: Path, reviewer: Reviewer, tmp_path: Path
) -> None:
    bundle = tmp_path / "all.assaybundle"
    export_bundle(two_documents, bundle, reviewer=reviewer)
    with ReviewSession.open(two_documents, reviewer) as session:
        second = session.documents()[1]
        documents.remove_document(session, second.id)
        after_removal = dump(session.conn)
    plan = plan_merge(two_documents, [bundle], reviewer=reviewer)
    removed_rows = [row for row in plan.rows if row.document_status == "removed"]
    assert {row.title for row in removed_rows} == {second.title}
    assert plan.skipped() == 6 and "skipped" in plan.kinds()
    assert plan.removed_notes() == [
        f"Skipped 6 annotations on “{second.title}”, a document you removed from this "
        "review (import the document again to merge them)."
    ]
    assert not plan.changes_anything  # nothing else is new: no backup, no write
    merge_bundles(two_documents, [bundle], reviewer=reviewer)
    with ReviewSession.open(two_documents, reviewer) as session:
        assert dump(session.conn) == after_removal


def test_importing_the_text_again_forgets_the_removal(
    two_documents: Path, reviewer: Reviewer, tmp_path: Path
) -> None:
    bundle = tmp_path / "all.assaybundle"
    export_bundle(two_documents, bundle, reviewer=reviewer)
    with ReviewSession.open(two_documents, reviewer) as session:
        documents.remove_document(session, session.documents()[1].id)
        session.import_file(SEEDS[1])
        assert session.conn.execute("SELECT count(*) FROM removed_documents").fetchone() == (0,)
    plan = plan_merge(two_documents, [bundle], reviewer=reviewer)
    assert plan.skipped() == 0 and plan.totals()["new"] == 6
