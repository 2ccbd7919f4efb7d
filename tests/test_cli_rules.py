"""The command line's rules: what opens the window and what is a mistyped command, output
in UTF-8 on any console, and a `format` in every `--json` output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assay.cli import main, opens_the_window

# Text cp1252 cannot encode: a Cyrillic title, CJK, a Polish author, one work cited in
# two spellings (so `assay refs` prints the difference).
WORLD_TEXT = (
    "# Магний и стресс\n\n"
    "Magnesium — 镁 — reduced stress scores by 40% in 12 weeks [1]. "
    "The effect (Δ = 0.3) was “small” [2].\n\n"
    "## References\n\n"
    "1. Łukasz NB, Lawton C. Влияние магния на тревожность. Nutrients. 2017;9(5):429.\n"
    "2. Łukasz NB, Lawton C. Влияние магния на тревожности. Nutrients. 2017;9(5):429.\n"
)


@pytest.fixture
def world_review(tmp_path: Path) -> tuple[Path, Path]:
    document = tmp_path / "мир.md"
    document.write_text(WORLD_TEXT, encoding="utf-8")
    review = tmp_path / "world.assay"
    assert main(["new", str(review), str(document)]) == 0
    return review, document


def assay(*argv: object, encoding: str | None = None) -> subprocess.CompletedProcess[bytes]:
    """`assay ARGV` as its own process, offscreen, as a console would run it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "assay", *map(str, argv)], capture_output=True, env=env, timeout=120
    )


def test_the_rule_for_what_opens_the_window(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("a file without a suffix")
    assert opens_the_window([])
    assert opens_the_window([str(tmp_path / "new.assay")])  # made when missing
    assert opens_the_window([str(tmp_path / "from-alice.AssayBundle")])
    assert opens_the_window([str(tmp_path / "paper.pdf")])
    assert opens_the_window([str(tmp_path / "notes")])  # an existing file, any name
    assert opens_the_window([str(tmp_path)])  # an existing folder: the window says no
    assert not opens_the_window(["stat", "x.assay"])
    assert not opens_the_window(["stats", "x.assay"])
    assert not opens_the_window(["--version"])
    assert not opens_the_window([str(tmp_path / "notes-missing")])


def test_a_mistyped_command_is_a_usage_error_and_never_the_window() -> None:
    done = assay("stat", "x.assay")
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "usage: assay" in err and "unknown command 'stat'" in err
    assert "did you mean 'stats'" in err and "Traceback" not in err
    done = assay("frobnicate")
    assert done.returncode == 2 and "unknown command 'frobnicate'" in done.stderr.decode()


def test_a_mistyped_command_does_not_load_qt(capsys: pytest.CaptureFixture[str]) -> None:
    before = {name for name in sys.modules if name.startswith("assay.ui")}
    assert main(["stat", "x.assay"]) == 2
    assert "unknown command" in capsys.readouterr().err
    assert {name for name in sys.modules if name.startswith("assay.ui")} == before


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["refs"], "“Влияние магния на тревожность” / “Влияние магния на тревожности”"),
        (["refs", "--json"], '"Łukasz NB"'),
        (["report"], "## Магний и стресс"),
        (["segment"], "Magnesium — 镁 — reduced"),
    ],
)
def test_output_is_utf8_on_a_cp1252_console(
    world_review: tuple[Path, Path], command: list[str], expected: str
) -> None:
    review, document = world_review
    target = document if command[0] == "segment" else review
    done = assay(command[0], target, *command[1:], encoding="cp1252")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert expected in done.stdout.decode("utf-8")  # strict: every byte is UTF-8


def test_errors_are_utf8_on_a_cp1252_console(tmp_path: Path) -> None:
    missing = tmp_path / "отчёт.assay"
    done = assay("stats", missing, encoding="cp1252")
    assert done.returncode == 1
    assert "отчёт.assay" in done.stderr.decode("utf-8")


def test_every_json_output_names_its_format(
    world_review: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review, document = world_review
    capsys.readouterr()

    def json_of(*argv: object) -> dict:
        assert main([str(arg) for arg in argv]) == 0
        return json.loads(capsys.readouterr().out)

    segments = json_of("segment", document, "--json")
    assert segments["format"] == "assay-segments/1" and segments["sentences"][0]["text"]
    stats = json_of("stats", review, "--json")
    assert stats["format"] == "assay-stats/1" and stats["documents"] == 1
    assert json_of("stats", review, "--json", "--agreement")["format"] == "assay-stats/1"
    refs = json_of("refs", review, "--json")
    assert refs["format"] == "assay-refs/1" and refs["works"][0]["canonical"]["year"] == 2017
    report = json_of("report", review, "--json")
    assert report["format"] == "assay-report/1" and isinstance(report["documents"], list)
    written = tmp_path / "report.json"
    assert main(["report", str(review), "--json", "-o", str(written)]) == 0
    assert json.loads(written.read_text(encoding="utf-8"))["format"] == "assay-report/1"
    bundle = tmp_path / "out.assaybundle"
    assert main(["export", str(review), "-o", str(bundle)]) == 0
    capsys.readouterr()
    plan = json_of("merge", tmp_path / "copy.assay", bundle, "--dry-run", "--json")
    assert plan["format"] == "assay-merge/1" and plan["new_documents"] == 1
