"""Keeping the file a document came from: its bytes, and the text parsed from exactly them.

A PDF is read once from an opened regular file (`reading.open_regular`); the text is then
parsed from a private copy of those bytes, not from the path again, so the kept file is
always the one whose text was imported even if the file changes meanwhile.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from assay.core.model import ParsedDocument
from assay.text.errors import ImportRefused
from assay.text.reading import display_name, human_size, read_capped

ProgressCallback = Callable[[int, int, str], None]
CancelCallback = Callable[[], bool]

PDF_MEDIA_TYPE = "application/pdf"
_PDF_MAGIC = b"%PDF-"
# A review holds the original whole: past this, the document is imported without it
# (the corpus's largest paper is 2 MB; a 1,000-page report is ~50 MB).
MAX_ORIGINAL_BYTES = 256_000_000


class OriginalTooLarge(ImportRefused):
    """A PDF too large to keep in the review (it can still be imported without it)."""


@dataclass(frozen=True, slots=True)
class OriginalFile:
    file_name: str
    media_type: str
    content: bytes
    sha256: str


def keeps_original(path: Path) -> bool:
    """Whether importing this file keeps its original (PDFs, for the page view)."""
    return Path(path).suffix.lower() == ".pdf"


def read_original(path: Path) -> OriginalFile:
    """A PDF's bytes from an opened regular file; ImportRefused if it is not a PDF."""
    path = Path(path)
    content = read_capped(path, MAX_ORIGINAL_BYTES, "PDFs", refusal=OriginalTooLarge)
    if _PDF_MAGIC not in content[:1024]:
        raise ImportRefused(
            f"“{display_name(path)}” is not a PDF (it is damaged or another kind of file)."
        )
    return OriginalFile(path.name, PDF_MEDIA_TYPE, content, hashlib.sha256(content).hexdigest())


def parse_keeping_original(
    path: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> tuple[ParsedDocument, OriginalFile | None]:
    """`parse_file`, plus the original bytes for a PDF (None for other formats)."""
    from assay.text.pipeline import parse_file

    path = Path(path)
    if not keeps_original(path):
        return parse_file(path, progress=progress, cancel=cancel), None
    try:
        original = read_original(path)
    except OriginalTooLarge:
        parsed = parse_file(path, progress=progress, cancel=cancel)
        note = (
            f"The PDF is larger than {human_size(MAX_ORIGINAL_BYTES)}: it was not kept in "
            "the review, so its pages cannot be shown beside the text."
        )
        return replace(parsed, notes=(*parsed.notes, note)), None
    with tempfile.TemporaryDirectory(prefix="assay-original-") as folder:
        copy = Path(folder) / path.name  # same name: same title and messages
        copy.write_bytes(original.content)
        parsed = parse_file(copy, progress=progress, cancel=cancel)
    return parsed, original
