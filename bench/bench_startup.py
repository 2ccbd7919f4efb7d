"""Start to a painted window: Assay with seed 001 open vs a bare PySide6 label.

Each run is a fresh interpreter (`python -c`); the clock runs from spawning it until
it reports the first paint event of the watched widget (Assay: the source view's
viewport). Runs alternate between the two so machine noise hits both alike.
Target: Assay's median at most 2.0x the bare window's.

Run: python bench/bench_startup.py [runs]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from _common import PYTHON, SEED, Figure, isolate, make_review, median, print_table

TARGET_RATIO = 2.0

_REPORT = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer

class Painted(QObject):
    def __init__(self):
        super().__init__()
        QTimer.singleShot(30000, lambda: os._exit(3))

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            sys.stdout.write("painted\\n")
            sys.stdout.flush()
            os._exit(0)
        return False
"""

BARE = (
    _REPORT
    + """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("Hello")
painted = Painted()
label.installEventFilter(painted)
label.show()
app.exec()
"""
)

# The real start path of `assay REVIEW` (`run_gui`): the window paints the document
# where the reviewer stopped, then completes itself and opens the review.
ASSAY = (
    _REPORT
    + """
from assay.ui.app import Launch, make_application
from assay.ui.dialogs import ask_reviewer_name
app = make_application()
launch = Launch([sys.argv[1]], ask_reviewer_name)
window = launch.begin()
painted = Painted()
window.page.source_view.viewport().installEventFilter(painted)
launch.finish_after_first_paint()
app.exec()
"""
)

# The same start, timed until the window is complete: claim panel, table, review open.
ASSAY_COMPLETE = (
    _REPORT
    + """
from assay.ui.app import Launch, make_application
from assay.ui.dialogs import ask_reviewer_name
app = make_application()
launch = Launch([sys.argv[1]], ask_reviewer_name)
window = launch.begin()
finish = launch.finish

def finish_then_report():
    finish()
    window.page.table.view.viewport().installEventFilter(painted)
    window.page.table.view.viewport().update()

launch.finish = finish_then_report
painted = Painted()
launch.finish_after_first_paint()
app.exec()
"""
)


def time_to_paint(code: str, *args: str) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(
        [PYTHON, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait()
    if line.strip() != "painted":
        raise RuntimeError(f"child exited {child.returncode} without painting")
    return elapsed * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    home = isolate("startup")
    review = str(make_review(home, [SEED]))
    time_to_paint(BARE)  # warm the file cache for all three
    time_to_paint(ASSAY, review)
    time_to_paint(ASSAY_COMPLETE, review)
    bare: list[float] = []
    assay: list[float] = []
    complete: list[float] = []
    for i in range(runs):
        trio = [(bare, BARE, ()), (assay, ASSAY, (review,)), (complete, ASSAY_COMPLETE, (review,))]
        for results, code, args in trio if i % 2 == 0 else reversed(trio):
            results.append(time_to_paint(code, *args))
    print(f"bare     ms: {' '.join(f'{t:.0f}' for t in bare)}")
    print(f"assay    ms: {' '.join(f'{t:.0f}' for t in assay)}")
    print(f"complete ms: {' '.join(f'{t:.0f}' for t in complete)}")
    ratio = median(assay) / median(bare)
    print_table(
        [
            Figure(
                "start to painted window, document shown (median)",
                median(assay),
                "ms",
                median(bare),
                f"<= {TARGET_RATIO}x bare",
                ratio <= TARGET_RATIO,
            ),
            Figure(
                "start to complete window, review open (median)",
                median(complete),
                "ms",
                median(bare),
                "(info)",
                None,
            ),
        ]
    )


if __name__ == "__main__":
    main()
