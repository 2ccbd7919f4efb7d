"""Where a failure leaves its trace: a rotated log file, a crash file for faulthandler, and
the hooks that send every uncaught exception to the log. No Qt (the window adds its dialog
on top, `ui/crash_dialog.py`).

The folder is the platform's user log folder (`~/.local/state/Assay/log` on Linux,
`~/Library/Logs/Assay` on macOS, `%LOCALAPPDATA%\\Assay\\Logs` on Windows), or
`$ASSAY_HOME/logs` when ASSAY_HOME is set (tests, portable installs), or
`$ASSAY_LOG_DIR` when that is set.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

APP_NAME = "Assay"
LOG_FILE = "assay.log"
CRASH_FILE = "crash.log"
MAX_LOG_BYTES = 1_000_000  # three old files kept: a few weeks of a reviewer's warnings
LOG_BACKUPS = 3
MAX_CRASH_BYTES = 256_000  # faulthandler appends; an older crash file is kept once
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("assay")

# The open handler and crash file, so a second setup (a test's new folder) replaces them.
_handler: logging.Handler | None = None
_crash_file: IO[str] | None = None

OnError = Callable[[str], None]


def log_dir() -> Path:
    override = os.environ.get("ASSAY_LOG_DIR")
    if override:
        return Path(override)
    home = os.environ.get("ASSAY_HOME")
    if home:
        return Path(home) / "logs"
    import platformdirs  # already loaded by the settings; here only when needed

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    return log_dir() / LOG_FILE


def setup(*, crash_file: bool = True) -> Path:
    """Send the `assay` loggers to the rotated log file (and fatal errors such as a
    segfault to the crash file); returns the log folder. Never raises: a folder that
    cannot be written leaves Assay without a log, not without a window."""
    global _handler
    folder = log_dir()
    path = folder / LOG_FILE
    if isinstance(_handler, _LazyRotatingFile) and _handler.path == path:
        return folder
    shutdown()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return folder
    handler = _LazyRotatingFile(path)
    handler.setFormatter(logging.Formatter(FORMAT))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _handler = handler
    if crash_file:
        _enable_faulthandler(folder / CRASH_FILE)
    return folder


class _LazyRotatingFile(logging.Handler):
    """A RotatingFileHandler made on the first record: `logging.handlers` (with socket,
    pickle, queue) costs ~10 ms, which a start that logs nothing need not pay."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            import logging.handlers

            try:
                self.file = logging.handlers.RotatingFileHandler(
                    self.path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
                )
            except OSError:  # no log rather than an error per record
                self.file = logging.NullHandler()
            self.file.setFormatter(self.formatter)
        self.file.emit(record)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def _enable_faulthandler(path: Path) -> None:
    global _crash_file
    try:
        if path.exists() and path.stat().st_size > MAX_CRASH_BYTES:
            os.replace(path, path.with_name(CRASH_FILE + ".1"))
        crash = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run
        # faulthandler writes no time: a line per start says which run a crash belongs to.
        crash.write(f"--- Assay started {time.strftime('%Y-%m-%d %H:%M:%S')}, pid {os.getpid()}\n")
        crash.flush()
    except OSError:
        return
    faulthandler.enable(file=crash, all_threads=True)
    _crash_file = crash


def shutdown() -> None:
    """Close the log and crash files (tests; a setup for another folder)."""
    global _handler, _crash_file
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None
    if _crash_file is not None:
        if faulthandler.is_enabled():
            faulthandler.disable()
        _crash_file.close()
        _crash_file = None


def format_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    return "".join(traceback.format_exception(exc_type, exc, tb))


def log_uncaught(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    where: str = "main thread",
) -> str:
    """Log an exception nobody caught, with its traceback; returns the traceback text."""
    details = format_exception(exc_type, exc, tb)
    log.critical("Uncaught exception in %s:\n%s", where, details.rstrip())
    return details


def install_excepthooks(on_error: OnError | None = None) -> None:
    """Every uncaught exception, on any thread, goes to the log, then to `on_error`
    (the window's dialog) with its traceback. Ctrl+C keeps Python's own handling."""
    original = sys.excepthook

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            original(exc_type, exc, tb)
            return
        where = threading.current_thread().name
        details = log_uncaught(exc_type, exc, tb, where)
        _echo(details)
        if on_error is not None:
            on_error(details)

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:  # as Python's own hook: a thread's normal end
            return
        assert args.exc_value is not None
        name = args.thread.name if args.thread is not None else "a thread"
        details = log_uncaught(args.exc_type, args.exc_value, args.exc_traceback, name)
        _echo(details)
        if on_error is not None:
            on_error(details)

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


def _echo(details: str) -> None:
    """A console, when there is one, still shows the traceback (pythonw has none)."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(details)
