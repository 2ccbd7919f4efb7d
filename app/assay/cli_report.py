"""`assay report REVIEW --format html|pdf|docx|md|json [-o FILE] [--sections ...]
[--anonymous]`: the report a client reads (docs/EXPORTS.md, "Report").

Qt is loaded for `--format pdf` only (Qt paints the PDF); every other format is headless.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from assay.exchange.report_model import FORMATS, SECTIONS, SUFFIXES, ReportOptions

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
TEXT_FORMATS = ("md", "json", "html")  # printed on stdout when no -o is given
TABLE_FORMATS = ("csv", "xlsx")  # the spreadsheet: services.exports.write_table


def add_parser(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="the report a client reads: every decided or disputed sentence, with charts "
        "(HTML, PDF, DOCX, Markdown or JSON)",
    )
    report.add_argument("review", type=Path, metavar="REVIEW")
    report.add_argument(
        "--format", choices=(*FORMATS, *TABLE_FORMATS), default=None,
        help="default: md; csv and xlsx give the spreadsheet (one row per sentence × reviewer)",
    )  # fmt: skip
    report.add_argument("--per", choices=("reviewer", "sentence"), default="reviewer",
                        help="csv/xlsx: a row per sentence × reviewer, or per sentence with "
                        "the decision that stands")  # fmt: skip
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="default: stdout for md, json and html; REVIEW.report.pdf/.docx beside the review",
    )
    report.add_argument(
        "--sections",
        metavar="LIST",
        help=f"comma-separated, of {','.join(SECTIONS)} (default: all)",
    )
    report.add_argument(
        "--anonymous", action="store_true", help='name reviewers "Reviewer 1", "Reviewer 2", …'
    )
    report.add_argument(
        "--exported-at", metavar="TIME", help="the export time to print (ISO 8601; default now)"
    )
    report.add_argument(
        "--json", action="store_true", help='the same as --format json ("assay-report/1")'
    )


def command_report(args: argparse.Namespace) -> int:
    from assay.services.report_export import export_report, render_report

    fmt = args.format or ("json" if args.json else "md")
    if fmt in TABLE_FORMATS:
        return _table(args, fmt)
    sections = _sections(args.sections)
    if sections is None:
        return EXIT_USAGE
    options = ReportOptions(frozenset(sections), args.anonymous)
    pdf = _pdf_writer() if fmt == "pdf" else None
    output = args.output
    if output is None and fmt not in TEXT_FORMATS:
        output = args.review.with_suffix(".report" + SUFFIXES[fmt])
    if output is None:
        content = _content(args.review, options, args.exported_at)
        sys.stdout.write(render_report(content, fmt).decode("utf-8"))
        return EXIT_OK
    result = export_report(
        args.review, output, fmt, options=options, exported_at=args.exported_at, pdf=pdf
    )
    noun = "sentence" if result.sentences == 1 else "sentences"
    print(f"Wrote {result.path} ({result.sentences:,} {noun}, {result.size:,} bytes).")
    return EXIT_OK


def _table(args: argparse.Namespace, fmt: str) -> int:
    """`--format csv|xlsx`: the spreadsheet, as `assay export-table` writes it."""
    from assay.services.exports import write_table

    output = args.output or args.review.with_suffix(f".report.{fmt}")
    written = write_table(args.review, output, fmt, args.per)
    print(f"Wrote {written.path}: {written.rows:,} row(s), {written.size:,} bytes.")
    return EXIT_OK


def _sections(value: str | None) -> list[str] | None:
    if value is None:
        return list(SECTIONS)
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in SECTIONS]
    if unknown or not chosen:
        what = f"unknown section '{unknown[0]}'" if unknown else "no section chosen"
        print(f"assay report: error: {what}; choose from {', '.join(SECTIONS)}", file=sys.stderr)
        return None
    return chosen


def _content(review: Path, options: ReportOptions, exported_at: str | None) -> Any:
    from assay.services.report import build_content
    from assay.store.review_file import open_review

    conn = open_review(review, read_only=True)
    try:
        return build_content(conn, review.name, options, exported_at)
    finally:
        conn.close()


def _pdf_writer() -> Any:
    """Qt's PDF writer; with no display to talk to (a server, CI), Qt paints offscreen."""
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from assay.ui.report_pdf import report_pdf

    return report_pdf
