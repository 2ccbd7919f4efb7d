"""The one review lock: a lock file that cannot be used means read-only with a reason
(a window) or a refusal with a message (a command), never a crash or unlocked writes."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import filelock
import pytest

from assay.cli import main
from assay.core.model import AnnotationState, Reviewer
from assay.services.exchange import merge_bundles
from assay.services.review_lock import hold, lock_path
from assay.services.session import ReviewSession
from assay.store.errors import LockFileError, ReadOnlyError, ReviewLockedError
from file_failures import bundle_with_a_new_document
from support import file_digest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
HOLD_OPEN = """
import sys, time
from pathlib import Path
from assay.core.model import Reviewer
from assay.services.session import ReviewSession
session = ReviewSession.open(Path(sys.argv[1]), Reviewer("holder", "Holder"))
print("read_only" if session.read_only else "ready", flush=True)
time.sleep(60)
"""


@pytest.fixture(params=["directory", "permission denied", "foreign mode 000"])
def unusable_lock(
    request: pytest.FixtureRequest, tmp_review: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The review's lock file cannot be opened: a folder in its place, the OS saying
    no (another user's lock file in a shared folder), or a mode 000 lock file."""
    lock = lock_path(tmp_review)
    if request.param == "directory":
        lock.unlink(missing_ok=True)  # the one left by making the review
        lock.mkdir()
    elif request.param == "permission denied":
        real_open = os.open

        def refusing_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
            if str(path) == str(lock):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refusing_open)
    else:
        if IS_ROOT:
            pytest.skip("root opens a mode 000 file anyway")
        lock.touch()
        lock.chmod(0o000)
    yield tmp_review
    if lock.is_file():
        lock.chmod(0o644)


def test_filelock_is_the_version_this_was_written_against() -> None:
    major, minor = (int(part) for part in filelock.__version__.split(".")[:2])
    assert (major, minor) >= (4, 3)  # where the old `_NoLock()` fallback raised TypeError


def test_review_with_an_unusable_lock_file_opens_read_only_with_the_reason(
    unusable_lock: Path, reviewer: Reviewer
) -> None:
    before = file_digest(unusable_lock)
    with ReviewSession.open(unusable_lock, reviewer) as session:
        assert session.read_only
        assert "review.assay.lock" in session.read_only_reason
        assert "read-only" in session.read_only_reason
        rows = session.sentence_rows()
        assert rows  # reading works
        with pytest.raises(ReadOnlyError):
            session.save_annotation(rows[0].id, AnnotationState(not_a_claim=True))
    assert file_digest(unusable_lock) == before


def test_merge_with_an_unusable_lock_file_is_refused(
    unusable_lock: Path, reviewer: Reviewer, tmp_path: Path
) -> None:
    folder = tmp_path / "bundles"
    folder.mkdir()
    bundle = bundle_with_a_new_document(folder)
    before = file_digest(unusable_lock)
    with pytest.raises(LockFileError, match="lock file") as refused:
        merge_bundles(unusable_lock, [bundle], reviewer=reviewer)
    assert "Nothing was changed" in str(refused.value)
    assert file_digest(unusable_lock) == before
    assert not list(unusable_lock.parent.glob("*before-merge*"))


@pytest.mark.parametrize("command", ["import", "library"])
def test_writing_commands_with_an_unusable_lock_file_exit_1(
    unusable_lock: Path, tmp_path: Path, small_seed: Path, capsys, command: str
) -> None:
    library = tmp_path / "library.bib"
    library.write_text("@article{a1,\n  title = {Magnesium},\n  year = {2020}\n}\n")
    before = file_digest(unusable_lock)
    code = main([command, str(unusable_lock), str(small_seed if command == "import" else library)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "review.assay.lock" in err
    assert file_digest(unusable_lock) == before


def test_library_is_refused_while_the_review_is_open_in_another_assay(
    tmp_review: Path, tmp_path: Path, capsys
) -> None:
    library = tmp_path / "library.bib"
    library.write_text("@article{a1,\n  title = {Magnesium},\n  year = {2020}\n}\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(tmp_review)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        before = file_digest(tmp_review)
        code = main(["library", str(tmp_review), str(library)])
        err = capsys.readouterr().err
        assert code == 1
        assert "open in an Assay window" in err and "Nothing was changed" in err
        assert file_digest(tmp_review) == before
    finally:
        holder.kill()
        holder.wait()
    assert main(["library", str(tmp_review), str(library)]) == 0  # the holder is gone


def test_hold_is_refused_while_a_window_holds_the_lock(
    tmp_review: Path, reviewer: Reviewer
) -> None:
    with (
        ReviewSession.open(tmp_review, reviewer),
        pytest.raises(ReviewLockedError, match="close it there to merge"),
    ):
        hold(tmp_review, action="merge")
    with hold(tmp_review, action="merge"):  # free again once the window closed
        pass


def test_new_in_a_folder_where_the_lock_cannot_be_made_says_why(
    tmp_path: Path, reviewer: Reviewer
) -> None:
    review = tmp_path / "fresh.assay"
    lock_path(review).mkdir()
    with pytest.raises(LockFileError, match="fresh.assay.lock"):
        ReviewSession.create(review, reviewer)
    assert not review.exists()
