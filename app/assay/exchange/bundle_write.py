"""Building a bundle's bytes deterministically and writing it atomically."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from assay.exchange.bundle_format import (
    ANNOTATIONS,
    EPOCH,
    EVIDENCE,
    FORMAT,
    HIGHLIGHTS,
    HIGHLIGHTS_FORMAT_VERSION,
    MANIFEST,
    REVIEWERS,
    REVISIONS_FORMAT_VERSION,
    SOURCE_FORMAT_VERSION,
    ZIP_DATE_TIME,
    ZIP_PERMISSIONS,
    dump_document,
    dump_line,
    structure_member,
    text_member,
)
from assay.exchange.bundle_limits import check_export, too_compressed


class DocumentEntry(NamedTuple):
    """A document as an export writes it: its text and its structure member, encoded."""

    sha256: str
    title: str
    source_name: str
    format: str
    text: str
    structure: str  # the structure record, canonical JSON (no trailing newline)
    paged: bool = False  # the structure carries "pages"


def build_members(
    *,
    app_version: str,
    reviewer: tuple[str, str],
    installation: str,
    scope: tuple[str, str],
    documents: Sequence[DocumentEntry],
    reviewers: dict[str, str],
    annotation_lines: Sequence[bytes],
    evidence_lines: Sequence[bytes],
    created: str | None,
    evidence_sourced: bool = False,
    highlight_lines: Sequence[bytes] = (),
) -> list[tuple[str, bytes]]:
    """Every member in its fixed order, manifest first; the same input gives the same bytes.

    Records come already encoded in canonical form (keys sorted, compact) and in bundle
    order. `created` is the newest timestamp in the content (never the wall clock), so
    that exporting an unchanged review twice gives identical files.
    """
    members: list[tuple[str, bytes]] = []
    manifest_documents = []
    for document in documents:
        members.append((text_member(document.sha256), document.text.encode("utf-8")))
        members.append(
            (structure_member(document.sha256), (document.structure + "\n").encode("utf-8"))
        )
        manifest_documents.append(
            {
                "sha256": document.sha256,
                "title": document.title,
                "source_name": document.source_name,
                "format": document.format,
                "text": text_member(document.sha256),
                "structure": structure_member(document.sha256),
            }
        )
    members.append(
        (
            REVIEWERS,
            _jsonl(
                dump_line({"id": rid, "name": reviewers[rid]}).encode("utf-8")
                for rid in sorted(reviewers)
            ),
        )
    )
    members.append((ANNOTATIONS, _jsonl(annotation_lines)))
    members.append((EVIDENCE, _jsonl(evidence_lines)))
    if highlight_lines:  # only then format 6: older Assays keep reading the rest
        members.append((HIGHLIGHTS, _jsonl(highlight_lines)))
    manifest = {
        "format": FORMAT,
        # The oldest version that can carry this content (see bundle_format).
        "format_version": _format_version(evidence_sourced, bool(highlight_lines)),
        "installation": installation,
        "app_version": app_version,
        "created": created or EPOCH,
        "reviewer": {"id": reviewer[0], "name": reviewer[1]},
        "scope": {"documents": scope[0], "annotations": scope[1]},
        "documents": manifest_documents,
        "members": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in members
        },
    }
    result = [(MANIFEST, dump_document(manifest)), *members]
    check_export(result, documents)  # never write a bundle that Assay would refuse
    return result


def _format_version(evidence_sourced: bool, highlighted: bool) -> int:
    if highlighted:
        return HIGHLIGHTS_FORMAT_VERSION
    return SOURCE_FORMAT_VERSION if evidence_sourced else REVISIONS_FORMAT_VERSION


def _jsonl(lines: Iterable[bytes]) -> bytes:
    data = b"\n".join(lines)
    return data + b"\n" if data else b""


def zip_bytes(members: Sequence[tuple[str, bytes]], stored: frozenset[str] = frozenset()) -> bytes:
    """A zip with fixed timestamps, permissions and order: reproducible bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = method
            info.external_attr = ZIP_PERMISSIONS
            info.create_system = 3  # Unix, whatever the platform writing it
            # Level 1: a third of level 6's time; bundles grow by about a sixth
            # (the annotated sample: 143 → 168 KB), still small for email.
            archive.writestr(info, data, compress_type=method, compresslevel=1)
        bomb_like = too_compressed(archive.infolist())
    if bomb_like - stored:
        # A member that deflates like a zip bomb (a long run of one character) is
        # stored as it is: bigger, but a reader never refuses it.
        return zip_bytes(members, stored | bomb_like)
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes, *, private: bool = True) -> None:
    """Temp file in the same folder, fsync, rename: a failure never leaves half a file.

    The file is the owner's alone (0600, as mkstemp makes it) when `private`: a bundle
    holds the reviewer's work. An export meant for others (a report, a table) gets the
    mode any new file of the user gets (0666 less the umask)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if not private and hasattr(os, "fchmod"):  # Windows has no modes to set
                os.fchmod(stream.fileno(), 0o666 & ~_UMASK)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read_umask() -> int:
    """The process's umask, read once at import (reading it means setting it, which a
    worker thread must not do while another creates files)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


_UMASK = _read_umask()
