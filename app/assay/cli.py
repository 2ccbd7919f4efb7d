"""The `assay` command: headless import/segment/stats, or the GUI.

Headless commands never import Qt: the GUI module is imported inside
`run_gui_command` only.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assay import (
    __version__,
    cli_annotations,
    cli_check,
    cli_documents,
    cli_exchange,
    cli_qda,
    cli_report,
)

SUBCOMMANDS = (
    "new", "import", "segment", "stats", "refs", "library", "report", "export", "merge",
    "pair", "conflicts", "doc", "gui", *cli_annotations.COMMANDS,
    "export-qdpx", "import-qdpx", "check",
)  # fmt: skip
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# What `assay WORD` opens in the window when WORD does not exist yet (main_window's
# suffixes, which need Qt; a test keeps the two the same).
OPENABLE_SUFFIXES = frozenset(
    {".assay", ".assaybundle", ".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm"}
)
# `--json` formats: a name and a version, bumped when a key changes meaning or goes away
# (new keys do not bump it). README "Command line" lists them.
SEGMENTS_FORMAT = "assay-segments/1"
STATS_FORMAT = "assay-stats/1"
REFS_FORMAT = "assay-refs/1"
MERGE_FORMAT = "assay-merge/1"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assay",
        description="Review the claims in a document sentence by sentence. "
        "Without a command, opens the window (with REVIEW.assay or documents to import).",
    )
    parser.add_argument("--version", action="version", version=f"assay {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser("new", help="create a review, optionally importing documents")
    new.add_argument("review", type=Path, metavar="REVIEW")
    new.add_argument("documents", type=Path, nargs="*", metavar="DOC")

    add = commands.add_parser("import", help="import documents into a review")
    add.add_argument("review", type=Path, metavar="REVIEW")
    add.add_argument("documents", type=Path, nargs="+", metavar="DOC")

    segment = commands.add_parser("segment", help="show how a document splits into sentences")
    segment.add_argument("document", type=Path, metavar="DOC")
    segment.add_argument(
        "--json", action="store_true", help=f'print JSON ("format": "{SEGMENTS_FORMAT}")'
    )
    segment.add_argument("--format", choices=("plain", "markdown"), default=None)

    stats = commands.add_parser("stats", help="counts of sentences, verdicts and categories")
    stats.add_argument("review", type=Path, metavar="REVIEW")
    stats.add_argument(
        "--json", action="store_true", help=f'print JSON ("format": "{STATS_FORMAT}")'
    )
    stats.add_argument(
        "--agreement",
        action="store_true",
        help="add Krippendorff's alpha and per-pair agreement between reviewers",
    )

    refs = commands.add_parser(
        "refs", help="the works the documents cite, their spellings, and who cites them"
    )
    refs.add_argument("review", type=Path, metavar="REVIEW")
    refs.add_argument("--json", action="store_true", help=f'print JSON ("format": "{REFS_FORMAT}")')
    cli_qda.add_refs_options(refs)

    library = commands.add_parser(
        "library", help="import your reference library (BibTeX, RIS, CSL-JSON) into a review"
    )
    library.add_argument("review", type=Path, metavar="REVIEW")
    library.add_argument("file", type=Path, metavar="FILE")
    library.add_argument(
        "--skip-bad", action="store_true", help="import the good entries when some have problems"
    )

    cli_report.add_parser(commands)

    export = commands.add_parser("export", help="write a bundle to send to other reviewers")
    export.add_argument("review", type=Path, metavar="REVIEW")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.add_argument(
        "--document",
        type=int,
        action="append",
        metavar="ID",
        help="only this document (repeatable); default: all",
    )
    export.add_argument("--mine", action="store_true", help="only my annotations")

    merge = commands.add_parser("merge", help="merge bundles into a review (made if missing)")
    merge.add_argument("review", type=Path, metavar="REVIEW")
    merge.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE")
    merge.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
    merge.add_argument(
        "--json", action="store_true", help=f'print the plan as JSON ("format": "{MERGE_FORMAT}")'
    )

    cli_exchange.add_parsers(commands)
    cli_documents.add_parsers(commands)
    cli_annotations.add_parsers(commands)
    cli_qda.add_parsers(commands)
    cli_check.add_parsers(commands)

    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("paths", type=Path, nargs="*", metavar="PATH")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    use_utf8_output()
    if opens_the_window(args_list):
        return run_gui_command([Path(arg) for arg in args_list])
    parser = build_parser()
    try:
        if args_list[0] not in SUBCOMMANDS and not args_list[0].startswith("-"):
            parser.error(_unknown_command(args_list[0]))
        args = parser.parse_args(args_list)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    handler = {
        "new": command_new,
        "import": command_import,
        "segment": command_segment,
        "stats": command_stats,
        "refs": command_refs,
        "library": command_library,
        "report": cli_report.command_report,
        "export": command_export,
        "merge": command_merge,
        "pair": cli_exchange.command_pair,
        "conflicts": cli_exchange.command_conflicts,
        "doc": lambda a: cli_documents.command_doc(a, _local_reviewer()),
        "export-qdpx": lambda a: cli_qda.command_export_qdpx(a, _local_reviewer()),
        "import-qdpx": lambda a: cli_qda.command_import_qdpx(a, _local_reviewer()),
        "gui": lambda a: run_gui_command(a.paths),
        "check": lambda a: cli_check.command_check(a, _local_reviewer()),
        "export-table": cli_annotations.command_export_table,
        "export-annotations": lambda a: cli_annotations.command_export_annotations(
            a, _local_reviewer()
        ),
        "import-annotations": lambda a: cli_annotations.command_import_annotations(
            a, _local_reviewer()
        ),
    }.get(args.command)
    if handler is None:
        build_parser().print_help()
        return EXIT_USAGE
    return _reporting_errors(handler, args)


def opens_the_window(args: Sequence[str]) -> bool:
    """`assay` alone, or `assay PATH...` whose first word is a file to open: one that
    exists, or one whose name ends in a suffix Assay opens (`new.assay` is made). Any
    other first word is a command, and one Assay does not know is a usage error."""
    if not args:
        return True
    first = args[0]
    if first in SUBCOMMANDS or first.startswith("-"):
        return False
    return Path(first).suffix.lower() in OPENABLE_SUFFIXES or Path(first).exists()


def _unknown_command(word: str) -> str:
    from difflib import get_close_matches

    close = get_close_matches(word, SUBCOMMANDS, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    suffixes = ", ".join(sorted(OPENABLE_SUFFIXES))
    return (
        f"unknown command {word!r}{hint}. To open a file in the window, name one that "
        f"exists or ends in {suffixes}."
    )


def use_utf8_output() -> None:
    """Print UTF-8 whatever the console's encoding (a redirected Windows console is
    cp1252): titles and quotes hold characters no legacy code page has."""
    for stream, errors in ((sys.stdout, "surrogateescape"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is None or encoding == "utf8":
            continue
        try:
            reconfigure(encoding="utf-8", errors=errors)
        except (ValueError, OSError):  # a stream already written to in another encoding
            continue


def _reporting_errors(handler: object, args: argparse.Namespace) -> int:
    """Known failures become one line on stderr, never a traceback."""
    from assay.exchange.bundle_format import BundleError
    from assay.store.errors import ReviewFileError
    from assay.text.errors import Cancelled, ImportRefused

    try:
        return int(handler(args))  # type: ignore[operator]
    except (ReviewFileError, ImportRefused, BundleError) as exc:
        return _fail(str(exc))
    except Cancelled:
        return _fail("cancelled; nothing was changed.")
    except KeyboardInterrupt:
        return _fail("interrupted.")
    except BrokenPipeError:
        # The reader went away (`assay refs … | head`): stop quietly, as Unix tools do,
        # and keep Python from complaining while flushing stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        name = exc.filename or ""
        return _fail(f"{name}: {exc.strerror or exc}" if name else str(exc))
    except sqlite3.Error as exc:  # the store names the common ones; never a traceback
        return _fail(f"SQLite reports: {exc}. A change in progress was rolled back.")


def _fail(message: str) -> int:
    print(f"assay: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _local_reviewer():  # noqa: ANN202 - Reviewer; imported lazily
    from assay.services import config

    return config.ensure_reviewer()


def command_new(args: argparse.Namespace) -> int:
    from assay.services.session import ReviewSession
    from assay.text.pipeline import parse_file

    # Parse first, so a bad document does not leave a half-made review behind.
    parsed = [parse_file(path) for path in args.documents]
    session = ReviewSession.create(args.review, _local_reviewer())
    try:
        for document in parsed:
            session.import_parsed(document)
            _describe_import(document.title, len(document.sentences), document.encoding, ())
    except BaseException:
        session.abandon()  # all or nothing (a full disk): a retry must not find it "exists"
        raise
    session.close()
    print(f"Created {args.review} with {len(parsed)} document(s).")
    return EXIT_OK


def command_import(args: argparse.Namespace) -> int:
    from assay.services.errors import DuplicateDocumentError
    from assay.services.session import ReviewSession
    from assay.text.errors import ImportRefused

    failures = 0
    with ReviewSession.open(args.review, _local_reviewer()) as session:
        if session.read_only:
            return _fail(session.read_only_reason)
        for path in args.documents:
            try:
                result = session.import_file(path)
            except (ImportRefused, DuplicateDocumentError, FileNotFoundError) as exc:
                failures += 1
                _fail(str(exc))
                continue
            _describe_import(result.title, result.sentence_count, result.encoding, result.notes)
    return EXIT_ERROR if failures else EXIT_OK


def _describe_import(title: str, sentences: int, encoding: str, notes: Sequence[str]) -> None:
    line = f"Imported “{title}”: {sentences} sentences"
    if encoding.lower() not in ("utf-8", "utf8", "ascii"):
        line += f" (read as {encoding}: the file is not valid UTF-8)"
    print(line)
    for note in notes:
        print(f"  note: {note}")


def command_segment(args: argparse.Namespace) -> int:
    from assay.text.original_file import keeps_original, parse_keeping_original
    from assay.text.pipeline import parse_file, segments_as_json

    original = None
    if args.json and keeps_original(Path(args.document)):  # a PDF: boxes from its bytes
        parsed, original = parse_keeping_original(Path(args.document))
    else:
        parsed = parse_file(args.document, format=args.format)
    if args.json:
        segments = segments_as_json(parsed)
        if original is not None:
            _add_boxes(segments, original.content)
        print(json.dumps({"format": SEGMENTS_FORMAT, "sentences": segments}, indent=1))
    else:
        for number, sentence in enumerate(parsed.sentences, start=1):
            print(f"{number:5}  {parsed.text[sentence.start : sentence.end]}")
    return EXIT_OK


def _add_boxes(segments: list[dict[str, object]], pdf: bytes) -> None:
    """Each sentence's "boxes": where the page view highlights it (PDF points, origin at
    the page's bottom-left corner; docs/PAGE_VIEW.md)."""
    from assay.text.pdf_boxes import sentence_boxes

    sentences = [(str(s["text"]), s.get("page")) for s in segments]
    for segment, boxes in zip(segments, sentence_boxes(pdf, sentences), strict=True):  # type: ignore[arg-type]
        segment["boxes"] = [
            {"page": box.page, "rect": [round(v, 2) for v in box.rect]} for box in boxes
        ]


def command_refs(args: argparse.Namespace) -> int:
    from assay.services.references import review_works_json
    from assay.services.session import ReviewSession

    if args.format:
        return cli_qda.command_refs_out(args)
    from assay.services.library import add_library_json

    with ReviewSession.open(args.review, _local_reviewer()) as session:
        works = review_works_json(session.conn)
        add_library_json(session.conn, works)  # each work's "library": match, near misses
    if args.json:
        print(json.dumps({"format": REFS_FORMAT, "works": works}, indent=1, ensure_ascii=False))
        return EXIT_OK
    for work in works:
        canonical = work["canonical"]
        name = " ".join(
            str(p) for p in (canonical["authors"][:1] or ["?"]) + [canonical["year"] or "n.d."]
        )
        spellings = len(work["variants"])
        flag = f", written {spellings} ways" if spellings > 1 else ""
        entries = work["entries"]
        cited = len(work.get("cited_by", []))
        noun = "entry" if entries == 1 else "entries"
        print(
            f"{name}, {canonical['journal'] or '—'}: {entries} {noun}{flag}; "
            f"cited by {cited} sentence{'' if cited == 1 else 's'}"
        )
        for difference in work["differences"]:
            print(
                f"    {difference['field']}: “{difference['canonical']}” / “{difference['value']}”"
            )
        for miss in (work["library"] or {}).get("near_misses", []):
            entry = miss["entry"]
            print(
                f"    possible citation error: your library holds “{entry['title']}” "
                f"({entry['year'] or 'n.d.'}; {miss['why']}; differs: {', '.join(miss['differs'])})"
            )
    return EXIT_OK


def command_library(args: argparse.Namespace) -> int:
    from assay.services import library

    found = library.read(args.file)
    for problem in found.problems:
        print(f"  {problem}", file=sys.stderr)
    if found.problems and not args.skip_bad:
        return _fail(
            f"{len(found.problems)} problem(s) in {args.file.name}; nothing was imported. "
            f"Fix them, or add --skip-bad to import the {len(found.entries)} good entries."
        )
    result = library.import_file(args.review, found, reviewer=_local_reviewer())
    replaced = f", replacing {result.replaced} from an earlier import" if result.replaced else ""
    print(f"Imported {result.imported} entries from {result.source}{replaced}.")
    return EXIT_OK


def command_stats(args: argparse.Namespace) -> int:
    from assay.services.agreement import agreement_report
    from assay.services.decisions import decision_stats
    from assay.services.session import ReviewSession

    with ReviewSession.open(args.review, _local_reviewer()) as session:
        stats = session.stats()
        stats["decisions"] = decision_stats(session.conn)
        if args.agreement:
            stats["agreement"] = agreement_report(session)
    if args.json:
        print(json.dumps({"format": STATS_FORMAT, **stats}, indent=1))
        return EXIT_OK
    print(f"{stats['documents']} document(s), {stats['sentences']} sentences")
    print(f"Reviewed (final): {stats['reviewed']} of {stats['reviewable']}")
    print(f"Not a claim: {stats['not_a_claim']}")
    for label, counts in (("Categories", stats["by_category"]), ("Verdicts", stats["by_verdict"])):
        summary = ", ".join(f"{key} {value}" for key, value in counts.items()) or "none yet"
        print(f"{label}: {summary}")
    for document in stats["per_document"]:
        print(
            f"  [{document['id']}] {document['title'][:60]}: "
            f"{document['reviewed']}/{document['reviewable']} reviewed"
        )
    _print_decisions(stats["decisions"])
    if args.agreement:
        _print_agreement(stats["agreement"])
    return EXIT_OK


def _print_decisions(decisions: dict[str, Any]) -> None:
    from assay.services.decisions import STANDINGS

    print(
        "Decisions (all reviewers; a final decision wins): "
        + ", ".join(f"{decisions[standing]} {standing}" for standing in STANDINGS)
    )
    verdicts = ", ".join(f"{k} {v}" for k, v in decisions["by_verdict"].items() if v)
    print(f"  by verdict: {verdicts or 'none yet'}")


def _print_agreement(report: dict[str, Any]) -> None:
    def alpha(value: float | None) -> str:
        return "  n/a" if value is None else f"{value:5.3f}"

    print(f"Agreement between {report['reviewers']} reviewer(s) (Krippendorff's alpha, nominal):")
    print(
        f"  {'verdict':<12} {alpha(report['verdict']['alpha'])}  "
        f"on {report['verdict']['sentences']} sentences"
    )
    for name, value in report["categories"].items():
        print(f"  {name:<12} {alpha(value['alpha'])}  on {value['sentences']} sentences")
    for pair in report["pairs"]:
        verdict = pair["verdict_agreement"]
        shown = "n/a" if verdict is None else f"{100 * verdict:.0f}%"
        print(
            f"  {pair['a']} / {pair['b']}: verdicts agree on {shown} "
            f"of {pair['sentences']} shared sentences"
        )


def command_export(args: argparse.Namespace) -> int:
    from assay.services.exchange import export_bundle

    result = export_bundle(
        args.review,
        args.output,
        reviewer=_local_reviewer(),
        documents=args.document,
        everyone=not args.mine,
    )
    print(
        f"Wrote {result.path}: {result.documents} document(s), "
        f"{result.annotations} annotation(s), {result.size:,} bytes."
    )
    return EXIT_OK


def command_merge(args: argparse.Namespace) -> int:
    from assay.services import config
    from assay.services.exchange import merge_bundles, plan_merge

    reviewer = _local_reviewer()
    paired = config.paired_installations()
    if args.dry_run:
        plan = plan_merge(args.review, args.bundles, reviewer=reviewer, paired=paired)
        backup = None
    else:
        result = merge_bundles(args.review, args.bundles, reviewer=reviewer, paired=paired)
        plan, backup = result.plan, result.backup
    if args.json:
        print(json.dumps(_plan_json(plan, dry_run=args.dry_run, backup=backup), indent=1))
        return EXIT_OK
    _print_plan(plan)
    for note in plan.removed_notes():
        print(note)
    cli_exchange.print_refusals(plan, reviewer.id)
    if args.dry_run:
        print("Dry run: nothing was changed.")
    elif not plan.changes_anything:
        print(f"Nothing new: {args.review} was not changed.")
    else:
        print(f"Merged into {args.review}.")
        if backup is not None:
            print(f"Backup of the review before the merge: {backup}")
    return EXIT_OK


def _plan_json(plan: object, *, dry_run: bool, backup: Path | None) -> dict[str, object]:
    return {
        "format": MERGE_FORMAT,
        "dry_run": dry_run,
        "bundles": plan.bundles,  # type: ignore[attr-defined]
        "backup": str(backup) if backup else None,
        "totals": plan.totals(),  # type: ignore[attr-defined]
        "new_documents": len(plan.new_documents),  # type: ignore[attr-defined]
        "conflicts_kept": len(plan.conflicts),  # type: ignore[attr-defined]
        "refused": [
            {
                "bundle": key.bundle,
                "reviewer_id": key.reviewer_id,
                "reason": key.reason,
                "count": count,
            }
            for key, count in sorted(plan.refusals.items())  # type: ignore[attr-defined]
        ],  # fmt: skip
        "pairable": plan.pairable,  # type: ignore[attr-defined]
        "rows": [
            {
                "document": row.document,
                "title": row.title,
                "document_status": row.document_status,
                "reviewer_id": row.reviewer_id,
                "reviewer": row.reviewer_name,
                **row.counts,
            }
            for row in plan.rows  # type: ignore[attr-defined]
        ],
    }


def _print_plan(plan: object) -> None:
    from assay.exchange.bundle_values import shown

    orphans = "orphaned" in plan.kinds()  # type: ignore[attr-defined]
    refused = "refused" in plan.kinds()  # type: ignore[attr-defined]
    header = f"{'document':40} {'reviewer':20} {'new':>6} {'upd':>6} {'same':>6} {'confl':>6}"
    header += f" {'orph':>6}" if orphans else ""
    header += f" {'refus':>6}" if refused else ""
    skipped = "skipped" in plan.kinds()  # type: ignore[attr-defined]
    header += f" {'skip':>6}" if skipped else ""
    print(header)
    print("-" * len(header))
    for row in plan.rows:  # type: ignore[attr-defined]
        status = {"new": " (new)", "earlier": " (earlier)", "removed": " (removed)"}.get(
            row.document_status, ""
        )
        title = shown(row.title, 32) + status  # bundle text: no control codes on a terminal
        counts = row.counts
        print(
            f"{title:40} {shown(row.reviewer_name or '-', 20):20} {counts['new']:>6} "
            f"{counts['updated']:>6} {counts['unchanged']:>6} {counts['conflicting']:>6}"
            + (f" {counts['orphaned']:>6}" if orphans else "")
            + (f" {counts['refused']:>6}" if refused else "")
            + (f" {counts['skipped']:>6}" if skipped else "")
        )


def run_gui_command(paths: list[Path]) -> int:
    from assay.ui.app import run_gui  # Qt is imported here and only here

    return int(run_gui(paths) or 0)
