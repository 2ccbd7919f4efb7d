"""What Help ▸ About shows: the version, the licence and the third-party licences.

Qt-free. Versions and licences come from the installed packages' metadata
(`importlib.metadata`), so they are those of the libraries actually running; the
notices text (`resources/THIRD_PARTY_NOTICES.txt`) is shipped with the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata, resources

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


def notices_text() -> str:
    """The shipped third-party notices (licences of PySide6/Qt, PDFium and the others)."""
    try:
        return resources.files("assay.resources").joinpath(NOTICES_RESOURCE).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ""
