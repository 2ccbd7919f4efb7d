"""`assay export` and `assay merge` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from assay.cli import main
from support import file_digest


def test_export_then_dry_run_then_merge(tmp_review: Path, tmp_path: Path, capsys):
    bundle = tmp_path / "out.assaybundle"
    assert main(["export", str(tmp_review), "-o", str(bundle)]) == 0
    assert bundle.exists() and "Wrote" in capsys.readouterr().out
    target = tmp_path / "copy.assay"
    assert main(["merge", str(target), str(bundle), "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["dry_run"] and plan["new_documents"] == 1 and not target.exists()
    assert main(["merge", str(target), str(bundle)]) == 0
    assert "Merged into" in capsys.readouterr().out
    digest = file_digest(target)
    assert main(["merge", str(target), str(bundle)]) == 0
    assert "Nothing new" in capsys.readouterr().out and file_digest(target) == digest


def test_bad_bundle_exits_1_with_the_message(tmp_review: Path, tmp_path: Path, capsys):
    bad = tmp_path / "bad.assaybundle"
    bad.write_text("not a zip")
    assert main(["merge", str(tmp_review), str(bad)]) == 1
    assert "bad.assaybundle" in capsys.readouterr().err
