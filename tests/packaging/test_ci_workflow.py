"""The hosted-runner workflow builds, smoke-tests and packs on all three platforms with
the same commands as the local build (it cannot run here: this checks what it runs)."""

from __future__ import annotations

from typing import Any

import pytest

from support import REPO

yaml = pytest.importorskip("yaml", reason="PyYAML (in .[test]) reads the workflow")

WORKFLOW = REPO / ".github" / "workflows" / "build.yml"


@pytest.fixture(scope="module")
def job() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    return workflow["jobs"]["build"]


def _runs(job: dict[str, Any]) -> list[tuple[str, str]]:
    """(condition, command) of every `run` step, in order."""
    return [(step.get("if", ""), step["run"]) for step in job["steps"] if "run" in step]


def test_the_three_hosted_runners_build_with_python_311(job: dict[str, Any]) -> None:
    assert job["strategy"]["matrix"]["os"] == ["ubuntu-latest", "windows-latest", "macos-latest"]
    assert job["runs-on"] == "${{ matrix.os }}"
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"


def test_every_runner_builds_then_smoke_tests_then_packs(job: dict[str, Any]) -> None:
    commands = [command for _condition, command in _runs(job)]
    order = [
        next(i for i, c in enumerate(commands) if needle in c)
        for needle in (
            'pip install ".[build]"',
            "packaging/make_icons.py",
            "choco install innosetup",  # on PATH before build.py, which runs iscc
            "packaging/build.py",
            "packaging/smoke_test.py",
        )
    ]
    assert order == sorted(order)
    # build.py packs each platform the way packaging/ describes: the same scripts.
    build = (REPO / "packaging" / "build.py").read_text("utf-8")
    for path in ('"windows" / "assay.iss"', '"macos" / "make_dmg.sh"', '"install.sh"'):
        assert path in build
    for path in (
        "packaging/windows/assay.iss",
        "packaging/macos/make_dmg.sh",
        "packaging/linux/install.sh",
    ):
        assert (REPO / path).is_file()


def test_the_installers_are_uploaded(job: dict[str, Any]) -> None:
    upload = next(
        s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["with"]["path"].split() == [
        "build/dist/*.exe",
        "build/dist/*.dmg",
        "build/dist/*.tar.gz",
        "build/dist/*.zip",
    ]
    assert upload["with"]["if-no-files-found"] == "error"
