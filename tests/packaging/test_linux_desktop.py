"""Linux desktop integration: the desktop entry, the MIME types found by content, and
install.sh, all on real files (a review and a bundle made by Assay itself)."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from assay.core.model import Reviewer
from assay.exchange.bundle_format import MANIFEST
from assay.services.exchange import export_bundle
from assay.services.session import ReviewSession
from assay.store.connection import APPLICATION_ID
from support import REPO

LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / "assay.desktop"
MIME_XML = LINUX / "assay-review.xml"
INSTALL = LINUX / "install.sh"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (apt-get install desktop-file-utils xdg-utils)")
    return path


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.fixture
def review_and_bundle(tmp_path: Path, reviewer: Reviewer, small_seed: Path) -> tuple[Path, Path]:
    """A real review and a real bundle exported from it, both renamed without extension."""
    review = tmp_path / "made.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(small_seed)
    bundle = tmp_path / "made.assaybundle"
    export_bundle(review, bundle, reviewer=reviewer)
    return review.rename(tmp_path / "renamed-review"), bundle.rename(tmp_path / "renamed-bundle")


def test_the_desktop_entry_runs_assay_on_several_files_with_its_icon() -> None:
    entry = _desktop_entry(DESKTOP)
    assert entry["Exec"] == "assay %F"
    assert entry["Icon"] == "assay"
    types = set(entry["MimeType"].rstrip(";").split(";"))
    assert {"application/x-assay-review", "application/x-assay-bundle"} <= types
    assert {"application/pdf", DOCX, "text/html", "text/markdown"} <= types
    # Offered for the documents it reviews, not for every text file on the system.
    assert "text/plain" not in types


def test_desktop_file_validate_accepts_the_entry() -> None:
    validate = _require("desktop-file-validate")
    done = subprocess.run([validate, str(DESKTOP)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout  # not even a hint


def test_the_mime_types_match_the_files_assay_writes(
    review_and_bundle: tuple[Path, Path],
) -> None:
    """The magic in the XML is the header Assay really writes: application_id at 68,
    manifest.json as the zip's first member."""
    review, bundle = review_and_bundle
    types = {t.get("type"): t for t in ElementTree.parse(MIME_XML).getroot()}
    review_type = types["application/x-assay-review"]
    bundle_type = types["application/x-assay-bundle"]
    assert review_type.find(f"{MIME_NS}glob").get("pattern") == "*.assay"  # type: ignore[union-attr]
    assert bundle_type.find(f"{MIME_NS}glob").get("pattern") == "*.assaybundle"  # type: ignore[union-attr]
    assert review_type.find(f"{MIME_NS}sub-class-of").get("type") == "application/vnd.sqlite3"  # type: ignore[union-attr]
    assert bundle_type.find(f"{MIME_NS}sub-class-of").get("type") == "application/zip"  # type: ignore[union-attr]

    sqlite_match = review_type.find(f"{MIME_NS}magic/{MIME_NS}match")
    assert sqlite_match is not None and sqlite_match.get("offset") == "0"
    id_match = sqlite_match.find(f"{MIME_NS}match")
    assert id_match is not None and id_match.get("type") == "big32"
    assert int(id_match.get("value", ""), 16) == APPLICATION_ID
    header = review.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\0")
    offset = int(id_match.get("offset", ""))
    assert int.from_bytes(header[offset : offset + 4], "big") == APPLICATION_ID

    zip_match = bundle_type.find(f"{MIME_NS}magic/{MIME_NS}match")
    assert zip_match is not None
    name_match = zip_match.find(f"{MIME_NS}match")
    assert name_match is not None and name_match.get("value") == MANIFEST
    start = int(name_match.get("offset", ""))
    data = bundle.read_bytes()
    assert data.startswith(b"PK\x03\x04")
    assert data[start : start + len(MANIFEST)] == MANIFEST.encode()


def test_xdg_mime_finds_both_types_by_content(
    tmp_path: Path, review_and_bundle: tuple[Path, Path]
) -> None:
    xdg_mime = _require("xdg-mime")
    update = _require("update-mime-database")
    data_home = tmp_path / "xdg-data"
    (data_home / "mime" / "packages").mkdir(parents=True)
    shutil.copy(MIME_XML, data_home / "mime" / "packages" / MIME_XML.name)
    subprocess.run([update, str(data_home / "mime")], check=True, timeout=60)
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data_home),
        "XDG_DATA_DIRS": "/usr/local/share:/usr/share",
    }
    env.pop("XDG_CURRENT_DESKTOP", None)  # the generic lookup, whatever desktop runs the tests
    review, bundle = review_and_bundle
    found = {}
    for path in (review, bundle):
        done = subprocess.run(
            [xdg_mime, "query", "filetype", str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        found[path.name] = done.stdout.strip()
    assert found == {
        "renamed-review": "application/x-assay-review",
        "renamed-bundle": "application/x-assay-bundle",
    }


def test_qt_finds_both_types_by_content(
    tmp_path: Path, review_and_bundle: tuple[Path, Path]
) -> None:
    """QMimeDatabase reads the same shared-mime-info data (the compiled mime.cache).

    Qt reads its data folders once per process, so a child process looks them up."""
    update = _require("update-mime-database")
    data_home = tmp_path / "xdg-data"
    (data_home / "mime" / "packages").mkdir(parents=True)
    shutil.copy(MIME_XML, data_home / "mime" / "packages" / MIME_XML.name)
    subprocess.run([update, str(data_home / "mime")], check=True, timeout=60)
    review, bundle = review_and_bundle
    script = (
        "import sys\n"
        "from PySide6.QtCore import QMimeDatabase\n"
        "db = QMimeDatabase()\n"
        "for path in sys.argv[1:]:\n"
        "    print(db.mimeTypeForFile(path).name())\n"
    )
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data_home),
        "XDG_DATA_DIRS": "/usr/local/share:/usr/share",
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(review), str(bundle)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["application/x-assay-review", "application/x-assay-bundle"]


def test_install_sh_puts_entry_icons_and_types_in_place_and_removes_them(
    tmp_path: Path, review_and_bundle: tuple[Path, Path]
) -> None:
    _require("update-mime-database")
    program_dir = tmp_path / "Assay build"  # a space: Exec quotes the path
    program_dir.mkdir()
    program = program_dir / "assay"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    icons = tmp_path / "icons"
    icons.mkdir()
    (icons / "assay-48.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # make_icons.py's names
    data_home = tmp_path / "xdg-data"
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "HOME": str(home)}

    done = subprocess.run(
        ["sh", str(INSTALL), "--exec", str(program), "--icons", str(icons)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    installed = data_home / "applications" / "assay.desktop"
    entry = _desktop_entry(installed)
    assert entry["Exec"] == f'"{program}" %F'
    assert entry["TryExec"] == str(program)
    assert entry["MimeType"] == _desktop_entry(DESKTOP)["MimeType"]
    hicolor = data_home / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / "assay.svg").read_bytes() == (
        REPO / "resources" / "assay.svg"
    ).read_bytes()
    assert (hicolor / "48x48" / "apps" / "assay.png").exists()
    assert (hicolor / "48x48" / "mimetypes" / "application-x-assay-review.png").exists()
    assert (hicolor / "scalable" / "mimetypes" / "application-x-assay-bundle.svg").exists()
    assert (data_home / "mime" / "packages" / MIME_XML.name).exists()
    globs = (data_home / "mime" / "globs2").read_text()
    assert "application/x-assay-review:*.assay" in globs
    assert "application/x-assay-bundle:*.assaybundle" in globs
    # Offered, never made the default: no mimeapps.list anywhere.
    assert not list(tmp_path.rglob("mimeapps.list"))
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True)
        assert check.returncode == 0, check.stdout

    done = subprocess.run(
        ["sh", str(INSTALL), "--uninstall"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert not installed.exists()
    assert not list(hicolor.rglob("assay.*")) and not list(hicolor.rglob("application-x-assay-*"))
    assert "assay" not in (data_home / "mime" / "globs2").read_text()
    assert program.exists()  # the program itself is the user's to delete


def test_install_sh_refuses_a_path_exec_cannot_hold(tmp_path: Path) -> None:
    program_dir = tmp_path / "R&D"
    program_dir.mkdir()
    program = program_dir / "assay"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run(
        ["sh", str(INSTALL), "--exec", str(program)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert "R&D" in done.stderr and "move Assay elsewhere" in done.stderr
    assert not (tmp_path / "data" / "applications" / "assay.desktop").exists()
