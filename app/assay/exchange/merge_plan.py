"""The dry-run plan of a merge: what each bundle would add or change. Pure, no SQL.

Rules (docs/EXCHANGE.md):
- a document is matched by sha256; a new one is added with the sender's sentences;
  an existing one must have the same sentence offsets wherever an annotation points;
- an annotation is matched by id: new → added; same content → unchanged; a newer
  `modified` → updated; an older or equally old one → unchanged (ours kept);
- the same reviewer's annotation on the same sentence under a different id (made on
  two machines) is "conflicting": the newer `modified` wins, ours on a tie;
- two reviewers' annotations on one sentence are different records: both are kept;
- a document whose sha256 is an earlier version of a review document (it was replaced
  since the bundle was made) maps to that document: its annotations are re-anchored
  onto the current sentences (merge_versions) and planned like the others; those that
  find no sentence are "orphaned" (kept among the document's orphans).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from assay.exchange.bundle_format import (
    Bundle,
    BundleAnnotation,
    BundleDocument,
    BundleError,
    BundleEvidence,
)

NEW, UPDATED, UNCHANGED, CONFLICTING = "new", "updated", "unchanged", "conflicting"
OUTCOMES = (NEW, UPDATED, UNCHANGED, CONFLICTING)
# Only bundles made against an earlier version of a document have orphans; totals()
# and kinds() name this outcome only when there are some.
ORPHANED = "orphaned"
KINDS = (*OUTCOMES, ORPHANED)

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
    orphans: dict[str, str] = field(default_factory=dict)  # orphan id -> modified


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One line of the dry-run summary: a document and a reviewer."""

    document: str  # sha256
    title: str
    document_status: str  # new | existing | earlier (the bundle had an earlier version)
    reviewer_id: str
    reviewer_name: str
    counts: dict[str, int]


class Change(NamedTuple):
    """insert: theirs is new; update: theirs replaces ours (same id); replace: theirs
    replaces ours, the same reviewer's annotation of the sentence under another id."""

    kind: str
    theirs: BundleAnnotation
    ours: BundleAnnotation | None
    bundle: str


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
    orphans: list[OrphanChange] = field(default_factory=list)
    rows: list[PlanRow] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.new_documents
            or self.new_reviewers
            or self.changes
            or self.evidence
            or self.orphans
        )

    def totals(self) -> dict[str, int]:
        """Per outcome; "orphaned" only when there are some."""
        total = self._total()
        return {kind: total.get(kind, 0) for kind in self.kinds()}

    def kinds(self) -> tuple[str, ...]:
        """The outcomes to show: OUTCOMES, plus "orphaned" when there are some."""
        return KINDS if self._total().get(ORPHANED) else OUTCOMES

    def _total(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for row in self.rows:
            total.update(row.counts)
        return total


def plan_merge(snapshot: ReviewSnapshot, bundles: list[Bundle]) -> MergePlan:
    """Plan bundles in order, each seeing what the earlier ones would have done."""
    plan = MergePlan(bundles=[bundle.name for bundle in bundles])
    by_slot: dict[Slot, str] = {
        (a.document, a.ordinal, a.reviewer): a.id for a in snapshot.annotations.values()
    }
    counts: dict[tuple[str, str], Counter[str]] = {}
    titles: dict[str, tuple[str, str]] = {}
    reviewer_names = dict(snapshot.reviewers)
    for bundle in bundles:
        for document in bundle.documents:
            counts.setdefault((_plan_document(plan, snapshot, document, titles), ""), Counter())
        for reviewer_id, name in bundle.reviewers.items():
            if reviewer_id not in reviewer_names:
                plan.new_reviewers[reviewer_id] = name
                reviewer_names[reviewer_id] = name
        carried, orphans = _relocate(snapshot, bundle)
        for theirs in carried:
            outcome = _plan_annotation(plan, snapshot, by_slot, theirs, bundle.name)
            counts.setdefault((theirs.document, theirs.reviewer), Counter())[outcome] += 1
        for orphan in orphans:
            outcome = _plan_orphan(plan, snapshot, orphan)
            counts.setdefault((orphan.document, orphan.theirs.reviewer), Counter())[outcome] += 1
        for item in bundle.evidence:
            if item.id not in snapshot.evidence_ids and item.annotation in snapshot.annotations:
                plan.evidence.append(item)
                snapshot.evidence_ids.add(item.id)
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


def _plan_orphan(plan: MergePlan, snapshot: ReviewSnapshot, orphan: OrphanChange) -> str:
    """An id the review already has (an annotation elsewhere, or an orphan) is kept as
    ours: unchanged, or conflicting when theirs is a newer edit."""
    theirs = orphan.theirs
    if theirs.id in snapshot.annotations:
        return CONFLICTING
    known = snapshot.orphans.get(theirs.id)
    if known is not None:
        return CONFLICTING if _newer(theirs.modified, known) else UNCHANGED
    plan.orphans.append(orphan)
    snapshot.orphans[theirs.id] = theirs.modified
    return ORPHANED


def _plan_annotation(
    plan: MergePlan,
    snapshot: ReviewSnapshot,
    by_slot: dict[Slot, str],
    theirs: BundleAnnotation,
    bundle: str,
) -> str:
    sentences = snapshot.sentences.get(theirs.document, {})
    if sentences.get(theirs.ordinal) != (theirs.start, theirs.end):
        raise BundleError(
            f"“{bundle}” is refused: annotation {theirs.id} points at sentence "
            f"{theirs.ordinal} of “{snapshot.documents.get(theirs.document, theirs.document)}”, "
            "which does not exist in this review with the same offsets (the document "
            "was split into sentences differently)."
        )
    slot: Slot = (theirs.document, theirs.ordinal, theirs.reviewer)
    ours = snapshot.annotations.get(theirs.id)
    if ours is not None:
        if (ours.document, ours.ordinal, ours.reviewer) != slot:
            return CONFLICTING  # one id on two sentences: keep ours, it is what we know
        if ours == theirs:
            return UNCHANGED
        if _newer(theirs.modified, ours.modified):
            plan.changes.append(Change("update", theirs, ours, bundle))
            snapshot.annotations[theirs.id] = theirs
            return UPDATED
        return UNCHANGED if _newer(ours.modified, theirs.modified) else CONFLICTING
    other_id = by_slot.get(slot)
    if other_id is None:
        plan.changes.append(Change("insert", theirs, None, bundle))
    else:
        ours = snapshot.annotations[other_id]
        if not _newer(theirs.modified, ours.modified):
            return CONFLICTING  # ours is as new or newer: kept
        plan.changes.append(Change("replace", theirs, ours, bundle))
        del snapshot.annotations[other_id]
    snapshot.annotations[theirs.id] = theirs
    by_slot[slot] = theirs.id
    return NEW if other_id is None else CONFLICTING


def _newer(left: str, right: str) -> bool:
    return datetime.fromisoformat(left) > datetime.fromisoformat(right)
