"""Files an operation made itself, so that a failure removes exactly those.

Clean-up goes by identity, never by path: between the moment a file is made and
the moment a failure is cleaned up, another program (another `assay new`, the
reviewer in a file manager) may have put its own file at the same path, and that
file must survive. A file counts as ours while the path still names the inode
(st_dev, st_ino) we created with O_EXCL. On POSIX we keep a descriptor of it open
until the operation is over: an inode number is reused as soon as its file is gone,
and an open descriptor keeps ours from going.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

# What SQLite keeps beside a database while it is open (or after a failed close).
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
# Windows cannot rename or delete a file while a descriptor of it is open.
_HOLD_OPEN = os.name != "nt"


class CreatedFile:
    """One file this operation made; `remove()` it on failure, `close()` when done."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = Path(path)
        made = os.fstat(fd)
        self.device, self.inode = made.st_dev, made.st_ino
        self._fd: int | None = fd if _HOLD_OPEN else None
        if not _HOLD_OPEN:
            os.close(fd)

    def is_ours(self) -> bool:
        try:
            now = os.lstat(self.path)
        except OSError:
            return False
        return (now.st_dev, now.st_ino) == (self.device, self.inode)

    def moved_to(self, path: Path) -> CreatedFile:
        """The same file after this operation renamed or linked it to `path`."""
        self.path = Path(path)
        return self

    def remove(self) -> bool:
        """Unlink the file if the path still names it (and SQLite's side files, which
        can only be its own then); leave anything else alone. True if removed."""
        try:
            if not self.is_ours():
                return False
            # Microseconds pass between the check and the unlink; the window the old
            # path-based clean-up left open was the whole operation.
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            for suffix in SQLITE_SIDE_FILES:
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{self.path}{suffix}").unlink()
            return True
        finally:
            self.close()

    def close(self) -> None:
        """The operation is over (kept or removed): let go of the descriptor."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def create_exclusive(path: Path) -> CreatedFile:
    """Make an empty file that did not exist (FileExistsError otherwise)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return CreatedFile(Path(path), os.open(path, flags, 0o666))


@dataclass(slots=True)
class CreatedFiles:
    """The undo log of one operation: what it made, removed again if it fails."""

    files: list[CreatedFile] = field(default_factory=list)

    def add(self, created: CreatedFile) -> None:
        self.files.append(created)

    def remove_all(self) -> None:
        """Newest first; never raises (it runs while another error is on its way up)."""
        while self.files:
            with contextlib.suppress(OSError):
                self.files.pop().remove()

    def keep_all(self) -> None:
        """The operation succeeded: its files stay; let go of them."""
        while self.files:
            self.files.pop().close()
