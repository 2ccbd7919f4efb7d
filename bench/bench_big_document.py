"""A very large document in the window: 10,000, 100,000 and 1,000,000 short sentences.

For each size a Markdown file of short sentences (ten to a paragraph) is imported into
a review with the services a user's import goes through (parse + write, timed: the
baseline of the same run), every sentence gets a verdict from the local reviewer (the
worst case for the verdict tints), and the window opens on it in a fresh process:

- open: `start_window` until the document has painted;
- usable: from there until a Down key pressed at once has moved to the next sentence
  (the work deferred until after the first paint runs before it);
- last sentence: `go_to` the document's last sentence until it is painted (Qt lays the
  document out down to there);
- verdict key: a verdict key on a sentence until it is saved and tinted (median of 20);
- scroll: the text scrolled by a page until painted, 40 times (worst and median).

The same sentences in one paragraph (a text that lost its line breaks) are measured at
the largest size too. The figures are ratios: open/usable against the headless import
of the same text, and each size against the one ten times smaller (1.0 per tenfold =
proportional). Peak RSS comes from the child process.

Run: python bench/bench_big_document.py [largest]   (default 1000000; ~4 minutes)
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

from _common import PYTHON, Figure, isolate, median, peak_rss_mb, print_table

SIZES = (10_000, 100_000, 1_000_000)
PER_PARAGRAPH = 10
VERDICT_KEYS = 20
SCROLL_STEPS = 40


def write_document(path: Path, sentences: int, per_paragraph: int) -> None:
    words = ("dose", "trial", "effect", "patients", "sleep", "anxiety", "placebo")
    lines = [
        f"Sentence {n} says the {words[n % len(words)]} was {n % 97} mg in {n % 13 + 2} weeks."
        for n in range(sentences)
    ]
    paragraphs = [
        " ".join(lines[i : i + per_paragraph]) for i in range(0, sentences, per_paragraph)
    ]
    path.write_text("# A very long document\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")


def annotate_all(review: Path, reviewer_id: str, verdict: str) -> int:
    """Every sentence gets `verdict` (set-up, not measured). Quotes are cut in Python:
    SQLite's substr over the document text per sentence is quadratic in its size."""
    conn = sqlite3.connect(review)
    stamp = "2026-12-03T10:00:00.000+00:00"
    count = 0
    for document_id, text in conn.execute("SELECT id, text FROM documents").fetchall():
        rows = conn.execute(
            'SELECT id, start, "end" FROM sentences WHERE document_id = ?', (document_id,)
        ).fetchall()
        conn.executemany(
            "INSERT INTO annotations(id, sentence_id, reviewer_id, categories, verdict, "
            "status, created, modified, quote_exact) "
            "VALUES (?, ?, ?, '[\"efficacy\"]', ?, 'final', ?, ?, ?)",
            [
                (str(uuid.uuid4()), sid, reviewer_id, verdict, stamp, stamp, text[start:end])
                for sid, start, end in rows
            ],
        )
        count += len(rows)
    conn.commit()
    conn.close()
    return count


def build(home: Path, sentences: int, per_paragraph: int, name: str) -> tuple[Path, float, int]:
    """The review, the seconds the import took (parse + write) and its sentence count."""
    from assay.services import config
    from assay.services.session import ReviewSession

    source = home / f"{name}.md"
    write_document(source, sentences, per_paragraph)
    reviewer = config.reviewer() or config.set_reviewer("Bench Reviewer")
    review = home / f"{name}.assay"
    with ReviewSession.create(review, reviewer) as session:
        start = time.perf_counter()
        session.import_file(source)
        imported = time.perf_counter() - start
    count = annotate_all(review, reviewer.id, "overstated")
    source.unlink()
    return review, imported, count


def measure(review: Path) -> dict[str, float]:
    """Runs in its own process: open the review in the window, then work in it."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from assay.ui.app import make_application, start_window

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    def until(condition) -> None:  # noqa: ANN001
        while not condition():
            app.processEvents()

    figures: dict[str, float] = {}
    start = time.perf_counter()
    app = make_application()
    window = start_window([review])
    assert window is not None
    view = window.page.source_view
    watch = PaintWatch()
    view.viewport().installEventFilter(watch)
    until(lambda: watch.painted)
    figures["open"] = time.perf_counter() - start
    first = window.controller.current_id
    QApplication.postEvent(
        view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    )
    until(lambda: window.controller.current_id != first)
    figures["usable"] = time.perf_counter() - start

    rows = window.model.all_rows()
    watch.painted = False
    start = time.perf_counter()
    window.controller.go_to(rows[-1].id)
    until(lambda: watch.painted)
    figures["last"] = time.perf_counter() - start
    assert view.current_sentence() == rows[-1].id

    view.setFocus()
    keys = []
    for n in range(VERDICT_KEYS):
        window.controller.go_to(rows[-1 - 50 * n].id)
        start = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_S if n % 2 else Qt.Key.Key_O)
        keys.append(time.perf_counter() - start)
    figures["key"] = median(keys)

    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    frames = []
    for _ in range(SCROLL_STEPS):
        watch.painted = False
        start = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        until(lambda: watch.painted)
        frames.append(time.perf_counter() - start)
    figures["scroll_worst"], figures["scroll_median"] = max(frames), median(frames)
    figures["rss"] = peak_rss_mb()
    window.close()
    app.processEvents()
    return figures


def run_child(review: Path) -> dict[str, float]:
    out = subprocess.run(
        [PYTHON, __file__, "--measure", str(review)],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # ASSAY_HOME: the parent's temp home
        print(json.dumps(measure(Path(sys.argv[2]))))
        return
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else SIZES[-1]
    home = isolate("bigdoc")
    cases = [(n, PER_PARAGRAPH, f"{n:,} sentences") for n in SIZES if n <= largest]
    cases.append((largest, largest, f"{largest:,} in one paragraph"))
    results: list[tuple[str, float, int, dict[str, float]]] = []
    for sentences, per_paragraph, label in cases:
        review, imported, count = build(home, sentences, per_paragraph, f"doc{len(results)}")
        figures = run_child(review)
        review.unlink()
        results.append((label, imported, count, figures))
        print(
            f"{label}: {count:,} rows; import {imported:.2f} s, open {figures['open']:.2f} s, "
            f"usable {figures['usable']:.2f} s, last sentence {figures['last'] * 1000:.0f} ms, "
            f"verdict key {figures['key'] * 1000:.1f} ms, scroll worst/median "
            f"{figures['scroll_worst'] * 1000:.0f}/{figures['scroll_median'] * 1000:.1f} ms, "
            f"peak RSS {figures['rss']:.0f} MB",
            flush=True,
        )
    rows: list[Figure] = []
    for label, imported, _count, figures in results:
        rows.append(Figure(f"{label}: usable", figures["usable"], "s", imported, "(info)", None))
    paragraphs = [r for r in results if "paragraph" not in r[0]]
    for (small, _, _, before), (large, _, _, after) in zip(
        paragraphs, paragraphs[1:], strict=False
    ):
        growth = after["usable"] / before["usable"]
        rows.append(
            Figure(
                f"usable {large.split()[0]} / {small.split()[0]}",
                after["usable"],
                "s",
                before["usable"],
                "~10x (linear)",
                growth <= 12.0,
            )
        )
    print_table(rows)


if __name__ == "__main__":
    main()
