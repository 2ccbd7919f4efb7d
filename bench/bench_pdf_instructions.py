"""PDF import against PDFium alone, counted in instructions instead of seconds.

On a shared machine the time ratio of `bench_pdf_speed.py` swings by a fifth from one
minute to the next; the instructions a run executes do not. Each of three child
processes imports the files once to warm up (imports, compiled patterns) and then:
stops ("none"), pulls every page's text with PDFium once more ("base"), or runs
`parse_file` on every file once more ("parse"), under `valgrind --tool=callgrind`.
Subtracting "none" leaves the cost of one baseline pass and one import; their ratio
tracks the time ratio (which ran about 1.1–1.15 times it, stop 15) and judges a change
of a few per cent that the clock cannot. Needs valgrind; takes a few minutes.
Run: python bench/bench_pdf_instructions.py [PDF ...]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _common import ROOT
from bench_pdf_speed import corpus_pdfs

_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, {app!r})
sys.path.insert(0, {bench!r})
from assay.text.pipeline import parse_file
from bench_pdf import pdfium_text_only
files = [Path(name) for name in {files!r}]
for path in files:
    parse_file(path)
    pdfium_text_only(path)
if {mode!r} == "base":
    for path in files:
        pdfium_text_only(path)
elif {mode!r} == "parse":
    for path in files:
        parse_file(path)
"""
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(mode: str, files: list[Path]) -> int:
    code = _CHILD.format(
        app=str(ROOT / "app"), bench=str(ROOT / "bench"), files=[str(f) for f in files], mode=mode
    )
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    done = subprocess.run(
        [*command, sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {mode}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    files = options.pdfs or corpus_pdfs()
    with ThreadPoolExecutor(max_workers=3) as pool:  # counts do not depend on load
        none, base, parse = pool.map(
            lambda mode: instructions(mode, files), ("none", "base", "parse")
        )
    baseline, imported = base - none, parse - none
    print(f"{len(files)} PDFs, instructions of one pass")
    print(f"PDFium text alone (baseline) {baseline / 1e6:10.1f} M")
    print(f"parse_file                   {imported / 1e6:10.1f} M   {imported / baseline:.3f}×")


if __name__ == "__main__":
    main()
