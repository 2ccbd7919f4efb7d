"""Files → bytes → str.

Only regular files are opened (a device or a FIFO would never end), and text is read
up to a size cap. Decoding: a UTF-16/32 byte order mark, or the NUL-byte pattern of
BOM-less UTF-16/32; else strict UTF-8 (BOM stripped), then charset detection, then
cp1252/latin-1.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from assay.core import regular_files
from assay.text.errors import ImportRefused

# Text and web pages are read whole into memory: 64 MB is ~500,000 sentences of prose,
# far past any paper or report; parsing costs ~15 bytes a byte, ~1 GB at the limit,
# which a laptop can spare (200 MB would have needed ~3 GB).
MAX_TEXT_BYTES = 64_000_000
# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in text (tab, LF, FF, CR are fine).
_TEXT_CONTROLS = frozenset(b"\t\n\f\r")
_SNIFF_BYTES = 64 * 1024
_CHUNK = 1 << 20
_NOT_FILES = {
    "folder": "is a folder, not a document: choose a file inside it",
    "pipe": "is a named pipe (FIFO), not a document: save the text to a file first",
    "device": "is a device, not a document: choose a saved file",
    "disk": "is a disk device, not a document: choose a saved file",
    "socket": "is a socket, not a document: choose a saved file",
}


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # the codec actually used, e.g. "utf-8", "cp1252", "utf-16-le"


def display_name(path: Path) -> str:
    return path.name or str(path)


def file_error(path: Path, error: OSError) -> ImportRefused:
    """An OSError on a document file as a message saying what to do."""
    name = display_name(path)
    if isinstance(error, FileNotFoundError):
        return ImportRefused(
            f"“{name}” was not found: it may have been moved, renamed or deleted. "
            "Choose the file again."
        )
    if isinstance(error, PermissionError):
        return ImportRefused(
            f"“{name}” cannot be read: permission denied. Copy it to a folder of yours, "
            "or ask its owner to let you read it."
        )
    if isinstance(error, IsADirectoryError):
        return ImportRefused(f"“{name}” is a folder, not a document: choose a file inside it.")
    reason = error.strerror or str(error)
    return ImportRefused(f"“{name}” cannot be read: {reason}. Check the file and try again.")


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; ImportRefused for anything else, before a byte
    is read (core.regular_files)."""
    try:
        return regular_files.open_regular(path)
    except regular_files.NotARegularFile as exc:
        reason = _NOT_FILES.get(exc.kind, "is not a regular file: choose a document")
        raise ImportRefused(f"“{display_name(path)}” {reason}.") from exc
    except OSError as error:
        raise file_error(path, error) from error


def human_size(size: int) -> str:
    if size >= 1_000_000_000:
        return f"{size / 1e9:.1f} GB"
    return f"{max(1, round(size / 1e6))} MB"


def too_large(path: Path, size: int | None, limit: int, what: str) -> ImportRefused:
    found = f" ({human_size(size)})" if size else ""
    return ImportRefused(
        f"“{display_name(path)}” is too large to import{found}: {what} of up to "
        f"{human_size(limit)} are read. Split it into smaller documents."
    )


def read_capped(
    path: Path,
    limit: int = MAX_TEXT_BYTES,
    what: str = "text files",
    refusal: type[ImportRefused] = ImportRefused,
) -> bytes:
    """A regular file's bytes, refused past `limit` (checked before and while reading)
    with a `refusal` (a subclass lets a caller tell "too large" from other refusals)."""
    with open_regular(path) as file:
        try:
            size = os.fstat(file.fileno()).st_size
            if size > limit:
                raise refusal(str(too_large(path, size, limit, what)))
            chunks: list[bytes] = []
            length = 0
            while length <= limit:  # the file may grow while it is read
                chunk = file.read(min(_CHUNK, limit + 1 - length))
                if not chunk:
                    break
                chunks.append(chunk)
                length += len(chunk)
        except OSError as error:
            raise file_error(path, error) from error
    if length > limit:
        raise refusal(str(too_large(path, None, limit, what)))
    return b"".join(chunks)


def bom_codec(data: bytes) -> tuple[str, int] | None:
    """The codec a byte order mark announces, and the mark's length."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def _wide_codecs(sample: bytes) -> list[str]:
    """BOM-less UTF-32/16 candidates from where the NUL bytes fall: a code unit of
    ASCII-range text has a zero high byte, so the zeros line up in one column."""
    sample = sample[: len(sample) - len(sample) % 4]
    units = len(sample) // 4
    if not units or b"\x00" not in sample:
        return []
    zeros = [sample[column::4].count(0) for column in range(4)]
    candidates = []
    # UTF-32: code points stop at U+10FFFF, so the top byte is always zero.
    if zeros[3] == units and zeros[2] * 2 >= units:
        candidates.append("utf-32-le")
    if zeros[0] == units and zeros[1] * 2 >= units:
        candidates.append("utf-32-be")
    odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]
    if odd >= units * 0.2 and odd >= even * 2:
        candidates.append("utf-16-le")
    if even >= units * 0.2 and even >= odd * 2:
        candidates.append("utf-16-be")
    return candidates


def _decode_wide(data: bytes, name: str) -> DecodedText | None:
    """UTF-16 or UTF-32 text, with a byte order mark or recognised without one."""
    found = bom_codec(data)
    if found is not None and found[0] != "utf-8":
        codec, skip = found
        try:
            text = data[skip:].decode(codec)
        except UnicodeDecodeError as error:
            raise ImportRefused(
                f"“{name}” is marked as {codec.upper()} text but is damaged at byte "
                f"{error.start + skip:,} ({error.reason}): save it again from the program "
                "that made it."
            ) from error
        return DecodedText(text, codec) if _mostly_printable(text) else None
    for codec in _wide_codecs(data[:_SNIFF_BYTES]):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return DecodedText(text, codec)
    return None


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 10% control bytes, in the first 64 KB."""
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > len(sample) * 0.10


def _mostly_printable(text: str) -> bool:
    sample = text[:_SNIFF_BYTES]
    bad = sum(1 for ch in sample if not (ch.isprintable() or ch in "\t\n\r\f"))
    return bad <= len(sample) * 0.02


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """Decode a file's bytes, or raise ImportRefused naming the file."""
    decoded = _decode(data, name)
    if not decoded.text.strip():
        raise ImportRefused(f"“{name}” is empty: there is no text to import.")
    return decoded


def _decode(data: bytes, name: str) -> DecodedText:
    if not data.strip():
        raise ImportRefused(f"“{name}” is empty: there is no text to import.")
    wide = _decode_wide(data, name)
    if wide is not None:
        return wide
    if _looks_binary(data):
        raise ImportRefused(f"“{name}” looks like a binary file, not text.")
    try:
        return DecodedText(data.removeprefix(codecs.BOM_UTF8).decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is not None and best.encoding.startswith(("cp125", "latin", "iso8859")):
        best = None  # single-byte Latin guesses are unreliable: prefer cp1252 below
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and _mostly_printable(text):
            return DecodedText(text, best.encoding.replace("_", "-"))
    for fallback in ("cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return DecodedText(text, fallback)
    raise ImportRefused(f"“{name}” is not readable text in any known encoding.")


def read_text_file(path: Path) -> DecodedText:
    """Read and decode a text file; ImportRefused for a special, too large, empty,
    binary or undecodable file."""
    return decode_bytes(read_capped(path), display_name(path))
