"""`assay check REVIEW|DOC [--library FILE] [--json]`: every flag Assay raises by itself
(services/flags.py), for a review or for a bare document read in memory, so a reviewer
can triage a document before opening it. Exit 0 with or without flags. No Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR = 0, 1
JSON_FORMAT = "assay-check/1"  # the --json object; README "Command line" lists formats
REVIEW_SUFFIX = ".assay"


def add_parsers(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="list the flags Assay raises by itself (mis-citations, reference values, …)",
        description="List every flag Assay raises by itself for a review or a document "
        "(PDF, DOCX, HTML, Markdown or text; read in memory, nothing is saved): possible "
        "mis-citations, variant spellings, reference-value flags, missing references.",
    )
    check.add_argument("target", type=Path, metavar="REVIEW|DOC")
    check.add_argument(
        "--library",
        type=Path,
        metavar="FILE",
        help="your library (BibTeX, RIS, CSL-JSON, zotero.sqlite); default: the review's "
        "own, or for a document the library of your last review",
    )
    check.add_argument(
        "--json", action="store_true", help=f'print JSON ("format": "{JSON_FORMAT}")'
    )


def command_check(args: argparse.Namespace, reviewer: Any) -> int:
    from assay.services import flags, library

    target: Path = args.target
    if not target.exists():
        return _fail(f"{target}: no such file.")
    entries = None
    library_name = None
    if args.library is not None:
        found = library.read(args.library)  # ImportRefused: one line, from the caller
        entries, library_name = found.entries, args.library.name
        for problem in found.problems:
            print(f"  {args.library.name}: skipped {problem}", file=sys.stderr)
    if target.suffix.lower() == REVIEW_SUFFIX:
        found_flags, library_name = _review_flags(target, reviewer, entries, library_name)
    else:
        from assay.text.pipeline import parse_file

        parsed = parse_file(target)  # ImportRefused for a file that is no document
        if entries is None:
            entries, library_name = _last_review_library(reviewer)
        found_flags = flags.parsed_flags(parsed, entries or [])
    if args.json:
        print(json.dumps(_as_json(target, library_name, found_flags), indent=1, ensure_ascii=False))
    else:
        _print(target, library_name, found_flags)
    return EXIT_OK


def _review_flags(
    path: Path, reviewer: Any, entries: list[Any] | None, library_name: str | None
) -> tuple[list[Any], str | None]:
    from assay.services import flags
    from assay.services.session import ReviewSession
    from assay.store import library_store

    with ReviewSession.open(path, reviewer) as session:
        if entries is not None:
            return flags.review_flags(session.conn, flags.library_index(entries)), library_name
        count, _ = library_store.library_state(session.conn)
        noun = "entry" if count == 1 else "entries"
        name = f"the review's library ({count:,} {noun})" if count else None
        return flags.review_flags(session.conn), name


def _last_review_library(reviewer: Any) -> tuple[list[Any] | None, str | None]:
    """The library imported into the reviewer's last review (read-only), if any: the
    reviewer's own library without naming it again."""
    from assay.services import config, library
    from assay.store.review_file import open_review

    last = config.load().last_review
    if last is None or not Path(last).is_file():
        return None, None
    try:
        conn = open_review(Path(last), read_only=True)
    except Exception:  # noqa: BLE001 - an unreadable last review is no library, not an error
        return None, None
    try:
        entries = library.entries(conn)
    finally:
        conn.close()
    if not entries:
        return None, None
    return entries, f"the library of {Path(last).name} ({len(entries):,} entries)"


def _as_json(target: Path, library_name: str | None, found: list[Any]) -> dict[str, Any]:
    from assay.services.flags import KINDS

    counts = {kind: sum(1 for flag in found if flag.kind == kind) for kind in KINDS}
    return {
        "format": JSON_FORMAT,
        "target": str(target),
        "library": library_name,
        "counts": counts,
        "flags": [flag.as_json() for flag in found],
    }


def _print(target: Path, library_name: str | None, found: list[Any]) -> None:
    print(f"{target.name}: {len(found)} flag{'' if len(found) == 1 else 's'}", end="")
    print(
        f" (library: {library_name})"
        if library_name
        else " (no library: mis-citations not checked)"
    )
    document = None
    for flag in found:
        if flag.document != document:
            document = flag.document
            print(f"\n{document}")
        where = f"#{flag.ordinal + 1}" + (f", p. {flag.page}" if flag.page is not None else "")
        text = flag.sentence.replace("\t", " | ")
        shown = text if len(text) <= 100 else text[:99] + "…"
        print(f"  {where} [{flag.kind}] {flag.reason}\n      “{shown}”")


def _fail(message: str) -> int:
    print(f"assay: error: {message}", file=sys.stderr)
    return EXIT_ERROR
