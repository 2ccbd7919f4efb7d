"""The pure-Python parts of the build: what the spec leaves out, the smoke test's checks.

The build itself is checked by .ci/run (packaging/build.py, then packaging/smoke_test.py).
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from support import REPO

PACKAGING = REPO / "packaging"


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


excludes = load(PACKAGING / "pyinstaller" / "excludes.py")
smoke = load(PACKAGING / "smoke_test.py")


def modules_assay_imports() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "app" / "assay").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return found


def test_no_module_assay_imports_is_left_out_of_the_build():
    imported = modules_assay_imports()
    assert {"PySide6.QtCore", "PySide6.QtWidgets", "PySide6.QtNetwork"} <= imported
    for excluded in excludes.EXCLUDED_MODULES:
        clashes = [m for m in imported if m == excluded or m.startswith(excluded + ".")]
        assert not clashes, f"{excluded} is excluded from the build but Assay imports {clashes}"


def test_the_plugins_assay_needs_stay_and_the_others_go_on_every_platform():
    kept = [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libicudata.so.73",  # replaced by the stub, never left out
        "libxcb-cursor.so.0",
        "assay/seeds/001_25d1546185dbdbaa.txt",
        "assay/resources/assay.svg",
    ]
    gone = [
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/translations/qtbase_de.qm",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/plugins/imageformats/qjpeg.dll",
        "PySide6/Qt/plugins/imageformats/libqjpeg.dylib",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "libgtk-3.so.0",
        "libstdc++.so.6",
        "libcrypto.so.3",
    ]
    assert [p for p in kept if excludes.is_excluded(p)] == []
    assert [p for p in gone if not excludes.is_excluded(p)] == []
    toc = [(p, "/src/" + p, "BINARY") for p in kept + gone]
    assert [entry[0] for entry in excludes.keep(toc)] == kept


def test_the_spec_is_python_and_uses_the_exclusions():
    tree = ast.parse((PACKAGING / "pyinstaller" / "assay.spec").read_text("utf-8"))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert {"Analysis", "EXE", "COLLECT", "BUNDLE", "EXCLUDED_MODULES", "keep"} <= names


def test_the_probe_output_is_read_whatever_else_is_printed():
    report = smoke.parse_probe_output("Qt says hello\npainted\nready /h/data/Sample review.assay\n")
    assert report.painted and report.ready == Path("/h/data/Sample review.assay")
    assert smoke.parse_probe_output("ready None\n") == smoke.ProbeReport(False, None)


def test_the_size_check_names_what_is_too_big(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.so").write_bytes(b"x" * 1000)
    (tmp_path / "link.so").symlink_to(tmp_path / "lib" / "a.so")
    assert 1000 < smoke.folder_size(tmp_path) < 2000  # the link counts as a link
    mb = smoke.MB
    assert smoke.size_problems(120 * mb, 60 * mb) == []
    assert smoke.size_problems(120 * mb + 1, None) == ["folder 120.0 MB > 120 MB"]
    assert smoke.size_problems(1, 61 * mb) == ["archive 61.0 MB > 60 MB"]
