"""The log file, its rotation, the crash file and the excepthooks (no Qt)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assay import logs


@pytest.fixture
def log_folder(assay_home: Path) -> Iterator[Path]:
    """The log set up in this test's ASSAY_HOME (no crash file: pytest has faulthandler)."""
    folder = logs.setup(crash_file=False)
    yield folder
    logs.shutdown()


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The excepthooks this test installs are Python's own again afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


def test_the_log_lives_in_assay_home_or_the_log_dir_override(
    assay_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert logs.log_dir() == assay_home / "logs"
    monkeypatch.setenv("ASSAY_LOG_DIR", str(tmp_path / "elsewhere"))
    assert logs.log_path() == tmp_path / "elsewhere" / "assay.log"
    monkeypatch.delenv("ASSAY_LOG_DIR")
    monkeypatch.delenv("ASSAY_HOME")
    assert logs.log_dir().name.lower() in {"log", "logs"}  # the platform's user log folder


def test_an_uncaught_exception_lands_in_the_log_with_its_traceback(
    log_folder: Path, hooks: None, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[str] = []
    logs.install_excepthooks(shown.append)

    def fail_deep_inside() -> None:
        raise RuntimeError("the sentence table lost its model")

    try:
        fail_deep_inside()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # what Python does with an exception nobody caught
    text = (log_folder / "assay.log").read_text(encoding="utf-8")
    assert "CRITICAL" in text and "Traceback (most recent call last)" in text
    assert "fail_deep_inside" in text and "RuntimeError: the sentence table lost its model" in text
    assert len(shown) == 1 and "fail_deep_inside" in shown[0]
    assert "fail_deep_inside" in capsys.readouterr().err  # a console still shows it


def test_an_exception_on_a_thread_lands_in_the_log(log_folder: Path, hooks: None) -> None:
    shown: list[str] = []
    logs.install_excepthooks(shown.append)

    def train_and_fail() -> None:
        raise ValueError("no labels")

    worker = threading.Thread(target=train_and_fail, name="assay-suggest")
    worker.start()
    worker.join()
    text = (log_folder / "assay.log").read_text(encoding="utf-8")
    assert "Uncaught exception in assay-suggest" in text
    assert "train_and_fail" in text and "ValueError: no labels" in text
    assert shown and "ValueError: no labels" in shown[0]


def test_the_log_rotates_and_keeps_three_old_files(
    assay_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_LOG_BYTES", 2_000)
    folder = logs.setup(crash_file=False)
    try:
        for number in range(200):
            logging.getLogger("assay.test").warning("line %d of a long day", number)
    finally:
        logs.shutdown()
    names = sorted(path.name for path in folder.iterdir())
    assert names == ["assay.log", "assay.log.1", "assay.log.2", "assay.log.3"]
    assert all(path.stat().st_size <= 2_100 for path in folder.iterdir())
    assert "line 199 of a long day" in (folder / "assay.log").read_text(encoding="utf-8")


def test_a_setup_for_another_folder_moves_the_log(
    assay_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs.setup(crash_file=False)
    monkeypatch.setenv("ASSAY_LOG_DIR", str(tmp_path / "second"))
    try:
        logs.setup(crash_file=False)
        logging.getLogger("assay").warning("after the move")
    finally:
        logs.shutdown()
    assert "after the move" in (tmp_path / "second" / "assay.log").read_text(encoding="utf-8")
    first = assay_home / "logs" / "assay.log"
    assert not first.exists() or "after the move" not in first.read_text(encoding="utf-8")


def test_a_fatal_error_is_written_to_the_crash_file(assay_home: Path) -> None:
    """faulthandler: a segfault (here: Python's own test crash) leaves the Python stack."""
    script = (
        "import faulthandler\n"
        "from assay import logs\n"
        "logs.setup()\n"
        "def crash_in_native_code():\n"
        "    faulthandler._sigsegv()\n"
        "crash_in_native_code()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ASSAY_HOME": str(assay_home)},
    )
    assert done.returncode != 0
    crash = (assay_home / "logs" / "crash.log").read_text(encoding="utf-8")
    assert crash.startswith("--- Assay started ")
    assert "Fatal Python error" in crash and "crash_in_native_code" in crash


def test_a_log_folder_that_cannot_be_made_leaves_assay_without_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ASSAY_LOG_DIR", str(blocker / "logs"))
    try:
        assert logs.setup(crash_file=False) == blocker / "logs"  # no exception
    finally:
        logs.shutdown()
