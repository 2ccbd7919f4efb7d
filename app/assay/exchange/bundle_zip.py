"""Reading a bundle's zip members into memory, with limits, never extracting to disk.

Everything the zip's directory declares is checked before a byte is inflated: that the
file is a regular file, then the members' names, number, kinds (no links), encryption
and compression, each one's size and compression ratio, and their totals. Each member
is then inflated with a cap at its declared size, so a header that lies stops there
(zipfile ends the stream at that size and the CRC fails).
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from assay.core.regular_files import NotARegularFile, open_regular
from assay.exchange import bundle_format as fmt
from assay.exchange.bundle_format import BundleError
from assay.exchange.bundle_limits import manifest_limit, ratio_allows
from assay.exchange.bundle_values import shown

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
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_MB = 1024 * 1024
_AGAIN = "ask the sender to export it again."


def read_members(path: Path) -> dict[str, bytes]:
    """Every member of the zip, by name, after checking names and sizes."""
    name = Path(path).name
    with _open_regular_file(Path(path)) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > fmt.MAX_BUNDLE_BYTES:
            raise BundleError(
                f"“{name}” is {size / _MB:,.0f} MB, more than a bundle may be "
                f"({fmt.MAX_BUNDLE_BYTES / _MB:,.0f} MB)."
            )
        try:
            if not zipfile.is_zipfile(stream):
                raise BundleError(
                    f"“{name}” is not an Assay bundle (not a zip file, or truncated): {_AGAIN}"
                )
            stream.seek(0)
            with zipfile.ZipFile(stream) as archive:
                infos = archive.infolist()
                check_entries(name, infos, size)
                return {info.filename: _inflate(name, archive, info) for info in infos}
        except BundleError:
            raise
        except OSError as exc:
            raise BundleError(unreadable(name, exc)) from exc
        except ZIP_FAILURES as exc:
            raise BundleError(
                f"“{name}” is damaged (the zip cannot be read: {exc}): {_AGAIN}"
            ) from exc


def unreadable(name: str, exc: OSError) -> str:
    """What went wrong opening or reading a bundle file, for the reviewer."""
    if isinstance(exc, FileNotFoundError):
        return f"“{name}” cannot be read: it is not there (moved or deleted?)."
    if isinstance(exc, PermissionError):
        return (
            f"“{name}” cannot be read: permission denied. Ask its owner to share it "
            "with you, or copy it to a folder of yours."
        )
    if isinstance(exc, IsADirectoryError):
        return f"“{name}” is a folder, not a bundle: choose the .assaybundle file in it."
    return f"“{name}” cannot be read: {exc.strerror or exc}."


_NOT_FILES = {
    "folder": "is a folder, not a bundle: choose the .assaybundle file in it",
    "pipe": "is a named pipe (FIFO), not a bundle: save the bundle to a file first",
    "device": "is a device, not a bundle: choose a saved .assaybundle file",
    "disk": "is a disk device, not a bundle: choose a saved .assaybundle file",
    "socket": "is a socket, not a bundle: choose a saved .assaybundle file",
}


def _open_regular_file(path: Path) -> BinaryIO:
    """The file opened for reading, or a BundleError (core.regular_files)."""
    try:
        return open_regular(path)
    except NotARegularFile as exc:
        reason = _NOT_FILES.get(exc.kind)
        if reason is None:
            raise BundleError(
                f"“{path.name}” is not a regular file, so it cannot be a bundle."
            ) from exc
        raise BundleError(f"“{path.name}” {reason}; nothing was read from it.") from exc
    except OSError as exc:
        raise BundleError(unreadable(path.name, exc)) from exc


def check_entries(bundle: str, infos: list[zipfile.ZipInfo], file_size: int) -> None:
    """Refuse on what the zip's directory declares, before anything is inflated."""
    if len(infos) > fmt.MAX_MEMBERS:
        raise BundleError(f"“{bundle}” has {len(infos):,} members; at most {fmt.MAX_MEMBERS:,}.")
    documents = sum(1 for info in infos if info.filename.endswith("/" + fmt.TEXT_MEMBER))
    seen: set[str] = set()
    inflated = compressed = 0
    for info in infos:
        member = info.filename
        if not is_safe_name(member):
            raise BundleError(f"“{bundle}” is refused: unsafe member name “{shown(member)}”.")
        if member in seen:
            raise BundleError(f"“{bundle}” is refused: member “{member}” appears twice.")
        seen.add(member)
        _check_entry(bundle, info, file_size, documents)
        inflated += info.file_size
        compressed += info.compress_size
    if compressed > file_size:
        raise BundleError(f"“{bundle}” is damaged: its members overlap or run past its end.")
    if inflated > fmt.MAX_TOTAL_BYTES or not ratio_allows(inflated, compressed):
        raise BundleError(
            f"“{bundle}” is refused: its members decompress past the size limit "
            f"({inflated / _MB:,.0f} MB from {compressed / _MB:,.1f} MB; a damaged file or "
            "a zip bomb)."
        )
    if fmt.MANIFEST not in seen:
        raise BundleError(f"“{bundle}” is not an Assay bundle: it has no {fmt.MANIFEST}.")


def _check_entry(bundle: str, info: zipfile.ZipInfo, file_size: int, documents: int) -> None:
    member = info.filename
    kind = stat.S_IFMT(info.external_attr >> 16)
    if info.create_system == 3 and kind not in (0, stat.S_IFREG):
        raise BundleError(
            f"“{bundle}” is refused: member “{member}” is a link or a special file, not a file."
        )
    if info.flag_bits & 0x1:
        raise BundleError(f"“{bundle}” is refused: member “{member}” is encrypted.")
    if info.compress_type not in _READABLE:
        raise BundleError(
            f"“{bundle}” is refused: member “{member}” uses a compression method "
            f"({info.compress_type}) that bundles do not use."
        )
    limit = manifest_limit(documents) if member == fmt.MANIFEST else fmt.MAX_MEMBER_BYTES
    if info.compress_size > file_size:
        raise BundleError(f"“{bundle}” is damaged: member “{member}” runs past its end.")
    if info.file_size > limit or not ratio_allows(info.file_size, info.compress_size):
        raise BundleError(
            f"“{bundle}” is refused: member “{member}” decompresses past the size limit "
            f"({info.file_size:,} bytes from {info.compress_size:,}; a damaged file or "
            "a zip bomb)."
        )


def _inflate(bundle: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise BundleError(
            f"“{bundle}” is damaged: member “{info.filename}” is not the size its header says."
        )
    return data


def is_safe_name(member: str) -> bool:
    """Only the names the format defines: nothing absolute, no `..`, no backslash or drive."""
    if not member or member.startswith("/") or "\\" in member or ":" in member:
        return False
    if ".." in member.split("/") or "\x00" in member:
        return False
    fixed = (fmt.MANIFEST, fmt.REVIEWERS, fmt.ANNOTATIONS, fmt.EVIDENCE, fmt.HIGHLIGHTS)
    return member in fixed or fmt.DOCUMENT_MEMBER_RE.fullmatch(member) is not None
