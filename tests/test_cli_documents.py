"""`assay doc rename` / `assay doc remove` on real review files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assay.cli import main
from assay.services.session import ReviewSession


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def titles(review: Path, reviewer) -> list[str]:  # noqa: ANN001
    with ReviewSession.open(review, reviewer) as session:
        return [d.title for d in session.documents()]


def test_rename_by_id_then_by_title(tmp_review: Path, reviewer, capsys) -> None:  # noqa: ANN001
    [old] = titles(tmp_review, reviewer)
    code, out, err = run(capsys, "doc", "rename", tmp_review, "1", "Magnesium paper")
    assert code == 0 and f"“{old}” to “Magnesium paper”" in out, err
    code, out, _ = run(capsys, "doc", "rename", tmp_review, "magnesium PAPER", "Mg", "--json")
    answer = json.loads(out)
    assert (
        code == 0 and answer["format"] == "assay-doc/1" and answer["old_title"] == "Magnesium paper"
    )
    assert titles(tmp_review, reviewer) == ["Mg"]


def test_remove_dry_run_then_for_real(tmp_review: Path, reviewer, capsys) -> None:  # noqa: ANN001
    code, out, _ = run(capsys, "doc", "remove", tmp_review, "1", "--dry-run")
    assert code == 0 and out.startswith("Would remove document 1") and "0 annotations" in out
    assert len(titles(tmp_review, reviewer)) == 1
    code, out, _ = run(capsys, "doc", "remove", tmp_review, "1", "--json")
    assert code == 0 and json.loads(out)["dry_run"] is False
    assert titles(tmp_review, reviewer) == []


def test_unknown_document_is_an_error_naming_the_documents(
    tmp_review: Path,
    reviewer,
    capsys,  # noqa: ANN001
) -> None:
    [title] = titles(tmp_review, reviewer)
    code, _, err = run(capsys, "doc", "remove", tmp_review, "nothing like it")
    assert code == 1 and f"1: {title}" in err and "Traceback" not in err
    code, _, err = run(capsys, "doc", "rename", tmp_review, "1", " ")
    assert code == 1 and "cannot be empty" in err


def test_refused_while_the_review_is_open(tmp_review: Path, reviewer, capsys) -> None:  # noqa: ANN001
    with ReviewSession.open(tmp_review, reviewer):
        code, _, err = run(capsys, "doc", "remove", tmp_review, "1")
    assert code == 1 and "another Assay" in err
    assert len(titles(tmp_review, reviewer)) == 1
