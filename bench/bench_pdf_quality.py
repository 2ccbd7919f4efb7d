"""Import quality on real third-party PDFs and DOCX files (issue 11, "How to measure").

Reads every PDF in ../shared/corpus/pdf (or the FILES given), imports each with
`parse_file` and compares Assay's sentences with `pdftotext -raw FILE -` (poppler-utils,
a dev-time tool): invented, cut, headings, coverage, references and speed, per file and
summed, with the share of files meeting each target. Then every DOCX in
../shared/corpus/docx: sentences and coverage against the text python-docx's XML holds
(paragraphs, tables, text boxes). How each figure is computed:
bench/_pdf_quality_metrics.py. The corpus files are read in place, never copied.

Run: python bench/bench_pdf_quality.py [--json OUT] [--show N] [FILES...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import _pdf_quality_metrics as metrics
from _common import ROOT, isolate

CORPUS = ROOT.parent / "shared" / "corpus"
JATS = {"cermine_test2.pdf": CORPUS / "pdf" / "ref" / "cermine_test2-content.xml"}
HEADING_KINDS = frozenset({"heading", "title"})

TARGETS = {  # figure -> (test, text)
    "invented": (lambda v: v <= 0.01, "<= 1%"),
    "cut": (lambda v: v <= 0.05, "<= 5%"),
    "headings": (lambda v: v >= 0.85, ">= 85%"),
    "coverage": (lambda v: v >= 0.95, ">= 95%"),
    "references": (lambda v: v >= 0.90, ">= 90%"),
    "ratio": (lambda v: v <= 3.0, "<= 3x"),
}


@dataclass
class PdfResult:
    file: str
    refused: str = ""
    crashed: str = ""
    sentences: int = 0
    invented: int = 0
    invented_prose: int = 0
    body_sentences: int = 0
    cut: int = 0
    headings_expected: int = 0
    headings_found: int = 0
    reference_words: int = 0
    covered_words: int = 0
    references_expected: int = 0
    references_found: int = 0
    reference_blocks: int = 0
    parse_s: float = 0.0
    pdfium_s: float = 0.0
    missing_headings: list[str] = field(default_factory=list)
    invented_samples: list[str] = field(default_factory=list)
    cut_samples: list[str] = field(default_factory=list)
    missing_references: list[str] = field(default_factory=list)
    missing_words: list[str] = field(default_factory=list)

    def shares(self) -> dict[str, float | None]:
        """Each figure as a share (None where there is nothing to measure)."""

        def share(part: int, whole: int) -> float | None:
            return part / whole if whole else None

        return {
            "invented": share(self.invented, self.sentences),
            "cut": share(self.cut, self.body_sentences),
            "headings": share(self.headings_found, self.headings_expected),
            "coverage": share(self.covered_words, self.reference_words),
            "references": share(self.references_found, self.references_expected),
            "ratio": self.parse_s / self.pdfium_s if self.pdfium_s else None,
        }


def median_times(jobs: list[Callable[[], object]], runs: int, floor_s: float = 0.25) -> list[float]:
    """Median time of each job over at least `runs` rounds, more (up to 50) while the
    rounds would take under `floor_s` in all (a 3 ms parse is noise otherwise). The
    jobs take turns within a round, so that the shared machine's swings from one
    second to the next hit them alike (timed one job after the other, the import and
    PDFium met different minutes of load)."""
    times: list[list[float]] = [[] for _ in jobs]
    while len(times[0]) < runs or (sum(times[0]) < floor_s and len(times[0]) < 50):
        for job, taken in zip(jobs, times, strict=True):
            start = time.perf_counter()
            job()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) for taken in times]


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def jats_expectations(path: Path) -> tuple[list[str], list[str]]:
    """(top-level section titles, reference entry texts) of a JATS file."""
    root = ElementTree.parse(path).getroot()
    body = root.find("body")
    titles = []
    for section in body.findall("sec") if body is not None else []:
        title = section.find("title")
        if title is not None:
            titles.append(" ".join("".join(title.itertext()).split()))
    entries = [" ".join("".join(ref.itertext()).split()) for ref in root.iter("ref")]
    return titles, entries


def measure_pdf(path: Path, runs: int, show: int) -> PdfResult:
    from assay.text.errors import ImportRefused
    from assay.text.pipeline import parse_file
    from bench_pdf import pdfium_text_only

    result = PdfResult(path.name)
    try:
        parsed = parse_file(path)
    except ImportRefused as refusal:
        result.refused = str(refusal)
        return result
    except Exception as error:  # a parser being rewritten: report it, measure the rest
        result.crashed = f"{type(error).__name__}: {error}"
        return result
    result.parse_s, result.pdfium_s = median_times(
        [lambda: parse_file(path), lambda: pdfium_text_only(path)], runs
    )

    reference = pdftotext(path)
    texts = [parsed.text[s.start : s.end] for s in parsed.sentences]
    kinds = [s.kind.value for s in parsed.sentences]
    result.sentences = len(texts)

    reference_key = metrics.match_key(reference)
    invented = metrics.invented_sentences(texts, reference)
    result.invented = len(invented)
    prose = {i for i in invented if metrics.is_prose(texts[i])}
    result.invented_prose = len(prose)
    worst = sorted(  # prose first, then by how much of the sentence is not found
        invented,
        key=lambda i: (
            i not in prose,
            -metrics.unmatched_share(metrics.match_key(texts[i]), reference_key),
        ),
    )
    result.invented_samples = [texts[i] for i in worst[:show]]

    cut, result.body_sentences = metrics.cut_sentences(list(zip(kinds, texts, strict=True)))
    result.cut = len(cut)
    result.cut_samples = [f"{texts[i]} | {texts[i + 1][:60]}" for i in cut[:show]]

    lines = metrics.strip_page_furniture(reference.split("\f"))
    if path.name in JATS:
        expected_titles, expected_entries = jats_expectations(JATS[path.name])
    else:
        expected_titles = metrics.standard_headings(reference.splitlines())
        expected_entries = metrics.reference_entries(lines)
    headings = [t for t, k in zip(texts, kinds, strict=True) if k in HEADING_KINDS]
    found = metrics.found_headings(expected_titles, headings)
    result.headings_expected, result.headings_found = len(expected_titles), len(found)
    result.missing_headings = [t for t in expected_titles if t not in found]

    reference_words = metrics.words("\n".join(lines))
    assay_words = metrics.words("\n".join(texts))
    result.covered_words, result.reference_words = metrics.coverage(reference_words, assay_words)
    result.missing_words = metrics.missing_words(reference_words, assay_words, 3 * show)

    blocks = [parsed.text[b.start : b.end] for b in parsed.blocks if b.kind.value == "reference"]
    matched = set(metrics.matched_references(expected_entries, blocks))
    result.references_expected, result.references_found = len(expected_entries), len(matched)
    result.reference_blocks = len(blocks)
    result.missing_references = [
        e[:80] for i, e in enumerate(expected_entries) if i not in matched
    ][:show]
    return result


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


SUMMED_FIELDS = (
    "sentences", "invented", "invented_prose", "body_sentences", "cut", "headings_expected",
    "headings_found",
    "reference_words", "covered_words", "references_expected", "references_found",
    "reference_blocks", "parse_s", "pdfium_s",
)  # fmt: skip


def summed(results: list[PdfResult]) -> PdfResult:
    total = PdfResult("sum")
    for name in SUMMED_FIELDS:
        setattr(total, name, sum(getattr(r, name) for r in results))
    return total


def row_text(r: PdfResult) -> str:
    s = r.shares()
    return (
        f"{r.file:<30} {r.sentences:>5} {r.invented:>4} {percent(s['invented']):>7} "
        f"{r.invented_prose:>5} "
        f"{r.cut:>4} {percent(s['cut']):>8} "
        f"{f'{r.headings_found}/{r.headings_expected}':>6} {percent(s['headings']):>6} "
        f"{percent(s['coverage']):>8} "
        f"{f'{r.references_found}/{r.references_expected}':>7} {percent(s['references']):>7} "
        f"{r.parse_s:>7.3f} {r.pdfium_s:>7.3f} {ratio_text(s['ratio']):>6}"
    )


def print_pdf_table(results: list[PdfResult]) -> None:
    header = (
        f"{'file':<30} {'sents':>5} {'invented':>12} {'prose':>5} {'cut':>13} {'headings':>13} "
        f"{'coverage':>8} {'references':>15} {'parse s':>7} {'pdfium':>7} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        if r.refused or r.crashed:
            what = f"refused (expected): {r.refused}" if r.refused else f"CRASHED: {r.crashed}"
            print(f"{r.file:<30} {what[:110]}")
        else:
            print(row_text(r))
    measured = [r for r in results if not (r.refused or r.crashed)]
    print("-" * len(header))
    print(row_text(summed(measured)))
    print()
    print("files meeting each target (files with something to measure):")
    for name, (test, text) in TARGETS.items():
        values = [r.shares()[name] for r in measured]
        values = [v for v in values if v is not None]
        met = sum(1 for v in values if test(v))
        print(f"  {name:<11} {text:<7} {met}/{len(values)} files")


def print_samples(results: list[PdfResult]) -> None:
    for r in results:
        if r.refused or r.crashed:
            continue
        if r.invented_samples or r.cut_samples or r.missing_headings or r.missing_references:
            print(f"\n== {r.file} ({r.reference_blocks} reference blocks)")
        for text in r.invented_samples:
            print(f"  invented: {text[:200]!r}")
        for text in r.cut_samples:
            print(f"  cut:      {text[:200]!r}")
        for text in r.missing_headings:
            print(f"  heading not found: {text!r}")
        for text in r.missing_references:
            print(f"  reference not found: {text!r}")
        if r.missing_words:
            print(f"  words missing most: {', '.join(r.missing_words)}")


# --- DOCX -----------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def docx_reference_text(path: Path) -> str:
    """The body's text as Word's XML holds it: every paragraph's w:t runs, tables and
    text boxes (w:txbxContent) included; the fallback copy of alternate content left
    out (it repeats the text box). Read from the package with the standard library, so
    the reference does not share python-docx code paths with Assay's reader."""
    with zipfile.ZipFile(path) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    parents = {child: parent for parent in root.iter() for child in parent}

    def in_fallback(element: ElementTree.Element) -> bool:
        while element in parents:
            element = parents[element]
            if element.tag == MC_FALLBACK:
                return True
        return False

    paragraphs = []
    for paragraph in root.iter(f"{W}p"):
        if in_fallback(paragraph):
            continue
        own = [
            t.text or ""
            for t in paragraph.iter(f"{W}t")
            if _nearest_paragraph(t, parents) is paragraph
        ]
        paragraphs.append("".join(own))
    return "\n".join(paragraphs)


def _nearest_paragraph(element: ElementTree.Element, parents: dict) -> ElementTree.Element | None:
    while element in parents:
        element = parents[element]
        if element.tag == f"{W}p":
            return element
    return None


def measure_docx(path: Path) -> dict[str, object]:
    """Sentences and coverage; a refused file covers none of its words."""
    from assay.text.errors import ImportRefused
    from assay.text.pipeline import parse_file

    reference_words = metrics.words(docx_reference_text(path))
    row: dict[str, object] = {"file": path.name, "reference_words": len(reference_words)}
    try:
        parsed = parse_file(path)
    except ImportRefused as refusal:
        row.update(refused=str(refusal), sentences=0, covered_words=0)
        return row
    texts = [parsed.text[s.start : s.end] for s in parsed.sentences]
    covered, _ = metrics.coverage(reference_words, metrics.words("\n".join(texts)))
    row.update(sentences=len(texts), covered_words=covered)
    return row


def print_docx_table(rows: list[dict]) -> None:
    print(f"\n{'DOCX file':<48} {'sents':>5} {'words':>6} {'coverage':>8}")
    for row in rows:
        words, covered = row["reference_words"], row["covered_words"]
        share = percent(covered / words if words else None)
        refused = f"  refused: {str(row['refused'])[:70]}" if "refused" in row else ""
        print(f"{row['file']:<48} {row['sentences']:>5} {words:>6} {share:>8}{refused}")
    words = sum(r["reference_words"] for r in rows)
    covered = sum(r["covered_words"] for r in rows)
    sentences = sum(r["sentences"] for r in rows)
    print(f"{'sum':<48} {sentences:>5} {words:>6} {percent(covered / words if words else None):>8}")
    met = sum(
        1
        for r in rows
        if not r["reference_words"] or r["covered_words"] / r["reference_words"] >= 0.95
    )
    refused = sum(1 for r in rows if "refused" in r)
    print(f"  coverage >= 95%: {met}/{len(rows)} files; refused: {refused}")


def warm_up(pdfs: list[Path]) -> None:
    """Import PDFium, sentencex and the readers once, so the first file's time is fair."""
    from assay.text.pipeline import parse_file

    for path in pdfs:
        try:
            parse_file(path)
            return
        except Exception:  # noqa: BLE001 - refused or crashed: measured and reported later
            continue


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="PDF/DOCX files (default: the corpus)")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--show", type=int, default=0, help="print N defect samples per file")
    parser.add_argument("--runs", type=int, default=3, help="timing runs per file (median)")
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        print("pdftotext not found: install poppler-utils", file=sys.stderr)
        return 2
    isolate("pdf-quality")
    files = args.files or sorted((CORPUS / "pdf").glob("*.pdf")) + sorted(
        (CORPUS / "docx").glob("*.docx")
    )
    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    docxs = [f for f in files if f.suffix.lower() == ".docx"]

    warm_up(pdfs)
    results = [measure_pdf(path, args.runs, args.show) for path in pdfs]
    if results:
        print_pdf_table(results)
        if args.show:
            print_samples(results)
    docx_rows = [measure_docx(path) for path in docxs]
    if docx_rows:
        print_docx_table(docx_rows)
    if args.json:
        payload = {
            "pdf": [asdict(r) | {"shares": r.shares()} for r in results],
            "docx": docx_rows,
        }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
