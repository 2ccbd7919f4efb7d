"""`assay merge`'s report, `assay pair` and `assay conflicts`: the command line's side of
bundle ownership (docs/EXCHANGE.md). No Qt."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR = 0, 1


def add_parsers(commands: Any) -> None:
    pair = commands.add_parser(
        "pair", help="trust a bundle's computer as your own (its bundles may change your work)"
    )
    pair.add_argument("bundle", type=Path, nargs="?", metavar="BUNDLE")
    pair.add_argument("--list", action="store_true", help="list the paired computers")
    pair.add_argument("--remove", metavar="INSTALLATION", help="unpair a computer")

    conflicts = commands.add_parser(
        "conflicts", help="list the conflicts a merge kept, or settle them"
    )
    conflicts.add_argument("review", type=Path, metavar="REVIEW")
    settle = conflicts.add_mutually_exclusive_group()
    settle.add_argument("--keep-mine", type=int, action="append", metavar="ID", default=[])
    settle.add_argument("--take-theirs", type=int, action="append", metavar="ID", default=[])


def print_refusals(plan: Any, reviewer_id: str) -> None:
    """One line per kind of refused record, and how to pair when that is the remedy."""
    from assay.exchange.bundle_values import shown
    from assay.exchange.ownership import describe

    names = {row.reviewer_id: shown(row.reviewer_name, 40) for row in plan.rows}
    for refusal, count in sorted(plan.refusals.items()):
        mine = refusal.reviewer_id == reviewer_id
        name = names.get(refusal.reviewer_id, refusal.reviewer_id)
        print(describe(refusal.reason, count, name, shown(refusal.bundle), mine))
    for bundle in sorted(set(plan.pairable.values())):
        print(f"  If “{bundle}” is from your other computer: assay pair {bundle}")
    if plan.conflicts:
        print(
            f"{len(plan.conflicts):,} conflict(s) kept: both sides changed. "
            "See them with: assay conflicts REVIEW"
        )


def command_pair(args: argparse.Namespace) -> int:
    from assay.exchange.bundle_read import read_bundle
    from assay.exchange.bundle_values import shown
    from assay.services import config

    reviewer = config.ensure_reviewer()
    if args.list or (args.bundle is None and args.remove is None):
        paired = config.paired_installations()
        print(f"This computer: {reviewer.installation}")
        for installation, label in sorted(paired.items()):
            print(f"Paired: {installation}  (from {label})")
        if not paired:
            print("No other computer is paired.")
        return EXIT_OK
    if args.remove is not None:
        if not config.unpair_installation(args.remove):
            return _fail(f"{args.remove} is not paired.")
        print(f"Unpaired {args.remove}: its bundles can no longer change your work.")
        return EXIT_OK
    bundle = read_bundle(args.bundle)
    if bundle.reviewer_id != reviewer.id:
        return _fail(
            f"“{bundle.name}” was made by {shown(bundle.reviewer_name)}, not by you: only your own "
            "computers can be paired. Nothing was changed."
        )
    if not bundle.installation:
        return _fail(
            f"“{bundle.name}” was made by an older Assay, which does not name its computer. "
            "Update Assay there and export again."
        )
    if bundle.installation == reviewer.installation:
        print(f"“{bundle.name}” was made on this computer: nothing to pair.")
        return EXIT_OK
    config.pair_installation(bundle.installation, bundle.name)
    print(
        f"Paired {bundle.installation} (from “{bundle.name}”): bundles made there can now "
        "change your own annotations."
    )
    return EXIT_OK


def command_conflicts(args: argparse.Namespace) -> int:
    from assay.exchange.bundle_values import shown
    from assay.services import config
    from assay.services.conflicts import ConflictError
    from assay.services.session import ReviewSession

    with ReviewSession.open(args.review, config.ensure_reviewer()) as session:
        choices = [(cid, False) for cid in args.keep_mine] + [
            (cid, True) for cid in args.take_theirs
        ]
        if choices and session.read_only:
            return _fail(session.read_only_reason)
        for conflict_id, take_theirs in choices:
            try:
                session.settle_conflict(conflict_id, take_theirs=take_theirs)
            except ConflictError as exc:
                return _fail(f"conflict {conflict_id}: {exc}")
            print(f"Conflict {conflict_id}: {'took theirs' if take_theirs else 'kept mine'}.")
        remaining = session.conflicts()
    if not choices:
        for c in remaining:
            ours = "deleted here" if c.ours is None else _state(c.ours)
            print(
                f"{c.id:>5}  {shown(c.document_title, 30)} · sentence {c.ordinal + 1} · "
                f"{shown(c.reviewer_name, 40)}\n       mine:   {ours}\n"
                f"       theirs: {_state(c.theirs)}  (from “{shown(c.bundle)}”)"
            )
        if remaining:
            print("Settle with --keep-mine ID or --take-theirs ID.")
    print(f"{len(remaining):,} conflict(s) left.")
    return EXIT_OK


def _state(state: Any) -> str:
    from assay.exchange.bundle_values import shown

    parts = [", ".join(sorted(state.categories)) or ("not a claim" if state.not_a_claim else "-")]
    parts.append(state.verdict or "no verdict")
    if state.rationale:
        parts.append(f"“{shown(state.rationale)}”")
    return " · ".join(parts)


def _fail(message: str) -> int:
    import sys

    print(f"assay: error: {message}", file=sys.stderr)
    return EXIT_ERROR
