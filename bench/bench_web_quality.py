"""Web-page import quality: the article's words found, and words from outside it.

Over the saved pages in ../shared/corpus/html/*/ (each `source.html` is the page as
saved, `expected.html` the article as Mozilla readability extracts it), every page is
imported with `assay.text.pipeline.parse_file` and its sentences compared with the
article, both as multisets of lower-cased alphanumeric words:

- recall: share of the article's words found among Assay's words (target >= 95%);
- noise: share of Assay's words that the article does not have (target <= 3%).

Per page and summed over the pages (summed = totals of the counts, so long pages weigh
more). For comparison the same measure is taken on trafilatura's and readability-lxml's
text for the same pages when those packages are installed (dev only, not dependencies:
`pip install trafilatura readability-lxml`).

Run: python bench/bench_web_quality.py [--only NAME] [--words NAME] [--libraries]
(--words prints the words missed and the extra words for one page.)
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html

from assay.text.pipeline import parse_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "html"
RECALL_TARGET = 0.95
NOISE_TARGET = 0.03
_WORD = re.compile(r"[^\W_]+")

Extractor = Callable[[Path], str]


def words(text: str) -> Counter[str]:
    """Lower-cased alphanumeric tokens (NFKC, so ligatures and wide forms compare)."""
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).lower()))


def html_text(html: str) -> str:
    """The text of an HTML fragment, blocks separated by spaces."""
    tree = lxml.html.fromstring(html)
    for element in tree.iter():
        if isinstance(element.tag, str):
            element.tail = " " + (element.tail or "")
    return tree.text_content()


def assay_text(source: Path) -> str:
    parsed = parse_file(source)
    return "\n".join(parsed.text[s.start : s.end] for s in parsed.sentences)


def trafilatura_text(source: Path) -> str:
    import trafilatura

    html = source.read_bytes()
    return trafilatura.extract(html, include_tables=True, include_comments=False) or ""


def readability_text(source: Path) -> str:
    from readability import Document

    document = Document(source.read_text("utf-8", "replace"))
    return document.title() + "\n" + html_text(document.summary(html_partial=True))


def compare(expected: Counter[str], found: Counter[str]) -> tuple[int, int, int, int]:
    """(article words found, article words, extra words, words found in all)."""
    hits = sum((expected & found).values())
    extra = sum((found - expected).values())
    return hits, sum(expected.values()), extra, sum(found.values())


def measure(name: str, extractor: Extractor, pages: list[Path]) -> tuple[float, float]:
    print(f"\n{name}")
    print(f"{'page':<18}{'recall':>8}{'noise':>8}{'article':>9}{'found':>8}{'ms':>8}")
    totals = [0, 0, 0, 0]
    for page in pages:
        expected = words(html_text((page / "expected.html").read_text("utf-8")))
        started = time.perf_counter()
        text = extractor(page / "source.html")
        elapsed = (time.perf_counter() - started) * 1000
        hits, article, extra, found = compare(expected, words(text))
        totals = [a + b for a, b in zip(totals, (hits, article, extra, found), strict=True)]
        recall = hits / article if article else 1.0
        noise = extra / found if found else 0.0
        print(f"{page.name:<18}{recall:>8.1%}{noise:>8.1%}{article:>9}{found:>8}{elapsed:>8.0f}")
    recall = totals[0] / totals[1]
    noise = totals[2] / totals[3] if totals[3] else 0.0
    print(f"{'summed':<18}{recall:>8.1%}{noise:>8.1%}{totals[1]:>9}{totals[3]:>8}")
    return recall, noise


def show_words(page: Path) -> None:
    expected = words(html_text((page / "expected.html").read_text("utf-8")))
    found = words(assay_text(page / "source.html"))
    print("missed:", " ".join(sorted((expected - found).elements())))
    print("\nextra:", " ".join(sorted((found - expected).elements())))


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--only", help="one page folder name")
    options.add_argument("--words", help="print missed and extra words for one page")
    options.add_argument("--libraries", action="store_true", help="also run the libraries")
    args = options.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    if args.words:
        show_words(CORPUS / args.words)
        return 0
    pages = sorted(p for p in CORPUS.iterdir() if (p / "source.html").is_file())
    if args.only:
        pages = [p for p in pages if p.name == args.only]
    recall, noise = measure("Assay (parse_file)", assay_text, pages)
    if args.libraries:
        for name, extractor in (
            ("trafilatura", trafilatura_text),
            ("readability-lxml", readability_text),
        ):
            try:
                measure(name, extractor, pages)
            except ImportError:
                print(f"\n{name}: not installed")
    met = recall >= RECALL_TARGET and noise <= NOISE_TARGET
    print(f"\ntargets recall >= {RECALL_TARGET:.0%}, noise <= {NOISE_TARGET:.0%}: ", end="")
    print("met" if met else "NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
