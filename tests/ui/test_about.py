"""Help ▸ About: version, licence, third-party licences; the icon and its build script."""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
import tomllib
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from assay.services import about

ROOT = Path(__file__).resolve().parents[2]


def runtime_dependency_names() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.match(r"[A-Za-z0-9._-]+", d).group(0) for d in project["dependencies"]]


def test_the_repository_has_an_mit_licence():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY" in text


def test_the_notices_name_every_runtime_dependency_and_qts_lgpl():
    notices = about.notices_text().lower()
    assert "lgpl-3.0" in notices and "pdfium" in notices and "bsd-3-clause" in notices
    missing = [
        name
        for name in runtime_dependency_names()
        if name.lower().replace("-essentials", "") not in notices
    ]
    assert not missing


def test_every_runtime_dependency_reports_its_version_and_licence():
    components = {c.name.lower().replace("_", "-"): c for c in about.components()}
    for name in runtime_dependency_names():
        item = components[name.lower()]
        assert item.version, name
        assert item.licence, name
    assert "LGPL-3.0" in components["pyside6-essentials"].licence


def test_help_about_shows_version_licence_and_notices(open_window, on_next_modal):
    window = open_window()
    seen: dict[str, str] = {}

    def read(dialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["summary"] = dialog.findChild(QLabel, "aboutSummary").text()
        seen["libraries"] = dialog.findChild(QPlainTextEdit, "aboutComponents").toPlainText()
        seen["notices"] = dialog.findChild(QPlainTextEdit, "aboutNotices").toPlainText()
        dialog.reject()

    on_next_modal(read)
    help_menu = window.menus["help"]
    about_action = next(a for a in help_menu.actions() if a.text() == "About Assay")
    about_action.trigger()
    assert seen["title"] == "About Assay"
    assert about.version() in seen["summary"] and "MIT" in seen["summary"]
    assert "pypdfium2" in seen["libraries"] and "LGPL-3.0" in seen["libraries"]
    assert "PDFium" in seen["notices"]


def test_the_window_has_the_application_icon(open_window):
    open_window()
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(16, 16).isNull()


def test_the_icon_script_makes_pngs_an_ico_and_an_icns(tmp_path, qapp):
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging/make_icons.py")
    assert spec is not None and spec.loader is not None
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    made = make_icons.make_icons(tmp_path)
    for size in (16, 32, 256, 512):
        png = (tmp_path / f"assay-{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)
    ico = (tmp_path / "assay.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    icns = (tmp_path / "assay.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns and b"icp4" in icns
    assert len(made) == len(make_icons.PNG_SIZES) + 2


def _notices_shown(window, on_next_modal) -> str:
    seen: dict[str, str] = {}

    def read(dialog) -> None:
        seen["notices"] = dialog.findChild(QPlainTextEdit, "aboutNotices").toPlainText()
        dialog.reject()

    on_next_modal(read)
    about_action = next(a for a in window.menus["help"].actions() if a.text() == "About Assay")
    about_action.trigger()
    return seen["notices"]


def test_about_shows_qts_lgpl_and_how_to_replace_qt(open_window, on_next_modal):
    notices = _notices_shown(open_window(), on_next_modal)
    assert "How to replace the Qt libraries in this one-folder build" in notices
    assert "_internal/PySide6/Qt/lib/" in notices
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices
    assert "Copyright 2014 The PDFium Authors" in notices


def test_about_shows_the_notices_a_build_collected(
    open_window, on_next_modal, tmp_path, monkeypatch
):
    """A one-folder build: collect_notices.py's output beside the executable wins over
    the package's copy."""
    build = tmp_path / "assay"
    build.mkdir()
    (build / about.NOTICES_RESOURCE).write_text("Notices of this build\nQt LGPL-3.0\n", "utf-8")
    monkeypatch.setattr(sys, "executable", str(build / "assay"))
    assert about.built_notices() == build / about.NOTICES_RESOURCE
    assert _notices_shown(open_window(), on_next_modal).startswith("Notices of this build")


def test_a_macos_app_finds_its_notices_in_resources(tmp_path, monkeypatch):
    contents = tmp_path / "Assay.app" / "Contents"
    (contents / "MacOS").mkdir(parents=True)
    (contents / "Resources").mkdir()
    (contents / "Resources" / about.NOTICES_RESOURCE).write_text("mac notices", "utf-8")
    monkeypatch.setattr(sys, "executable", str(contents / "MacOS" / "Assay"))
    assert about.notices_text() == "mac notices"
    (contents / "Resources" / about.NOTICES_RESOURCE).unlink()
    assert "How to replace the Qt libraries" in about.notices_text()  # the package's copy
