"""What Help ▸ About shows: the version, the licence and the third-party licences.

Qt-free. Versions and licences come from the installed packages' metadata
(`importlib.metadata`), so they are those of the libraries actually running. The
notices are those a build collected (packaging/collect_notices.py writes them beside
the executable, or into a macOS bundle's Resources), else the copy shipped in the
package (`resources/THIRD_PARTY_NOTICES.txt`, made by the same script).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import assay

DISTRIBUTION = "assay"
LICENCE = "MIT"
NOTICES_RESOURCE = "THIRD_PARTY_NOTICES.txt"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    version: str  # "" when the package is not installed
    licence: str  # "" when its metadata does not say


def version() -> str:
    """The installed package's version; the source tree's when it is not installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return assay.__version__


def runtime_dependencies() -> list[str]:
    """The names of the packages Assay needs to run (not those of the test extras)."""
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for requirement in requirements:
        if "extra ==" in requirement:
            continue
        match = _NAME.match(requirement)
        if match:
            names.append(match.group(1))
    return names


def licence_of(distribution: metadata.Distribution) -> str:
    """The licence its metadata declares: the SPDX expression, else a short License
    field, else the trove classifiers."""
    meta = distribution.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 60:
        return declared
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    return ", ".join(classifiers)


def component(name: str) -> Component:
    try:
        distribution = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return Component(name, "", "")
    return Component(distribution.metadata["Name"] or name, distribution.version,
                     licence_of(distribution))  # fmt: skip


def components() -> list[Component]:
    """Every runtime dependency, with its installed version and licence."""
    return [component(name) for name in runtime_dependencies()]


def built_notices() -> Path | None:
    """The notices file a build carries, if this Assay is one: beside the executable
    (a one-folder build, an AppImage), in a macOS app's Contents/Resources, or in
    PyInstaller's folder of bundled files."""
    folder = Path(sys.executable).resolve().parent
    candidates = [folder / NOTICES_RESOURCE, folder.parent / "Resources" / NOTICES_RESOURCE]
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        candidates.append(Path(bundled) / NOTICES_RESOURCE)
    return next((path for path in candidates if path.is_file()), None)


def notices_text() -> str:
    """The third-party notices (licences of Qt with how to replace it, PDFium and the
    others): the build's collected file, else the copy shipped in the package."""
    built = built_notices()
    if built is not None:
        try:
            return built.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            pass  # a damaged file: the package's copy still names every licence
    try:
        return resources.files("assay.resources").joinpath(NOTICES_RESOURCE).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ""
