"""Segmenter speed and Golden Rules accuracy: pysbd vs sentencex vs ours; 10 MB parse.

Run: python bench/bench_segment.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pysbd
import sentencex

from assay.text.pipeline import parse_text
from assay.text.segmenter import segment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "text"))
from golden_rules_en import golden_score  # noqa: E402

SEED = ROOT / "seeds" / "001_25d1546185dbdbaa.txt"


def median_ms(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    text = SEED.read_text(encoding="utf-8")
    # Every segmenter gets the same input the pipeline gives ours: one block at a time.
    parsed = parse_text(text, source_name=SEED.name)
    block_texts = [parsed.text[b.start : b.end] for b in parsed.blocks]
    per_100kb = 100_000 / len(parsed.text.encode("utf-8"))
    pysbd_segmenter = pysbd.Segmenter(language="en", clean=False)
    candidates: dict[str, Callable[[str], list[str]]] = {
        "pysbd": pysbd_segmenter.segment,
        "sentencex": lambda t: sentencex.segment("en", t),
        "ours": segment,
    }
    print(f"{'segmenter':<10} {'ms/100KB':>9} {'golden':>7}")
    results = {}
    for name, function in candidates.items():
        ms = median_ms(lambda f=function: [f(t) for t in block_texts], 3 if name == "pysbd" else 9)
        ms *= per_100kb
        score, _ = golden_score(function)
        results[name] = ms
        print(f"{name:<10} {ms:9.2f} {score:>4}/52")
    print(
        f"ours/sentencex {results['ours'] / results['sentencex']:.1f}x, "
        f"pysbd/ours {results['pysbd'] / results['ours']:.0f}x"
    )
    big = "\n\n".join([text] * 100)
    start = time.perf_counter()
    doc = parse_text(big, source_name="big.md", format="markdown")
    seconds = time.perf_counter() - start
    size_mb = len(big.encode("utf-8")) / 1e6
    print(
        f"parse {size_mb:.1f} MB markdown end to end: {seconds:.2f} s, "
        f"{len(doc.sentences)} sentences"
    )


if __name__ == "__main__":
    main()
