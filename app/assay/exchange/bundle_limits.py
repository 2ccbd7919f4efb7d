"""The size and count limits of a bundle, for the reader and for the export alike.

The reader refuses a bundle past any of them before it inflates a byte (bundle_zip);
an export checks its members against the same ones before it writes anything, so a
bundle Assay makes is never one that Assay refuses.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from assay.exchange import bundle_format as fmt
from assay.exchange import bundle_records as records
from assay.exchange.bundle_format import BundleError
from assay.exchange.bundle_values import shown

_MB = 1024 * 1024


class DocumentLike(Protocol):
    sha256: str
    title: str
    source_name: str


def manifest_limit(documents: int) -> int:
    """How large a manifest listing `documents` documents may be."""
    return fmt.MANIFEST_BASE_BYTES + documents * fmt.MANIFEST_DOCUMENT_BYTES


def ratio_allows(inflated: int, compressed: int) -> bool:
    """Whether `compressed` bytes may inflate to `inflated` (no bomb ratio)."""
    return inflated <= max(fmt.RATIO_FREE_BYTES, fmt.MAX_RATIO * compressed)


def check_export(members: Sequence[tuple[str, bytes]], documents: Sequence[DocumentLike]) -> None:
    """Raise BundleError if a bundle of these members would be refused by a reader."""
    fewer = "export fewer documents at a time (choose them, or `assay export --document`)"
    if len(documents) > fmt.MAX_DOCUMENTS:
        raise BundleError(
            f"A bundle holds at most {fmt.MAX_DOCUMENTS:,} documents and this export has "
            f"{len(documents):,}: {fewer}. Nothing was written."
        )
    titles = {fmt.text_member(d.sha256): d for d in documents}
    titles.update({fmt.structure_member(d.sha256): d for d in documents})
    for document in documents:
        for what, value in (("title", document.title), ("file name", document.source_name)):
            if len(value) > fmt.MAX_TEXT_FIELD:
                raise BundleError(
                    f"The {what} of “{shown(value)}” is {len(value):,} characters long, more "
                    f"than a bundle may carry ({fmt.MAX_TEXT_FIELD:,}): leave that document "
                    "out of the export. Nothing was written."
                )
    total = 0
    for name, data in members:
        total += len(data)
        limit = manifest_limit(len(documents)) if name == fmt.MANIFEST else fmt.MAX_MEMBER_BYTES
        if len(data) > limit:
            document = titles.get(name)
            what = f"“{shown(document.title)}”" if document else name
            raise BundleError(
                f"{what} comes to {len(data) / _MB:,.1f} MB in the bundle, more than one "
                f"bundle member may hold ({limit / _MB:,.1f} MB): "
                f"{'leave that document out' if document else fewer}. Nothing was written."
            )
    if total > fmt.MAX_TOTAL_BYTES:
        raise BundleError(
            f"This export comes to {total / _MB:,.0f} MB, more than a bundle may hold "
            f"({fmt.MAX_TOTAL_BYTES / _MB:,.0f} MB): {fewer}. Nothing was written."
        )
    _check_long_records(dict(members), {d.sha256: d.title for d in documents})


_CHECKERS: dict[str, Callable[[Any], object]] = {
    fmt.REVIEWERS: records.reviewer,
    fmt.ANNOTATIONS: records.annotation,
    fmt.EVIDENCE: records.evidence,
    fmt.HIGHLIGHTS: records.highlight,
}


def _check_long_records(members: dict[str, bytes], titles: dict[str, str]) -> None:
    """A record is checked in full only when its line is long enough to hold a text past
    the field limit (a rationale is never cut short, so it can be that long)."""
    for member, check in _CHECKERS.items():
        for line in long_lines(members.get(member, b""), fmt.MAX_TEXT_FIELD):
            record = json.loads(line)
            try:
                check(record)
            except ValueError as exc:  # RecordError
                raise BundleError(
                    f"{_which(record, titles)} cannot go into a bundle: {exc}. Shorten it, "
                    "or leave its document out of the export. Nothing was written."
                ) from exc


def long_lines(data: bytes, limit: int) -> Iterator[bytes]:
    """The lines of `data` longer than `limit` bytes, in about len(data) / limit steps
    (splitting 70 MB of annotations into lines would take a tenth of a second)."""
    start = 0
    while start + limit < len(data):
        newline = data.rfind(b"\n", start, start + limit + 1)
        if newline >= 0:  # the line at `start` is short; look past this newline
            start = newline + 1
            continue
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        yield data[start:end]
        start = end + 1


def _which(record: dict[str, Any], titles: dict[str, str]) -> str:
    if "ordinal" in record:
        title = titles.get(record.get("document", ""), "")
        return f"An annotation in “{shown(title)}”"
    if "exact" in record:
        return "A highlight"
    if "annotation" in record:
        return "An evidence item"
    return f"The reviewer name “{shown(str(record.get('name')))}”"


def too_compressed(infos: Sequence[zipfile.ZipInfo]) -> frozenset[str]:
    """Members an export must store rather than deflate for a reader to accept the zip:
    those past the ratio alone, or, when the whole zip is past it, all above the ratio."""
    over = frozenset(i.filename for i in infos if not ratio_allows(i.file_size, i.compress_size))
    inflated = sum(i.file_size for i in infos)
    if ratio_allows(inflated, sum(i.compress_size for i in infos)):
        return over
    return over | {i.filename for i in infos if i.file_size > fmt.MAX_RATIO * i.compress_size}
