"""Bundle export and merge at 100,000 annotations.

Builds a review of seed 001 repeated to ~100,000 sentences (one Markdown file),
annotates every sentence as reviewer A with executemany (set-up, not measured), then
measures: exporting the 100,000 annotations; validating + merging a 100,000-annotation
bundle from reviewer B into the review that already holds A's 100,000. Baseline in
the same run: zipping the same JSONL bytes with zipfile alone.
Run: python bench/bench_exchange.py
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path

from assay.core.model import Reviewer
from assay.exchange.bundle_read import read_bundle
from assay.services.exchange import export_bundle, merge_bundles
from assay.services.session import ReviewSession
from assay.text.pipeline import parse_file

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "001_25d1546185dbdbaa.txt"
A = Reviewer("aaaaaaaa-0000-4000-8000-00000000000a", "Reviewer A")
B = Reviewer("bbbbbbbb-0000-4000-8000-00000000000b", "Reviewer B")
TARGET = 100_000


def build_review(folder: Path) -> tuple[Path, int]:
    """Seed 001 parsed once, imported as many distinct copies (a line of its own each)."""
    parsed = parse_file(SEED)
    review = folder / "big.assay"
    copies = -(-TARGET // len(parsed.sentences))
    total = 0
    with ReviewSession.create(review, A) as session:
        for copy in range(copies):
            text = f"{parsed.text}\nCopy {copy}."
            total += len(parsed.sentences)
            session.import_parsed(
                replace(
                    parsed,
                    text=text,
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    title=f"{parsed.title} ({copy})",
                )
            )
    return review, total


def annotate_all(review: Path, reviewer: Reviewer, verdict: str) -> int:
    conn = sqlite3.connect(review)
    conn.execute(
        "INSERT OR IGNORE INTO reviewers(id, name) VALUES (?, ?)", (reviewer.id, reviewer.name)
    )
    rows = conn.execute(
        'SELECT s.id, substr(d.text, s.start + 1, s."end" - s.start) '
        "FROM sentences s JOIN documents d ON d.id = s.document_id"
    ).fetchall()
    stamp = "2024-05-01T10:00:00.000+00:00"
    revision = json.dumps({reviewer.installation: 1})  # one edit, made on its installation
    conn.executemany(
        "INSERT INTO annotations(id, sentence_id, reviewer_id, categories, verdict, "
        "confidence, rationale, status, created, modified, quote_exact, revision, revised_by) "
        "VALUES (?, ?, ?, ?, ?, 3, 'bench', 'final', ?, ?, ?, ?, ?)",
        [
            (
                str(uuid.uuid4()),
                sid,
                reviewer.id,
                '["efficacy"]',
                verdict,
                stamp,
                stamp,
                quote,
                revision,
                reviewer.installation,
            )  # fmt: skip
            for sid, quote in rows
        ],
    )
    conn.commit()
    conn.close()
    return len(rows)


def baseline_zip(bundle: Path) -> float:
    """zipfile alone on the same member bytes: the floor for writing a bundle."""
    with zipfile.ZipFile(bundle) as archive:
        members = [(name, archive.read(name)) for name in archive.namelist()]
    start = time.perf_counter()
    with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            out.writestr(name, data)
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="assay-bench-exchange-") as name:
        folder = Path(name)
        t0 = time.perf_counter()
        review, sentences = build_review(folder)
        annotated = annotate_all(review, A, "supported")
        b_review = folder / "b.assay"
        shutil.copy(review, b_review)
        conn = sqlite3.connect(b_review)
        conn.execute("DELETE FROM annotations")
        conn.commit()
        conn.close()
        annotate_all(b_review, B, "overstated")
        print(
            f"set-up: {sentences:,} sentences, {annotated:,} annotations each "
            f"({time.perf_counter() - t0:.1f} s)"
        )

        start = time.perf_counter()
        result = export_bundle(review, folder / "a.assaybundle", reviewer=A)
        export_s = time.perf_counter() - start
        print(
            f"export {result.annotations:,} annotations: {export_s:.2f} s, "
            f"bundle {result.size / 1e6:.2f} MB (zipfile alone on the same bytes: "
            f"{baseline_zip(result.path):.2f} s)"
        )

        b_bundle = export_bundle(b_review, folder / "b.assaybundle", reviewer=B, everyone=False)
        start = time.perf_counter()
        read_bundle(b_bundle.path)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        merged = merge_bundles(review, [b_bundle.path], reviewer=A)
        merge_s = time.perf_counter() - start
        print(
            f"validate only: {read_s:.2f} s; validate + merge {b_bundle.annotations:,} into "
            f"a review holding {annotated:,}: {merge_s:.2f} s ({merged.plan.totals()})"
        )
        start = time.perf_counter()
        again = merge_bundles(review, [b_bundle.path], reviewer=A)
        print(
            f"re-merge (all unchanged): {time.perf_counter() - start:.2f} s "
            f"({again.plan.totals()['unchanged']:,} unchanged)"
        )
        print(json.dumps({"export_s": round(export_s, 2), "merge_s": round(merge_s, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
