"""macOS: Assay.app's Info.plist declares both document types with their UTIs, the icon,
every extension, and the package's version."""

from __future__ import annotations

import importlib.util
import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import assay
from support import REPO

MACOS = REPO / "packaging" / "macos"


def _info_plist_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("info_plist", MACOS / "info_plist.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_template_parses_and_declares_both_types_with_their_utis() -> None:
    with (MACOS / "Info.plist").open("rb") as template:
        plist = plistlib.load(template)
    assert plist["CFBundleIdentifier"] == "org.assay.Assay"
    assert plist["CFBundleIconFile"] == "assay.icns"
    exported = {t["UTTypeIdentifier"]: t for t in plist["UTExportedTypeDeclarations"]}
    review, bundle = exported["org.assay.review"], exported["org.assay.bundle"]
    assert review["UTTypeTagSpecification"]["public.filename-extension"] == ["assay"]
    assert bundle["UTTypeTagSpecification"]["public.filename-extension"] == ["assaybundle"]
    assert review["UTTypeTagSpecification"]["public.mime-type"] == ["application/x-assay-review"]
    assert "public.database" in review["UTTypeConformsTo"]
    assert "public.zip-archive" in bundle["UTTypeConformsTo"]
    assert review["UTTypeIconFile"] == bundle["UTTypeIconFile"] == "assay.icns"

    by_type = {
        uti: document
        for document in plist["CFBundleDocumentTypes"]
        for uti in document["LSItemContentTypes"]
    }
    for uti in ("org.assay.review", "org.assay.bundle"):
        assert by_type[uti]["LSHandlerRank"] == "Owner"
        assert by_type[uti]["CFBundleTypeIconFile"] == "assay.icns"
    # Offered for the documents Assay reviews, never their owner.
    documents = ("com.adobe.pdf", "org.openxmlformats.wordprocessingml.document", "public.html")
    for uti in (*documents, "net.daringfireball.markdown"):
        assert by_type[uti]["LSHandlerRank"] == "Alternate"
        assert by_type[uti]["CFBundleTypeRole"] == "Viewer"

    # Every extension Assay opens from Finder is declared somewhere.
    imported = {t["UTTypeIdentifier"]: t for t in plist["UTImportedTypeDeclarations"]}
    markdown = imported["net.daringfireball.markdown"]["UTTypeTagSpecification"]
    assert markdown["public.filename-extension"] == ["md", "markdown"]


def test_the_version_is_the_packages(tmp_path: Path) -> None:
    info_plist = _info_plist_module()
    assert info_plist.package_version() == assay.__version__
    app = tmp_path / "Assay.app"
    (app / "Contents").mkdir(parents=True)
    built = {
        "CFBundleExecutable": "assay",
        "CFBundleIdentifier": "assay",
        "LSBackgroundOnly": False,
    }
    with (app / "Contents" / "Info.plist").open("wb") as out:
        plistlib.dump(built, out)

    assert info_plist.main([str(app)]) == 0

    with (app / "Contents" / "Info.plist").open("rb") as merged_file:
        merged = plistlib.load(merged_file)
    assert merged["CFBundleShortVersionString"] == merged["CFBundleVersion"] == assay.__version__
    assert merged["CFBundleExecutable"] == "assay"  # PyInstaller's program name is kept
    assert merged["CFBundleIdentifier"] == "org.assay.Assay"
    assert "LSBackgroundOnly" in merged  # PyInstaller's other keys stay
    assert "@VERSION@" not in (app / "Contents" / "Info.plist").read_text("utf-8")
    assert len(merged["CFBundleDocumentTypes"]) == 3


@pytest.mark.skipif(shutil.which("hdiutil") is not None, reason="macOS: CI makes the DMG")
def test_the_dmg_script_says_what_it_needs_before_touching_the_app(tmp_path: Path) -> None:
    script = MACOS / "make_dmg.sh"
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0  # it parses
    app = tmp_path / "Assay.app"
    (app / "Contents").mkdir(parents=True)
    done = subprocess.run(
        ["sh", str(script), str(app), str(tmp_path / "out.dmg")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHON": sys.executable},
        timeout=60,
    )
    assert done.returncode == 1
    assert "hdiutil not found: DMGs are made on macOS" in done.stderr
    assert list(app.rglob("*")) == [app / "Contents"]  # left as it was
    done = subprocess.run(
        ["sh", str(script), str(tmp_path / "missing.app")], capture_output=True, text=True
    )
    assert done.returncode == 1 and "is not an .app" in done.stderr
