"""Collects the third-party notices a build of Assay must carry into one text file.

    python packaging/collect_notices.py OUT_FILE

Run it with the Python environment the build is made from (the one PyInstaller
freezes): it walks Assay's runtime dependencies recursively through the installed
distributions (`importlib.metadata`), takes each one's licence files from its
dist-info (its `License-File` entries, else LICENSE*, COPYING*, NOTICE*, AUTHORS*),
or, when it ships none, the licence its metadata declares. Qt gets the LGPL-3.0 and
GPL-3.0 texts (packaging/licenses/: the PySide6 wheels ship none) and a section on
replacing the Qt libraries in the one-folder build; PDFium gets the licences pypdfium2
ships for it; Python gets its own LICENSE.txt. Identical texts are written once.

The output is deterministic (sorted, no dates): `resources/THIRD_PARTY_NOTICES.txt`
is this script's output for the development environment, and Help > About shows the
file a build carries beside its executable (`assay.services.about.notices_text`).
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
import sys
import sysconfig
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LICENCE_TEXTS = HERE / "licenses"
APP = "assay"
QT_DISTRIBUTIONS = ("pyside6-essentials", "pyside6", "shiboken6")
PDFIUM_DISTRIBUTION = "pypdfium2"
LICENCE_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
RULE = "#" * 78  # licence texts use lines of - and = themselves
DOUBLE_RULE = RULE

HEADER = """\
Third-party software in Assay
=============================

Assay itself is released under the MIT licence (the LICENSE file). A packaged Assay
ships the software below, each part under its own licence. This file is collected
from the installed packages by packaging/collect_notices.py; Help > About > Libraries
lists the versions actually running.
"""

QT_SECTION = """\
Qt for Python and the Qt {qt} libraries inside it
  Packages: {bindings}
  Licence: LGPL-3.0-only (also offered under GPL-2.0-only or GPL-3.0-only);
  Assay uses Qt and PySide6 under the GNU Lesser General Public License v3.0.
  Copyright (C) The Qt Company Ltd. and other contributors.
  Assay uses the Qt libraries and the PySide6 bindings unmodified and loads them as
  shared libraries at run time. The full texts of the LGPL-3.0 and of the GPL-3.0,
  which it extends, are at the end of this file. Qt itself contains code under
  other, permissive licences; they are listed at
  https://doc.qt.io/qt-6/licenses-used-in-qt.html.
  Source code: Qt {qt} at https://download.qt.io/official_releases/qt/{qt_minor}/{qt}/
  and PySide6 {pyside} at https://download.qt.io/official_releases/QtForPython/pyside6/
  (also https://code.qt.io/). The Assay maintainers send the same source on request.
"""

QT_REPLACEMENT = """\
How to replace the Qt libraries in this one-folder build
  The LGPL lets you replace the Qt libraries Assay runs on with your own build of
  them (modified or not), and nothing in Assay or its licence forbids that or the
  reverse engineering needed to debug your changes. Assay is a one-folder build
  (PyInstaller): Qt's shared libraries are ordinary files inside it, here:

    Linux    assay/_internal/PySide6/Qt/lib/           libQt6Core.so.6, libQt6Gui.so.6,
                                                       libQt6Widgets.so.6, ...
             assay/_internal/PySide6/Qt/plugins/       platform, image and style plugins
    Windows  Assay\\_internal\\PySide6\\                  Qt6Core.dll, Qt6Gui.dll,
                                                       Qt6Widgets.dll, ... and plugins\\
    macOS    Assay.app/Contents/Frameworks/PySide6/Qt/lib/   QtCore.framework, ...

  (In the AppImage these are inside the image: run it with --appimage-extract,
  replace the files in squashfs-root/, and start squashfs-root/AppRun.)

  1. Build Qt {qt} from its source (link above) with the same modules, or take
     another build of that same version: the PySide6 {pyside} bindings in the folder
     are compiled against Qt {qt}'s binary interface.
  2. Quit Assay and keep a copy of the folder.
  3. Put your libraries in place of the files of the same names listed above.
  4. Start Assay: it loads your Qt. Its log file names the Qt version it runs on.
  The PySide6 and shiboken6 modules next to them (also LGPL-3.0) can be replaced the
  same way with your own build of PySide6 {pyside}.
"""

PDFIUM_SECTION = """\
PDFium, inside pypdfium2 {version}
  Licence: BSD-3-Clause and Apache-2.0, copyright 2014 The PDFium Authors. The PDFium
  library (libpdfium / pdfium.dll) bundles third-party code under its own licences;
  pypdfium2 ships all of them, and they follow here.
"""

PYTHON_SECTION = """\
Python {version}
  Licence: PSF-2.0 (Python Software Foundation License). A packaged Assay ships the
  Python interpreter and its standard library, including SQLite (public domain).
"""


@dataclass
class Library:
    name: str  # as its metadata spells it
    version: str
    licence: str
    needed_by: set[str] = field(default_factory=set)
    files: list[tuple[str, str]] = field(default_factory=list)  # (path in dist-info, text)
    distribution: metadata.Distribution | None = None


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def app_requirements() -> list[str]:
    """Assay's runtime requirements: from its installed metadata, else pyproject.toml."""
    try:
        return list(metadata.requires(APP) or [])
    except metadata.PackageNotFoundError:
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        return list(project["project"]["dependencies"])


def runtime_names(requirements: list[str]) -> list[tuple[str, bool]]:
    """(name, required on every platform) for each requirement that is not an extra's."""
    names = []
    for requirement in requirements:
        requirement_part, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = REQUIREMENT_NAME.match(requirement_part)
        if match:
            names.append((match.group(1), not marker.strip()))
    return names


def licence_declared(distribution: metadata.Distribution) -> str:
    """The SPDX expression, else the License field, else the trove classifiers."""
    meta = distribution.metadata
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 80:
        return declared
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    return ", ".join(classifiers) or ("see its licence text below" if declared else "")


def runtime_libraries() -> list[Library]:
    """Every distribution Assay needs at run time, recursively, sorted by name. A
    requirement without a platform marker that is not installed is an error: the build
    environment is not the one Assay runs in."""
    found: dict[str, Library] = {}
    queue = [(APP, name, always) for name, always in runtime_names(app_requirements())]
    while queue:
        parent, name, always = queue.pop(0)
        key = canonical(name)
        if key in found:
            found[key].needed_by.add(parent)
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            if always:
                raise SystemExit(f"{name} (needed by {parent}) is not installed") from None
            continue  # a dependency of another platform only
        library = Library(
            distribution.metadata["Name"] or name,
            distribution.version,
            licence_declared(distribution),
            {parent},
            licence_files(distribution),
            distribution,
        )
        found[key] = library
        requirements = runtime_names(list(distribution.requires or []))
        queue += [(library.name, child, child_always) for child, child_always in requirements]
    return [found[key] for key in sorted(found)]


def licence_files(distribution: metadata.Distribution) -> list[tuple[str, str]]:
    """(path inside the dist-info, text) of each licence file the distribution ships."""
    all_files = [PurePosixPath(str(f)) for f in distribution.files or []]
    info = [f for f in all_files if f.parts and f.parts[0].endswith(".dist-info")]
    declared = distribution.metadata.get_all("License-File") or []
    chosen: set[PurePosixPath] = set()
    for entry in declared:  # Metadata 2.4 puts them under licenses/, older ones at the top
        for candidate in info:
            inner = PurePosixPath(*candidate.parts[1:])
            if inner in (PurePosixPath("licenses", entry), PurePosixPath(entry)):
                chosen.add(candidate)
    chosen |= {f for f in info if LICENCE_NAME.match(f.name)}
    texts = []
    for path in sorted(chosen, key=lambda p: p.parts[1:]):
        text = _read(Path(str(distribution.locate_file(str(path)))))
        if text is not None:
            texts.append(("/".join(path.parts[1:]), text))
    return texts


def _read(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def python_licence() -> str | None:
    """The running Python's LICENSE.txt (in the standard library folder on POSIX, at
    the installation's top on Windows)."""
    for folder in (Path(sysconfig.get_paths()["stdlib"]), Path(sys.base_prefix)):
        text = _read(folder / "LICENSE.txt")
        if text is not None:
            return text
    return None


class Notices:
    """The file being written: sections, with each distinct licence text once."""

    def __init__(self) -> None:
        self.parts: list[str] = [HEADER]
        self._seen: dict[str, str] = {}  # text digest -> where it was first written

    def section(self, heading: str) -> None:
        self.parts.append(f"\n{RULE}\n{heading.rstrip()}\n")

    def text(self, where: str, text: str) -> None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        first = self._seen.get(digest)
        if first is not None:
            self.parts.append(f"\n  [{where}: the same text as {first}, above]\n")
            return
        self._seen[digest] = where
        self.parts.append(f"\n  [{where}]\n\n{text}\n")

    def result(self) -> str:
        return "".join(self.parts).rstrip("\n") + "\n"


def pdfium_files(library: Library) -> list[tuple[str, str]]:
    """PDFium's own licence first, then those of the code it bundles, from pypdfium2's
    files; refuses to go on without them (the build would ship PDFium without its
    licence). Texts for other builds of PDFium (Android, musl, V8/XFA) are left out."""
    build = [
        (path, text)
        for path, text in library.files
        if "BUILD_LICENSES/" in path and _pdfium_part_applies(library, path)
    ]
    if not any("pdfium" in path.lower() for path, _ in build):
        build = [(path, text) for path, text in library.files if "pdfium" in text.lower()]
    if not build:
        raise SystemExit(f"{library.name} {library.version} ships no licence text for PDFium")
    return sorted(build, key=lambda item: ("pdfium" not in item[0].lower(), item[0]))


def _pdfium_part_applies(library: Library, path: str) -> bool:
    folder = path.split("BUILD_LICENSES/", 1)[1].rpartition("/")[0]
    musl = sys.platform == "linux" and platform.libc_ver()[0] != "glibc"
    if folder == "android":
        return hasattr(sys, "getandroidapilevel")
    if folder == "all_except_musl":
        return not musl
    if "musl" in folder:
        return musl
    if folder == "v8_xfa":
        return "V8" in _pdfium_build_flags(library)
    return True


def _pdfium_build_flags(library: Library) -> list[str]:
    """pypdfium2_raw/version.json's "flags" (["V8", "XFA"] for the V8 build)."""
    if library.distribution is None:
        return []
    version = _read(Path(str(library.distribution.locate_file("pypdfium2_raw/version.json"))))
    try:
        return list(json.loads(version or "{}").get("flags", []))
    except ValueError:
        return ["V8"]  # unknown build: keep its licences


def collect() -> str:
    libraries = runtime_libraries()
    qt = [lib for lib in libraries if canonical(lib.name) in QT_DISTRIBUTIONS]
    pdfium = next((lib for lib in libraries if canonical(lib.name) == PDFIUM_DISTRIBUTION), None)
    others = [lib for lib in libraries if lib not in qt]
    notices = Notices()
    pyside = next((lib.version for lib in qt if canonical(lib.name) != "shiboken6"), "")
    qt_version = pyside.split("+")[0]  # PySide6 x.y.z wraps Qt x.y.z
    values = {
        "bindings": ", ".join(f"{lib.name} {lib.version}" for lib in qt),
        "qt": qt_version,
        "qt_minor": ".".join(qt_version.split(".")[:2]),
        "pyside": pyside,
    }
    notices.parts.append(_contents(qt, pdfium, others))
    if qt:
        notices.section(QT_SECTION.format(**values))
        for lib in qt:
            for path, text in lib.files:
                notices.text(f"{lib.name} {path}", text)
        notices.section(QT_REPLACEMENT.format(**values))
    if pdfium is not None:
        notices.section(PDFIUM_SECTION.format(version=pdfium.version))
        for path, text in pdfium_files(pdfium):
            notices.text(f"{pdfium.name} {path}", text)
    python = python_licence()
    notices.section(PYTHON_SECTION.format(version=".".join(map(str, sys.version_info[:3]))))
    if python is not None:
        notices.text("Python LICENSE.txt", python)
    for lib in others:
        needed_by = ", ".join(sorted(lib.needed_by, key=canonical))
        notices.section(
            f"{lib.name} {lib.version}\n  Licence: {lib.licence or 'not declared'}\n"
            f"  Needed by: {needed_by}"
        )
        if not lib.files:
            declared = (lib.distribution.metadata.get("License") or "").strip()
            note = declared if "\n" in declared else ""
            notices.parts.append(
                "\n  This package ships no licence file; the licence above is the one\n"
                f"  its metadata declares.\n{note and chr(10) + note + chr(10)}"
            )
        for path, text in lib.files:
            if lib is pdfium and "BUILD_LICENSES/" in path:
                continue  # PDFium's parts: in its own section above
            notices.text(f"{lib.name} {path}", text)
    if qt:
        for title, name in (
            ("GNU Lesser General Public License v3.0 (LGPL-3.0), under which Qt is used",
             "LGPL-3.0.txt"),
            ("GNU General Public License v3.0 (GPL-3.0), which the LGPL-3.0 extends",
             "GPL-3.0.txt"),
        ):  # fmt: skip
            notices.parts.append(f"\n{DOUBLE_RULE}\n{title}\n{DOUBLE_RULE}\n")
            notices.text(name, _read(LICENCE_TEXTS / name) or "")
    return notices.result()


def _contents(qt: list[Library], pdfium: Library | None, others: list[Library]) -> str:
    lines = ["", "Contents"]
    if qt:
        lines += [
            "  Qt for Python and Qt: LGPL-3.0-only",
            "  How to replace the Qt libraries in this one-folder build",
        ]
    if pdfium is not None:
        lines.append("  PDFium (inside pypdfium2): BSD-3-Clause, Apache-2.0, its parts' licences")
    lines.append("  Python: PSF-2.0")
    lines += [f"  {lib.name} {lib.version}: {lib.licence or 'not declared'}" for lib in others]
    if qt:
        lines.append("  The texts of the LGPL-3.0 and the GPL-3.0")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    text = collect()
    out.write_text(text, encoding="utf-8", newline="\n")
    print(f"{out}: {len(text.splitlines())} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
