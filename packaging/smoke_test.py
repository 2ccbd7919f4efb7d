"""Smoke test of a built Assay (packaging/build.py's output) on a fresh ASSAY_HOME.

    python packaging/smoke_test.py [--app build/dist/assay] [--archive FILE]

1. `assay --version` names the project's version;
2. `assay new` with a PDF and a DOCX (written from seed 001 by tests/fixtures, with the
   test dependencies fpdf2 and python-docx), then `assay stats --json` counts both;
3. the window, offscreen, until the sample review it makes on this first start is
   painted (ASSAY_EXIT_AFTER_PAINT: the window says "painted", then "ready PATH");
4. the size targets (Linux): the folder <= 120 MB on disk, the tar.gz <= 60 MB.

Exits 1 with the failed step named; the build's figures are printed either way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "build" / "dist"
MB = 1_000_000
MAX_FOLDER_MB = 120
MAX_ARCHIVE_MB = 60
WINDOW_TIMEOUT_S = 90
SAMPLE_REVIEW_NAME = "Sample review.assay"  # assay.ui.app.SAMPLE_REVIEW_NAME


class SmokeFailure(Exception):
    pass


@dataclass(frozen=True)
class ProbeReport:
    painted: bool
    ready: Path | None


def parse_probe_output(stdout: str) -> ProbeReport:
    """What the window said under ASSAY_EXIT_AFTER_PAINT (other lines are ignored)."""
    lines = [line.strip() for line in stdout.splitlines()]
    ready = next((line[len("ready ") :] for line in lines if line.startswith("ready ")), None)
    return ProbeReport("painted" in lines, Path(ready) if ready and ready != "None" else None)


def folder_size(folder: Path) -> int:
    """Bytes of every file in `folder` (links count as links, as `du --apparent-size`)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def size_problems(folder_bytes: int, archive_bytes: int | None) -> list[str]:
    problems = []
    if folder_bytes > MAX_FOLDER_MB * MB:
        problems.append(f"folder {folder_bytes / MB:.1f} MB > {MAX_FOLDER_MB} MB")
    if archive_bytes is not None and archive_bytes > MAX_ARCHIVE_MB * MB:
        problems.append(f"archive {archive_bytes / MB:.1f} MB > {MAX_ARCHIVE_MB} MB")
    return problems


def executable(app: Path) -> Path:
    if app.suffix == ".app":
        return app / "Contents" / "MacOS" / "assay"
    return app / ("assay.exe" if sys.platform == "win32" else "assay")


def project_version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def fresh_environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSAY_", "PYTHON"))}
    env.update(ASSAY_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def run_assay(exe: Path, env: dict[str, str], *args: str, timeout: float = 120) -> str:
    done = subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise SmokeFailure(f"assay {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def write_documents(folder: Path) -> tuple[Path, Path]:
    """A PDF and a DOCX of seed 001, made by the test fixtures."""
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.documents import seed, write_docx, write_pdf

    parsed = seed("001")
    return write_pdf(parsed, folder / "sample.pdf"), write_docx(parsed, folder / "sample.docx")


def check_cli(exe: Path, env: dict[str, str], work: Path) -> dict[str, object]:
    version = run_assay(exe, env, "--version").strip()
    if version != f"assay {project_version()}":
        raise SmokeFailure(f"--version said {version!r}")
    pdf, docx = write_documents(work)
    review = work / "smoke.assay"
    run_assay(exe, env, "new", str(review), str(pdf), str(docx))
    stats = json.loads(run_assay(exe, env, "stats", "--json", str(review)))
    if stats.get("documents") != 2 or not stats.get("sentences"):
        raise SmokeFailure(f"stats after importing a PDF and a DOCX: {stats}")
    return {"version": version, "documents": stats["documents"], "sentences": stats["sentences"]}


def check_window(exe: Path, env: dict[str, str], home: Path) -> float:
    """Seconds from start until the first-run sample review is painted."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(exe)],
        env={**env, "ASSAY_EXIT_AFTER_PAINT": "1"},
        capture_output=True,
        text=True,
        timeout=WINDOW_TIMEOUT_S,
    )
    elapsed = time.perf_counter() - started
    report = parse_probe_output(done.stdout)
    if done.returncode != 0 or not report.painted or report.ready is None:
        raise SmokeFailure(
            f"window exited {done.returncode}, said {done.stdout!r}; stderr: {done.stderr[-2000:]}"
        )
    if report.ready.name != SAMPLE_REVIEW_NAME or not report.ready.is_relative_to(home):
        raise SmokeFailure(f"the window opened {report.ready}, not the new sample review")
    return elapsed


def default_app() -> Path:
    return DIST / ("Assay.app" if sys.platform == "darwin" else "assay")


def default_archive() -> Path | None:
    found = sorted(DIST.glob("assay-*.tar.gz"))
    return found[-1] if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", type=Path, default=default_app())
    parser.add_argument("--archive", type=Path, default=None)
    parser.add_argument(
        "--no-size-check",
        action="store_true",
        default=not sys.platform.startswith("linux"),  # the targets are the Linux build's
    )
    args = parser.parse_args(argv)
    exe = executable(args.app)
    archive = args.archive or default_archive()
    figures: dict[str, object] = {"app": str(args.app)}
    try:
        with tempfile.TemporaryDirectory(prefix="assay-smoke-") as tmp:
            home, work = Path(tmp) / "home", Path(tmp) / "work"
            home.mkdir()
            work.mkdir()
            env = fresh_environment(home)
            figures.update(check_cli(exe, env, work))
            figures["window_seconds"] = round(check_window(exe, env, home), 2)
        figures["folder_mb"] = round(folder_size(args.app) / MB, 1)
        archive_bytes = archive.stat().st_size if archive else None
        figures["archive_mb"] = None if archive_bytes is None else round(archive_bytes / MB, 1)
        problems = [] if args.no_size_check else size_problems(folder_size(args.app), archive_bytes)
        if problems:
            raise SmokeFailure("size: " + "; ".join(problems))
    except (SmokeFailure, subprocess.TimeoutExpired) as failure:
        print(json.dumps(figures, indent=2))
        print(f"SMOKE TEST FAILED: {failure}", file=sys.stderr)
        return 1
    print(json.dumps(figures, indent=2))
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
