"""A failing operation removes only the files it made itself, never a file another
program put at the same path meanwhile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assay.cli import main
from assay.core.model import Reviewer
from assay.services import exchange
from assay.services.session import ReviewSession
from file_failures import bundle_with_a_new_document, listing
from support import file_digest


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "bundles"
    folder.mkdir()
    return bundle_with_a_new_document(folder)


def test_merge_keeps_a_review_that_assay_new_made_while_it_read_the_bundles(
    tmp_path: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    review = tmp_path / "NEW.assay"
    real_read = exchange.read_bundle

    def read_while_someone_runs_new(path: Path) -> object:
        assert main(["new", str(review)]) == 0  # another `assay new`, same name
        return real_read(path)

    monkeypatch.setattr(exchange, "read_bundle", read_while_someone_runs_new)
    code = main(["merge", str(review), str(bundle)])
    err = capsys.readouterr().err
    assert code == 1 and "already exists" in err and "Traceback" not in err
    assert review.exists()
    with ReviewSession.open(review, Reviewer("someone", "Someone")) as session:
        assert session.documents() == []  # the other command's review, as it made it


def test_a_failed_merge_into_a_new_review_removes_the_review_it_made(
    tmp_path: Path, bundle: Path, reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()

    def fail(_conn: object) -> None:
        raise RuntimeError("the machine had other plans")

    monkeypatch.setattr(exchange, "widen_cache", fail)
    with pytest.raises(RuntimeError):
        exchange.merge_bundles(folder / "lead.assay", [bundle], reviewer=reviewer)
    assert listing(folder) == set()  # no review, no side files, no lock file


def test_a_failed_merge_leaves_a_review_put_in_place_of_the_one_it_made(
    tmp_path: Path, bundle: Path, reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    review = folder / "lead.assay"
    theirs = tmp_path / "theirs" / "lead.assay"
    theirs.parent.mkdir()
    with ReviewSession.create(theirs, reviewer):
        pass

    def replaced_then_fail(_conn: object) -> None:
        os.replace(theirs, review)  # someone saves their review under the same name
        nonlocal digest
        digest = file_digest(review)
        raise RuntimeError("the machine had other plans")

    digest = ""
    monkeypatch.setattr(exchange, "widen_cache", replaced_then_fail)
    assert not review.exists()
    with pytest.raises(RuntimeError):
        exchange.merge_bundles(review, [bundle], reviewer=reviewer)
    assert file_digest(review) == digest  # theirs, untouched
