"""Who may change whose records: the ownership rules of a merge. Pure, no SQL.

Every installation of Assay has an id; a bundle names the installation that wrote it
and each record names the installation of its latest revision (format 4). The rules
(docs/EXCHANGE.md, "Ownership"):

1. The local reviewer's own records change only through bundles written on one of
   their own installations — this one, or one they paired once as their other
   computer — and only to revisions made on those installations.
2. Another reviewer's record is refused when its latest revision was made on one of
   the local reviewer's installations, or on an installation known (from this review
   or from the bundle that names it) to belong to someone else.
3. A bundle written for its sender's own work only (scope "mine") may carry only its
   sender's records; relaying other reviewers' records is what a consolidated bundle
   (scope "everyone", a lead's export) does.

Installation ids are not secrets: these rules stop mistakes, hand-edited bundles and a
colleague's Assay writing under someone else's name, not a forger who copies ids out of
bundles they were sent (that would take signatures; docs/EXCHANGE.md says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assay.exchange.bundle_format import Bundle

UNPAIRED = "unpaired"  # under my name, from an installation I have not paired
MADE_HERE = "made here"  # under another name, but made on one of my installations
ELSEWHERE = "other installation"  # made on an installation that belongs to someone else
NOT_RELAYED = "not relayed"  # another reviewer's record in a bundle of its sender's own work


@dataclass(frozen=True, slots=True)
class LocalIdentity:
    """The reviewer merging, and the installations that are theirs."""

    reviewer_id: str
    installations: frozenset[str]

    def owns(self, installation: str) -> bool:
        return bool(installation) and installation in self.installations


def refusal(
    reviewer_id: str,
    revised_by: str,
    bundle: Bundle,
    local: LocalIdentity,
    owners: Mapping[str, str],
) -> str | None:
    """Why `bundle` may not change or add `reviewer_id`'s record whose latest revision
    was made on `revised_by` ("" before revision histories); None if it may."""
    if reviewer_id == local.reviewer_id:
        if not local.owns(bundle.installation):
            return UNPAIRED
        if revised_by and not local.owns(revised_by):
            return UNPAIRED
        return None
    if local.owns(revised_by):
        return MADE_HERE
    owner = owners.get(revised_by) if revised_by else None
    if owner is not None and owner != reviewer_id:
        return ELSEWHERE
    if reviewer_id != bundle.reviewer_id:
        if revised_by and revised_by == bundle.installation:
            return ELSEWHERE  # the sender's Assay wrote it, under another name
        if bundle.scope_annotations != "everyone":
            return NOT_RELAYED
    return None


def describe(reason: str, count: int, reviewer_name: str, bundle: str, mine: bool) -> str:
    """One line for the merge summary and `assay merge`."""
    what = f"{count:,} record(s) under {'your name' if mine else reviewer_name + '’s name'}"
    if reason == UNPAIRED:
        return (
            f"{what} in “{bundle}” were refused: it was not made on one of your own "
            "installations of Assay. If it comes from your other computer, pair that "
            "computer (“This is my other computer…” in the merge summary, or `assay pair`) "
            "and merge again."
        )
    if reason == MADE_HERE:
        return f"{what} in “{bundle}” were refused: they say they were made on your own Assay."
    if reason == ELSEWHERE:
        return (
            f"{what} in “{bundle}” were refused: they were made on another reviewer’s "
            "installation of Assay."
        )
    return (
        f"{what} in “{bundle}” were refused: the bundle holds its sender’s own work "
        "only, yet carries them."
    )
