"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 releases a reference to None on every call of a C++
method that returns void; after a few thousand formatting calls the interpreter
aborts ("deallocating None"). pyproject.toml excludes that release; this test fails
loudly if an installed binding has the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextBlockFormat


def test_void_methods_keep_none_alive():
    block_format = QTextBlockFormat()
    before = sys.getrefcount(None)
    for _ in range(200):
        block_format.setIndent(1)
    assert sys.getrefcount(None) >= before - 5
