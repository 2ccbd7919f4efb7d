"""Opening a file that must be a regular file: documents, bundles, library exports.

A folder, a device such as /dev/zero (endless) or a named pipe (which waits for a
writer for ever) is refused from its `stat` before a byte is read, and the opened
descriptor is checked again, since the path may have been swapped in between. Each
caller turns `NotARegularFile.kind` into its own message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

# O_NONBLOCK: a pipe swapped in after the stat must not make the open wait for a writer
# (it changes nothing for a regular file); O_NOCTTY: a terminal must not become ours;
# O_BINARY: no newline translation on Windows.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS = (
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "pipe"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "disk"),
    (stat.S_ISSOCK, "socket"),
)


class NotARegularFile(Exception):
    """`kind`: folder, pipe, device, disk, socket, or other."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is a {kind}, not a regular file")
        self.kind = kind


def open_regular(path: Path) -> BinaryIO:
    """The file opened for binary reading. Raises NotARegularFile, or OSError."""
    _refuse_special(path, os.stat(path).st_mode)
    handle = os.open(path, _OPEN_FLAGS)
    try:
        _refuse_special(path, os.fstat(handle).st_mode)
    except BaseException:
        os.close(handle)
        raise
    return os.fdopen(handle, "rb")


def _refuse_special(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((kind for test, kind in _KINDS if test(mode)), "other")
    raise NotARegularFile(path, kind)
