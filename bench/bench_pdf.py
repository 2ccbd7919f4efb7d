"""Importing a 100-page text PDF, and reading a 1,000-page one.

Writes seed 001 five times over as one two-column PDF with a running header and
footer and hyphenated words (tests/fixtures/documents.py, fpdf2): about 100 pages.
Measures, median of 3: `parse_file` (PDFium + layout + segmentation) and a full
import into a new review (what File ▸ Import does, on its worker thread). Baseline in
the same run: PDFium alone pulling every page's text (`get_text_range`), the floor
for any PDF import.

Then 1,000 pages: that paper's pages over and over (PDFium copies them, so the long
file has the same layout as the short one). Each figure comes from a fresh child
process, so its peak RSS (VmHWM) is its own and not the parent's: `parse_file`, a full
import into a new review (which also keeps the PDF's bytes for the page view), and
how long a cancel takes to stop the parse when asked at page 500, and when asked as
the layout starts ("finding paragraphs": the layout of all pages has no checkpoint of
its own, so this is the longest a reviewer waits after pressing Cancel).
Targets (issue 11): import ≤ 3× PDFium's text-only time, the 100-page PDF under 3 s,
the 1,000-page PDF under 500 MB.
Run: python bench/bench_pdf.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from _common import PYTHON, ROOT, Figure, isolate, peak_rss_mb, print_table

sys.path.insert(0, str(ROOT / "tests"))

LONG_PAGES = 1000
RSS_TARGET_MB = 500


def median_time(job: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pdfium_text_only(path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    document.close()


def write_long_paper(home: Path) -> Path:
    """Seed 001 five times over: ~100 pages, two columns, header, footer, hyphens."""
    from fixtures.documents import PdfLayout, seed, write_pdf

    parsed = seed("001")
    base = parsed.text
    repeated = replace(
        parsed,
        text="\n".join([base] * 5),
        blocks=tuple(
            replace(b, start=b.start + copy * (len(base) + 1), end=b.end + copy * (len(base) + 1))
            for copy in range(5)
            for b in parsed.blocks
        ),
    )
    return write_pdf(repeated, home / "long-paper.pdf", PdfLayout(2, True, True))


def write_pages(source: Path, target: Path, count: int) -> Path:
    """`count` pages: the source's pages over and over, copied by PDFium."""
    import pypdfium2 as pdfium

    paper = pdfium.PdfDocument(str(source))
    long = pdfium.PdfDocument.new()
    while len(long) < count:
        long.import_pages(paper, list(range(min(len(paper), count - len(long)))))
    long.save(str(target))
    long.close()
    paper.close()
    return target


# --- the child process: one measure, its own peak RSS ----------------------------------


def child(job: str, path: Path) -> dict[str, float]:
    """One measure of the 1,000-page PDF in this (fresh) process."""
    from assay.text.errors import Cancelled
    from assay.text.pipeline import parse_file

    ready_mb = peak_rss_mb()  # Python and Assay's text layer, before the file
    start = time.perf_counter()
    result: dict[str, float] = {"ready_mb": round(ready_mb, 1)}
    if job == "parse":
        parsed = parse_file(path)
        result["sentences"] = len(parsed.sentences)
    elif job == "import":
        from assay.services import config
        from assay.services.session import ReviewSession

        reviewer = config.set_reviewer("Bench Reviewer")
        review = path.with_name(f"{path.stem}-{time.monotonic_ns()}.assay")
        with ReviewSession.create(review, reviewer) as session:
            result["sentences"] = session.import_file(path).sentence_count
        result["review_mb"] = round(review.stat().st_size / 1e6, 1)
    elif job.startswith("cancel-"):
        when = job.removeprefix("cancel-")
        asked_at: list[float] = []

        def progress(done: int, total: int, stage: str) -> None:
            if asked_at:
                return
            if (when == "mid" and stage == "reading pages" and done == 500) or (
                when == "layout" and stage == "finding paragraphs"
            ):
                asked_at.append(time.perf_counter())

        try:
            parse_file(path, progress=progress, cancel=lambda: bool(asked_at))
        except Cancelled:
            result["stop_s"] = round(time.perf_counter() - asked_at[0], 4)
        else:
            result["stop_s"] = -1.0  # never cancelled: reported as a failure
    else:
        raise SystemExit(f"unknown job {job}")
    result["seconds"] = round(time.perf_counter() - start, 3)
    result["peak_mb"] = round(peak_rss_mb(), 1)
    return result


def in_child(job: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [PYTHON, __file__, "--child", job, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"child {job} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the run ------------------------------------------------------------------------------


def main() -> int:
    home = isolate("pdf")
    import pypdfium2 as pdfium

    from assay.services import config
    from assay.services.session import ReviewSession
    from assay.text.pipeline import parse_file

    pdf = write_long_paper(home)
    pages = len(pdfium.PdfDocument(str(pdf)))
    baseline = median_time(lambda: pdfium_text_only(pdf))
    parse = median_time(lambda: parse_file(pdf))
    reviewer = config.set_reviewer("Bench Reviewer")
    counter = iter(range(100))

    def full_import() -> None:
        with ReviewSession.create(home / f"r{next(counter)}.assay", reviewer) as session:
            session.import_file(pdf)

    imported = median_time(full_import)
    sentences = len(parse_file(pdf).sentences)
    print(f"{pages} pages, {sentences:,} sentences")
    print(f"PDFium text only: {baseline:.3f} s")
    print(f"parse_file: {parse:.3f} s ({parse / baseline:.1f}× the baseline)")
    print(f"import into a new review: {imported:.3f} s (target < 3 s)")

    long = write_pages(pdf, home / "thousand.pdf", LONG_PAGES)
    long_mb = long.stat().st_size / 1e6
    long_baseline = median_time(lambda: pdfium_text_only(long), runs=1)
    long_parse = in_child("parse", long)
    long_import = in_child("import", long)
    cancel_mid = in_child("cancel-mid", long)
    cancel_late = in_child("cancel-layout", long)
    print(
        f"\n{LONG_PAGES:,}-page PDF ({long_mb:.1f} MB, {long_parse['sentences']:,.0f} sentences), "
        f"each figure in its own process (Python + Assay loaded: "
        f"{long_parse['ready_mb']:.0f} MB):"
    )
    print(f"PDFium text only: {long_baseline:.2f} s")
    print(
        f"parse_file: {long_parse['seconds']:.2f} s "
        f"({long_parse['seconds'] / long_baseline:.1f}× the baseline), "
        f"peak RSS {long_parse['peak_mb']:.0f} MB (target < {RSS_TARGET_MB} MB)"
    )
    print(
        f"import into a new review: {long_import['seconds']:.2f} s, peak RSS "
        f"{long_import['peak_mb']:.0f} MB; review file {long_import['review_mb']:.1f} MB"
    )
    print(
        f"cancel asked at page 500: stopped after {cancel_mid['stop_s'] * 1000:.1f} ms; "
        f"asked as the layout starts: stopped after "
        f"{cancel_late['stop_s'] * 1000:.0f} ms (the layout of all pages runs first)"
    )
    print()
    print_table(
        [
            Figure("100-page import (new review)", imported, "s", None, "< 3 s", imported < 3),
            Figure(
                "100-page parse_file", parse, "s", baseline, "<= 3x PDFium", parse <= 3 * baseline
            ),
            Figure(
                "1,000-page parse_file", long_parse["seconds"], "s", long_baseline,
                "<= 3x PDFium", long_parse["seconds"] <= 3 * long_baseline,
            ),
            Figure(
                "1,000-page parse peak RSS", long_parse["peak_mb"], "MB", None,
                f"< {RSS_TARGET_MB} MB", long_parse["peak_mb"] < RSS_TARGET_MB,
            ),
            Figure(
                "1,000-page import peak RSS", long_import["peak_mb"], "MB", None,
                f"< {RSS_TARGET_MB} MB", long_import["peak_mb"] < RSS_TARGET_MB,
            ),
            Figure("cancel at page 500: stop", cancel_mid["stop_s"], "s", None, "-", None),
            Figure("cancel at layout start: stop", cancel_late["stop_s"], "s", None, "-", None),
        ]
    )  # fmt: skip
    print(
        json.dumps(
            {"pages": pages, "baseline_s": round(baseline, 3), "parse_s": round(parse, 3),
             "import_s": round(imported, 3), "long_pages": LONG_PAGES,
             "long_baseline_s": round(long_baseline, 2), "long_parse": long_parse,
             "long_import": long_import, "cancel_mid": cancel_mid, "cancel_late": cancel_late}
        )
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], Path(sys.argv[3]))))
        sys.exit(0)
    sys.exit(main())
