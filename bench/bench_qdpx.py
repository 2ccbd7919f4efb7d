"""REFI-QDA export at 100,000 annotations, against the bundle export of the same review.

Reuses bench_exchange's big review (seed 001 repeated to ~100,000 sentences, every
sentence annotated by reviewer A; set-up not measured), then measures in the same run:
the bundle export (the reference), the `.qdpx` export (issue 14, item 6), the import
of that `.qdpx` into a fresh review (documents added from its sources), and a
re-import into the review it came from (every sentence already annotated: all kept).
Run: python bench/bench_qdpx.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from assay.services.exchange import export_bundle
from assay.services.qdpx import export_qdpx, import_qdpx
from assay.services.session import ReviewSession
from bench_exchange import A, B, annotate_all, build_review


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="assay-bench-qdpx-") as name:
        folder = Path(name)
        t0 = time.perf_counter()
        review, sentences = build_review(folder)
        annotated = annotate_all(review, A, "supported")
        print(f"set-up: {sentences:,} sentences, {annotated:,} annotations "
              f"({time.perf_counter() - t0:.1f} s)")  # fmt: skip

        start = time.perf_counter()
        bundle = export_bundle(review, folder / "a.assaybundle", reviewer=A)
        bundle_s = time.perf_counter() - start
        start = time.perf_counter()
        result = export_qdpx(review, folder / "a.qdpx", reviewer=A,
                             exported_at="2024-01-01T00:00:00Z")  # fmt: skip
        qdpx_s = time.perf_counter() - start
        print(f"bundle export: {bundle_s:.2f} s ({bundle.size / 1e6:.1f} MB); qdpx export: "
              f"{qdpx_s:.2f} s ({result.size / 1e6:.1f} MB, {result.selections:,} selections); "
              f"ratio {qdpx_s / bundle_s:.1f}x")  # fmt: skip

        fresh = folder / "fresh.assay"
        ReviewSession.create(fresh, B).close()
        start = time.perf_counter()
        counts = import_qdpx(fresh, result.path, reviewer=B)
        import_s = time.perf_counter() - start
        print(f"import into a fresh review: {import_s:.2f} s ({counts.added} documents added, "
              f"{counts.annotations:,} annotations)")  # fmt: skip
        start = time.perf_counter()
        again = import_qdpx(review, result.path, reviewer=A)
        again_s = time.perf_counter() - start
        print(f"re-import into its own review: {again_s:.2f} s ({again.kept:,} kept)")
        figures = {"bundle_export_s": bundle_s, "qdpx_export_s": qdpx_s,
                   "ratio": qdpx_s / bundle_s, "import_s": import_s}  # fmt: skip
        print(json.dumps({key: round(value, 2) for key, value in figures.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
