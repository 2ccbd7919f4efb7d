"""The worker-thread importer: its own connection, one transaction, cancellable."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assay.core.model import Reviewer
from assay.services.errors import DuplicateDocumentError
from assay.services.importer import import_file
from assay.services.session import ReviewSession
from assay.text.errors import Cancelled
from support import dump


def test_import_on_a_thread_while_the_session_is_open(
    tmp_review: Path, seed_dir: Path, reviewer: Reviewer
) -> None:
    big_seed = sorted(seed_dir.glob("*.txt"))[1]
    results = []
    errors: list[BaseException] = []
    seen_progress: list[tuple[int, int, str]] = []

    def work() -> None:
        try:
            results.append(
                import_file(
                    tmp_review,
                    big_seed,
                    reviewer=reviewer,
                    progress=lambda done, total, stage: seen_progress.append((done, total, stage)),
                )
            )
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    with ReviewSession.open(tmp_review, reviewer) as session:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join(60)
        assert not errors
        (result,) = results
        assert result.sentence_count > 100
        infos = session.documents()  # the session sees the committed import
        assert [d.id for d in infos][-1] == result.document_id
        assert infos[-1].sentence_count == result.sentence_count
        assert len(session.sentence_rows()) == sum(d.sentence_count for d in infos)
    assert seen_progress


def test_importer_cancel_leaves_review_unchanged(
    tmp_review: Path, seed_dir: Path, reviewer: Reviewer
) -> None:
    big_seed = sorted(seed_dir.glob("*.txt"))[1]
    before = dump(tmp_review)
    with pytest.raises(Cancelled):
        import_file(tmp_review, big_seed, reviewer=reviewer, cancel=lambda: True)
    assert dump(tmp_review) == before


def test_importer_refuses_duplicates(
    tmp_review: Path, small_seed: Path, reviewer: Reviewer
) -> None:
    before = dump(tmp_review)
    with pytest.raises(DuplicateDocumentError, match="already in this review"):
        import_file(tmp_review, small_seed, reviewer=reviewer)
    assert dump(tmp_review) == before
