"""The HTML report of a 100,000-sentence review, against the bundle export of the same
review in the same run (bench_exchange builds and annotates it).

Run: python bench/bench_report.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from assay.services.exchange import export_bundle
from assay.services.report_export import export_report
from bench_exchange import A, annotate_all, build_review

LIMIT_S = 10.0  # issue 14: the HTML report of 100,000 sentences under 10 s


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="assay-bench-report-") as name:
        folder = Path(name)
        review, sentences = build_review(folder)
        annotated = annotate_all(review, A, "supported")
        print(f"set-up: {sentences:,} sentences, {annotated:,} annotations")
        start = time.perf_counter()
        bundle = export_bundle(review, folder / "a.assaybundle", reviewer=A)
        bundle_s = time.perf_counter() - start
        start = time.perf_counter()
        report = export_report(review, folder / "report.html", "html")
        html_s = time.perf_counter() - start
        ratio = html_s / bundle_s
        print(f"bundle export ({bundle.annotations:,} annotations): {bundle_s:.2f} s")
        print(
            f"HTML report ({report.sentences:,} sentences, {report.size / 1e6:.1f} MB): "
            f"{html_s:.2f} s = {ratio:.1f}x the bundle (limit {LIMIT_S:.0f} s)"
        )
        print(json.dumps({"html_s": round(html_s, 2), "bundle_s": round(bundle_s, 2),
                          "ratio": round(ratio, 2)}))  # fmt: skip
    return 0 if html_s < LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
