"""Bytes → str: strict UTF-8 first, then charset detection, then cp1252/latin-1."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from assay.text.errors import ImportRefused

_BOM = b"\xef\xbb\xbf"
# Control characters that never occur in text (tab, LF, FF, CR are fine).
_TEXT_CONTROLS = frozenset(b"\t\n\f\r")
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # the codec actually used, e.g. "utf-8", "cp1252"


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
    if not data.strip():
        raise ImportRefused(f"“{name}” is empty: there is no text to import.")
    if _looks_binary(data):
        raise ImportRefused(f"“{name}” looks like a binary file, not text.")
    try:
        return DecodedText(data.removeprefix(_BOM).decode("utf-8"), "utf-8")
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
    """Read and decode a text file; ImportRefused for empty, binary, undecodable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"“{path.name}” cannot be read: {error.strerror}.") from error
    return decode_bytes(data, path.name)
