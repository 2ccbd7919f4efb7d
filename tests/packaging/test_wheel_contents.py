"""The wheel carries what a desktop install needs: the desktop entry, the MIME types, the
icon (package data) and the LICENSE. Built offline from a copy of the source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from support import REPO

SOURCES = ("app", "seeds", "resources", "packaging/linux", "pyproject.toml", "README.md", "LICENSE")


def _bdist_wheel_available() -> bool:
    try:
        from setuptools.command import bdist_wheel  # noqa: F401  # setuptools >= 70.1
    except ImportError:
        try:
            import wheel  # noqa: F401
        except ImportError:
            return False
    return True


@pytest.mark.skipif(
    not _bdist_wheel_available(),
    reason="no offline wheel build: setuptools>=70.1 (in .[test]) or the wheel package",
)
def test_the_wheel_carries_the_desktop_files_the_icon_and_the_licence(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(
                origin, source / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
            )
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, source / name)
    out = tmp_path / "dist"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["--no-index", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - started < 30
    (wheel,) = out.glob("assay-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        desktop = archive.read("assay/xdg/assay.desktop")
        mime = archive.read("assay/xdg/assay-review.xml")
        icon = archive.read("assay/resources/assay.svg")
        licences = [n for n in names if ".dist-info/" in n and n.endswith("/LICENSE")]
        assert len(licences) == 1
        licence = archive.read(licences[0])
    assert desktop == (REPO / "packaging/linux/assay.desktop").read_bytes()
    assert mime == (REPO / "packaging/linux/assay-review.xml").read_bytes()
    assert icon == (REPO / "resources/assay.svg").read_bytes()
    assert licence == (REPO / "LICENSE").read_bytes()
    assert "assay/xdg/install.sh" not in names  # the tar.gz's script, not package data


def test_the_installed_package_finds_its_desktop_files() -> None:
    from importlib.resources import files

    data = files("assay.xdg")
    assert "Exec=assay %F" in data.joinpath("assay.desktop").read_text("utf-8")
    assert "application/x-assay-bundle" in data.joinpath("assay-review.xml").read_text("utf-8")
