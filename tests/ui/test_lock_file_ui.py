"""A review whose lock file cannot be used opens in the window, read-only, saying why."""

from __future__ import annotations

from pathlib import Path

from assay.services.review_lock import lock_path


def test_a_review_with_an_unusable_lock_file_opens_read_only_with_the_reason(
    open_window, press, tmp_review: Path, errors
) -> None:
    lock = lock_path(tmp_review)
    lock.unlink(missing_ok=True)
    lock.mkdir()  # another user's leftover, as far as Assay can tell: it cannot open it
    before = tmp_review.read_bytes()
    window = open_window((tmp_review,))
    assert window.session is not None and window.session.read_only
    notice = window.page.notice.text()
    assert "review.assay.lock" in notice and "read-only" in notice
    assert "read-only" in window.windowTitle()
    press(window, "1", "S", "Return")  # refused quietly, as for any read-only review
    assert not errors
    window.close()
    assert tmp_review.read_bytes() == before
