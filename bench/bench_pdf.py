"""Importing a 100-page text PDF, and reading a 500-page one.

Writes seed 001 five times over as one two-column PDF with a running header and
footer and hyphenated words (tests/fixtures/documents.py, fpdf2): about 100 pages.
Measures, median of 3: `parse_file` (PDFium + layout + segmentation) and a full
import into a new review (what File ▸ Import does, on its worker thread). Baseline in
the same run: PDFium alone pulling every page's text (`get_text_range`), the floor
for any PDF import. Then a 500-page PDF: parse time and peak memory.
Run: python bench/bench_pdf.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from _common import ROOT, isolate, peak_rss_mb

sys.path.insert(0, str(ROOT / "tests"))

from assay.services import config  # noqa: E402
from assay.services.session import ReviewSession  # noqa: E402
from assay.text.pipeline import parse_file  # noqa: E402
from fixtures.documents import PdfLayout, seed, write_pdf  # noqa: E402


def median_time(job, runs: int = 3) -> float:
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


def main() -> int:
    home = isolate("pdf")
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
    pdf = write_pdf(repeated, home / "long-paper.pdf", PdfLayout(2, True, True))
    import pypdfium2 as pdfium

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

    from fpdf import FPDF

    long = FPDF()
    long.set_font("helvetica", size=11)
    for number in range(1, 501):
        long.add_page()
        long.multi_cell(0, 6, f"Trial {number} gave 240 mg of magnesium daily. " * 30)
    long.output(str(home / "500.pdf"))
    long_parse = median_time(lambda: parse_file(home / "500.pdf"), runs=1)
    print(f"500-page PDF: parse_file {long_parse:.2f} s; peak RSS {peak_rss_mb():.0f} MB")
    print(
        json.dumps(
            {"pages": pages, "baseline_s": round(baseline, 3), "parse_s": round(parse, 3),
             "import_s": round(imported, 3), "pages_500_s": round(long_parse, 2)}
        )
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
