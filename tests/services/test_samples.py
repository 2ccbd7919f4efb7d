"""The first-run sample review."""

from __future__ import annotations

import errno
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assay.core.model import Reviewer
from assay.services import samples
from assay.services.samples import (
    SampleReviewError,
    SampleSeedsMissing,
    create_sample_review,
    seed_names,
)
from assay.services.session import ReviewSession


def test_sample_review_holds_both_seeds_in_name_order(tmp_path: Path, reviewer: Reviewer) -> None:
    path = create_sample_review(tmp_path / "data" / "Sample.assay", reviewer)
    names = seed_names()
    assert len(names) == 2 and names == sorted(names)
    with ReviewSession.open(path, reviewer) as session:
        documents = session.documents()
        assert [d.source_name for d in documents] == names
        assert all(d.sentence_count > 0 for d in documents)
        assert session.progress().reviewed == 0


def test_sample_documents_have_readable_titles(tmp_path: Path, reviewer: Reviewer) -> None:
    path = create_sample_review(tmp_path / "data" / "Sample.assay", reviewer)
    with ReviewSession.open(path, reviewer) as session:
        titles = [d.title for d in session.documents()]
    assert titles[0].startswith("Magnesium glycinate lysinate")
    assert titles[1].startswith("Magnesium Glycinate - ") and len(titles[1]) <= 80
    assert not any(title.startswith(("000_", "001_")) for title in titles)


# -- made whole or not at all ------------------------------------------------------


def _left_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_seed_that_fails_to_import_leaves_nothing_and_a_retry_succeeds(
    tmp_path: Path, reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = samples.import_seed
    imported: list[str] = []

    def second_seed_fails(session: ReviewSession, name: str) -> int:
        if imported:
            raise OSError(errno.ENOSPC, "No space left on device")
        imported.append(name)
        return real_import(session, name)

    monkeypatch.setattr(samples, "import_seed", second_seed_fails)
    folder = tmp_path / "data"
    with pytest.raises(OSError, match="No space left"):
        create_sample_review(folder / "Sample.assay", reviewer)
    assert imported  # the first seed was in the temporary when the second failed
    assert _left_in(folder) == []

    monkeypatch.setattr(samples, "import_seed", real_import)
    path = create_sample_review(folder / "Sample.assay", reviewer)
    assert _left_in(folder) == ["Sample.assay"]
    with ReviewSession.open(path, reviewer) as session:
        assert len(session.documents()) == len(seed_names())


def test_missing_seeds_make_no_review_at_all(
    tmp_path: Path, reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that kept the seeds package but not its documents (pyside6-deploy)."""
    monkeypatch.setattr(samples, "SEEDS_PACKAGE", "assay.core")  # a package with no .txt
    assert seed_names() == []
    with pytest.raises(SampleSeedsMissing, match="sample documents are missing"):
        create_sample_review(tmp_path / "data" / "Sample.assay", reviewer)
    assert _left_in(tmp_path / "data") == []
    monkeypatch.setattr(samples, "SEEDS_PACKAGE", "assay.not_in_this_build")
    assert seed_names() == []


def test_a_seed_without_sentences_is_refused(
    tmp_path: Path, reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(samples, "import_seed", lambda _session, _name: 0)
    with pytest.raises(SampleReviewError, match="holds no sentences"):
        create_sample_review(tmp_path / "Sample.assay", reviewer)
    assert _left_in(tmp_path) == []


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from assay.core.model import Reviewer
from assay.services import samples
real_import = samples.import_seed
def import_then_die(session, name):
    real_import(session, name)
    os.kill(os.getpid(), signal.SIGKILL)
samples.import_seed = import_then_die
samples.create_sample_review(Path(sys.argv[1]), Reviewer("r-1", "Ada", ""))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_a_killed_build_leaves_a_temporary_that_the_next_start_removes(
    tmp_path: Path, reviewer: Reviewer
) -> None:
    sample = tmp_path / "data" / "Sample.assay"
    run = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(sample)], timeout=120)
    assert run.returncode == -signal.SIGKILL
    left = _left_in(sample.parent)
    assert left and all(name.startswith(".Sample.") for name in left)  # never Sample.assay

    create_sample_review(sample, reviewer)
    assert _left_in(sample.parent) == ["Sample.assay"]


def test_a_temporary_being_built_by_another_assay_is_left_alone(
    tmp_path: Path, reviewer: Reviewer
) -> None:
    busy = tmp_path / ".Sample.4242.partial"
    with ReviewSession.create(busy, reviewer):  # holds its lock, as a running build does
        assert samples.remove_partial_samples(tmp_path / "Sample.assay") == []
        assert busy.exists()
    assert samples.remove_partial_samples(tmp_path / "Sample.assay") == [busy]
    assert _left_in(tmp_path) == []
