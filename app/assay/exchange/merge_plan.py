"""The dry-run plan of a merge: what each bundle would add or change. Pure, no SQL.

Rules (docs/EXCHANGE.md):
- a document is matched by sha256; a new one is added with the sender's sentences;
  an existing one must have the same sentence offsets wherever an annotation points;
- who may change whose records is settled first (`ownership`): a refused record is
  counted as "refused" and nothing of it is written;
- an annotation is matched by id and its revision history, never by clock: one that
  descends from ours → updated; one ours descends from (or the same) → unchanged;
  both changed since they met → conflicting: ours stays, theirs is kept in the
  review's conflicts for the reviewer to settle;
- one deleted here stays deleted unless it was changed there since (then conflicting);
- the same reviewer's annotation on the same sentence under another id (made on two
  computers) is conflicting in the same way, for the reviewer to keep one;
- evidence items are added to the annotation they name (a set: nothing is replaced);
- a document whose sha256 is an earlier version of a review document (it was replaced
  since the bundle was made) maps to that document: its annotations are re-anchored
  onto the current sentences (merge_versions) and planned like the others; those that
  find no sentence are "orphaned" (kept among the document's orphans).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from assay.core.revisions import Order, Revision, compare, join
from assay.exchange.bundle_format import (
    Bundle,
    BundleAnnotation,
    BundleDocument,
    BundleError,
    BundleEvidence,
    BundleHighlight,
)
from assay.exchange.ownership import UNPAIRED, LocalIdentity, refusal

NEW, UPDATED, UNCHANGED, CONFLICTING = "new", "updated", "unchanged", "conflicting"
OUTCOMES = (NEW, UPDATED, UNCHANGED, CONFLICTING)
# Only bundles made against an earlier version of a document have orphans, and only
# some bundles carry records they may not change; totals() and kinds() name these
# outcomes only when there are some.
ORPHANED = "orphaned"
REFUSED = "refused"
# Annotations on a document the reviewer removed from the review: never written back.
SKIPPED = "skipped"
KINDS = (*OUTCOMES, ORPHANED, REFUSED, SKIPPED)

Slot = tuple[str, int, str]  # document sha256, sentence ordinal, reviewer id


@dataclass(slots=True)
class ReviewSnapshot:
    """What the plan compares against, loaded from the review (or empty for a new one)."""

    documents: dict[str, str]  # sha256 -> title
    sentences: dict[str, dict[int, tuple[int, int]]]  # sha256 -> ordinal -> (start, end)
    annotations: dict[str, BundleAnnotation]
    evidence_ids: set[str]
    reviewers: dict[str, str]
    # Bundle documents that are an earlier version of a review document: old sha256 ->
    # the current sha256 (in `documents`), and the current text of those documents.
    earlier: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    orphans: dict[str, Revision] = field(default_factory=dict)  # orphan id -> revision
    # Deleted here: annotation id -> its revision then; evidence ids.
    tombstones: dict[str, Revision] = field(default_factory=dict)
    evidence_tombstones: set[str] = field(default_factory=set)
    highlight_ids: set[str] = field(default_factory=set)  # here already, or deleted here
    conflicts: set[tuple[str, Revision]] = field(default_factory=set)  # already kept
    owners: dict[str, str] = field(default_factory=dict)  # installation -> reviewer id
    removed: dict[str, str] = field(default_factory=dict)  # sha256 -> title, removed here


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One line of the dry-run summary: a document and a reviewer."""

    document: str  # sha256
    title: str
    # new | existing | earlier (the bundle had an earlier version) | removed (removed
    # here: skipped, with its annotations)
    document_status: str
    reviewer_id: str
    reviewer_name: str
    counts: dict[str, int]


class Change(NamedTuple):
    """insert: theirs is new; update: theirs descends from ours (same id)."""

    kind: str
    theirs: BundleAnnotation
    ours: BundleAnnotation | None
    bundle: str


class ConflictChange(NamedTuple):
    """Theirs and ours both changed since they met (or are two ids for one reviewer's
    sentence): ours stays; theirs, with its evidence, is kept for the reviewer."""

    theirs: BundleAnnotation
    ours_id: str | None  # None: ours was deleted here
    evidence: tuple[BundleEvidence, ...]
    bundle: str


class Refusal(NamedTuple):
    bundle: str
    reviewer_id: str
    reason: str


class OrphanChange(NamedTuple):
    """A bundle annotation of an earlier version that found no sentence in the current
    one: it goes to the orphans of `document` (current sha256) with its evidence."""

    theirs: BundleAnnotation  # as the bundle has it (old offsets and quote)
    document: str
    evidence: tuple[BundleEvidence, ...]
    bundle: str


@dataclass(slots=True)
class MergePlan:
    bundles: list[str]
    new_documents: list[BundleDocument] = field(default_factory=list)
    new_reviewers: dict[str, str] = field(default_factory=dict)
    # In the order they must be applied (a later bundle may update an earlier one's).
    changes: list[Change] = field(default_factory=list)
    evidence: list[BundleEvidence] = field(default_factory=list)
    highlights: list[BundleHighlight] = field(default_factory=list)
    orphans: list[OrphanChange] = field(default_factory=list)
    conflicts: list[ConflictChange] = field(default_factory=list)
    rows: list[PlanRow] = field(default_factory=list)
    # Records refused by the ownership rules, counted per bundle, reviewer and reason.
    refusals: Counter[Refusal] = field(default_factory=Counter)
    # Installations whose bundles carried the local reviewer's work but are not paired:
    # installation id -> bundle name (the reviewer may pair them and merge again).
    pairable: dict[str, str] = field(default_factory=dict)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.new_documents
            or self.new_reviewers
            or self.changes
            or self.evidence
            or self.highlights
            or self.orphans
            or self.conflicts
        )

    def totals(self) -> dict[str, int]:
        """Per outcome; "orphaned", "refused" and "skipped" only when there are some."""
        total = self._total()
        return {kind: total.get(kind, 0) for kind in self.kinds()}

    def kinds(self) -> tuple[str, ...]:
        """The outcomes to show: OUTCOMES, plus "orphaned" / "refused" when there are some."""
        total = self._total()
        extra = (ORPHANED, REFUSED, SKIPPED)
        return (*OUTCOMES, *(kind for kind in extra if total.get(kind)))

    def skipped(self) -> int:
        """Annotations skipped because their document was removed from the review."""
        return self._total().get(SKIPPED, 0)

    def removed_notes(self) -> list[str]:
        """One sentence per removed document the bundles still hold: what was skipped."""
        skipped: Counter[str] = Counter()
        titles: dict[str, str] = {}
        for row in self.rows:
            if row.document_status == "removed":
                skipped[row.document] += row.counts.get(SKIPPED, 0)
                titles[row.document] = row.title
        notes = []
        for sha, count in skipped.items():
            noun = "annotation" if count == 1 else "annotations"
            notes.append(
                f"Skipped {count:,} {noun} on “{titles[sha]}”, a document you removed from "
                "this review (import the document again to merge them)."
            )
        return notes

    def _total(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for row in self.rows:
            total.update(row.counts)
        return total


def plan_merge(
    snapshot: ReviewSnapshot, bundles: list[Bundle], local: LocalIdentity | None = None
) -> MergePlan:
    """Plan bundles in order, each seeing what the earlier ones would have done.

    `local` is the reviewer merging and their installations; without it (a lead merging
    as nobody in particular) no record counts as the local reviewer's."""
    local = local or LocalIdentity("", frozenset())
    plan = MergePlan(bundles=[bundle.name for bundle in bundles])
    by_slot: dict[Slot, str] = {
        (a.document, a.ordinal, a.reviewer): a.id for a in snapshot.annotations.values()
    }
    # Per (document, reviewer): a defaultdict, not setdefault(key, Counter()), which
    # built a Counter per annotation (0.6 s of a 100,000-annotation plan).
    counts: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    titles: dict[str, tuple[str, str]] = {}
    reviewer_names = dict(snapshot.reviewers)
    for bundle in bundles:
        if bundle.installation and bundle.installation not in local.installations:
            snapshot.owners.setdefault(bundle.installation, bundle.reviewer_id)
        planner = _BundlePlanner(plan, snapshot, by_slot, bundle, local)
        for document in bundle.documents:
            counts[(_plan_document(plan, snapshot, document, titles), "")]  # noqa: B018 - the document gets a row
        for reviewer_id, name in bundle.reviewers.items():
            reviewer_names.setdefault(reviewer_id, name)
        carried, orphans = _relocate(snapshot, bundle)
        for theirs in carried:
            if titles.get(theirs.document, ("", ""))[1] == "removed":
                counts[(theirs.document, theirs.reviewer)][SKIPPED] += 1
                continue
            outcome = planner.annotation(theirs)
            counts[(theirs.document, theirs.reviewer)][outcome] += 1
        for orphan in orphans:
            outcome = planner.orphan(orphan)
            counts[(orphan.document, orphan.theirs.reviewer)][outcome] += 1
        planner.evidence()
        planner.highlights()
    _add_reviewers(plan, snapshot, reviewer_names)
    for (sha, reviewer_id), counted in counts.items():
        if not reviewer_id and any(key[0] == sha and key[1] for key in counts):
            continue  # the document has reviewer rows: no need for an empty one
        title, status = titles[sha]
        plan.rows.append(
            PlanRow(
                sha,
                title,
                status,
                reviewer_id,
                reviewer_names.get(reviewer_id, reviewer_id),
                {kind: counted.get(kind, 0) for kind in KINDS},
            )
        )
    return plan


def _add_reviewers(plan: MergePlan, snapshot: ReviewSnapshot, names: dict[str, str]) -> None:
    """Name the reviewers of what will be written (not those of refused records)."""
    written = {change.theirs.reviewer for change in plan.changes}
    written.update(conflict.theirs.reviewer for conflict in plan.conflicts)
    written.update(orphan.theirs.reviewer for orphan in plan.orphans)
    for reviewer_id in sorted(written - snapshot.reviewers.keys()):
        plan.new_reviewers[reviewer_id] = names[reviewer_id]


def _plan_document(
    plan: MergePlan,
    snapshot: ReviewSnapshot,
    document: BundleDocument,
    titles: dict[str, tuple[str, str]],
) -> str:
    """Plan one bundle document; return the sha256 its annotations go to."""
    sha = document.sha256
    if sha in snapshot.documents:
        titles.setdefault(sha, (snapshot.documents[sha], "existing"))
        return sha
    if sha in snapshot.removed:  # removed here on purpose: not brought back silently
        titles.setdefault(sha, (snapshot.removed[sha], "removed"))
        return sha
    current = snapshot.earlier.get(sha)
    if current is not None:  # an earlier version: never imported as a document
        titles.setdefault(current, (snapshot.documents[current], "earlier"))
        return current
    plan.new_documents.append(document)
    snapshot.documents[sha] = document.title
    snapshot.sentences[sha] = {
        ordinal: (start, end) for ordinal, (start, end, _, _) in enumerate(document.sentences)
    }
    titles[sha] = (document.title, "new")
    return sha


def _relocate(
    snapshot: ReviewSnapshot, bundle: Bundle
) -> tuple[Sequence[BundleAnnotation], list[OrphanChange]]:
    """The bundle's annotations, those of earlier versions moved onto the current ones,
    and the orphans of those that found no sentence."""
    earlier = {
        d.sha256: d
        for d in bundle.documents
        if d.sha256 in snapshot.earlier and d.sha256 not in snapshot.documents
    }
    if not earlier:
        return bundle.annotations, []
    from assay.exchange.merge_versions import CurrentVersion, relocate  # loads rapidfuzz

    moved: dict[str, list[BundleAnnotation]] = {sha: [] for sha in earlier}
    for theirs in bundle.annotations:
        if theirs.document in moved:
            moved[theirs.document].append(theirs)
    evidence: dict[str, list[BundleEvidence]] = {}
    for item in bundle.evidence:
        evidence.setdefault(item.annotation, []).append(item)
    relocated: dict[str, BundleAnnotation] = {}
    orphans: list[OrphanChange] = []
    for sha, theirs_on_old in moved.items():
        current = snapshot.earlier[sha]
        placed, orphaned = relocate(
            theirs_on_old,
            earlier[sha].text,
            CurrentVersion(current, snapshot.texts[current], snapshot.sentences[current]),
            snapshot.annotations,
            snapshot.orphans,
        )
        relocated.update((a.id, a) for a in placed)
        orphans.extend(
            OrphanChange(a, current, tuple(evidence.get(a.id, ())), bundle.name) for a in orphaned
        )
    carried = [
        relocated.get(a.id, a) if a.document in moved else a
        for a in bundle.annotations
        if a.document not in moved or a.id in relocated
    ]
    return carried, orphans


class _BundlePlanner:
    """Plans one bundle's annotations, orphans and evidence against the snapshot."""

    def __init__(
        self,
        plan: MergePlan,
        snapshot: ReviewSnapshot,
        by_slot: dict[Slot, str],
        bundle: Bundle,
        local: LocalIdentity,
    ) -> None:
        self.plan, self.snapshot, self.by_slot = plan, snapshot, by_slot
        self.bundle, self.local = bundle, local
        self.evidence_of: dict[str, list[BundleEvidence]] = {}
        # refusal() depends only on the record's reviewer and installation within a bundle
        self.reasons: dict[tuple[str, str], str | None] = {}
        for item in bundle.evidence:
            self.evidence_of.setdefault(item.annotation, []).append(item)

    def refused(self, reviewer_id: str, revised_by: str) -> bool:
        """Count and report a record the ownership rules keep out."""
        key = (reviewer_id, revised_by)
        if key not in self.reasons:
            self.reasons[key] = refusal(
                reviewer_id, revised_by, self.bundle, self.local, self.snapshot.owners
            )
        reason = self.reasons[key]
        if reason is None:
            return False
        self.plan.refusals[Refusal(self.bundle.name, reviewer_id, reason)] += 1
        if (
            reason == UNPAIRED
            and self.bundle.installation
            and (self.bundle.reviewer_id == self.local.reviewer_id)
        ):
            self.plan.pairable.setdefault(self.bundle.installation, self.bundle.name)
        return True

    def annotation(self, theirs: BundleAnnotation) -> str:
        snapshot, bundle = self.snapshot, self.bundle
        sentences = snapshot.sentences.get(theirs.document, {})
        if sentences.get(theirs.ordinal) != (theirs.start, theirs.end):
            title = snapshot.documents.get(theirs.document, theirs.document)
            raise BundleError(
                f"“{bundle.name}” is refused: annotation {theirs.id} points at sentence "
                f"{theirs.ordinal} of “{title}”, "
                "which does not exist in this review with the same offsets (the document "
                "was split into sentences differently)."
            )
        slot: Slot = (theirs.document, theirs.ordinal, theirs.reviewer)
        ours = snapshot.annotations.get(theirs.id)
        if ours is not None:
            if (ours.document, ours.ordinal, ours.reviewer) != slot:
                return CONFLICTING  # one id on two sentences: keep ours, it is what we know
            return self._against(ours, theirs)
        buried = snapshot.tombstones.get(theirs.id)
        if buried is not None and compare(buried, theirs.revision) in (Order.SAME, Order.OLDER):
            return UNCHANGED  # deleted here after the last change they know of
        if self.refused(theirs.reviewer, theirs.revised_by):
            return REFUSED
        other_id = self.by_slot.get(slot)
        if buried is not None and compare(buried, theirs.revision) is Order.CONCURRENT:
            return self._conflict(theirs, None)  # changed there, deleted here
        if other_id is not None:
            return self._conflict(theirs, other_id)  # two ids for one reviewer's sentence
        self.plan.changes.append(Change("insert", theirs, None, bundle.name))
        snapshot.annotations[theirs.id] = theirs
        self.by_slot[slot] = theirs.id
        return NEW

    def _against(self, ours: BundleAnnotation, theirs: BundleAnnotation) -> str:
        """The same id on both sides: the revision histories decide, never the clock."""
        order = compare(ours.revision, theirs.revision)
        same = ours.same_content(theirs)
        if order is Order.OLDER or (order is Order.SAME and same):
            return UNCHANGED
        if self.refused(theirs.reviewer, theirs.revised_by):
            return REFUSED
        if order is Order.NEWER:
            self.plan.changes.append(Change("update", theirs, ours, self.bundle.name))
            self.snapshot.annotations[theirs.id] = theirs
            return UPDATED
        if same and order is Order.CONCURRENT:  # the same words reached on both sides
            joined = theirs._replace(revision=join(ours.revision, theirs.revision))
            self.plan.changes.append(Change("update", joined, ours, self.bundle.name))
            self.snapshot.annotations[theirs.id] = joined
            return UNCHANGED
        return self._conflict(theirs, ours.id)

    def _conflict(self, theirs: BundleAnnotation, ours_id: str | None) -> str:
        key = (theirs.id, theirs.revision)
        if key not in self.snapshot.conflicts:
            self.snapshot.conflicts.add(key)
            evidence = tuple(
                item
                for item in self.evidence_of.get(theirs.id, ())
                if item.id not in self.snapshot.evidence_ids
            )
            self.plan.conflicts.append(ConflictChange(theirs, ours_id, evidence, self.bundle.name))
        return CONFLICTING

    def orphan(self, orphan: OrphanChange) -> str:
        """An id the review already has (an annotation elsewhere, or an orphan) is kept as
        ours: unchanged, or conflicting when theirs changed since."""
        theirs, snapshot = orphan.theirs, self.snapshot
        if theirs.id in snapshot.annotations:
            return CONFLICTING
        known = snapshot.orphans.get(theirs.id, snapshot.tombstones.get(theirs.id))
        if known is not None:
            order = compare(known, theirs.revision)
            return UNCHANGED if order in (Order.SAME, Order.OLDER) else CONFLICTING
        if self.refused(theirs.reviewer, theirs.revised_by):
            return REFUSED
        self.plan.orphans.append(orphan)
        snapshot.orphans[theirs.id] = theirs.revision
        return ORPHANED

    def evidence(self) -> None:
        """Evidence joins the annotation it names, as a set: new ids are added, ids
        deleted here stay deleted, nothing is replaced."""
        snapshot = self.snapshot
        for item in self.bundle.evidence:
            if item.id in snapshot.evidence_ids or item.id in snapshot.evidence_tombstones:
                continue
            target = snapshot.annotations.get(item.annotation)
            if target is None or self.refused(target.reviewer, item.revised_by):
                continue  # its annotation was refused, or waits among the conflicts
            self.plan.evidence.append(item)
            snapshot.evidence_ids.add(item.id)

    def highlights(self) -> None:
        """Highlights join the annotation they name as a set, like evidence; only where
        that annotation is on the very sentence the highlight was made in (one moved
        to a newer version of its document, or kept among the conflicts, leaves them)."""
        snapshot = self.snapshot
        carried = {a.id: a for a in self.bundle.annotations}
        for item in self.bundle.highlights:
            if item.id in snapshot.highlight_ids:
                continue
            target = snapshot.annotations.get(item.annotation)
            source = carried[item.annotation]
            if target is None or (target.document, target.start, target.end) != (
                source.document,
                source.start,
                source.end,
            ):
                continue
            if self.refused(target.reviewer, source.revised_by):
                continue
            self.plan.highlights.append(item)
            snapshot.highlight_ids.add(item.id)
