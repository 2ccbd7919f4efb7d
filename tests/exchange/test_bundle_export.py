"""Exporting bundles: contents, determinism, scope options, size, atomic writing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from exchange_helpers import STATE, annotate, export, jsonl, read_members

from assay.core.model import Reviewer
from assay.exchange.bundle_read import read_bundle
from assay.services.exchange import BundleError, export_bundle
from assay.services.session import ReviewSession

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")


def _sample_review(tmp_path: Path, reviewer: Reviewer, seed_dir: Path) -> Path:
    review = tmp_path / "sample.assay"
    with ReviewSession.create(review, reviewer) as session:
        for seed in sorted(seed_dir.glob("*.txt")):
            session.import_file(seed)
    return review


def test_two_exports_are_byte_identical(tmp_review: Path, reviewer: Reviewer, tmp_path: Path):
    annotate(tmp_review, reviewer, every=3)
    first = export(tmp_review, tmp_path / "a.assaybundle", reviewer)
    second = export(tmp_review, tmp_path / "b.assaybundle", reviewer)
    assert first.read_bytes() == second.read_bytes()


def test_members_manifest_and_fixed_zip_entries(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path
):
    count = annotate(tmp_review, reviewer, every=2)
    bundle = export(tmp_review, tmp_path / "a.assaybundle", reviewer)
    members = read_members(bundle)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "assay-bundle" and manifest["format_version"] == 4
    assert manifest["installation"] == reviewer.installation
    assert manifest["reviewer"] == {"id": reviewer.id, "name": reviewer.name}
    assert manifest["scope"] == {"documents": "all", "annotations": "everyone"}
    sha = manifest["documents"][0]["sha256"]
    assert set(members) == {
        "manifest.json", "reviewers.jsonl", "annotations.jsonl", "evidence.jsonl",
        f"documents/{sha}/text.txt", f"documents/{sha}/structure.json",
    }  # fmt: skip
    assert set(manifest["members"]) == set(members) - {"manifest.json"}
    annotations = jsonl(members["annotations.jsonl"])
    assert len(annotations) == count
    # created comes from the content, not the clock
    assert manifest["created"] == max(a["modified"] for a in annotations)
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED


def test_mine_and_current_document_scopes(tmp_path: Path, reviewer: Reviewer, seed_dir: Path):
    review = _sample_review(tmp_path, reviewer, seed_dir)
    annotate(review, reviewer, every=5)
    annotate(review, BOB, every=7)
    everyone = read_bundle(export(review, tmp_path / "all.assaybundle", reviewer))
    mine = read_bundle(export(review, tmp_path / "mine.assaybundle", reviewer, everyone=False))
    assert {a.reviewer for a in everyone.annotations} == {reviewer.id, BOB.id}
    assert {a.reviewer for a in mine.annotations} == {reviewer.id}
    assert mine.scope_annotations == "mine"
    with ReviewSession.open(review, reviewer) as session:
        first = session.documents()[0]
    one = read_bundle(export(review, tmp_path / "one.assaybundle", reviewer, documents=[first.id]))
    assert [d.sha256 for d in one.documents] == [first.sha256]
    assert {a.document for a in one.annotations} == {first.sha256}
    assert one.scope_documents == "current"
    with pytest.raises(BundleError, match="no document 999"):
        export(review, tmp_path / "x.assaybundle", reviewer, documents=[999])


def test_fully_annotated_sample_fits_in_an_email(
    tmp_path: Path, reviewer: Reviewer, seed_dir: Path
):
    review = _sample_review(tmp_path, reviewer, seed_dir)
    count = annotate(review, reviewer)
    result = export_bundle(review, tmp_path / "sample.assaybundle", reviewer=reviewer)
    print(f"\nfully annotated sample: {count} annotations, bundle {result.size:,} bytes")
    assert result.annotations == count and result.documents == 2
    assert result.size == (tmp_path / "sample.assaybundle").stat().st_size
    assert result.size < 512 * 1024  # "fits easily in an email"


def test_failed_export_leaves_no_file(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path, monkeypatch
):
    import assay.exchange.bundle_write as bundle_write

    target = tmp_path / "out.assaybundle"

    def broken_replace(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(bundle_write.os, "replace", broken_replace)
    with pytest.raises(OSError):
        export(tmp_review, target, reviewer)
    assert list(tmp_path.glob("*.assaybundle*")) == [] and list(tmp_path.glob(".out*")) == []


def test_state_is_carried_exactly(tmp_review: Path, reviewer: Reviewer, tmp_path: Path):
    annotate(tmp_review, reviewer, every=4)
    bundle = read_bundle(export(tmp_review, tmp_path / "a.assaybundle", reviewer))
    first = bundle.annotations[0]
    assert first.categories == tuple(sorted(STATE.categories))
    assert (first.verdict, first.confidence, first.status) == ("overstated", 4, "final")
    document = bundle.documents[0]
    assert document.text[first.start : first.end] == first.quote_exact
