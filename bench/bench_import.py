"""End-to-end import of a 10 MB Markdown file (seed 001 ×100): parse + write.

Prints seconds for each part and the ratio to a baseline measured in the same run
(read + NFC-normalise + SHA-256 of the same file), so the figure means something on a
noisy machine. Run: python bench/bench_import.py [copies]
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from assay.core.model import Reviewer
from assay.services.importing import write_parsed
from assay.store import writes
from assay.store.connection import transaction
from assay.store.review_file import create_review, open_review
from assay.text.pipeline import parse_file

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "001_25d1546185dbdbaa.txt"
REPEATS = 3
REVIEWER = Reviewer("bench", "Bench")


def baseline(path: Path) -> float:
    start = time.perf_counter()
    text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8"))
    hashlib.sha256(text.encode("utf-8")).hexdigest()
    return time.perf_counter() - start


def import_once(path: Path, folder: Path, index: int) -> tuple[float, float, int]:
    review = folder / f"review{index}.assay"
    create_review(review).close()  # a fresh review, not timed
    start = time.perf_counter()
    parsed = parse_file(path, progress=lambda *_: None, cancel=lambda: False)
    parsed_at = time.perf_counter()
    # What assay.services.importer.import_file does after parsing.
    conn = open_review(review, read_only=False)
    try:
        with transaction(conn):
            writes.ensure_reviewer(conn, REVIEWER)
        write_parsed(conn, parsed, reviewer_id=REVIEWER.id, cancel=lambda: False)
    finally:
        conn.close()
    return parsed_at - start, time.perf_counter() - parsed_at, len(parsed.sentences)


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = folder / "big.md"
        big.write_text("\n\n".join([SEED.read_text(encoding="utf-8")] * copies), encoding="utf-8")
        size_mb = big.stat().st_size / 1e6
        parse_s, write_s, base_s = [], [], []
        for index in range(REPEATS):
            base_s.append(baseline(big))
            parse, write, sentences = import_once(big, folder, index)
            parse_s.append(parse)
            write_s.append(write)
        parse, write, base = (statistics.median(x) for x in (parse_s, write_s, base_s))
        total = statistics.median(p + w for p, w in zip(parse_s, write_s, strict=True))
        print(f"{size_mb:.1f} MB Markdown, {sentences} sentences, median of {REPEATS}")
        print(f"baseline (read + NFC + sha256): {base:.3f} s")
        print(f"parse {parse:.2f} s ({parse / base:.0f}x baseline)")
        print(f"write {write:.2f} s ({write / base:.0f}x baseline)")
        print(f"total {total:.2f} s ({total / base:.0f}x baseline)")


if __name__ == "__main__":
    main()
