"""`assay export-qdpx`, `assay import-qdpx` and `assay refs --format`: REFI-QDA projects
and the references for a reference manager (docs/EXPORTS.md). No Qt.

The command functions take parsed arguments and the local reviewer, so another CLI
module (e.g. `assay export-annotations --format qdpx`) can call them as they are.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR = 0, 1
REFERENCE_FORMATS = ("csl-json", "bibtex", "ris")


def add_parsers(commands: Any) -> None:
    export = commands.add_parser(
        "export-qdpx",
        help="write a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder "
        "(or, to a .qdc file, the codebook alone)",
    )
    export.add_argument("review", type=Path, metavar="REVIEW")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.add_argument(
        "--exported-at", metavar="TIME", help="the export time to write (UTC ISO 8601; default now)"
    )
    imported = commands.add_parser(
        "import-qdpx",
        help="add a REFI-QDA project's coded text selections to a review as annotations",
    )
    imported.add_argument("review", type=Path, metavar="REVIEW")
    imported.add_argument("project", type=Path, metavar="FILE")


def add_refs_options(refs: argparse.ArgumentParser) -> None:
    """`assay refs REVIEW --format csl-json|bibtex|ris [-o FILE]`."""
    refs.add_argument(
        "--format", choices=REFERENCE_FORMATS,
        help="write the works, completed from your library, for a reference manager",
    )  # fmt: skip
    refs.add_argument("-o", "--output", type=Path, metavar="FILE",
                      help="with --format: the file to write (default: print)")  # fmt: skip


def command_export_qdpx(args: argparse.Namespace, reviewer: Any) -> int:
    from assay.services import qdpx

    out: Path = args.output
    if out.suffix.lower() == ".qdc":
        size = qdpx.export_codebook(out)
        print(f"Wrote the codebook to {out} ({size:,} bytes).")
        return EXIT_OK
    result = qdpx.export_qdpx(args.review, out, reviewer=reviewer, exported_at=args.exported_at)
    print(
        f"Wrote {result.path}: {result.sources} document(s), {result.selections:,} coded "
        f"selection(s), {result.users} user(s) ({result.size:,} bytes)."
    )
    return EXIT_OK


def command_import_qdpx(args: argparse.Namespace, reviewer: Any) -> int:
    return import_project(args.review, args.project, reviewer)


def import_project(review: Path, project: Path, reviewer: Any) -> int:
    """A REFI-QDA project's coded selections into the review, its counts printed."""
    from assay.services import qdpx

    try:
        counts = qdpx.import_qdpx(review, project, reviewer=reviewer)
    except qdpx.QdpxError as exc:
        print(f"assay: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for line in counts.lines():
        print(line)
    return EXIT_OK


def command_refs_out(args: argparse.Namespace) -> int:
    from assay.services import references_out

    if args.output is None:
        data, _ = references_out.references_bytes(args.review, args.format)
        sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    result = references_out.export_references(args.review, args.output, args.format)
    print(
        f"Wrote {result.works} work(s) to {result.path} ({result.from_library} completed "
        "from your library)."
    )
    return EXIT_OK
