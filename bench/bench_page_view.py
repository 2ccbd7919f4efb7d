"""The page view: a page rendered and shown, and where sentences sit, per page.

For each PDF of ../shared/corpus/pdf (or the files given): parse it as an import does,
build the page view at the size it has in a 1366x768 window (the text side: 790x560
logical pixels, fit width), and time per page
- "shown": `PageView.show_page` with an empty cache (PDFium render → QImage, boxes
  mapped to the screen) plus a synchronous repaint of the canvas;
- "bare": pypdfium2's own `page.render` at the same scale, in the same run (the ratio
  is what the view adds; it holds on a busy machine where the absolute figures do not);
- "match": placing every sentence (text only), per page; "boxes": fetching the placed
  sentences' boxes of a page.
Medians over pages and runs. Run: QT_QPA_PLATFORM=offscreen python bench/bench_page_view.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pypdfium2 as pdfium  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from assay.core.model import page_at  # noqa: E402
from assay.text.errors import ImportRefused  # noqa: E402
from assay.text.pdf_boxes import SentenceLocator  # noqa: E402
from assay.text.pipeline import parse_file  # noqa: E402
from assay.ui.page_view import PageView  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
VIEW_SIZE = (790, 560)  # the text side of the review page in a 1366x768 window
RUNS = 3
MAX_PAGES = 12  # per file: enough for a median


def bench_file(path: Path) -> dict[str, float] | None:
    try:
        parsed = parse_file(path)
    except ImportRefused as refused:
        print(f"{path.name:34} refused: {str(refused)[:60]}")
        return None
    pdf = path.read_bytes()
    sentences = [
        (parsed.text[s.start : s.end], page_at(parsed.pages, s.start)) for s in parsed.sentences
    ]

    document = pdfium.PdfDocument(pdf)
    started = time.perf_counter()
    locator = SentenceLocator(document, sentences)
    pages = len(document)
    match_ms = (time.perf_counter() - started) * 1000 / pages
    started = time.perf_counter()
    for page in range(1, pages + 1):
        locator.page_boxes(page)
    boxes_ms = (time.perf_counter() - started) * 1000 / pages
    found = locator.found()
    document.close()

    view = PageView()
    view.resize(*VIEW_SIZE)
    view.show()
    QApplication.processEvents()
    view.show_document(path.name, pdf, [(i, t, p) for i, (t, p) in enumerate(sentences)])
    QApplication.processEvents()
    shown: list[float] = []
    first: list[float] = []  # the first view of a page also fetches its boxes
    bare: list[float] = []
    for run in range(RUNS):
        for page in range(1, min(pages, MAX_PAGES) + 1):
            view._images.clear()  # noqa: SLF001 (a cold page, as on first view)
            started = time.perf_counter()
            view.show_page(page)
            view.canvas.repaint()
            (first if run == 0 else shown).append(time.perf_counter() - started)
            scale = view._scale(page) * view.devicePixelRatioF()  # noqa: SLF001
            raw_page = view._pdf[page - 1]  # type: ignore[index]  # noqa: SLF001
            started = time.perf_counter()
            raw_page.render(scale=scale).close()
            bare.append(time.perf_counter() - started)
            raw_page.close()
    view.close()
    result = {
        "shown": statistics.median(shown) * 1000,
        "first": statistics.median(first) * 1000,
        "bare": statistics.median(bare) * 1000,
        "match": match_ms,
        "boxes": boxes_ms,
        "found": found,
        "sentences": len(sentences),
    }
    print(
        f"{path.name:30} {pages:3} pp  first {result['first']:5.1f} ms"
        f"  shown {result['shown']:5.1f} ms  bare {result['bare']:5.1f} ms"
        f"  ×{result['shown'] / result['bare']:4.2f}  match {match_ms:5.1f} ms/p"
        f"  boxes {boxes_ms:5.1f} ms/p  placed {found}/{len(sentences)}"
    )
    return result


def main(argv: list[str]) -> int:
    QApplication.instance() or QApplication([])
    files = [Path(a) for a in argv] or sorted(CORPUS.glob("*.pdf"))
    results = [r for r in (bench_file(f) for f in files) if r is not None]
    if not results:
        return 1
    shown = statistics.median(r["shown"] for r in results)
    bare = statistics.median(r["bare"] for r in results)
    found = sum(r["found"] for r in results)
    total = sum(r["sentences"] for r in results)
    first = statistics.median(r["first"] for r in results)
    print(
        f"median over files: first view {first:.1f} ms, shown {shown:.1f} ms, "
        f"bare render {bare:.1f} ms (×{shown / bare:.2f}); "
        f"match {statistics.median(r['match'] for r in results):.1f} ms/page, "
        f"boxes {statistics.median(r['boxes'] for r in results):.1f} ms/page; "
        f"worst first view {max(r['first'] for r in results):.1f} ms; "
        f"sentences placed {found}/{total} ({100 * found / total:.1f}%)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
