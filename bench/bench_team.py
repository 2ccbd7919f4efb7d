"""The window on a team review: 100,000 sentences, each annotated by 3 reviewers who
disagree on about a third of them.

Measured in one process on the offscreen platform, each against a baseline from the
same run: loading the team view against loading the sentence rows the window needs
anyway; a category key with others' work present against the same key in a review
of one reviewer (the keystroke target is a median under 5 ms); the disagreement
filter against the status filter (target under 100 ms, as for the other filters);
D (next open disagreement) and Ctrl+2 (take reviewer 2's decision).

Run: python bench/bench_team.py
"""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from pathlib import Path

from _common import ROOT, Figure, isolate, median, print_table

SENTENCES = 100_100
DOCUMENTS = 13  # documents of 7,700 sentences, about the sample's size x 10
REVIEWERS = ("Ada", "Bob", "Chiara")
KEYS = 60
VERDICTS = ("supported", "overstated", "unsupported")


def build(home: Path, reviewers: int) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from assay.core.model import Reviewer
    from assay.services import config
    from assay.services.session import ReviewSession
    from assay.store import writes
    from assay.store.connection import transaction
    from support import synthetic_document

    me = config.ensure_reviewer()
    people = [me] + [Reviewer(str(uuid.uuid4()), name) for name in REVIEWERS[1:reviewers]]
    path = home / f"team-{reviewers}.assay"
    rng = random.Random(7)
    with ReviewSession.create(path, me) as session:
        for n in range(DOCUMENTS):
            session.import_parsed(synthetic_document(SENTENCES // DOCUMENTS, name=f"part-{n}.txt"))
        ids = [row[0] for row in session.conn.execute("SELECT id FROM sentences ORDER BY id")]
        now = writes.now_iso()
        with transaction(session.conn) as conn:
            for person in people:
                writes.ensure_reviewer(conn, person)
            rows = []
            for sentence_id in ids:
                agreed = rng.choice(VERDICTS)
                for person in people:
                    verdict = agreed if rng.random() < 0.85 else rng.choice(VERDICTS)
                    rows.append(
                        (str(uuid.uuid4()), sentence_id, person.id, '["efficacy"]', verdict, now)
                    )
            conn.executemany(
                "INSERT INTO annotations(id, sentence_id, reviewer_id, categories, not_a_claim, "
                "verdict, status, created, modified) VALUES (?, ?, ?, ?, 0, ?, 'draft', ?, ?)",
                [(*row, now) for row in rows],
            )
    return path


def timed_ms(action) -> float:  # noqa: ANN001
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def key_medians(window, app, key) -> float:  # noqa: ANN001
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    times = []
    rows = window.model.all_rows()
    for n in range(KEYS):
        window.controller.go_to(rows[n * 7].id)
        app.processEvents()
        times.append(timed_ms(lambda: QTest.keyClick(QApplication.focusWidget() or window, key)))
    return median(times)


def main() -> None:
    home = isolate("team")
    import os

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt

    from assay.services import config
    from assay.services.session import ReviewSession
    from assay.services.team import OPEN_DISAGREEMENTS, load_team
    from assay.ui.app import make_application, start_window
    from assay.ui.sentence_filter import STATUS_UNREVIEWED, SentenceFilter

    start = time.perf_counter()
    solo, team = build(home, 1), build(home, len(REVIEWERS))
    print(f"built two reviews of {SENTENCES:,} sentences in {time.perf_counter() - start:.1f} s")
    me = config.ensure_reviewer()
    with ReviewSession.open(team, me) as session:
        rows_ms = median([timed_ms(session.sentence_rows) for _ in range(3)])
        load_ms = median([timed_ms(lambda: load_team(session)) for _ in range(3)])
    app = make_application()
    figures: list[Figure] = []
    keys: dict[str, float] = {}
    windows = {}
    for name, review in (("solo", solo), ("team", team)):
        window = windows[name] = start_window([review])
        assert window is not None
        window.activateWindow()
        for _ in range(5):
            app.processEvents()
        keys[name] = key_medians(window, app, Qt.Key.Key_1)
        if name == "solo":
            window.close()
            app.processEvents()
    window = windows["team"]
    model, table = window.model, window.page.table
    status_ms = timed_ms(lambda: model.set_filter(SentenceFilter(status=STATUS_UNREVIEWED)))
    model.set_filter(SentenceFilter())
    filter_ms = timed_ms(lambda: table.choose_team_filter(OPEN_DISAGREEMENTS))
    shown = model.rowCount()
    table.choose_team_filter(None)
    window.toggle_reviewers_panel()
    app.processEvents()
    window.controller.go_to(model.all_rows()[0].id)
    next_ms = median([timed_ms(lambda: window.team.next_disagreement(1)) for _ in range(20)])
    pick_ms = timed_ms(lambda: window.team.pick(2))
    print(f"open disagreements: {shown:,} of {model.rowCount():,} sentences")
    window.close()
    app.processEvents()
    figures += [
        Figure("load team view (100k x 3)", load_ms, "ms", rows_ms, "(info)", None),
        Figure("category key, team (median)", keys["team"], "ms", keys["solo"], "< 5 ms",
               keys["team"] < 5),
        Figure("filter: open disagreements", filter_ms, "ms", status_ms, "< 100 ms",
               filter_ms < 100),
        Figure("D: next open disagreement", next_ms, "ms", None, "(info)", None),
        Figure("Ctrl+2: take a decision", pick_ms, "ms", None, "(info)", None),
    ]  # fmt: skip
    print_table(figures)
    print(json.dumps({f.name: round(f.value, 2) for f in figures}))


if __name__ == "__main__":
    main()
