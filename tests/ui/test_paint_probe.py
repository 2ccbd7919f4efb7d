"""ASSAY_EXIT_AFTER_PAINT: what the build's smoke test and frozen-start benchmark read."""

from __future__ import annotations

from assay.services import config
from assay.ui import paint_probe
from assay.ui.app import Launch, make_application


def test_the_probe_reports_the_first_paint_then_the_opened_review_and_closes(
    qtbot, tmp_review, errors, capsys
):
    make_application()
    config.set_reviewer("Probe Tester")
    launch = Launch([tmp_review], ask_name=lambda *_: None)
    window = launch.begin()
    assert window is not None
    qtbot.addWidget(window)
    paint_probe.watch(window)
    launch.then(paint_probe.report_ready)
    launch.finish_after_first_paint()
    said: list[str] = []

    def reported_ready() -> bool:
        said.extend(capsys.readouterr().out.splitlines())
        return any(line.startswith("ready ") for line in said)

    qtbot.waitUntil(reported_ready, timeout=10_000)
    assert said[0] == "painted"
    assert said[-1] == f"ready {tmp_review}"
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.session is None and not errors  # closed as a user closes it
