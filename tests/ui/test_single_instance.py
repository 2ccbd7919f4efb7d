"""One running Assay: a later `assay FILE` hands the file to the window that runs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket

from assay.core.model import Reviewer
from assay.services.session import ReviewSession
from assay.ui.app import listen_for_later_starts
from assay.ui.single_instance import ENV_NAME, InstanceServer, hand_over, server_name


@pytest.fixture
def instance_name(monkeypatch: pytest.MonkeyPatch) -> str:
    """A server name of this test's own, also for the processes it starts."""
    name = f"assay-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv(ENV_NAME, name)
    return name


def test_the_server_name_is_per_user_and_settings_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ENV_NAME, raising=False)
    first = server_name()
    assert first.startswith("assay-") and first == server_name()
    monkeypatch.setenv("ASSAY_HOME", str(tmp_path))  # a portable install: another Assay
    assert server_name() != first
    monkeypatch.setenv(ENV_NAME, "assay-test-x")
    assert server_name() == "assay-test-x"


def test_the_server_receives_a_path_and_answers(qtbot, instance_name: str) -> None:
    server = InstanceServer(name=instance_name)
    assert server.listen()
    client = QLocalSocket()
    client.connectToServer(instance_name)
    assert client.waitForConnected(1000)
    with qtbot.waitSignal(server.received, timeout=5000) as received:
        client.write(json.dumps({"paths": ["/reviews/ada.assay"]}).encode() + b"\n")
        client.flush()
    assert received.args == [[Path("/reviews/ada.assay")]]
    qtbot.waitUntil(lambda: client.bytesAvailable() > 0)
    assert bytes(client.readAll().data()) == b"ok\n"
    server.close()


def test_a_malformed_message_opens_nothing(qtbot, instance_name: str) -> None:
    server = InstanceServer(name=instance_name)
    assert server.listen()
    got: list[object] = []
    server.received.connect(got.append)
    client = QLocalSocket()
    client.connectToServer(instance_name)
    assert client.waitForConnected(1000)
    client.write(b'{"paths": "not a list"}\n')
    client.flush()
    qtbot.waitUntil(lambda: client.bytesAvailable() > 0, timeout=5000)
    assert got == []
    server.close()


def test_with_no_running_assay_the_start_goes_on_at_once(qtbot, instance_name: str) -> None:
    assert hand_over([Path("x.assay")]) is False


@pytest.mark.skipif(sys.platform == "win32", reason="a Unix socket file left behind")
def test_a_socket_left_by_a_dead_assay_is_replaced(qtbot, instance_name: str) -> None:
    path = os.path.join(QDir.tempPath(), instance_name)
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(path)  # bound and never listening, as after a crash
    dead.close()
    assert os.path.exists(path)
    server = InstanceServer(name=instance_name)
    assert server.listen()
    server.close()


def test_a_second_assay_hands_its_review_to_the_running_window(
    open_window, qtbot, tmp_path: Path, reviewer: Reviewer, small_seed: Path, instance_name: str
) -> None:
    window = open_window()
    first = window.session.path if window.session is not None else None
    server = listen_for_later_starts(window)
    assert isinstance(server, InstanceServer) and server.name == instance_name
    other = tmp_path / "from-the-file-manager.assay"
    with ReviewSession.create(other, reviewer) as session:
        session.import_file(small_seed)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    second = subprocess.Popen(
        [sys.executable, "-m", "assay", str(other)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 0, second.stderr.read().decode()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.session is not None and window.session.path == other)
    assert first != other and not window.session.read_only  # this window holds the lock
    log = Path(os.environ["ASSAY_HOME"]) / "logs" / "assay.log"
    assert "Handed ['" + str(other) + "'] to the running Assay." in log.read_text("utf-8")
    server.close()


def test_the_command_line_opens_what_the_window_opens() -> None:
    from assay.cli import OPENABLE_SUFFIXES
    from assay.ui.main_window import BUNDLE_SUFFIX, DOCUMENT_SUFFIXES, REVIEW_SUFFIX

    assert DOCUMENT_SUFFIXES | {REVIEW_SUFFIX, BUNDLE_SUFFIX} == OPENABLE_SUFFIXES


@pytest.mark.skipif(sys.platform == "win32", reason="Windows always tries the pipe")
def test_a_start_with_no_assay_running_does_not_load_qtnetwork(instance_name: str) -> None:
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from assay.ui.single_instance import InstanceServer, hand_over\n"
        "app = QApplication([])\n"
        "assert not hand_over([])\n"
        "print('QtNetwork' in ' '.join(sys.modules))\n"
        "server = InstanceServer()\n"
        "assert server.listen()\n"
        "from assay.ui.single_instance import _may_be_listening\n"
        "print(_may_be_listening(server.name))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
