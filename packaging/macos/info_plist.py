"""Assay.app's Info.plist: the document types, UTIs, icon and version of
packaging/macos/Info.plist merged into the plist PyInstaller wrote (which names the
program in CFBundleExecutable; that key is kept).

    python packaging/macos/info_plist.py dist/Assay.app     # rewrite its Info.plist
    python packaging/macos/info_plist.py --print-version    # the package's version

The version is the package's own (`__version__` in app/assay/__init__.py), read as text
so that this runs without Assay installed.
"""

from __future__ import annotations

import plistlib
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TEMPLATE = HERE / "Info.plist"
VERSION_FILE = ROOT / "app" / "assay" / "__init__.py"
VERSION_MARK = "@VERSION@"
KEPT_FROM_BUILD = ("CFBundleExecutable",)


def package_version() -> str:
    found = re.search(r'^__version__ = "([^"]+)"', VERSION_FILE.read_text("utf-8"), re.M)
    if found is None:
        raise SystemExit(f"no __version__ in {VERSION_FILE}")
    return found.group(1)


def _fill(value: Any, version: str) -> Any:
    if isinstance(value, str):
        return value.replace(VERSION_MARK, version)
    if isinstance(value, list):
        return [_fill(item, version) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, version) for key, item in value.items()}
    return value


def info_plist(version: str | None = None) -> dict[str, Any]:
    """The template's keys with the version filled in."""
    with TEMPLATE.open("rb") as template:
        return _fill(plistlib.load(template), version or package_version())


def merge_into(app: Path, version: str | None = None) -> Path:
    """Rewrites APP/Contents/Info.plist with the template's keys; returns its path."""
    target = app / "Contents" / "Info.plist"
    existing: dict[str, Any] = {}
    if target.exists():
        with target.open("rb") as built:
            existing = plistlib.load(built)
    merged = {**existing, **info_plist(version)}
    for key in KEPT_FROM_BUILD:
        if key in existing:
            merged[key] = existing[key]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        plistlib.dump(merged, out, sort_keys=True)
    return target


def main(argv: list[str]) -> int:
    if argv == ["--print-version"]:
        print(package_version())
        return 0
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    app = Path(argv[0])
    if not app.is_dir():
        print(f"{app} is not an .app folder", file=sys.stderr)
        return 1
    print(f"Wrote {merge_into(app)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
