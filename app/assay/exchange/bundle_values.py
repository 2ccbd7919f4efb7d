"""Checks on single values of a bundle that the store would otherwise trip over.

Whatever passes here can be written to SQLite and shown by Assay: every string encodes
as UTF-8, timestamps are the ISO 8601 form Assay writes, evidence values are what the
evidence editor accepts. The record checks (bundle_records) and the reader
(bundle_read) raise the errors; these functions only say what is wrong.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from assay.core import identifiers

# Only a JSON escape can put a lone surrogate into a decoded string (the UTF-8 decoder
# refuses encoded ones), so a member without such an escape needs no further look.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")
_NORMALISERS = {
    "doi": identifiers.normalise_doi,
    "pmid": identifiers.normalise_pmid,
    "url": identifiers.normalise_url,
}


def may_hold_surrogates(data: bytes) -> bool:
    return _SURROGATE_ESCAPE.search(data) is not None


def unencodable(value: Any) -> str | None:
    """A lone surrogate (as `\\udxxx`) in any string or key of a decoded JSON
    value, or None when all of it can be stored as UTF-8."""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is str:
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                return f"\\u{ord(item[exc.start]):04x}"
        elif type(item) is list:
            stack.extend(item)
        elif type(item) is dict:
            stack.extend(item)
            stack.extend(item.values())
    return None


def is_timestamp(value: Any) -> bool:
    """An ISO 8601 timestamp in the extended form Assay writes (2024-05-01T10:00:00…),
    with a zone, whose UTC instant a datetime can hold."""
    # The separators at 4, 7, 10, 13, 16 (not a regex: this runs twice per annotation)
    # rule out the basic, week and ordinal forms that fromisoformat also takes.
    if type(value) is not str or value[4:17:3] != "--T::" or len(value) < 20:
        return False
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.year in (1, 9999):  # only these can leave the range in UTC
            parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return False  # 2024-13-01, or 9999-12-31T23:59:59-01:00
    return parsed.tzinfo is not None


def is_evidence_value(kind: str, value: str) -> bool:
    """A DOI, PMID or URL must be one (the evidence editor's check); others anything."""
    normalise = _NORMALISERS.get(kind)
    if normalise is None:
        return True
    try:
        normalise(value)
    except ValueError:  # IdentifierError, or urlsplit on "http://[::1"
        return False
    return True


def shown(text: str, limit: int = 60) -> str:
    """Text from a bundle as a message may quote it: on one line, control characters
    and lone surrogates escaped, cut at `limit` characters."""
    cut = "".join(
        c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode()
        for c in text[:limit]
    )
    return cut + ("…" if len(text) > limit else "")
