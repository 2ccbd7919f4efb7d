"""Agreement over 100,000 sentences × 3 reviewers: the pure computation and query + computation.

Synthetic codings: each reviewer copies a sentence's "true" coding (categories,
not_a_claim, verdict) 80 % of the time and otherwise draws one at random, so there
is real disagreement. Measured twice:
- in memory: `assay.exchange.agreement.agreement_report` on the codings;
- on a real review file holding the same 300,000 annotations (bulk-inserted in one
  transaction): `assay.services.agreement.agreement_report(conn)`, query included.
Same-run baseline: one `collections.Counter` pass over the same 100,000 sentence
tuples, the least any tally-based computation must do.
Target: under 1 s for both.

Run: python bench/bench_agreement.py
"""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, Figure, isolate, median, print_table

SENTENCES = 100_000
REVIEWERS = ("Ada", "Ben", "Cy")
TARGET_S = 1.0
REPEATS = 5
CATEGORY_SETS = [
    frozenset(),
    frozenset({"efficacy"}),
    frozenset({"mechanism"}),
    frozenset({"dose"}),
    frozenset({"efficacy", "dose"}),
    frozenset({"safety"}),
    frozenset({"mechanism", "efficacy"}),
]
VERDICTS = [None, "supported", "overstated", "lacks_context", "unsupported", "contradicted"]


def random_coding(rng: random.Random) -> tuple[frozenset[str], bool, str | None]:
    if rng.random() < 0.1:
        return (frozenset(), True, None)
    return (rng.choice(CATEGORY_SETS[1:]), False, rng.choice(VERDICTS))


def synthetic_units(rng: random.Random) -> list[list[tuple[frozenset[str], bool, str | None]]]:
    units = []
    for _ in range(SENTENCES):
        truth = random_coding(rng)
        units.append([truth if rng.random() < 0.8 else random_coding(rng) for _ in REVIEWERS])
    return units


def timed(action: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return median(times)


def build_review(home: Path, units: list) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from assay.core.model import Reviewer
    from assay.services.session import ReviewSession
    from assay.store import writes
    from assay.store.connection import transaction
    from support import synthetic_document

    reviewers = [Reviewer(str(uuid.uuid4()), name) for name in REVIEWERS]
    path = home / "agreement.assay"
    with ReviewSession.create(path, reviewers[0]) as session:
        session.import_parsed(synthetic_document(SENTENCES))
        ids = [row[0] for row in session.conn.execute("SELECT id FROM sentences ORDER BY id")]
        now = writes.now_iso()
        with transaction(session.conn) as conn:
            for reviewer in reviewers:
                writes.ensure_reviewer(conn, reviewer)
            conn.executemany(
                "INSERT INTO annotations(id, sentence_id, reviewer_id, categories, not_a_claim, "
                "verdict, status, created, modified) VALUES (?, ?, ?, ?, ?, ?, 'final', ?, ?)",
                (
                    (str(uuid.uuid4()), sentence_id, reviewer.id,
                     json.dumps(sorted(coding[0])), int(coding[1]), coding[2], now, now)
                    for sentence_id, unit in zip(ids, units, strict=True)
                    for reviewer, coding in zip(reviewers, unit, strict=True)
                ),
            )  # fmt: skip
    return path


def main() -> None:
    home = isolate("agreement")
    from assay.exchange.agreement import agreement_report
    from assay.services import agreement as service
    from assay.store.connection import connect_read_only

    rng = random.Random(20240501)
    units = synthetic_units(rng)
    tuples = [tuple(unit) for unit in units]

    baseline = timed(lambda: Counter(tuples))
    pure = timed(lambda: agreement_report(REVIEWERS, units))
    report = agreement_report(REVIEWERS, units)

    path = build_review(home, units)
    conn = connect_read_only(path)
    try:
        with_query = timed(lambda: service.agreement_report(conn), repeats=3)
        stored = service.agreement_report(conn)
    finally:
        conn.close()
    assert stored["verdict"]["alpha"] == report.verdict.value, "file and memory disagree"

    print(f"{SENTENCES:,} sentences × {len(REVIEWERS)} reviewers")
    print(f"verdict alpha {report.verdict.value:.3f} over {report.verdict.units:,} sentences")
    for name, alpha in report.categories.items():
        print(f"{name} alpha {alpha.value:.3f} over {alpha.units:,} sentences")
    print_table(
        [
            Figure("baseline: one Counter pass", baseline, "s", None, "-", None),
            Figure("agreement_report (in memory)", pure, "s", baseline, "< 1 s", pure < TARGET_S),
            Figure(
                "query + agreement_report (file)",
                with_query,
                "s",
                baseline,
                "< 1 s",
                with_query < TARGET_S,
            ),
        ]
    )


if __name__ == "__main__":
    main()
