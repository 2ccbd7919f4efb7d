"""Helpers for the bundle tests: annotated reviews, exports, rewritten bundles."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from assay.core.model import AnnotationState, Reviewer
from assay.services.exchange import export_bundle
from assay.services.session import ReviewSession

STATE = AnnotationState(
    categories=frozenset({"efficacy", "dose"}),
    verdict="overstated",
    evidence_type="rct",
    certainty="low",
    confidence=4,
    rationale="Only one small trial.",
    status="final",
)


def annotate(
    review: Path, reviewer: Reviewer, state: AnnotationState = STATE, *, every: int = 1
) -> int:
    """Give every `every`-th sentence `state` as `reviewer`; return how many."""
    count = 0
    with ReviewSession.open(review, reviewer) as session:
        for row in session.sentence_rows()[::every]:
            session.save_annotation(row.id, state)
            count += 1
    return count


def export(review: Path, out: Path, reviewer: Reviewer, **options: object) -> Path:
    export_bundle(review, out, reviewer=reviewer, **options)  # type: ignore[arg-type]
    return out


def read_members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(
    source: Path,
    target: Path,
    mutate: Callable[[dict[str, bytes]], None],
    *,
    fix_hashes: bool = True,
) -> Path:
    """Copy a bundle with its members changed; by default the manifest's hashes are
    recomputed so that the change reaches the check under test."""
    members = read_members(source)
    mutate(members)
    if fix_hashes and "manifest.json" in members:
        manifest = json.loads(members["manifest.json"])
        manifest["members"] = {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in members.items()
            if name != "manifest.json"
        }
        members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def jsonl(data: bytes) -> list[dict]:
    # Split on "\n" only, as the reader does: str.splitlines() would also cut at
    # U+0085 or U+2028, which JSON leaves unescaped inside a string.
    return [json.loads(line) for line in data.decode().split("\n") if line]


def to_jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode()


def rows(review: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """A query on the review, read-only."""
    conn = sqlite3.connect(f"file:{review}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
