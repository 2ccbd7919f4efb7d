"""First run on a clean account: the name, then the sample review, made whole or not at
all; a failed attempt leaves nothing that a later start would open, and is retried."""

from __future__ import annotations

import errno

import pytest

from assay.services import config, samples
from assay.ui.app import SAMPLE_REVIEW_NAME


def _reviews_in_data_folder() -> list[str]:
    folder = config.data_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_clean_account_asks_the_name_and_opens_the_sample_at_sentence_1(open_window):
    assert config.reviewer() is None and not config.config_path().exists()
    window = open_window(name="Grace Reviewer")
    assert config.reviewer().name == "Grace Reviewer"
    assert window.session is not None
    assert window.session.path == config.data_dir() / SAMPLE_REVIEW_NAME
    assert len(window.session.documents()) == len(samples.seed_names())
    assert window.controller.current_id == window.model.sentence_id_at(0)
    assert config.last_review() == window.session.path.absolute()
    left = _reviews_in_data_folder()  # the open review, its lock and SQLite side files
    assert all(name.startswith(SAMPLE_REVIEW_NAME) for name in left), left


def test_a_seed_that_fails_leaves_no_sample_and_the_next_start_makes_it(
    open_window, errors, monkeypatch: pytest.MonkeyPatch
):
    real_import = samples.import_seed
    calls: list[str] = []

    def disk_fills_on_the_second_seed(session, name: str) -> int:
        calls.append(name)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_import(session, name)

    monkeypatch.setattr(samples, "import_seed", disk_fills_on_the_second_seed)
    window = open_window()
    assert window.session is None
    [(title, message)] = errors
    assert title == "Cannot create the sample review"
    assert "No space left on device" in message and "tries again" in message
    assert _reviews_in_data_folder() == []
    assert config.load().last_review is None and config.load().recent_reviews == ()
    window.close()

    monkeypatch.setattr(samples, "import_seed", real_import)
    again = open_window()
    assert again.session is not None
    assert again.session.path.name == SAMPLE_REVIEW_NAME
    assert again.controller.current_id == again.model.sentence_id_at(0)
    assert len(errors) == 1


def test_a_build_without_the_seeds_says_so_and_remembers_no_empty_review(
    open_window, errors, monkeypatch: pytest.MonkeyPatch
):
    """pyside6-deploy's failure: the seeds package without its documents."""
    monkeypatch.setattr(samples, "SEEDS_PACKAGE", "assay.core")
    for start in (1, 2):  # the second start finds nothing to open either, and says so
        window = open_window()
        assert window.session is None
        title, message = errors[-1]
        assert len(errors) == start
        assert title == "Cannot create the sample review"
        assert "sample documents are missing" in message and "File ▸ New review…" in message
        assert _reviews_in_data_folder() == []
        assert config.load().last_review is None
        window.close()
