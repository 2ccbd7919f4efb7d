"""The `assay` command on real files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from assay.cli import main
from assay.store import migrations
from support import REPO, dump, file_digest


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def documents_and_events(review: Path) -> list[str]:
    """The dump without the reviewers table (opening a review registers the reviewer)."""
    return [line for line in dump(review).splitlines() if '"reviewers"' not in line]


def test_new_then_stats(tmp_path: Path, seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    review = tmp_path / "cli.assay"
    seeds = sorted(seed_dir.glob("*.txt"))
    code, out, err = run(capsys, "new", review, *seeds)
    assert code == 0, err
    assert "Created" in out and out.count("Imported") == 2
    code, out, _ = run(capsys, "stats", review, "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["documents"] == 2 and stats["sentences"] > 100 and stats["reviewed"] == 0
    code, out, _ = run(capsys, "stats", review)
    assert code == 0 and "2 document(s)" in out and "Reviewed (final): 0" in out


def test_new_with_a_bad_document_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    code, _, err = run(capsys, "new", tmp_path / "x.assay", empty)
    assert code == 1 and "empty" in err and "Traceback" not in err
    assert not (tmp_path / "x.assay").exists()


def test_new_refuses_an_existing_review(
    tmp_review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = file_digest(tmp_review)
    code, _, err = run(capsys, "new", tmp_review)
    assert code == 1 and "already exists" in err
    assert file_digest(tmp_review) == before


def test_import_reports_duplicates_and_bad_files(
    tmp_review: Path, small_seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x00\x01\x02\x03" * 64)
    before = documents_and_events(tmp_review)
    code, _, err = run(capsys, "import", tmp_review, small_seed, binary)
    assert code == 1
    assert "already in this review" in err and "binary" in err
    assert documents_and_events(tmp_review) == before


def test_import_legacy_encoding_says_so(
    tmp_review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(("The caf\u00e9 \u201cstudy\u201d proved it. " * 30).encode("cp1252"))
    code, out, err = run(capsys, "import", tmp_review, legacy)
    assert code == 0, err
    assert "cp125" in out and "not valid UTF-8" in out


def test_segment_json(small_seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "segment", small_seed, "--json", "--format", "plain")
    assert code == 0
    output = json.loads(out)
    assert output["format"] == "assay-segments/1"
    segments = output["sentences"]
    assert isinstance(segments, list) and segments
    assert {"start", "end", "text"} <= set(segments[0])


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"plain words, not a database\n", "not an Assay review"), (b"", "not an Assay review")],
)
def test_stats_on_a_file_that_is_not_a_review(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "fake.assay"
    fake.write_bytes(content)
    code, _, err = run(capsys, "stats", fake, "--json")
    assert code == 1 and message in err and "Traceback" not in err
    assert fake.read_bytes() == content


def test_stats_on_a_newer_review(tmp_review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(tmp_review)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    before = file_digest(tmp_review)
    code, _, err = run(capsys, "stats", tmp_review)
    assert code == 1 and "newer version of Assay" in err
    assert file_digest(tmp_review) == before


def test_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "stats", tmp_path / "none.assay")
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "segment", tmp_path / "none.md", "--json")
    assert code == 1 and "none.md" in err and "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import")
    assert code == 2 and "usage" in err


def test_paths_and_no_arguments_open_the_gui(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[list[Path]] = []
    fake_app = types.ModuleType("assay.ui.app")
    fake_app.run_gui = lambda paths: calls.append(list(paths)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assay.ui.app", fake_app)
    assert main([]) == 0
    assert main([str(tmp_path / "r.assay")]) == 0
    assert main(["gui", str(tmp_path / "doc.md")]) == 0
    assert calls == [[], [tmp_path / "r.assay"], [tmp_path / "doc.md"]]


HEADLESS = textwrap.dedent(
    """
    import sys
    from assay.cli import main
    code = main(sys.argv[1:])
    qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "assay.ui")))
    print("QT:" + ",".join(qt), file=sys.stderr)
    raise SystemExit(code)
    """
)


def test_headless_commands_never_import_qt(
    tmp_path: Path, seed_dir: Path, small_seed: Path
) -> None:
    review = tmp_path / "headless.assay"
    for argv in (
        ["new", str(review), str(small_seed)],
        ["import", str(review), str(sorted(seed_dir.glob("*.txt"))[1])],
        ["stats", str(review), "--json"],
        ["segment", str(small_seed), "--json"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", HEADLESS, *argv], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert "QT:\n" in done.stderr, f"{argv[0]} imported Qt: {done.stderr}"


def test_python_dash_m_assay(tmp_review: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assay", "stats", str(tmp_review), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["documents"] == 1


def test_import_accepts_pdf_docx_and_html(tmp_path, capsys):
    from assay.cli import main
    from fixtures.documents import PdfLayout, font_folder, seed, write_docx, write_pdf

    html = tmp_path / "page.html"
    html.write_text(
        "<html><body><nav>Home | About</nav><article><h1>Magnesium news</h1>"
        "<p>Magnesium lowers blood pressure, a study says. The effect was small.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    documents = [html, write_docx(seed("000"), tmp_path / "paper.docx")]
    if font_folder() is not None:
        documents.append(write_pdf(seed("001"), tmp_path / "white-paper.pdf", PdfLayout()))
    review = tmp_path / "r.assay"
    assert main(["new", str(review)]) == 0
    assert main(["import", str(review), *map(str, documents)]) == 0
    capsys.readouterr()
    assert main(["stats", str(review), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == len(documents)


def test_a_closed_pipe_ends_the_command_quietly(tmp_review):
    """`assay refs REVIEW | head -1`: no error message when the reader stops early."""
    script = (
        "import sys; from assay.cli import main; sys.exit(main(['segment', sys.argv[1], '--json']))"
    )
    seed = REPO / "seeds" / "001_25d1546185dbdbaa.txt"
    with subprocess.Popen(
        [sys.executable, "-c", script, str(seed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.readline()
        child.stdout.close()  # the reader goes away
        errors = child.stderr.read().decode()
        code = child.wait(timeout=60)
    assert code == 0 and "Broken pipe" not in errors and "Traceback" not in errors
