"""Keystroke to committed row: category/verdict keys pressed on the real window.

The window runs offscreen with seed 001 open. For each of N sentences the script
moves there (not timed), then times from just before `QTest.keyClick` on the focused
widget until a separate read-only sqlite3 connection sees the annotation row. The
baseline, interleaved with the keystrokes: a bare UPDATE + COMMIT on the same file
from another connection with synchronous=FULL. Target: median under 5 ms.

Run: python bench/bench_keystroke.py [keystrokes]
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from _common import SEED, Figure, isolate, make_review, median, percentile, print_table

TARGET_MS = 5.0
KEYS = ("1", "S", "2", "O", "3", "C", "4", "U", "1", "X", "2", "V")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    home = isolate("keystroke")
    review = make_review(home, [SEED])

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from assay.core.model import SKIPPED_KINDS
    from assay.ui.app import make_application, start_window

    app = make_application()
    window = start_window([review])
    assert window is not None
    window.activateWindow()
    deadline = time.perf_counter() + 10
    while QApplication.activeWindow() is not window and time.perf_counter() < deadline:
        app.processEvents()

    rows = [r for r in window.model.all_rows() if r.kind not in SKIPPED_KINDS]
    step = max(1, len(rows) // count)
    targets = [r.id for r in rows[::step][:count]]
    reader = sqlite3.connect(f"file:{review}?mode=ro", uri=True, isolation_level=None)
    writer = sqlite3.connect(review, isolation_level=None, timeout=5)
    writer.execute("PRAGMA synchronous=FULL")
    probe = "SELECT 1 FROM annotations WHERE sentence_id = ?"

    keystroke: list[float] = []
    baseline: list[float] = []
    for i, sentence_id in enumerate(targets):
        window.controller.go_to(sentence_id)
        window.focus_text()
        app.processEvents()
        key = Qt.Key(ord(KEYS[i % len(KEYS)]))
        start = time.perf_counter()
        QTest.keyClick(QApplication.focusWidget() or window, key)
        while reader.execute(probe, (sentence_id,)).fetchone() is None:
            if time.perf_counter() - start > 5:
                raise RuntimeError(f"key {KEYS[i % len(KEYS)]} did not save sentence {sentence_id}")
        keystroke.append((time.perf_counter() - start) * 1000)

        start = time.perf_counter()
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "UPDATE annotations SET rationale = ? WHERE sentence_id = ?", (f"b{i}", sentence_id)
        )
        writer.execute("COMMIT")
        baseline.append((time.perf_counter() - start) * 1000)

    window.close()
    print(f"{len(keystroke)} keystrokes on {Path(review).name}")
    med, p95 = median(keystroke), percentile(keystroke, 0.95)
    base_med, base_p95 = median(baseline), percentile(baseline, 0.95)
    print_table(
        [
            Figure(
                "keystroke -> committed (median)", med, "ms", base_med, "< 5 ms", med < TARGET_MS
            ),
            Figure("keystroke -> committed (p95)", p95, "ms", base_p95, "(info)", True),
        ]
    )


if __name__ == "__main__":
    main()
