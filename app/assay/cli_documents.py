"""`assay doc rename` and `assay doc remove`: a review's documents from the command line
(docs/DATA.md, "Removing and renaming a document"). No Qt."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR = 0, 1
JSON_FORMAT = "assay-doc/1"  # the shape and version of the --json objects below


def add_parsers(commands: Any) -> None:
    doc = commands.add_parser("doc", help="rename or remove a document of a review")
    actions = doc.add_subparsers(dest="doc_command", metavar="ACTION", required=True)
    rename = actions.add_parser("rename", help="give a document a new title (nothing else changes)")
    rename.add_argument("review", type=Path, metavar="REVIEW")
    rename.add_argument("document", metavar="DOC", help="the document's id or its title")
    rename.add_argument("title", metavar="NEWTITLE")
    rename.add_argument("--json", action="store_true", help="print a JSON object")
    remove = actions.add_parser(
        "remove", help="remove a document with its sentences and everyone's annotations"
    )
    remove.add_argument("review", type=Path, metavar="REVIEW")
    remove.add_argument("document", metavar="DOC", help="the document's id or its title")
    remove.add_argument("--dry-run", action="store_true", help="say what would go; change nothing")
    remove.add_argument("--json", action="store_true", help="print a JSON object")


def command_doc(args: argparse.Namespace, reviewer: Any) -> int:
    from assay.services import documents
    from assay.services.session import ReviewSession

    with ReviewSession.open(args.review, reviewer) as session:
        if session.read_only and not getattr(args, "dry_run", False):
            print(f"assay: error: {session.read_only_reason}", file=sys.stderr)
            return EXIT_ERROR
        try:
            document = documents.find_document(session, args.document)
            if args.doc_command == "rename":
                return _rename(session, document, args)
            return _remove(session, document, args)
        except ValueError as error:
            print(f"assay: error: {error}", file=sys.stderr)
            return EXIT_ERROR


def _rename(session: Any, document: Any, args: argparse.Namespace) -> int:
    from assay.services import documents

    old = documents.rename_document(session, document.id, args.title)
    new = documents.find_document(session, str(document.id)).title
    if args.json:
        _print_json({"action": "rename", "document": document.id, "sha256": document.sha256,
                     "old_title": old, "title": new})  # fmt: skip
    else:
        print(f"Renamed document {document.id} “{old}” to “{new}”.")
    return EXIT_OK


def _remove(session: Any, document: Any, args: argparse.Namespace) -> int:
    from assay.services import documents

    summary = documents.removal_summary(session, document.id)
    if not args.dry_run:
        documents.remove_document(session, document.id)
    if args.json:
        _print_json({
            "action": "remove", "dry_run": args.dry_run, "document": document.id,
            "sha256": document.sha256, "title": summary.title, "sentences": summary.sentences,
            "annotations": summary.annotations, "reviewers": summary.reviewers,
            "evidence": summary.evidence, "decisions": summary.decisions,
            "orphans": summary.orphans,
        })  # fmt: skip
        return EXIT_OK
    verb = "Would remove" if args.dry_run else "Removed"
    print(f"{verb} document {document.id} “{summary.title}” ({summary.sentences:,} sentences) "
          f"with {summary.describe()}.")  # fmt: skip
    if not args.dry_run:
        print("A later merge of a bundle that still holds it skips it and says so; "
              "import the file again to bring it back.")  # fmt: skip
    return EXIT_OK


def _print_json(value: dict[str, object]) -> None:
    print(json.dumps({"format": JSON_FORMAT, **value}, indent=1, ensure_ascii=False))
