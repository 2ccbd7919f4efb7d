"""Bundles made against an earlier version of a document. Pure, no SQL.

A review remembers the SHA-256 of every earlier text of a replaced document. A bundle
document with such a SHA-256 is not new: its annotations are moved onto the current
version's sentences with `text.reanchor` (the same rules as replacing a document),
then planned like any annotation of the current document. Those that find no sentence
are orphans. docs/EXCHANGE.md, "Bundles made against an earlier version".
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from typing import NamedTuple

from assay.exchange.bundle_format import BundleAnnotation
from assay.text.reanchor import CONTEXT, Anchor, reanchor


class CurrentVersion(NamedTuple):
    """The review's current version of a document an old bundle document maps to."""

    sha256: str
    text: str
    sentences: Mapping[int, tuple[int, int]]  # ordinal -> (start, end)


class Relocated(NamedTuple):
    placed: list[BundleAnnotation]  # on the current version, in the bundle's order
    orphaned: list[BundleAnnotation]  # as the bundle has them (old offsets and quote)


def relocate(
    annotations: Sequence[BundleAnnotation],
    old_text: str,
    current: CurrentVersion,
    known: Mapping[str, BundleAnnotation],
    orphaned_ids: Container[str],
) -> Relocated:
    """Move one earlier-version document's annotations onto the current version.

    - an id the review already has on the current version keeps the review's sentence
      (ours is where it belongs now: moved when the document was replaced, or attached
      by hand), so it compares with ours as usual: unchanged, or updated if newer;
    - an id already among the review's orphans stays an orphan (never duplicated);
    - the others go where `reanchor` puts them, with the quote and context of their
      new sentence. When two of one reviewer's land on one sentence (sentences merged
      by the edit), the one placed first keeps it (one already placed as above, else
      the first in the bundle: never the clock); the other becomes an orphan, as when
      a document is replaced, for the reviewer to attach.
    """
    ordinals = sorted(current.sentences)
    spans = [current.sentences[ordinal] for ordinal in ordinals]
    placed: dict[str, BundleAnnotation] = {}
    orphaned: set[str] = set()
    taken: dict[tuple[int, str], str] = {}  # (ordinal, reviewer) -> annotation id
    pending: list[BundleAnnotation] = []
    for theirs in annotations:
        ours = known.get(theirs.id)
        if ours is not None and ours.document == current.sha256:
            placed[theirs.id] = theirs._replace(
                document=ours.document, ordinal=ours.ordinal, start=ours.start, end=ours.end,
                quote_exact=ours.quote_exact, quote_prefix=ours.quote_prefix,
                quote_suffix=ours.quote_suffix,
            )  # fmt: skip
            taken[(ours.ordinal, theirs.reviewer)] = theirs.id
        elif theirs.id in orphaned_ids:
            orphaned.add(theirs.id)
        else:
            pending.append(theirs)
    anchors = [
        Anchor(a.id, a.start, a.end, a.quote_exact, a.quote_prefix, a.quote_suffix) for a in pending
    ]
    placements = reanchor(anchors, current.text, spans, old_text=old_text)
    for theirs, placement in zip(pending, placements, strict=True):
        if placement.sentence is None:
            orphaned.add(theirs.id)
            continue
        ordinal = ordinals[placement.sentence]
        slot = (ordinal, theirs.reviewer)
        if slot in taken:
            orphaned.add(theirs.id)
            continue
        start, end = spans[placement.sentence]
        placed[theirs.id] = theirs._replace(
            document=current.sha256, ordinal=ordinal, start=start, end=end,
            quote_exact=current.text[start:end],
            quote_prefix=current.text[max(0, start - CONTEXT) : start],
            quote_suffix=current.text[end : end + CONTEXT],
        )  # fmt: skip
        taken[slot] = theirs.id
    return Relocated(
        [placed[a.id] for a in annotations if a.id in placed],
        [a for a in annotations if a.id in orphaned],
    )
