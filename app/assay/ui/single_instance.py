"""One running Assay per user session: a second start hands its files to the first.

The first Assay listens on a local socket (`QLocalServer`: a Unix socket, a named pipe
on Windows) named for the user and their settings folder. `assay FILE` (a double-click)
first tries to connect: when a running Assay answers, it sends the file's absolute path
and exits; the running window opens it as a start with that file would. A socket left by
an Assay that died is removed before listening (`QLocalServer.removeServer`).

The message is one line of JSON, `{"paths": [...]}`, answered by `ok`. ASSAY_INSTANCE
names the server instead (tests: one per test, so parallel runs never meet).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QObject, Signal, Slot

from assay.services import config

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

ENV_NAME = "ASSAY_INSTANCE"
CONNECT_MS = 500  # a running Assay answers at once; a dead socket refuses at once
ANSWER_MS = 5000  # the running window may be busy painting for a moment
MAX_MESSAGE = 1 << 16
ACK = b"ok\n"

log = logging.getLogger("assay.instance")


def server_name() -> str:
    override = os.environ.get(ENV_NAME)
    if override:
        return override
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        user = ""
    # The settings folder too: two ASSAY_HOMEs (portable installs) are two Assays.
    # A checksum, not a hash: hashlib costs the start 3 ms, and the socket is the user's own.
    key = f"{user}\0{config.config_dir().absolute()}".encode()
    return f"assay-{zlib.crc32(key):08x}"


def _may_be_listening(name: str) -> bool:
    """False when no Assay listens for sure (no socket file): the start then skips
    loading QtNetwork (~13 ms) until after its first paint. On Windows, where looking at
    a named pipe would connect to it, always True."""
    if sys.platform == "win32":
        return True
    return os.path.exists(name if os.path.isabs(name) else os.path.join(QDir.tempPath(), name))


def hand_over(paths: Sequence[Path], name: str | None = None) -> bool:
    """True when a running Assay took `paths` (it opens them); False when none runs
    (or it did not answer), and this process must start its own window."""
    name = name or server_name()
    if not _may_be_listening(name):
        return False
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = {"paths": [str(Path(p).absolute()) for p in paths]}
    socket.write(json.dumps(message).encode("utf-8") + b"\n")
    socket.flush()
    answer = b""
    while ACK not in answer and socket.waitForReadyRead(ANSWER_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    if ACK not in answer:
        log.warning("A running Assay did not answer; starting another window.")
        return False
    return True


class InstanceServer(QObject):
    """Listens for later starts; `received(paths)` on the UI thread for each."""

    received = Signal(list)

    def __init__(self, parent: QObject | None = None, name: str | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        # Unix: the socket file only the user may use (Windows pipes are per user already).
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # A socket left behind by an Assay that died (no one answered `hand_over`).
        self.server.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        log.warning("Cannot listen as %s: %s", self.name, self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    @Slot()
    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._on_ready(socket)

    def _on_ready(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            log.warning("Refused an over-long message on %s.", self.name)
            socket.abort()
            self._forget(socket)
            return
        self._buffers[socket] = data
        if b"\n" not in data:
            return
        paths = _parse(data.split(b"\n", 1)[0])
        socket.write(ACK)
        socket.flush()
        socket.disconnectFromServer()
        self._forget(socket)
        if paths is not None:
            log.info("Handed over by another start: %s", [str(p) for p in paths])
            self.received.emit(paths)

    def _forget(self, socket: QLocalSocket) -> None:
        if self._buffers.pop(socket, None) is not None:
            socket.deleteLater()


def _parse(line: bytes) -> list[Path] | None:
    try:
        message = json.loads(line.decode("utf-8"))
        paths = message["paths"]
    except (ValueError, KeyError, TypeError):
        log.warning("Ignored a malformed message from another start.")
        return None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        log.warning("Ignored a malformed message from another start.")
        return None
    return [Path(p) for p in paths]
