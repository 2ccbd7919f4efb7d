"""The sentence table with 100,000+ sentences: open, scroll, filter, peak memory.

The review (13+ documents, each seed 001 repeated 10 times under its own heading,
with every 100th sentence annotated) is built first, then measured in a fresh
process so the import's memory does not count. The memory baseline is a bare
QApplication showing one empty QTableView, also in a fresh process.
Targets: each filter under 100 ms; peak RSS with the review open under 300 MB.

Run: python bench/bench_table.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from _common import PYTHON, SEED, Figure, isolate, make_review, peak_rss_mb, print_table

MIN_SENTENCES = 100_000
COPIES_PER_DOCUMENT = 10
DOCUMENTS = 13  # x 10 copies x ~776 sentences
FILTER_TARGET_MS = 100.0
RSS_TARGET_MB = 300.0
SCROLL_STEPS = 200

BARE_TABLE = """
import os, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtWidgets import QApplication, QTableView
from _common import peak_rss_mb
app = QApplication(sys.argv[:1])
view = QTableView()
view.resize(1360, 860)
view.show()
for _ in range(20):
    app.processEvents()
print(peak_rss_mb())
"""


def build(home: Path) -> tuple[Path, int]:
    from assay.core.model import SKIPPED_KINDS, AnnotationState
    from assay.core.vocabulary import CATEGORIES, VERDICTS
    from assay.services import config
    from assay.services.session import ReviewSession

    seed = SEED.read_text(encoding="utf-8")
    body = "\n\n".join([seed] * COPIES_PER_DOCUMENT)
    sources = [home / f"part_{n:02}.md" for n in range(1, DOCUMENTS + 1)]
    for n, source in enumerate(sources, 1):
        source.write_text(f"# Part {n}\n\n{body}", encoding="utf-8")
    review = make_review(home, sources, "big.assay")
    reviewer = config.reviewer()
    assert reviewer is not None
    with ReviewSession.open(review, reviewer) as session:
        rows = session.sentence_rows()
        for n, row in enumerate(r for r in rows[::100] if r.kind not in SKIPPED_KINDS):
            state = AnnotationState(
                categories=(CATEGORIES[n % len(CATEGORIES)].value,),
                verdict=VERDICTS[n % len(VERDICTS)].value,
            )
            session.save_annotation(row.id, state)
    if len(rows) < MIN_SENTENCES:
        raise RuntimeError(f"only {len(rows):,} sentences; raise DOCUMENTS")
    return review, len(rows)


def measure(review: Path) -> dict[str, float]:
    """Runs in its own process: open the review in the window, scroll, filter."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from assay.core.vocabulary import CATEGORIES, VERDICTS
    from assay.ui.app import make_application, start_window
    from assay.ui.sentence_filter import STATUS_UNREVIEWED, SentenceFilter

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    figures: dict[str, float] = {}
    start = time.perf_counter()
    app = make_application()
    window = start_window([review])
    assert window is not None
    watch = PaintWatch()
    view = window.page.table.view
    view.viewport().installEventFilter(watch)
    while not watch.painted:
        app.processEvents()
    figures["open"] = (time.perf_counter() - start) * 1000
    figures["rows"] = window.model.rowCount()

    bar = view.verticalScrollBar()
    frames: list[float] = []
    for _ in range(SCROLL_STEPS):
        watch.painted = False
        start = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        while not watch.painted:
            app.processEvents()
        frames.append((time.perf_counter() - start) * 1000)
    figures["scroll_worst"] = max(frames)
    figures["scroll_median"] = sorted(frames)[len(frames) // 2]

    model = window.model
    specs = {
        "filter: status unreviewed": SentenceFilter(status=STATUS_UNREVIEWED),
        f"filter: category {CATEGORIES[0].value}": SentenceFilter(category=CATEGORIES[0].value),
        f"filter: verdict {VERDICTS[0].value}": SentenceFilter(verdict=VERDICTS[0].value),
    }
    for name, spec in specs.items():
        model.set_filter(SentenceFilter())
        start = time.perf_counter()
        model.set_filter(spec)
        figures[name] = (time.perf_counter() - start) * 1000
    model.set_filter(SentenceFilter())
    table = window.page.table
    for name, word in (("filter: search (first)", "glycinate"), ("filter: search", "magnesium")):
        table.search_edit.clear()
        table._apply_filter()
        QTest.keyClicks(table.search_edit, word)
        start = time.perf_counter()
        table._apply_filter()  # what the typing timer calls
        figures[name] = (time.perf_counter() - start) * 1000
        figures[f"{name} rows"] = model.rowCount()
    for _ in range(5):
        app.processEvents()
    figures["rss"] = peak_rss_mb()
    window.close()
    QApplication.processEvents()
    return figures


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # ASSAY_HOME: the parent's temp home
        print(json.dumps(measure(Path(sys.argv[2]))))
        return
    home = isolate("table")
    start = time.perf_counter()
    review, sentences = build(home)
    print(f"built {review.name}: {sentences:,} sentences in {time.perf_counter() - start:.1f} s")
    out = subprocess.run(
        [PYTHON, __file__, "--measure", str(review)],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    bare = subprocess.run(
        [PYTHON, "-c", BARE_TABLE, str(Path(__file__).parent)],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    ).stdout
    bare_rss = float(bare.strip().splitlines()[-1])
    print(f"open: {figures['open']:.0f} ms, {int(figures['rows']):,} rows in the table")
    print(f"scroll by a page x{SCROLL_STEPS}: median {figures['scroll_median']:.1f} ms")
    for name in ("filter: search (first)", "filter: search"):
        print(f"{name}: {int(figures[name + ' rows']):,} rows")
    rows = [
        Figure("open 100k review -> painted", figures["open"], "ms", None, "(info)", True),
        Figure("scroll frame (worst)", figures["scroll_worst"], "ms", None, "(info)", True),
    ]
    rows += [
        Figure(name, figures[name], "ms", None, "< 100 ms", figures[name] < FILTER_TARGET_MS)
        for name in figures
        if name.startswith("filter:") and not name.endswith("rows")
    ]
    rows.append(
        Figure(
            "peak RSS, review open",
            figures["rss"],
            "MB",
            bare_rss,
            "< 300 MB",
            figures["rss"] < RSS_TARGET_MB,
        )
    )
    print_table(rows)


if __name__ == "__main__":
    main()
