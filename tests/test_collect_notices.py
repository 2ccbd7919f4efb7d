"""packaging/collect_notices.py: the third-party notices a build ships."""

from __future__ import annotations

import datetime
import importlib.util
import re
import subprocess
import sys
import tomllib

import pytest

from support import REPO

SCRIPT = REPO / "packaging" / "collect_notices.py"


def runtime_dependency_names() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.match(r"[A-Za-z0-9._-]+", d).group(0) for d in project["dependencies"]]


def collect_notices_module():
    spec = importlib.util.spec_from_file_location("collect_notices", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def headings(text: str) -> list[str]:
    """The first line of each section (after a rule of #)."""
    return re.findall(r"^#{78}\n(.+)$", text, re.MULTILINE)


def test_the_script_writes_every_dependency_with_qts_lgpl_and_how_to_replace_qt(tmp_path):
    out = tmp_path / "dist" / "assay" / "THIRD_PARTY_NOTICES.txt"
    run = subprocess.run([sys.executable, str(SCRIPT), str(out)], capture_output=True, timeout=60)
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    module = collect_notices_module()
    names = {module.canonical(h.split()[0]) for h in headings(text)}
    # Every runtime dependency, and theirs in turn, has a section of its own.
    direct = {module.canonical(n) for n in runtime_dependency_names()} - {"pyside6-essentials"}
    assert direct <= names, direct - names
    for library in module.runtime_libraries():
        if module.canonical(library.name) not in module.QT_DISTRIBUTIONS:
            assert module.canonical(library.name) in names, library.name
    assert {"sqlite-fts4", "mdurl", "typing-extensions"} <= names  # dependencies' own
    # Qt: the LGPL and GPL texts in full and how to replace the libraries.
    assert "How to replace the Qt libraries in this one-folder build" in headings(text)
    assert "_internal/PySide6/Qt/lib/" in text and "Frameworks/PySide6/Qt/lib/" in text
    assert "GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3" in text
    assert "TERMS AND CONDITIONS" in text and "4. Combined Works." in text
    assert "PySide6_Essentials" in text and "LGPL-3.0-only" in text
    # PDFium's own licence, from pypdfium2's files.
    pdfium = text.index("PDFium, inside pypdfium2")
    assert "Copyright 2014 The PDFium Authors" in text[pdfium:]
    assert text.index("Qt for Python") < text.index("How to replace the Qt") < pdfium


def test_the_notices_are_deterministic_and_the_repositorys_copy_is_the_scripts():
    module = collect_notices_module()
    first = module.collect()
    assert first == module.collect()
    assert str(datetime.date.today()) not in first  # no build date: only versions
    shipped = (REPO / "resources" / "THIRD_PARTY_NOTICES.txt").read_text(encoding="utf-8")
    # Versions differ between machines; the sections (what is shipped) must not.
    strip = lambda text: [h.split()[0] for h in headings(text)]  # noqa: E731
    assert strip(shipped) == strip(first)


def test_a_missing_pdfium_licence_stops_the_script():
    module = collect_notices_module()
    library = module.Library("pypdfium2", "0", "BSD-3-Clause", files=[("LICENSE", "MIT text")])
    with pytest.raises(SystemExit, match="no licence text for PDFium"):
        module.pdfium_files(library)
