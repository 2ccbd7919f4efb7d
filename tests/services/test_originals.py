"""The original PDF kept in the review (migration 6): at import, after the file has gone,
in older reviews, and attached again only when it is the same document."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from assay.services import originals
from assay.services.importer import import_file
from assay.services.session import ReviewSession
from assay.store import migrations
from assay.store.review_file import inspect_review
from assay.text.errors import ImportRefused
from fixtures.documents import PdfLayout, font_folder, seed, write_pdf

pytestmark = pytest.mark.skipif(font_folder() is None, reason="needs the DejaVu fonts")


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    return write_pdf(seed("000"), tmp_path / "source" / "paper.pdf", PdfLayout(columns=2))


@pytest.fixture(autouse=True)
def _folder(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()


def test_import_keeps_the_pdf_and_it_outlives_the_source_file(tmp_path, reviewer, pdf):
    review = tmp_path / "r.assay"
    expected = pdf.read_bytes()
    with ReviewSession.create(review, reviewer):
        pass
    result = import_file(review, pdf, reviewer=reviewer)
    pdf.unlink()
    with ReviewSession.open(review, reviewer) as session:
        status = originals.original_status(session.conn, result.document_id)
        assert status.available and status.file_name == "paper.pdf"
        assert originals.original_pdf(session.conn, result.document_id) == expected
        size, digest = session.conn.execute("SELECT size, sha256 FROM originals").fetchone()
        assert (size, digest) == (len(expected), hashlib.sha256(expected).hexdigest())


def test_markdown_keeps_nothing_and_says_it_has_no_pages(tmp_review, reviewer):
    with ReviewSession.open(tmp_review, reviewer) as session:
        (document,) = session.documents()
        status = originals.original_status(session.conn, document.id)
        assert (
            status.problem == originals.NOT_A_PDF and "not imported from a PDF" in status.message()
        )
        assert originals.original_pdf(session.conn, document.id) is None


def _as_version_5(review: Path) -> None:
    """What a review written before migration 6 looks like."""
    conn = sqlite3.connect(review)
    with conn:
        conn.execute("DROP TABLE originals")
        conn.execute("DROP TABLE removed_documents")
        conn.execute("DROP TABLE highlights")
        conn.execute("ALTER TABLE evidence DROP COLUMN source")
        conn.execute(
            f"DELETE FROM {migrations.MIGRATIONS_TABLE} WHERE name IN "
            "('m006_original_files', 'm007_removed_documents', 'm008_evidence_source', "
            "'m009_highlights')"
        )
        conn.execute("PRAGMA user_version = 5")
    conn.close()


def test_a_version_5_review_is_migrated_backed_up_and_takes_the_same_pdf_only(
    tmp_path, reviewer, pdf
):
    review = tmp_path / "old.assay"
    with ReviewSession.create(review, reviewer) as session:
        document_id = session.import_file(pdf).document_id
    _as_version_5(review)
    assert inspect_review(review) == 5

    with ReviewSession.open(review, reviewer) as session:
        version = session.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == migrations.SCHEMA_VERSION
        status = originals.original_status(session.conn, document_id)
        assert status.problem == originals.MISSING and "Attach" in status.message()

        other = write_pdf(seed("001"), tmp_path / "other.pdf")
        with pytest.raises(originals.OriginalMismatchError, match="does not give the text"):
            originals.attach_original(session.conn, document_id, other)
        # The same text printed on other pages is another print: boxes would miss.
        with session.conn:
            session.conn.execute("UPDATE documents SET pages = '[[0, 2]]'")
        with pytest.raises(originals.OriginalMismatchError):
            originals.attach_original(session.conn, document_id, pdf)
        with session.conn:
            session.conn.execute("UPDATE documents SET pages = '[[0, 1]]'")
        not_pdf = tmp_path / "fake.pdf"
        not_pdf.write_text("not a pdf at all")
        with pytest.raises(ImportRefused, match="not a PDF"):
            originals.attach_original(session.conn, document_id, not_pdf)
        assert not originals.original_status(session.conn, document_id).available

        assert originals.attach_original(session.conn, document_id, pdf) == "paper.pdf"
        assert originals.original_pdf(session.conn, document_id) == pdf.read_bytes()
    assert review.with_name("old.assay.bak-v5").exists()
    with sqlite3.connect(review.with_name("old.assay.bak-v5")) as backup:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 5


def test_a_replaced_version_does_not_show_the_old_pages(tmp_path, reviewer, pdf):
    review = tmp_path / "r.assay"
    with ReviewSession.create(review, reviewer) as session:
        document_id = session.import_file(pdf).document_id
        with session.conn:
            session.conn.execute(
                "UPDATE documents SET sha256 = ? WHERE id = ?", ("f" * 64, document_id)
            )
        status = originals.original_status(session.conn, document_id)
        assert status.problem == originals.STALE and "earlier version" in status.message()
        assert originals.original_pdf(session.conn, document_id) is None


def test_a_pdf_read_differently_by_an_earlier_reader_is_still_taken(tmp_path, reviewer, pdf):
    """A review imported this PDF with an older reader (its text differs a little from
    what today's reader gives): the same file is known by its sentences printed on
    their pages, another file is still refused."""
    review = tmp_path / "old.assay"
    with ReviewSession.create(review, reviewer) as session:
        document_id = session.import_file(pdf).document_id
    _as_version_5(review)
    with ReviewSession.open(review, reviewer) as session:
        text, sha = session.conn.execute("SELECT text, sha256 FROM documents").fetchone()
        word = "magnesium"
        assert word in text
        older = text.replace(word, "Magnesium", 1)  # same length: offsets still hold
        with session.conn:
            session.conn.execute(
                "UPDATE documents SET text = ?, sha256 = ?",
                (older, hashlib.sha256(older.encode()).hexdigest()),
            )
        other = write_pdf(seed("001"), tmp_path / "other.pdf")
        with pytest.raises(originals.OriginalMismatchError):
            originals.attach_original(session.conn, document_id, other)
        assert originals.attach_original(session.conn, document_id, pdf) == "paper.pdf"
        assert originals.original_status(session.conn, document_id).available


def test_replacing_a_pdf_with_its_new_version_keeps_the_new_pdf(tmp_path, reviewer, pdf):
    from assay.services.versions import replace_document

    review = tmp_path / "r.assay"
    with ReviewSession.create(review, reviewer) as session:
        document_id = session.import_file(pdf).document_id
    newer = write_pdf(seed("001"), tmp_path / "paper-v2.pdf")
    replace_document(review, document_id, newer, reviewer=reviewer)
    with ReviewSession.open(review, reviewer) as session:
        status = originals.original_status(session.conn, document_id)
        assert status.available and status.file_name == "paper-v2.pdf"
        assert originals.original_pdf(session.conn, document_id) == newer.read_bytes()
