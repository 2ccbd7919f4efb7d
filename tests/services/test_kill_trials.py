"""Kill -9 during the backup paths (migration, merge): nothing committed is lost, a
partial backup is never trusted, nothing is left behind. Slow (a child process per
kill), so skipped unless ASSAY_KILL_TRIALS is set; bench/kill_trials.py runs 100 each."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from support import REPO

pytestmark = [
    pytest.mark.kill_trials,
    pytest.mark.skipif(
        not os.environ.get("ASSAY_KILL_TRIALS"), reason="slow: set ASSAY_KILL_TRIALS=1 to run"
    ),
]
TRIALS = int(os.environ.get("ASSAY_KILL_TRIALS_COUNT", "12"))


@pytest.mark.parametrize("kind", ["migration", "merge"])
def test_kills_during_a_backup_lose_nothing_and_leave_nothing(tmp_path: Path, kind: str) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    import kill_trials

    run = kill_trials.migration_trials if kind == "migration" else kill_trials.merge_trials
    trials = run(TRIALS, random.Random(7), tmp_path)
    assert trials.failures == []
    killed = TRIALS - trials.landed["finished before the kill"]
    assert killed >= TRIALS // 4  # kills did land in the runs (not all after the end)
