"""Start to a painted window: the frozen build (packaging/build.py) vs the same code
started from the venv, alternating, in one run.

Both are the real `assay REVIEW` start (`run_gui`) with ASSAY_EXIT_AFTER_PAINT set: the
clock runs from spawning the process until it prints "painted" (the source view's first
paint, as in bench_startup.py); the window then completes, opens the review and closes,
outside the clock. The venv side caches bytecode as an installed Assay has it
(bench/_common.isolate). One warm-up of each first. Target: frozen <= 1.2x venv.

Run: python bench/bench_frozen_start.py [runs] [--app build/dist/assay]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, SEED, Figure, isolate, make_review, median, print_table

TARGET_RATIO = 1.2
VENV_ASSAY = Path(sys.executable).with_name("assay")


def time_to_paint(command: list[str]) -> float:
    env = {**os.environ, "ASSAY_EXIT_AFTER_PAINT": "1"}
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.stdout.read()
    child.wait()
    if line.strip() != "painted" or child.returncode != 0:
        raise RuntimeError(f"{command[0]} exited {child.returncode} after {line!r}")
    return elapsed * 1000


def main() -> None:
    args = sys.argv[1:]
    app = ROOT / "build" / "dist" / "assay"
    if "--app" in args:
        at = args.index("--app")
        app = Path(args[at + 1])
        del args[at : at + 2]
    runs = int(args[0]) if args else 7
    frozen_exe = app / "assay"
    if not frozen_exe.exists():
        raise SystemExit(f"{frozen_exe} missing: run python packaging/build.py first")
    home = isolate("frozen-start")
    review = str(make_review(home, [SEED]))
    frozen_cmd, venv_cmd = [str(frozen_exe), review], [str(VENV_ASSAY), review]
    time_to_paint(frozen_cmd)  # warm the file cache (and the venv's bytecode cache)
    time_to_paint(venv_cmd)
    frozen: list[float] = []
    venv: list[float] = []
    for i in range(runs):
        pair = [(frozen, frozen_cmd), (venv, venv_cmd)]
        for results, command in pair if i % 2 == 0 else reversed(pair):
            results.append(time_to_paint(command))
    print(f"frozen ms: {' '.join(f'{t:.0f}' for t in frozen)}")
    print(f"venv   ms: {' '.join(f'{t:.0f}' for t in venv)}")
    ratio = median(frozen) / median(venv)
    print_table(
        [
            Figure(
                "frozen start to painted window",
                median(frozen),
                "ms",
                median(venv),
                f"<= {TARGET_RATIO}x venv",
                ratio <= TARGET_RATIO,
            )
        ]
    )


if __name__ == "__main__":
    main()
