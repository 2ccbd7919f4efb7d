"""Shared helpers for the benchmark scripts: isolated home, review set-up, figures.

Every script sets QT_QPA_PLATFORM=offscreen and ASSAY_HOME to a temporary folder
before Assay or Qt is imported, so the user's real config is never touched.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "001_25d1546185dbdbaa.txt"
PYTHON = sys.executable


def isolate(prefix: str) -> Path:
    """Offscreen Qt and a throwaway ASSAY_HOME; returns that folder (removed at exit)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    holder = tempfile.TemporaryDirectory(prefix=f"assay-bench-{prefix}-")
    _KEEP.append(holder)
    home = Path(holder.name)
    os.environ["ASSAY_HOME"] = str(home)
    # Child processes cache bytecode (in the temp folder, not the source tree), as an
    # installed Assay has it: pip compiles .pyc files at install time. Without this, a
    # PYTHONDONTWRITEBYTECODE environment recompiles every Assay module on every start.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return home


_KEEP: list[tempfile.TemporaryDirectory[str]] = []


def make_review(home: Path, sources: Sequence[Path], name: str = "bench.assay") -> Path:
    """A review holding `sources`, made with the services a user's import goes through."""
    from assay.services import config
    from assay.services.session import ReviewSession

    reviewer = config.set_reviewer("Bench Reviewer")
    path = home / name
    with ReviewSession.create(path, reviewer) as session:
        for source in sources:
            session.import_file(source)
    return path


def peak_rss_mb() -> float:
    """Peak resident set size of this process (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None
    target: str
    passed: bool | None  # None: a figure for information, with no target

    @property
    def ratio(self) -> str:
        if not self.baseline:
            return "-"
        return f"{self.value / self.baseline:.2f}x"


def print_table(figures: Sequence[Figure]) -> None:
    header = f"{'figure':<34} {'value':>12} {'baseline':>12} {'ratio':>7}  {'target':<18} result"
    print(header)
    print("-" * len(header))
    for f in figures:
        base = "-" if f.baseline is None else f"{f.baseline:.2f} {f.unit}"
        print(
            f"{f.name:<34} {f.value:>9.2f} {f.unit:<2} {base:>12} {f.ratio:>7}  "
            f"{f.target:<18} {'-' if f.passed is None else 'PASS' if f.passed else 'FAIL'}"
        )
