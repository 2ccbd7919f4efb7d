"""Reading seed 001's references, grouping them into works, linking them to sentences.

Seed 001 (a magnesium white paper) holds 63 reference entries ("✓ Author A, et al.
Title. Journal. Year;Vol(Issue):pages.") of 21 works, most cited several times with
differing titles and author lists. Timed, median of 21 runs on the parsed document:
`document_references` (every entry parsed, split entries mended), `group_works`
(identical keys, then the rapidfuzz pass), the two together (the target), and for
information `citations` + `glosses` and the whole `works_json`.

Same-run baseline: `parse_file` of the seed (read, clean, segment), the import the
reference pass runs after. For information: the 63 entries repeated 100 times (6,300
entries, verbatim copies), each parsed with `parse_reference` and all grouped, median
of 3.

Target: parsing + grouping the seed's references under 100 ms.
Run: python bench/bench_references.py
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from _common import SEED, Figure, median, print_table
from assay.evidence.references import (
    citations,
    document_references,
    glosses,
    group_works,
    parse_reference,
    works_json,
)
from assay.text.pipeline import parse_file

REPEATS = 21
COPIES = 100
TARGET_MS = 100.0


def median_ms(run: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return median(times) * 1000


def main() -> int:
    parsed = parse_file(SEED)
    refs = document_references(parsed)
    works = group_works([ref.reference for ref in refs])
    raws = [ref.reference.raw for ref in refs]
    print(f"seed 001: {len(parsed.sentences)} sentences, {len(refs)} entries, {len(works)} works")

    baseline_ms = median_ms(lambda: parse_file(SEED), 7)
    parse_ms = median_ms(lambda: document_references(parsed))
    group_ms = median_ms(lambda: group_works([ref.reference for ref in refs]))
    both_ms = median_ms(lambda: group_works([r.reference for r in document_references(parsed)]))
    links_ms = median_ms(lambda: (citations(parsed, refs), glosses(parsed, refs)))
    json_ms = median_ms(lambda: works_json(parsed))

    many = raws * COPIES
    many_parse_ms = median_ms(lambda: [parse_reference(raw) for raw in many], 3)
    many_refs = [parse_reference(raw) for raw in many]
    many_group_ms = median_ms(lambda: group_works(many_refs), 3)

    print_table(
        [
            Figure("baseline: parse_file(seed 001)", baseline_ms, "ms", None, "-", None),
            Figure("document_references (63)", parse_ms, "ms", baseline_ms, "-", None),
            Figure("group_works (63)", group_ms, "ms", baseline_ms, "-", None),
            Figure(
                "parse + group (63)", both_ms, "ms", baseline_ms, "< 100 ms", both_ms < TARGET_MS
            ),
            Figure("citations + glosses (info)", links_ms, "ms", None, "-", None),
            Figure("works_json, all of it (info)", json_ms, "ms", None, "-", None),
            Figure(f"parse_reference x{len(many):,} (info)", many_parse_ms, "ms", None, "-", None),
            Figure(f"group_works x{len(many):,} (info)", many_group_ms, "ms", None, "-", None),
        ]
    )
    print(
        json.dumps(
            {
                "entries": len(refs),
                "works": len(works),
                "parse_ms": round(parse_ms, 2),
                "group_ms": round(group_ms, 2),
                "parse_group_ms": round(both_ms, 2),
                "baseline_parse_file_ms": round(baseline_ms, 2),
                "ratio_to_baseline": round(both_ms / baseline_ms, 3),
                "links_ms": round(links_ms, 2),
                "works_json_ms": round(json_ms, 2),
                "x100_entries": len(many),
                "x100_parse_ms": round(many_parse_ms, 1),
                "x100_group_ms": round(many_group_ms, 1),
                "passed": both_ms < TARGET_MS,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
