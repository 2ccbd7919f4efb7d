"""Code points (how Assay stores offsets) ↔ UTF-16 units (how QTextDocument counts).

They differ only after a character outside the Basic Multilingual Plane (an emoji,
a rare CJK ideograph), so the usual case is the identity and costs nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# Found by the regex engine (C speed): a Python loop over a 1 MB text takes 0.1-0.2 s.
_WIDE = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    def __init__(self, text: str) -> None:
        # Code-point positions of characters that take two UTF-16 units.
        self._wide = [m.start() for m in _WIDE.finditer(text)] if not text.isascii() else []
        # The same characters' positions in UTF-16 units, for the reverse mapping.
        self._wide_utf16 = [p + n for n, p in enumerate(self._wide)]

    def to_utf16(self, code_point: int) -> int:
        if not self._wide:
            return code_point
        return code_point + bisect_left(self._wide, code_point)

    def to_code_point(self, utf16: int) -> int:
        if not self._wide:
            return utf16
        return utf16 - bisect_left(self._wide_utf16, utf16)
