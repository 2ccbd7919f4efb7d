"""Every hostile bundle of the corpus (hostile_bundles.py) through `assay merge --dry-run`
and `assay merge`, on a copy of a real review holding the local reviewer's annotations:
exit status 1 with a one-line message naming the bundle, no traceback, the review's
bytes unchanged, nothing left beside it, the local reviewer's records untouched. Then
what the limits promise: a bomb is refused quickly and with little memory, and Assay's
own exports stay within what Assay reads."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
import tracemalloc
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from exchange_helpers import STATE, annotate, export, jsonl, read_members, rewrite, to_jsonl
from hostile_bundles import CASES, make
from hypothesis import given
from hypothesis import strategies as st

from assay.cli import main
from assay.core.model import Reviewer
from assay.exchange import bundle_format
from assay.exchange.bundle_limits import long_lines
from assay.exchange.bundle_read import read_bundle
from assay.exchange.bundle_zip import unreadable
from assay.services import config
from assay.services.exchange import BundleError, export_bundle
from assay.services.session import ReviewSession
from assay.store import writes
from assay.store.connection import transaction
from support import REPO, file_digest, synthetic_document

LOCAL = Reviewer("1a1a1a1a-0000-4000-8000-00000000001a", "Local Reviewer")
COLLEAGUE = Reviewer("2b2b2b2b-0000-4000-8000-00000000002b", "Colleague")
MB = 1024 * 1024


@dataclass(frozen=True)
class World:
    good: Path  # the colleague's real bundle: the source of every case
    review: Path  # the local reviewer's review: copied for each case


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("hostile")
    seed = sorted((REPO / "seeds").glob("*.txt"))[0]
    colleague = folder / "colleague.assay"
    with ReviewSession.create(colleague, COLLEAGUE) as session:
        session.import_file(seed)
        rows = session.sentence_rows()
        session.add_evidence(rows[0].id, "doi", "10.3390/nu9050429")
        session.add_evidence(rows[2].id, "url", "https://example.org/trial")
    annotate(colleague, COLLEAGUE, every=2)
    good = export(colleague, folder / "good.assaybundle", COLLEAGUE)
    review = folder / "local.assay"
    with ReviewSession.create(review, LOCAL) as session:
        session.import_file(seed)
    assert annotate(review, LOCAL, replace(STATE, rationale="Mine."), every=3) > 10
    return World(good, review)


@pytest.fixture
def review(world: World, tmp_path: Path) -> Path:
    """A copy of the local review, alone in its folder, with LOCAL as the local reviewer."""
    folder = tmp_path / "review"
    folder.mkdir()
    config.save(replace(config.load(), reviewer=LOCAL))
    return Path(shutil.copy(world.review, folder / "review.assay"))


def _state(review: Path) -> tuple[str, list[str], list[tuple]]:
    """The file's bytes, what is beside it, and the local reviewer's records."""
    conn = sqlite3.connect(f"file:{review}?mode=ro", uri=True)
    try:
        mine = conn.execute(
            "SELECT a.*, e.* FROM annotations a LEFT JOIN evidence e ON e.annotation_id = a.id "
            "WHERE a.reviewer_id = ? ORDER BY a.id, e.id",
            (LOCAL.id,),
        ).fetchall()
    finally:
        conn.close()
    return file_digest(review), sorted(p.name for p in review.parent.iterdir()), mine


def _assay(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except Exception as exc:  # what this file is against: an error that is no message
        pytest.fail(f"assay {' '.join(argv)} raised {exc!r}")
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_bundle_is_refused_and_changes_nothing(
    world: World, review: Path, tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
):
    if case == "permission-denied" and os.geteuid() == 0:
        pytest.skip("root reads any file (the message is checked in test_unreadable_says_why)")
    bundle = make(case, world.good, tmp_path)
    before = _state(review)
    for dry_run in (["--dry-run"], []):
        code, out, err = _assay("merge", str(review), str(bundle), *dry_run, capsys=capsys)
        assert code == 1, f"{case} {dry_run} was accepted: {out}"
        assert "Traceback" not in out + err
        message = err.rstrip("\n")
        assert "\n" not in message and message.startswith("assay: error: “"), message
        assert bundle.name in message
        assert re.search(CASES[case].refusal, message), message
        assert _state(review) == before


def test_the_good_bundle_merges(world: World, review: Path, capsys: pytest.CaptureFixture[str]):
    """The corpus's source is sound: merging it changes the review (so the checks above
    would see a change), and the local reviewer's records stay as they were."""
    digest, _, mine = _state(review)
    code, out, _ = _assay("merge", str(review), str(world.good), capsys=capsys)
    assert code == 0 and "Merged into" in out
    assert file_digest(review) != digest and _state(review)[2] == mine


def test_an_escaped_character_pair_is_text(
    world: World, review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """JSON may escape a character outside the BMP as a surrogate pair: that is text."""

    def mutate(members: dict[str, bytes]) -> None:
        records = jsonl(members["annotations.jsonl"])
        records[0]["rationale"] = "Small trial \U0001f9ea."
        members["annotations.jsonl"] = to_jsonl(records)  # ensure_ascii: \ud83e\uddea

    bundle = rewrite(world.good, tmp_path / "pair.assaybundle", mutate)
    assert b"\\ud83e\\uddea" in read_members(bundle)["annotations.jsonl"]
    assert _assay("merge", str(review), str(bundle), capsys=capsys)[0] == 0
    conn = sqlite3.connect(review)
    try:
        found = conn.execute("SELECT count(*) FROM annotations WHERE rationale = ?",
                             ("Small trial \U0001f9ea.",)).fetchone()[0]  # fmt: skip
    finally:
        conn.close()
    assert found == 1


@pytest.mark.parametrize("case", ["bomb-member", "bomb-lying-size", "bomb-many-small"])
def test_a_bomb_is_refused_quickly_with_little_memory(world: World, tmp_path: Path, case: str):
    """A bundle of a few hundred KB that would inflate to 200-400 MB is refused from its
    declared sizes (or, when they lie, at the declared size) in milliseconds."""
    bundle = make(case, world.good, tmp_path)
    assert bundle.stat().st_size < 1 * MB
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(BundleError, match="size limit|damaged"):
            read_bundle(bundle)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"{case}: {bundle.stat().st_size:,} bytes refused in {elapsed * 1000:.0f} ms, "
          f"peak {peak / MB:.2f} MB")  # fmt: skip
    assert elapsed < 0.5 and peak < 4 * MB


def test_nothing_is_inflated_past_an_honest_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Members each within every limit and ratio, but too much in all: refused from the
    directory, before any member is opened."""
    monkeypatch.setattr(bundle_format, "MAX_TOTAL_BYTES", 2 * MB)
    bundle = tmp_path / "total.assaybundle"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        for number in range(3):
            archive.writestr(f"documents/{number:064x}/text.txt", os.urandom(MB))
    opened: list[str] = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile, "open", lambda self, name, *a, **k: opened.append(str(name))
        or real_open(self, name, *a, **k),
    )  # fmt: skip
    with pytest.raises(BundleError, match="its members decompress past the size limit"):
        read_bundle(bundle)
    assert opened == []


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (FileNotFoundError(2, "No such file or directory"), "is not there"),
        (IsADirectoryError(21, "Is a directory"), "is a folder"),
        (OSError(5, "Input/output error"), "Input/output error"),
    ],
)
def test_unreadable_says_why(error: OSError, says: str):
    message = unreadable("b.assaybundle", error)
    assert says in message and "“b.assaybundle”" in message and "zip" not in message


# -- Assay's own exports stay within the limits ------------------------------------------


def test_an_export_of_1600_documents_reads_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """1,600 small documents: past the old 1 MiB manifest cap, which made Assay refuse
    its own export; the cap now grows with the documents."""
    review = tmp_path / "many.assay"
    with ReviewSession.create(review, LOCAL) as session, transaction(session.conn):
        for number in range(1_600):
            document = synthetic_document(2, name=f"paper-{number:04}.txt")
            writes.insert_document(session.conn, document, reviewer_id=LOCAL.id)
    config.save(replace(config.load(), reviewer=LOCAL))
    bundle = tmp_path / "many.assaybundle"
    assert _assay("export", str(review), "-o", str(bundle), capsys=capsys)[0] == 0
    assert len(read_members(bundle)["manifest.json"]) > 1 * MB
    target = tmp_path / "copy.assay"
    code, out, _ = _assay("merge", str(target), str(bundle), "--dry-run", "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["new_documents"] == 1_600


def test_an_export_past_a_limit_is_refused_before_writing(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(bundle_format, "MAX_DOCUMENTS", 0)
    out = tmp_path / "out" / "none.assaybundle"
    out.parent.mkdir()
    with pytest.raises(BundleError, match="at most 0 documents.*Nothing was written"):
        export_bundle(tmp_review, out, reviewer=reviewer)
    assert list(out.parent.iterdir()) == []


def test_a_rationale_too_long_to_send_is_named_at_export(
    tmp_review: Path, reviewer: Reviewer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Rationales have no length limit in the window; a bundle carries 100,000
    characters of one. The export says which annotation, instead of writing a bundle
    that every recipient refuses."""
    annotate(tmp_review, reviewer, replace(STATE, rationale="x" * 100_001), every=50)
    config.save(replace(config.load(), reviewer=reviewer))
    out = tmp_path / "out" / "long.assaybundle"
    out.parent.mkdir()
    code, _, err = _assay("export", str(tmp_review), "-o", str(out), capsys=capsys)
    assert code == 1 and list(out.parent.iterdir()) == []
    assert re.fullmatch(r"assay: error: An annotation in “.+” cannot go into a bundle: "
                        r"annotation rationale must be .*Nothing was written\.\n", err)  # fmt: skip


def test_a_document_that_deflates_like_a_bomb_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """One sentence said 200,000 times deflates 160:1, past the ratio a reader allows:
    the export stores that member instead, and the bundle reads back."""
    sentence = "Magnesium helps. "
    document = synthetic_document(1, name="echo.txt")
    text = sentence * 200_000
    segments = [replace(document.sentences[0], start=0, end=len(sentence) - 1)]
    blocks = [replace(document.blocks[0], start=0, end=len(text))]
    echo = replace(document, text=text, sentences=tuple(segments), blocks=tuple(blocks),
                   sha256=hashlib.sha256(text.encode()).hexdigest())  # fmt: skip
    review = tmp_path / "echo.assay"
    with ReviewSession.create(review, LOCAL) as session:
        session.import_parsed(echo)
    bundle = export(review, tmp_path / "echo.assaybundle", LOCAL)
    with zipfile.ZipFile(bundle) as archive:
        methods = {info.filename: info.compress_type for info in archive.infolist()}
    assert methods[bundle_format.text_member(echo.sha256)] == zipfile.ZIP_STORED
    assert methods[bundle_format.MANIFEST] == zipfile.ZIP_DEFLATED
    assert read_bundle(bundle).documents[0].text == text


@given(st.lists(st.integers(0, 25), max_size=12), st.booleans())
def test_long_lines_are_found_without_splitting(lengths: list[int], final_newline: bool):
    data = b"\n".join(b"x" * n for n in lengths) + (b"\n" if final_newline else b"")
    assert list(long_lines(data, 10)) == [line for line in data.split(b"\n") if len(line) > 10]
