"""Revision histories as version vectors: which edit descends from which.

Every annotation, evidence item and decision carries a vector {installation: count}:
each edit made on an installation adds one to that installation's count. A merge
compares the two vectors and never the clocks: the version whose vector is greater or
equal everywhere descends from the other and wins; if each has counts the other lacks,
both were changed since they last met, a true conflict kept for the reviewer to settle.

A revision is a tuple of (installation, count) pairs sorted by installation, so it is
hashable and has one canonical form. Records made before revision histories have the
empty revision: they are ordered before any edit, and two different ones conflict.
"""

from __future__ import annotations

import enum
import json
from functools import lru_cache

Revision = tuple[tuple[str, int], ...]
EMPTY: Revision = ()


class Order(enum.Enum):
    """How `theirs` relates to `ours`."""

    SAME = "same"  # the same history
    OLDER = "older"  # ours descends from theirs: theirs adds nothing
    NEWER = "newer"  # theirs descends from ours
    CONCURRENT = "concurrent"  # both changed since they met


def compare(ours: Revision, theirs: Revision) -> Order:
    mine, other = dict(ours), dict(theirs)
    ahead = any(count > other.get(key, 0) for key, count in mine.items())
    behind = any(count > mine.get(key, 0) for key, count in other.items())
    if ahead and behind:
        return Order.CONCURRENT
    if behind:
        return Order.NEWER
    return Order.OLDER if ahead else Order.SAME


def join(left: Revision, right: Revision) -> Revision:
    """The least revision that descends from both (each installation's larger count)."""
    merged = dict(left)
    for key, count in right:
        merged[key] = max(count, merged.get(key, 0))
    return tuple(sorted(merged.items()))


def bump(revision: Revision, installation: str) -> Revision:
    """The revision after one more edit on `installation`."""
    counts = dict(revision)
    counts[installation] = counts.get(installation, 0) + 1
    return tuple(sorted(counts.items()))


@lru_cache(maxsize=4096)
def from_json(text: str) -> Revision:
    """The store's form ({"installation": count, ...}) as a revision."""
    value = json.loads(text) if text else {}
    return tuple(sorted((str(key), int(count)) for key, count in value.items()))


@lru_cache(maxsize=4096)
def to_json(revision: Revision) -> str:
    return json.dumps(dict(revision), sort_keys=True, separators=(",", ":"))
