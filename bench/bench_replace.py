"""Replacing a document that carries 10,000 annotations with an edited version.

Seed 001 repeated 13 times under its own headings (≈10,100 sentences, one Markdown
file) is imported and every sentence annotated (executemany, set-up). The edit: a
paragraph inserted at the start (every offset moves) and one word changed in every
20th copy of a sentence that mentions "magnesium" (fuzzy). Measured, median of 3, each
on a fresh copy of the review: `replace_document` end to end (parse the new version,
re-anchor, move annotations, commit). Same-run baseline: importing that new version
as a new document into a copy of the review (parse + write, no annotations to move).
Run: python bench/bench_replace.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import SEED
from assay.services import importer
from assay.services.session import ReviewSession
from assay.services.versions import replace_document
from bench_exchange import A, annotate_all

COPIES = 13


def write_versions(folder: Path) -> tuple[Path, Path]:
    seed = SEED.read_text(encoding="utf-8")
    # Copies made distinct (a verbatim repeat would give every sentence twelve twins).
    copies = [seed.replace("agnesium", f"agnesium-{n}") for n in range(COPIES)]
    old = "\n\n".join(f"# Copy {n}\n\n{text}" for n, text in enumerate(copies))
    edited_copies = []
    for n, text in enumerate(copies):
        if n % 4 == 0:  # one word changed in a quarter of the copies: fuzzy
            text = text.replace("glycinate", "glycinates")
        edited_copies.append(f"# Copy {n}\n\n{text}")
    new = "An editor's note opens the new version. It moves every sentence.\n\n" + "\n\n".join(
        edited_copies
    )
    (folder / "old.md").write_text(old, encoding="utf-8")
    (folder / "new.md").write_text(new, encoding="utf-8")
    return folder / "old.md", folder / "new.md"


def annotated_review(folder: Path, old: Path) -> tuple[Path, int, int]:
    review = folder / "base.assay"
    with ReviewSession.create(review, A) as session:
        document_id = session.import_file(old).document_id
    annotated = annotate_all(review, A, "supported")  # as bench_exchange sets it up
    return review, document_id, annotated


def timed(job) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="assay-bench-replace-") as name:
        folder = Path(name)
        old, new = write_versions(folder)
        base, document_id, annotated = annotated_review(folder, old)
        replace_times, import_times, result = [], [], None
        for run in range(3):
            copy = folder / f"run{run}.assay"
            shutil.copy(base, copy)
            import_times.append(
                timed(lambda copy=copy: importer.import_file(copy, new, reviewer=A))
            )
            copy = folder / f"replace{run}.assay"
            shutil.copy(base, copy)
            start = time.perf_counter()
            result = replace_document(copy, document_id, new, reviewer=A)
            replace_times.append(time.perf_counter() - start)
    replace_s, import_s = statistics.median(replace_times), statistics.median(import_times)
    print(f"{annotated:,} annotations on {result.sentence_count:,} sentences")
    print(f"baseline, import the new version as a new document: {import_s:.2f} s")
    print(f"replace_document: {replace_s:.2f} s ({replace_s / import_s:.1f}× the baseline)")
    print(f"re-attached {result.reattached}, orphaned {result.orphaned}")
    print(json.dumps({"replace_s": round(replace_s, 2), "import_s": round(import_s, 2),
                      **result.reattached, "orphaned": result.orphaned}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
