"""Every kind of bad bundle is refused with a clear BundleError and changes nothing."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from exchange_helpers import annotate, export, jsonl, rewrite, to_jsonl

from assay.core.model import Reviewer
from assay.exchange import bundle_format
from assay.services.exchange import BundleError, merge_bundles, plan_merge
from support import dump, file_digest

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")


@pytest.fixture
def good_bundle(tmp_review: Path, reviewer: Reviewer, tmp_path: Path) -> Path:
    annotate(tmp_review, reviewer, every=2)
    return export(tmp_review, tmp_path / "good.assaybundle", reviewer)


@pytest.fixture
def target(tmp_path: Path, tmp_review: Path, reviewer: Reviewer) -> Path:
    """A review holding the document with none of the annotations: a merge would add them."""
    target = tmp_path / "target.assay"
    # Bob's "mine" holds no annotations: the documents only.
    docs = export(tmp_review, tmp_path / "docs.assaybundle", BOB, everyone=False)
    merge_bundles(target, [docs], reviewer=BOB)
    return target


def _text_member(members: dict[str, bytes]) -> str:
    return next(name for name in members if name.endswith("text.txt"))


def _edit_annotations(edit: Callable[[list[dict]], None]) -> Callable[[dict[str, bytes]], None]:
    def mutate(members: dict[str, bytes]) -> None:
        records = jsonl(members["annotations.jsonl"])
        edit(records)
        members["annotations.jsonl"] = to_jsonl(records)

    return mutate


def _edit_manifest(edit: Callable[[dict], None]) -> Callable[[dict[str, bytes]], None]:
    def mutate(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        edit(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()

    return mutate


def _assert_refused(target: Path, bundle: Path, match: str) -> None:
    before, digest = dump(target), file_digest(target)
    with pytest.raises(BundleError, match=match) as caught:
        plan_merge(target, [bundle], reviewer=BOB)
    assert bundle.name in str(caught.value)
    with pytest.raises(BundleError, match=match):
        merge_bundles(target, [bundle], reviewer=BOB)
    assert dump(target) == before and file_digest(target) == digest
    assert not list(target.parent.glob("*.before-merge-*"))


def test_good_bundle_is_accepted(good_bundle: Path, target: Path):
    assert plan_merge(target, [good_bundle], reviewer=BOB).totals()["new"] > 0


def test_truncated_zip(good_bundle: Path, target: Path, tmp_path: Path):
    bad = tmp_path / "truncated.assaybundle"
    bad.write_bytes(good_bundle.read_bytes()[: good_bundle.stat().st_size // 2])
    _assert_refused(target, bad, "not a zip file, or truncated|damaged")


def test_corrupt_member_data(good_bundle: Path, target: Path, tmp_path: Path):
    data = bytearray(good_bundle.read_bytes())
    data[200] ^= 0xFF  # inside the first compressed member
    bad = tmp_path / "corrupt.assaybundle"
    bad.write_bytes(bytes(data))
    _assert_refused(target, bad, "damaged|not valid JSON|refused")


def test_not_a_zip_at_all(target: Path, tmp_path: Path):
    bad = tmp_path / "notes.assaybundle"
    bad.write_text("Dear colleague, here are my notes.\n")
    _assert_refused(target, bad, "not an Assay bundle")


def test_member_with_a_bad_hash(good_bundle: Path, target: Path, tmp_path: Path):
    def mutate(members: dict[str, bytes]) -> None:
        members["reviewers.jsonl"] += b'{"id":"x","name":"Mallory"}\n'

    bad = rewrite(good_bundle, tmp_path / "hash.assaybundle", mutate, fix_hashes=False)
    _assert_refused(target, bad, "does not match its SHA-256")


def test_newer_format_version(good_bundle: Path, target: Path, tmp_path: Path):
    mutate = _edit_manifest(lambda m: m.update(format_version=7, shiny_new_field=1))
    bad = rewrite(good_bundle, tmp_path / "newer.assaybundle", mutate)
    _assert_refused(target, bad, "newer Assay .bundle format 7")


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda records: records[0].update(mood="happy"), "unknown field.s. mood"),
        (lambda records: records[0].pop("verdict"), "missing field.s. verdict"),
        (lambda records: records[0].update(confidence=9), "confidence must be null or 1-5"),
        (lambda records: records[0].update(verdict="maybe"), "verdict must be null or one of"),
        (lambda records: records[0].update(status=["final"]), "status must be draft or final"),
        (lambda records: records[0].update(id="not-a-uuid"), "id must be a lowercase UUID"),
        (lambda records: records[0].update(modified="yesterday"), "ISO 8601"),
        (lambda records: records[0].update(ordinal=99_999), "sentence 99999, which does not"),
        (lambda records: records[0].update(start=records[0]["start"] + 1), "do not match"),
    ],
    ids=["unknown-field", "missing-field", "confidence", "verdict", "status-list", "uuid",
         "timestamp", "no-such-sentence", "offsets"],
)  # fmt: skip
def test_bad_annotation_records(good_bundle, target, tmp_path, edit, match):
    bad = rewrite(good_bundle, tmp_path / "record.assaybundle", _edit_annotations(edit))
    _assert_refused(target, bad, match)


def test_unknown_manifest_field(good_bundle: Path, target: Path, tmp_path: Path):
    bad = rewrite(good_bundle, tmp_path / "m.assaybundle", _edit_manifest(lambda m: m.update(x=1)))
    _assert_refused(target, bad, "unknown field.s. x")


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/passwd", "documents\\..\\x", "C:/x.txt", "extra.txt"]
)
def test_unsafe_or_unknown_member_names(good_bundle: Path, target: Path, tmp_path: Path, name):
    def mutate(members: dict[str, bytes]) -> None:
        members[name] = b"boo"

    bad = rewrite(good_bundle, tmp_path / "names.assaybundle", mutate, fix_hashes=False)
    _assert_refused(target, bad, "unsafe member name")


def test_member_not_in_manifest(good_bundle: Path, target: Path, tmp_path: Path):
    def mutate(members: dict[str, bytes]) -> None:
        members[f"documents/{'0' * 64}/text.txt"] = b"unlisted"

    bad = rewrite(good_bundle, tmp_path / "unlisted.assaybundle", mutate, fix_hashes=False)
    _assert_refused(target, bad, "not in the manifest")


def test_zip_bomb(good_bundle: Path, target: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(bundle_format, "MAX_MEMBER_BYTES", 1024 * 1024)

    def mutate(members: dict[str, bytes]) -> None:
        members["evidence.jsonl"] = b"\n" * (8 * 1024 * 1024)  # compresses to ~8 KB

    bad = rewrite(good_bundle, tmp_path / "bomb.assaybundle", mutate)
    assert bad.stat().st_size < 100_000
    _assert_refused(target, bad, "decompresses past the size limit")


def test_zip_bomb_with_a_lying_header(good_bundle: Path, target: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(bundle_format, "MAX_MEMBER_BYTES", 1024 * 1024)
    bad = tmp_path / "liar.assaybundle"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        archive.writestr("evidence.jsonl", b"\n" * (4 * 1024 * 1024))
    data = bytearray(bad.read_bytes())
    # declare 10 bytes uncompressed in both the local and the central header
    size = (4 * 1024 * 1024).to_bytes(4, "little")
    for at in [i for i in range(len(data) - 3) if data[i : i + 4] == size]:
        data[at : at + 4] = (10).to_bytes(4, "little")
    bad.write_bytes(bytes(data))
    _assert_refused(target, bad, "damaged|size limit|not an Assay bundle")


def test_gigantic_manifest(good_bundle: Path, target: Path, tmp_path: Path):
    mutate = _edit_manifest(lambda m: m.update(padding="x" * (2 * 1024 * 1024)))
    bad = rewrite(good_bundle, tmp_path / "big.assaybundle", mutate)
    _assert_refused(target, bad, "“manifest.json” decompresses past the size limit")


def test_document_text_does_not_match_its_hash(good_bundle: Path, target: Path, tmp_path: Path):
    def mutate(members: dict[str, bytes]) -> None:
        name = _text_member(members)
        members[name] = members[name].replace(b"a", b"4", 1)

    bad = rewrite(good_bundle, tmp_path / "text.assaybundle", mutate)
    _assert_refused(target, bad, "does not match its SHA-256")


def test_sentences_that_differ_from_the_review(good_bundle: Path, target: Path, tmp_path: Path):
    """The bundle is consistent in itself, but its document was split differently."""

    def mutate(members: dict[str, bytes]) -> None:
        name = next(n for n in members if n.endswith("structure.json"))
        structure = json.loads(members[name])
        first, second = structure["sentences"][0], structure["sentences"][1]
        structure["sentences"][0:2] = [[first[0], second[1], first[2], first[3]]]
        members[name] = json.dumps(structure).encode()
        records = [r for r in jsonl(members["annotations.jsonl"]) if r["ordinal"] >= 2]
        text = members[_text_member(members)].decode()
        for record in records:
            record["ordinal"] -= 1
            assert text[record["start"] : record["end"]] == record["quote_exact"]
        members["annotations.jsonl"] = to_jsonl(records)

    bad = rewrite(good_bundle, tmp_path / "resegmented.assaybundle", mutate)
    _assert_refused(target, bad, "does not exist in this review with the same offsets")


def test_one_bad_bundle_refuses_the_whole_merge(good_bundle: Path, target: Path, tmp_path: Path):
    bad = tmp_path / "bad.assaybundle"
    bad.write_bytes(b"PK\x03\x04 nonsense")
    before = dump(target)
    with pytest.raises(BundleError, match="bad.assaybundle"):
        merge_bundles(target, [good_bundle, bad], reviewer=BOB)
    assert dump(target) == before


def test_missing_review_is_not_created_by_a_bad_bundle(tmp_path: Path):
    bad = tmp_path / "bad.assaybundle"
    bad.write_bytes(b"nope")
    review = tmp_path / "new.assay"
    with pytest.raises(BundleError):
        merge_bundles(review, [bad], reviewer=BOB)
    assert list(tmp_path.glob("new.assay*")) == []
