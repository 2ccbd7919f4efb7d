"""Build Assay's stand-alone app for this platform: one command on each.

    python packaging/build.py            (needs: pip install ".[build]")

1. installs Assay (not editable, no dependencies) into build/staging, so PyInstaller
   sees the package as the wheel lays it out, seeds and resources included;
2. renders the icons (packaging/make_icons.py -> build/icons);
3. runs PyInstaller on packaging/pyinstaller/assay.spec -> build/dist/assay/
   (macOS: build/dist/Assay.app; Windows: assay.exe and the windowed Assay.exe);
4. adds the third-party notices (packaging/collect_notices.py, when present);
5. packs it: Linux build/dist/assay-VERSION-linux-ARCH.tar.gz (the folder, install.sh
   and the desktop files); macOS a DMG (Assay.app beside an Applications link);
   Windows the Inno Setup installer when packaging/windows/assay.iss and iscc are
   there, else a zip of the folder.

Writes build/dist/build-figures.json (seconds, sizes) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
STAGING = BUILD / "staging"
ICONS = BUILD / "icons"
DIST = BUILD / "dist"
SPEC = ROOT / "packaging" / "pyinstaller" / "assay.spec"
LINUX_DIR = ROOT / "packaging" / "linux"
# The desktop files each build carries (the Linux helper's when present, else the
# ones packaging/ holds today).
DESKTOP_FILES = ("assay.desktop", "assay-review.xml")
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, cwd=ROOT, env=env)


def version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def folder_size(folder: Path) -> int:
    """Bytes of every file (symbolic links count as the small links they are)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def stage() -> None:
    shutil.rmtree(STAGING, ignore_errors=True)
    run(sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", STAGING, ROOT)


def make_icons() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run(sys.executable, ROOT / "packaging" / "make_icons.py", ICONS, env=env)


def icu_stub() -> Path | None:
    """Linux: the empty ICU data library (packaging/pyinstaller/icudata_stub.c) for the
    ICU version Qt links to; None (the full 31 MB data kept) without a C compiler."""
    import PySide6

    qt_lib = Path(PySide6.__file__).parent / "Qt" / "lib"
    found = sorted(qt_lib.glob("libicudata.so.*"))
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not sys.platform.startswith("linux") or not found or compiler is None:
        print("ICU data kept whole (no Linux Qt ICU, or no C compiler)")
        return None
    icu_version = found[0].name.rsplit(".", 1)[1]
    library = BUILD / "icu-stub" / found[0].name
    library.parent.mkdir(parents=True, exist_ok=True)
    source = ROOT / "packaging" / "pyinstaller" / "icudata_stub.c"
    run(
        compiler, "-shared", "-fPIC", "-O2", f"-DICU_VERSION={icu_version}",
        f"-Wl,-soname,{found[0].name}", "-o", library, source,
    )  # fmt: skip
    return library


def freeze(full_icu: bool) -> Path:
    env = {**os.environ, "ASSAY_STAGING": str(STAGING), "ASSAY_ICONS": str(ICONS)}
    stub = None if full_icu else icu_stub()
    if stub is not None:
        env["ASSAY_ICU_STUB"] = str(stub)
    run(
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", DIST, "--workpath", BUILD / "pyinstaller", SPEC, env=env,
    )  # fmt: skip
    return DIST / ("Assay.app" if sys.platform == "darwin" else "assay")


def notices_path(app: Path) -> Path:
    """Where Help ▸ About looks in a build (services/about.py): beside the executable,
    or in a macOS app's Resources."""
    if app.suffix == ".app":
        return app / "Contents" / "Resources" / "THIRD_PARTY_NOTICES.txt"
    return app / "THIRD_PARTY_NOTICES.txt"


def add_notices(app: Path) -> None:
    """The licence helper's script writes the notices into the build when it exists."""
    script = ROOT / "packaging" / "collect_notices.py"
    if script.exists():
        run(sys.executable, script, notices_path(app))
    else:
        print("packaging/collect_notices.py not there yet: notices are the package's own")


def linux_desktop_files(target: Path) -> None:
    """install.sh and what it installs, beside the executable (the layout
    packaging/linux/install.sh reads: the desktop entry, the MIME file, the SVG icon and
    icons/assay-SIZE.png beside it)."""
    for name in DESKTOP_FILES:
        shutil.copy2(LINUX_DIR / name, target / name)
    icons = target / "icons"
    icons.mkdir(exist_ok=True)
    for size in ICON_SIZES:
        shutil.copy2(ICONS / f"assay-{size}.png", icons / f"assay-{size}.png")
    shutil.copy2(ROOT / "resources" / "assay.svg", target / "assay.svg")
    shutil.copy2(LINUX_DIR / "install.sh", target / "install.sh")
    (target / "install.sh").chmod(0o755)
    shutil.copy2(ROOT / "LICENSE", target / "LICENSE")


def pack_linux(app: Path) -> Path:
    linux_desktop_files(app)
    name = f"assay-{version()}-linux-{platform.machine()}"
    archive = DIST / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(app, arcname=name)
    return archive


def pack_macos(app: Path) -> Path:
    """packaging/macos/make_dmg.sh: the icon and plist in place, the app signed again
    (ad hoc: the notices added after PyInstaller signed it), then the DMG."""
    dmg = DIST / f"Assay-{version()}-macos-{platform.machine()}.dmg"
    dmg.unlink(missing_ok=True)
    run("sh", ROOT / "packaging" / "macos" / "make_dmg.sh", app, dmg,
        env={**os.environ, "PYTHON": sys.executable})  # fmt: skip
    return dmg


def pack_windows(app: Path) -> Path:
    script = ROOT / "packaging" / "windows" / "assay.iss"
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if script.exists() and iscc:
        run(iscc, f"/DAppVersion={version()}", f"/DBuildDir={app}", f"/DOutputDir={DIST}",
            f"/DIconFile={ICONS / 'assay.ico'}", script)  # fmt: skip
        return next(DIST.glob("*.exe"))
    archive = DIST / f"assay-{version()}-windows-{platform.machine().lower()}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(app.rglob("*")):
            zipped.write(path, Path("assay") / path.relative_to(app))
    return archive


def pack(app: Path) -> Path:
    if sys.platform == "darwin":
        return pack_macos(app)
    if sys.platform == "win32":
        return pack_windows(app)
    return pack_linux(app)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-pack", action="store_true", help="the folder only")
    parser.add_argument("--full-icu", action="store_true", help="keep Qt's 31 MB ICU data (Linux)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shutil.rmtree(DIST, ignore_errors=True)
    stage()
    make_icons()
    freeze_started = time.perf_counter()
    app = freeze(args.full_icu)
    frozen_seconds = time.perf_counter() - freeze_started
    add_notices(app)
    figures: dict[str, object] = {
        "platform": sys.platform,
        "app": str(app),
        "pyinstaller_seconds": round(frozen_seconds, 1),
        "folder_bytes": folder_size(app),
    }
    if not args.no_pack:
        pack_started = time.perf_counter()
        archive = pack(app)
        figures.update(
            archive=str(archive),
            archive_bytes=archive.stat().st_size,
            pack_seconds=round(time.perf_counter() - pack_started, 1),
        )
    figures["total_seconds"] = round(time.perf_counter() - started, 1)
    (DIST / "build-figures.json").write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
