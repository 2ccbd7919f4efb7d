"""Kill the app right after the window says "saved": reopening shows every such edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from assay.services import config
from assay.services.session import ReviewSession

# Runs the real window offscreen, edits by key presses, reports each edit the status
# bar showed as saved, then dies by SIGKILL in the middle of the work.
DRIVER = textwrap.dedent(
    """
    import json, os, signal, sys
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from assay.ui.app import make_application, start_window

    app = make_application()
    window = start_window([sys.argv[1]], ask_name=lambda *_: "Crash Tester")
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    controller = window.controller
    keys = [Qt.Key.Key_1, Qt.Key.Key_S, Qt.Key.Key_Return, Qt.Key.Key_3, Qt.Key.Key_O]
    shown = []
    controller.saved.connect(lambda _text: shown.append(controller.current_id))
    for round_ in range(6):
        for key in keys:
            before = len(shown)
            sentence = controller.current_id
            QTest.keyClick(QApplication.focusWidget() or window, key)
            if len(shown) > before:
                state = controller.session.annotation(sentence)
                print(json.dumps({"id": sentence, "verdict": state.verdict,
                                  "categories": sorted(state.categories),
                                  "status": state.status}), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_every_edit_shown_as_saved_survives_a_kill(tmp_review: Path, assay_home: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ASSAY_HOME=str(assay_home))
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(tmp_review)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -9, result.stderr[-2000:]
    reported = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(reported) >= 20
    last_by_sentence = {entry["id"]: entry for entry in reported}
    with ReviewSession.open(tmp_review, config.reviewer()) as session:
        for sentence_id, expected in last_by_sentence.items():
            state = session.annotation(sentence_id)
            assert state.verdict == expected["verdict"]
            assert sorted(state.categories) == expected["categories"]
            assert state.status == expected["status"]
