"""Reading a bundle's zip members into memory, with limits, never extracting to disk."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from assay.exchange import bundle_format as fmt
from assay.exchange.bundle_format import BundleError

# What zipfile and zlib raise on damaged input; all of it becomes a BundleError.
ZIP_FAILURES = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,  # encrypted members
    OverflowError,
    IndexError,
    KeyError,
    UnicodeError,
)


def read_members(path: Path) -> dict[str, bytes]:
    """Every member of the zip, by name, after checking names and sizes.

    The declared size is checked first, then each member is read with a cap one byte
    past its limit, so a header that lies about its size cannot get past either.
    """
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleError(f"“{name}” cannot be read: {exc.strerror or exc}.") from exc
    if size > fmt.MAX_BUNDLE_BYTES:
        raise BundleError(f"“{name}” is {size:,} bytes, more than a bundle may be.")
    try:
        if not zipfile.is_zipfile(path):
            raise BundleError(f"“{name}” is not an Assay bundle (not a zip file, or truncated).")
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_names(name, infos)
            members: dict[str, bytes] = {}
            total = 0
            for info in infos:
                limit = (
                    fmt.MAX_MANIFEST_BYTES
                    if info.filename == fmt.MANIFEST
                    else fmt.MAX_MEMBER_BYTES
                )
                limit = min(limit, fmt.MAX_TOTAL_BYTES - total)
                if info.file_size > limit:
                    raise _too_big(name, info.filename)
                with archive.open(info) as stream:
                    data = stream.read(limit + 1)
                if len(data) > limit:
                    raise _too_big(name, info.filename)
                total += len(data)
                members[info.filename] = data
            return members
    except BundleError:
        raise
    except OSError as exc:
        raise BundleError(f"“{name}” cannot be read: {exc.strerror or exc}.") from exc
    except ZIP_FAILURES as exc:
        raise BundleError(f"“{name}” is damaged (the zip cannot be read: {exc}).") from exc


def _too_big(bundle: str, member: str) -> BundleError:
    return BundleError(
        f"“{bundle}” is refused: member “{member}” decompresses past the size limit "
        "(a damaged file or a zip bomb)."
    )


def _check_names(bundle: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > fmt.MAX_MEMBERS:
        raise BundleError(f"“{bundle}” has {len(infos):,} members; at most {fmt.MAX_MEMBERS:,}.")
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        if not is_safe_name(member):
            raise BundleError(f"“{bundle}” is refused: unsafe member name “{member}”.")
        if member in seen:
            raise BundleError(f"“{bundle}” is refused: member “{member}” appears twice.")
        seen.add(member)
    if fmt.MANIFEST not in seen:
        raise BundleError(f"“{bundle}” is not an Assay bundle: it has no {fmt.MANIFEST}.")


def is_safe_name(member: str) -> bool:
    """Only the names the format defines: nothing absolute, no `..`, no backslash or drive."""
    if not member or member.startswith("/") or "\\" in member or ":" in member:
        return False
    if ".." in member.split("/") or "\x00" in member:
        return False
    fixed = (fmt.MANIFEST, fmt.REVIEWERS, fmt.ANNOTATIONS, fmt.EVIDENCE)
    return member in fixed or fmt.DOCUMENT_MEMBER_RE.fullmatch(member) is not None
