"""`assay export-table`, `assay export-annotations` and `assay import-annotations`: the
spreadsheet and W3C Web Annotation exchange from the command line (docs/EXPORTS.md).
No Qt."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR = 0, 1
COMMANDS = ("export-table", "export-annotations", "import-annotations")


def add_parsers(commands: Any) -> None:
    table = commands.add_parser(
        "export-table", help="a spreadsheet of the annotations (CSV or XLSX) for sorting"
    )
    table.add_argument("review", type=Path, metavar="REVIEW")
    table.add_argument("--format", choices=("csv", "xlsx"), default=None,
                       help="default: from the file name's suffix, else xlsx")  # fmt: skip
    table.add_argument("--per", choices=("reviewer", "sentence"), default="reviewer",
                       help="a row per sentence × reviewer (default), or per sentence with "
                       "the decision that stands")  # fmt: skip
    table.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export = commands.add_parser(
        "export-annotations",
        help="the annotations as W3C Web Annotation JSON-LD, or a REFI-QDA project (.qdpx)",
    )
    export.add_argument("review", type=Path, metavar="REVIEW")
    export.add_argument("--format", choices=("w3c", "qdpx"), default=None,
                        help="default: qdpx for a .qdpx/.qdc file name, else w3c")  # fmt: skip
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--exported-at", metavar="TIME", help="the export time (qdpx)")
    imported = commands.add_parser(
        "import-annotations",
        help="place W3C Web Annotations, a Hypothesis export or a REFI-QDA project (.qdpx) "
        "on the review's sentences",
    )
    imported.add_argument("review", type=Path, metavar="REVIEW")
    imported.add_argument("file", type=Path, metavar="FILE")


def command_export_table(args: argparse.Namespace) -> int:
    from assay.services.exports import write_table

    suffix = args.output.suffix.lower().lstrip(".")
    format = args.format or (suffix if suffix in ("csv", "xlsx") else "xlsx")
    written = write_table(args.review, args.output, format, args.per)
    print(f"Wrote {written.path}: {written.rows:,} row(s), {written.size:,} bytes.")
    return EXIT_OK


def command_export_annotations(args: argparse.Namespace, reviewer: Any) -> int:
    from assay.services.exports import write_w3c

    if (args.format or _qdpx_or_w3c(args.output)) == "qdpx":
        from assay.cli_qda import command_export_qdpx

        return command_export_qdpx(args, reviewer)

    written = write_w3c(args.review, args.output)
    print(f"Wrote {written.path}: {written.rows:,} annotation(s), {written.size:,} bytes.")
    return EXIT_OK


def command_import_annotations(args: argparse.Namespace, reviewer: Any) -> int:
    from assay.exchange.w3c_import import AnnotationFileError
    from assay.services.annotation_import import import_annotations

    if _qdpx_or_w3c(args.file) == "qdpx":
        from assay.cli_qda import import_project

        return import_project(args.review, args.file, reviewer)

    try:
        result = import_annotations(args.review, args.file, reviewer=reviewer)
    except AnnotationFileError as error:
        print(f"assay: error: {args.file}: {error}", file=sys.stderr)
        return EXIT_ERROR
    print(result.summary())
    return EXIT_OK


def _qdpx_or_w3c(path: Path) -> str:
    """A REFI-QDA project (or its codebook) by its name; anything else is W3C JSON."""
    return "qdpx" if path.suffix.lower() in (".qdpx", ".qdc") else "w3c"
