"""The table (CSV, XLSX) and W3C exports at 100,000 annotations, with the bundle export
of the same review in the same run as the baseline (the ratio is what to compare
across machines).

Builds the review as bench_exchange.py does (seed 001 repeated to ~100,000 sentences,
every sentence annotated by reviewer A: set-up, not measured), then times each export
once. Targets (issue 14): CSV/XLSX under 5 s, W3C under 5 s.
Run: python bench/bench_exports.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from assay.services.exchange import export_bundle
from assay.services.exports import write_table, write_w3c
from bench_exchange import A, annotate_all, build_review

PINNED = "2024-05-01T10:00:00.000+00:00"
TARGET_S = 5.0


def timed(work) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="assay-bench-exports-") as folder:
        folder_path = Path(folder)
        review, sentences = build_review(folder_path)
        annotated = annotate_all(review, A, "supported")
        print(f"review: {sentences:,} sentences, {annotated:,} annotations")
        bundle_s, bundle = timed(
            lambda: export_bundle(review, folder_path / "b.assaybundle", reviewer=A)
        )
        print(f"baseline: bundle export {bundle_s:.2f} s ({bundle.size:,} bytes)")
        failed = False
        out = folder_path / "out"

        def table(format: str, per: str = "reviewer"):  # noqa: ANN202
            return lambda: write_table(review, out, format, per, exported_at=PINNED)  # type: ignore[arg-type]

        runs = [
            ("CSV", table("csv")),
            ("XLSX", table("xlsx")),
            ("CSV per sentence", table("csv", "sentence")),
            ("W3C JSON-LD", lambda: write_w3c(review, out, exported_at=PINNED)),
        ]
        for name, work in runs:
            seconds, written = timed(work)
            verdict = "PASS" if seconds < TARGET_S else "FAIL"
            failed |= seconds >= TARGET_S
            print(
                f"{name:18} {seconds:5.2f} s  ratio to bundle {seconds / bundle_s:4.2f}x  "
                f"{written.size:>12,} bytes  {written.rows:,} rows  (< {TARGET_S:.0f} s: {verdict})"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
