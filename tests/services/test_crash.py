"""A hard kill right after a save loses nothing that was saved."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assay.core.model import AnnotationState, Reviewer
from assay.services.session import ReviewSession

SAVE_THEN_DIE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from assay.core.model import AnnotationState, Reviewer
    from assay.services.session import ReviewSession
    reviewer = Reviewer(sys.argv[2], "Ada Reviewer")
    session = ReviewSession.open(Path(sys.argv[1]), reviewer)
    rows = session.sentence_rows()
    state = AnnotationState(categories=frozenset({"safety"}), verdict="unsupported",
                            rationale="kill -9", status="final")
    session.save_annotation(rows[4].id, state)
    session.set_last_position(rows[4].id)
    if sys.argv[3] == "sigkill":
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(0)
    """
)


@pytest.mark.parametrize("how", ["sigkill", "os_exit"])
def test_edit_survives_a_hard_kill(tmp_review: Path, reviewer: Reviewer, how: str) -> None:
    child = subprocess.run(
        [sys.executable, "-c", SAVE_THEN_DIE, str(tmp_review), reviewer.id, how], timeout=60
    )
    expected_code = -signal.SIGKILL if how == "sigkill" else 0
    assert child.returncode == expected_code
    with ReviewSession.open(tmp_review, reviewer) as session:
        assert not session.read_only  # the dead process's lock is gone
        row = session.sentence_rows()[4]
        assert row.state == AnnotationState(
            categories=frozenset({"safety"}),
            verdict="unsupported",
            rationale="kill -9",
            status="final",
        )
        assert session.last_position() == row.id
