"""Bad input on real files: a clear message, and nothing changed."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assay.core.model import AnnotationState, Reviewer
from assay.services.errors import DuplicateDocumentError
from assay.services.session import ReviewSession
from assay.store.errors import (
    CorruptReviewError,
    MissingReviewError,
    NewerSchemaError,
    NotAReviewError,
    ReadOnlyError,
)
from assay.text.errors import Cancelled, ImportRefused
from support import dump, file_digest, synthetic_document

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- documents -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"  \n\n \t\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
    ids=["empty", "blank", "binary"],
)
def test_unreadable_document_is_refused_and_review_unchanged(
    session: ReviewSession, tmp_path: Path, content: bytes, message: str
) -> None:
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    before = dump(session.path)
    with pytest.raises(ImportRefused, match=message) as refused:
        session.import_file(source)
    assert "bad.txt" in str(refused.value)
    assert dump(session.path) == before


def test_invalid_utf8_imports_as_a_legacy_encoding(session: ReviewSession, tmp_path: Path) -> None:
    source = tmp_path / "legacy.txt"
    legacy = (
        "The caf\u00e9 study \u201cproved\u201d that magnesium works \u2014 in every patient. "
        "Our r\u00e9sum\u00e9 of the evidence: it is na\u00efve to doubt it. "
    ) * 20
    source.write_bytes(legacy.encode("cp1252"))
    result = session.import_file(source)
    assert result.encoding.lower().startswith("cp125")  # a Windows code page, not UTF-8
    text = session.document_text(result.document_id)
    assert "caf\u00e9 study" in text and "\u201cproved\u201d" in text


def test_same_document_twice_names_the_first(session: ReviewSession, small_seed: Path) -> None:
    (existing,) = session.documents()
    before = dump(session.path)
    with pytest.raises(DuplicateDocumentError) as duplicate:
        session.import_file(small_seed)
    assert existing.title in str(duplicate.value)
    assert duplicate.value.existing_id == existing.id
    assert dump(session.path) == before


def test_cancel_while_writing_rolls_back(session: ReviewSession) -> None:
    before = dump(session.path)
    with pytest.raises(Cancelled):
        session.import_parsed(synthetic_document(50_000), cancel=lambda: True)
    assert dump(session.path) == before
    assert len(session.documents()) == 1


def test_cancel_after_first_chunk_rolls_back(session: ReviewSession) -> None:
    calls = iter([False, True])
    before = dump(session.path)
    with pytest.raises(Cancelled):
        session.import_parsed(synthetic_document(50_000), cancel=lambda: next(calls))
    assert dump(session.path) == before


# -- review files ----------------------------------------------------------------


def test_missing_review(tmp_path: Path, reviewer: Reviewer) -> None:
    with pytest.raises(MissingReviewError, match="does not exist"):
        ReviewSession.open(tmp_path / "nowhere.assay", reviewer)
    assert not (tmp_path / "nowhere.assay").exists()


def test_text_file_renamed_assay(tmp_path: Path, reviewer: Reviewer) -> None:
    path = tmp_path / "notes.assay"
    path.write_text("These are my notes, not a review.\n")
    before = path.read_bytes()
    with pytest.raises(NotAReviewError, match="not an Assay review") as refused:
        ReviewSession.open(path, reviewer)
    assert "notes.assay" in str(refused.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.assay"]


def test_empty_file_named_assay(tmp_path: Path, reviewer: Reviewer) -> None:
    path = tmp_path / "empty.assay"
    path.touch()
    with pytest.raises(NotAReviewError):
        ReviewSession.open(path, reviewer)
    assert path.read_bytes() == b""


def test_sqlite_database_of_another_app(tmp_path: Path, reviewer: Reviewer) -> None:
    path = tmp_path / "contacts.assay"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts(name TEXT)")
    other.execute("INSERT INTO contacts VALUES ('Grace')")
    other.commit()
    other.close()
    before = file_digest(path)
    with pytest.raises(NotAReviewError, match="not an Assay review"):
        ReviewSession.open(path, reviewer)
    assert file_digest(path) == before


def test_newer_schema_is_refused_untouched(tmp_review: Path, reviewer: Reviewer) -> None:
    conn = sqlite3.connect(tmp_review)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = file_digest(tmp_review)
    with pytest.raises(NewerSchemaError, match="newer version of Assay") as refused:
        ReviewSession.open(tmp_review, reviewer)
    assert "review.assay" in str(refused.value)
    assert file_digest(tmp_review) == before
    assert not tmp_review.with_name("review.assay.bak-v99").exists()


def test_corrupted_review_is_refused_untouched(tmp_path: Path, reviewer: Reviewer) -> None:
    path = tmp_path / "damaged.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_parsed(synthetic_document(3_000))
    data = bytearray(path.read_bytes())
    page_size = 4096
    pages = len(data) // page_size
    # Overwrite the header of a table leaf page (type 0x0D) in the middle of the file.
    target = next(p for p in range(pages // 2, pages) if data[p * page_size] == 0x0D)
    data[target * page_size : target * page_size + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    before = file_digest(path)
    with pytest.raises(CorruptReviewError, match="damaged") as refused:
        ReviewSession.open(path, reviewer)
    assert "damaged.assay" in str(refused.value)
    assert file_digest(path) == before


def test_read_only_file_opens_read_only(tmp_review: Path, reviewer: Reviewer) -> None:
    tmp_review.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0o444
    before = file_digest(tmp_review)
    try:
        with ReviewSession.open(tmp_review, reviewer) as session:
            assert session.read_only
            assert "read-only" in session.read_only_reason
            assert "review.assay" in session.read_only_reason
            rows = session.sentence_rows()  # reading still works
            assert rows
            with pytest.raises(ReadOnlyError, match="read-only"):
                session.save_annotation(rows[0].id, AnnotationState(not_a_claim=True))
            session.set_last_position(rows[0].id)  # quietly ignored
            with pytest.raises(ReadOnlyError):
                session.import_parsed(synthetic_document(3))
        assert file_digest(tmp_review) == before
    finally:
        tmp_review.chmod(0o644)


def test_read_only_folder_opens_read_only(tmp_review: Path, reviewer: Reviewer) -> None:
    folder = tmp_review.parent
    folder.chmod(0o555)
    try:
        with ReviewSession.open(tmp_review, reviewer) as session:
            assert session.read_only
            assert "folder" in session.read_only_reason
    finally:
        folder.chmod(0o755)


def test_read_only_is_enforced_by_the_os_too(tmp_review: Path, reviewer: Reviewer) -> None:
    if IS_ROOT:
        pytest.skip("running as root: chmod does not stop root from writing")
    tmp_review.chmod(0o444)
    try:
        assert not os.access(tmp_review, os.W_OK)
    finally:
        tmp_review.chmod(0o644)


HOLD_OPEN = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from assay.core.model import Reviewer
    from assay.services.session import ReviewSession
    session = ReviewSession.open(Path(sys.argv[1]), Reviewer("holder", "Holder"))
    print("read_only" if session.read_only else "ready", flush=True)
    time.sleep(60)
    """
)


def test_review_open_in_another_process(tmp_review: Path, reviewer: Reviewer) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(tmp_review)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with ReviewSession.open(tmp_review, reviewer) as session:
            assert session.read_only
            assert "already open" in session.read_only_reason
            with pytest.raises(ReadOnlyError):
                session.save_annotation(session.sentence_rows()[0].id, AnnotationState())
    finally:
        holder.kill()
        holder.wait()
    # The OS lock dies with the process: the file is writable again.
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert not session.read_only


def test_newer_schema_also_refused_for_headless_import(
    tmp_review: Path, small_seed: Path, reviewer: Reviewer
) -> None:
    from assay.services.importer import import_file

    conn = sqlite3.connect(tmp_review)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    before = file_digest(tmp_review)
    with pytest.raises(NewerSchemaError):
        import_file(tmp_review, small_seed, reviewer=reviewer)
    assert file_digest(tmp_review) == before


def test_cancel_pressed_during_the_last_chunk_still_rolls_back(session: ReviewSession) -> None:
    pressed: list[str] = []
    before = dump(session.path)
    with pytest.raises(Cancelled):
        session.import_parsed(
            synthetic_document(3_000),
            progress=lambda done, total, stage: pressed.append(stage),
            cancel=lambda: bool(pressed),
        )
    assert pressed  # the write had reached its last progress report
    assert dump(session.path) == before


def test_busy_file_gives_a_clear_error(session: ReviewSession) -> None:
    from assay.store.errors import ReviewLockedError

    other = sqlite3.connect(session.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    try:
        session.conn.execute("PRAGMA busy_timeout = 50")
        sentence_id = session.sentence_rows()[0].id
        with pytest.raises(ReviewLockedError, match="busy") as busy:
            session.save_annotation(sentence_id, AnnotationState(not_a_claim=True))
        assert "review.assay" in str(busy.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    session.save_annotation(sentence_id, AnnotationState(not_a_claim=True))
    assert session.annotation(sentence_id).not_a_claim
