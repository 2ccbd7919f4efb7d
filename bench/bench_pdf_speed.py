"""Where a PDF import's time goes, against PDFium alone pulling every page's text.

For each PDF (default: the readable PDFs of ../shared/corpus/pdf), in one process and
interleaved run by run so that the machine's noise hits all alike:

- baseline: PDFium alone (`bench_pdf.pdfium_text_only`: load each page and its text
  page, pull the text) — the floor for any PDF import;
- `parse_file`: the whole import of the text (PDFium, layout, sentences);
- reading the words (`pdf_reader.page_words`: PDFium plus one measure per word);
- each layout stage, on the words read once up front: printed lines, running
  matter, reading order, figure labels, units, the hyphen judge, blocks, and the
  sentence pipeline.

Prints the best (minimum) of N runs of each, summed over the files, and the ratios to
the baseline; and each run's own ratio of `parse_file` to the baseline (median and
range), the spread the best runs hide. Target (issue 11): `parse_file` ≤ 3× the
baseline. (The hyphen judge learns the document's words only when it first judges a
line-end hyphen: its stage here is the collecting of line texts, and the learning,
where a document needs it, falls in "blocks".)
Run: python bench/bench_pdf_speed.py [--runs N] [PDF ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from _common import ROOT

sys.path.insert(0, str(ROOT / "app"))
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
TARGET = 3.0


def corpus_pdfs() -> list[Path]:
    return [p for p in sorted(CORPUS.glob("*.pdf")) if "password" not in p.name]


def layout_stages(pages: list) -> dict[str, float]:
    """Seconds of each layout stage for one document's words (as pdf_layout runs them)."""
    from assay.text import pdf_layout, pdf_units
    from assay.text.blocks import RawBlocks
    from assay.text.pdf_columns import reading_order
    from assay.text.pdf_figures import figure_pieces
    from assay.text.pdf_hyphens import HyphenJudge
    from assay.text.pdf_running import without_running_matter
    from assay.text.pdf_words import printed_lines
    from assay.text.pipeline import parse_blocks

    spent: dict[str, float] = defaultdict(float)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        spent[stage] += now - clock
        clock = now

    page_lines = []
    for page in pages:
        lines = printed_lines(page.words) if page.words else []
        for line in lines:
            line.page = page.number
        page_lines.append(lines)
    lap("lines")
    kept = without_running_matter(page_lines)
    lap("running matter")
    flow, column = [], 0
    for index, lines in enumerate(kept):
        ordered = reading_order(lines, column)
        lap("reading order")
        ordered = figure_pieces(ordered, pages[index].figures)
        if ordered:
            column = max(line.column for line in ordered) + 1
        flow.extend(ordered)
        lap("figure labels")
    if not flow:
        return spent
    units = pdf_layout._units(flow)
    lap("units")
    judge = HyphenJudge(line.text for line in flow)
    lap("hyphen judge")
    raw = RawBlocks(pdf_units.raw_blocks(units, judge, pages))
    lap("blocks")
    parse_blocks(raw, source_name="bench.pdf", format="pdf")
    lap("sentences")
    return spent


def timed(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def read_words(path: Path) -> list:
    import pypdfium2 as pdfium

    from assay.text.pdf_reader import page_words

    document = pdfium.PdfDocument(str(path))
    try:
        return [page_words(document, index) for index in range(len(document))]
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    from assay.text.pipeline import parse_file
    from bench_pdf import pdfium_text_only

    files = options.pdfs or corpus_pdfs()
    if not files:
        raise SystemExit(f"no PDFs given and none in {CORPUS}")
    words = {path: read_words(path) for path in files}
    best: dict[tuple[Path, str], float] = {}
    run_ratios: list[float] = []  # each run's parse_file over its baseline, summed
    for _ in range(options.runs):
        run_total = {"baseline": 0.0, "parse_file": 0.0}
        for path in files:
            figures = {
                "baseline": timed(lambda path=path: pdfium_text_only(path)),
                "parse_file": timed(lambda path=path: parse_file(path)),
                "words": timed(lambda path=path: read_words(path)),
                **layout_stages(words[path]),
            }
            for name, seconds in figures.items():
                key = (path, name)
                best[key] = min(best.get(key, seconds), seconds)
            run_total["baseline"] += figures["baseline"]
            run_total["parse_file"] += figures["parse_file"]
        run_ratios.append(run_total["parse_file"] / run_total["baseline"])
    totals: dict[str, float] = defaultdict(float)
    for (_, name), seconds in best.items():
        totals[name] += seconds
    baseline = totals.pop("baseline")
    print(f"{len(files)} PDFs, best of {options.runs} runs, summed")
    print(f"{'PDFium text alone (baseline)':<30} {baseline:7.3f} s")
    for name, seconds in totals.items():
        print(f"{name:<30} {seconds:7.3f} s  {seconds / baseline:5.2f}×")
    ratio = totals["parse_file"] / baseline
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"parse_file / baseline: {ratio:.2f}× (target ≤ {TARGET:.0f}×) {verdict}")
    # The best runs flatter both sides alike; a run's own ratio shows the spread.
    low, middle, high = min(run_ratios), statistics.median(run_ratios), max(run_ratios)
    print(f"each run's ratio: median {middle:.2f}×, from {low:.2f}× to {high:.2f}×")
    per_file = sorted(
        (best[path, "parse_file"] / best[path, "baseline"], path.name) for path in files
    )
    print("per file: " + ", ".join(f"{name} {r:.2f}×" for r, name in per_file))


if __name__ == "__main__":
    main()
