"""A full disk and read-only places: one clear line, exit 1, the review unchanged,
nothing left behind. The disk fills at the SQLite boundary (`max_page_count`), so
the tests need no special file system and run as any user."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from assay.cli import main
from assay.core.model import Reviewer
from assay.services import importer, review_lock
from assay.services.session import ReviewSession
from assay.store import backup_files
from assay.store.errors import DiskFullError
from file_failures import (
    bundle_with_a_new_document,
    fresh_review_pages,
    full_disk,
    listing,
    page_count,
)
from support import dump, file_digest

LINES = 4_000


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_clear_line(err: str, *words: str) -> None:
    assert "Traceback" not in err and "cannot rollback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("assay: error: "), err
    for word in words:
        assert word in lines[0], err


@pytest.fixture
def long_document(tmp_path: Path) -> Path:
    source = tmp_path / "docs" / "long.txt"
    source.parent.mkdir()
    source.write_text(
        "".join(f"Trial {i} found that magnesium lowered blood pressure.\n" for i in range(LINES))
    )
    return source


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "bundles"
    folder.mkdir()
    return bundle_with_a_new_document(folder)


def files(folder: Path) -> set[str]:
    """What the folder holds, less SQLite's own -wal/-shm (a reader may leave those)."""
    return {name for name in listing(folder) if not name.endswith(("-wal", "-shm"))}


def content(review: Path) -> list[str]:
    """The review as SQL, less the reviewers table: a command registers the local
    reviewer when it opens the review, before it fails."""
    return [line for line in dump(review).splitlines() if '"reviewers"' not in line]


# -- import ---------------------------------------------------------------------------


def test_import_on_a_full_disk_says_so_and_changes_nothing(
    tmp_review: Path, long_document: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    before, names = content(tmp_review), files(tmp_review.parent)
    full_disk(monkeypatch, "review.assay", pages=page_count(tmp_review) + 2)
    code, _, err = run(capsys, "import", tmp_review, long_document)
    assert code == 1
    assert_one_clear_line(err, "review.assay", "is full; free some space", "Nothing was changed")
    monkeypatch.undo()
    assert content(tmp_review) == before
    assert files(tmp_review.parent) == names


def test_background_import_on_a_full_disk_raises_the_disk_error(
    tmp_review: Path, long_document: Path, reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = content(tmp_review)
    full_disk(monkeypatch, "review.assay", pages=page_count(tmp_review) + 2)
    with pytest.raises(DiskFullError, match="is full"):
        importer.import_file(tmp_review, long_document, reviewer=reviewer)
    monkeypatch.undo()
    assert content(tmp_review) == before


# -- new --------------------------------------------------------------------------------


def test_new_on_a_full_disk_leaves_nothing_so_a_retry_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    review = folder / "fresh.assay"
    full_disk(monkeypatch, "fresh.assay", pages=3)  # not even room for the schema
    code, _, err = run(capsys, "new", review)
    assert code == 1
    assert_one_clear_line(err, "is full")
    assert listing(folder) == set()  # no half-made review, no lock file
    monkeypatch.undo()
    code, out, err = run(capsys, "new", review)
    assert code == 0 and "Created" in out, err


def test_new_whose_import_meets_a_full_disk_is_undone(
    tmp_path: Path, long_document: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    review = folder / "fresh.assay"
    full_disk(monkeypatch, "fresh.assay", pages=fresh_review_pages(tmp_path) + 4)
    code, _, err = run(capsys, "new", review, long_document)
    assert code == 1
    assert_one_clear_line(err, "is full")
    assert listing(folder) == set()
    monkeypatch.undo()
    code, out, err = run(capsys, "new", review, long_document)
    assert code == 0 and "Created" in out, err


def test_a_sample_review_that_meets_a_full_disk_is_not_left_half_made(
    tmp_path: Path, reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assay.services.samples import create_sample_review

    folder = tmp_path / "data"
    # The sample is written under its temporary name, then renamed: the disk fills there.
    full_disk(monkeypatch, ".sample.", pages=fresh_review_pages(tmp_path) + 4)
    with pytest.raises(DiskFullError):
        create_sample_review(folder / "sample.assay", reviewer)
    assert listing(folder) == set()  # the next start makes it afresh


def test_abandon_leaves_a_review_put_in_place_of_the_one_made(
    tmp_path: Path, reviewer: Reviewer
) -> None:
    review = tmp_path / "mine.assay"
    session = ReviewSession.create(review, reviewer)
    os.replace(_other_review(tmp_path, reviewer), review)  # someone else's, same name
    before = file_digest(review)
    session.abandon()
    assert file_digest(review) == before


def _other_review(tmp_path: Path, reviewer: Reviewer) -> Path:
    other = tmp_path / "other" / "theirs.assay"
    other.parent.mkdir()
    with ReviewSession.create(other, reviewer):
        pass
    return other


# -- merge ------------------------------------------------------------------------------


def test_merge_whose_backup_meets_a_full_disk_stops_before_changing_anything(
    tmp_review: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    before, names = file_digest(tmp_review), files(tmp_review.parent)
    full_disk(monkeypatch, backup_files.PARTIAL_SUFFIX, pages=2)
    code, _, err = run(capsys, "merge", tmp_review, bundle)
    assert code == 1
    assert_one_clear_line(err, "is full; free some space")
    assert file_digest(tmp_review) == before
    assert files(tmp_review.parent) == names  # no partial backup


def test_merge_that_meets_a_full_disk_after_its_backup_removes_the_backup(
    tmp_review: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    before, names = content(tmp_review), files(tmp_review.parent)
    # Only the review itself is full: the backup is written, then the merge fails.
    full_disk(monkeypatch, "/review.assay?", pages=page_count(tmp_review) + 1)
    code, _, err = run(capsys, "merge", tmp_review, bundle)
    assert code == 1
    assert_one_clear_line(err, "is full")
    monkeypatch.undo()
    assert content(tmp_review) == before
    assert files(tmp_review.parent) == names
    assert not list(tmp_review.parent.glob("*before-merge*"))


def test_merge_into_a_new_review_on_a_full_disk_leaves_nothing(
    tmp_path: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    review = folder / "lead.assay"
    full_disk(monkeypatch, "lead.assay", pages=fresh_review_pages(tmp_path) + 2)
    code, _, err = run(capsys, "merge", review, bundle)
    assert code == 1
    assert_one_clear_line(err, "is full")
    assert listing(folder) == set()


# -- read-only places -------------------------------------------------------------------


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    path = tmp_path / "library.bib"
    path.write_text(
        "@article{smith2020,\n  author = {Smith, John},\n  title = {Magnesium and sleep},\n"
        "  journal = {J Sleep},\n  year = {2020}\n}\n"
    )
    return path


@pytest.mark.parametrize("command", ["merge", "library"])
@pytest.mark.parametrize("place", ["file", "folder"])
def test_writing_commands_in_a_read_only_place_say_so(
    tmp_review: Path, bundle: Path, library_file: Path, capsys, command: str, place: str
) -> None:
    target = tmp_review if place == "file" else tmp_review.parent
    source = bundle if command == "merge" else library_file
    before, names = file_digest(tmp_review), files(tmp_review.parent)
    mode = target.stat().st_mode
    target.chmod(0o444 if place == "file" else 0o555)
    try:
        code, _, err = run(capsys, command, tmp_review, source)
    finally:
        target.chmod(mode)
    assert code == 1
    assert_one_clear_line(err, "review.assay", "Nothing was changed")
    assert ("read-only" if place == "file" else "folder") in err
    assert file_digest(tmp_review) == before and files(tmp_review.parent) == names


@pytest.mark.parametrize("command", ["merge", "library"])
def test_a_read_only_disk_the_checks_miss_still_ends_in_a_message(
    tmp_review: Path,
    bundle: Path,
    library_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
    command: str,
) -> None:
    """Permission checks can be wrong (network shares): SQLite's own refusal to write
    is a message too. The file is made immutable, which stops root as well."""
    if subprocess.run(["chattr", "+i", str(tmp_review)], capture_output=True).returncode:
        tmp_review.chmod(0o444)
        if os.access(tmp_review, os.W_OK):
            pytest.skip("cannot make a file unwritable for this user")
    monkeypatch.setattr(review_lock, "_unwritable", lambda path: "")
    source = bundle if command == "merge" else library_file
    before = file_digest(tmp_review)
    try:
        code, _, err = run(capsys, command, tmp_review, source)
    finally:
        subprocess.run(["chattr", "-i", str(tmp_review)], capture_output=True)
        tmp_review.chmod(0o644)
    assert code == 1
    assert_one_clear_line(err, "review.assay", "cannot be written")
    assert file_digest(tmp_review) == before
