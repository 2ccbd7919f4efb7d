"""Per-user settings under ASSAY_HOME (set by the autouse fixture)."""

from __future__ import annotations

import json
from pathlib import Path

from assay.services import config


def test_defaults_before_the_first_run(assay_home: Path) -> None:
    assert config.config_dir() == assay_home
    assert config.data_dir() == assay_home / "data"
    assert config.reviewer() is None
    assert config.recent_reviews() == []
    assert config.last_review() is None
    assert not config.config_path().exists()


def test_reviewer_identity_is_kept(assay_home: Path) -> None:
    first = config.set_reviewer(" Ada ", "ada@example.org")
    assert first.name == "Ada" and len(first.id) == 36
    renamed = config.set_reviewer("Ada L.")
    assert renamed.id == first.id
    assert config.reviewer() == renamed
    saved = json.loads((assay_home / "config.json").read_text())
    assert saved["reviewer"]["name"] == "Ada L."


def test_ensure_reviewer_uses_os_name_once(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(config.getpass, "getuser", lambda: "labuser")
    created = config.ensure_reviewer()
    assert created.name == "labuser"
    assert config.ensure_reviewer() == created


def test_recent_reviews(tmp_path: Path) -> None:
    paths = [tmp_path / f"r{i}.assay" for i in range(12)]
    for path in paths:
        path.touch()
        config.remember_review(path)
    recent = config.recent_reviews()
    assert recent[0] == paths[-1].absolute()
    assert len(recent) == config.MAX_RECENT
    config.remember_review(paths[5])
    assert config.recent_reviews()[0] == paths[5].absolute()
    assert config.recent_reviews().count(paths[5].absolute()) == 1
    paths[5].unlink()
    assert paths[5].absolute() not in config.recent_reviews()
    assert config.last_review() is None  # it was the last one, and it is gone


def test_corrupt_config_is_set_aside(assay_home: Path) -> None:
    (assay_home / "config.json").write_text("{not json")
    assert config.reviewer() is None
    assert (assay_home / "config.json.bad").read_text() == "{not json"
    config.set_reviewer("Ada")
    assert config.reviewer() is not None


def test_wrong_shape_config_is_set_aside(assay_home: Path) -> None:
    (assay_home / "config.json").write_text(json.dumps({"reviewer": "nobody"}))
    assert config.load() == config.Config()
    assert (assay_home / "config.json.bad").exists()


def test_save_is_atomic_and_leaves_no_temp_files(assay_home: Path) -> None:
    config.set_reviewer("Ada")
    config.set_reviewer("Bo")
    assert sorted(p.name for p in assay_home.iterdir()) == ["config.json"]


def test_blind_coding_is_on_in_every_review_until_switched_off_there():

    assert config.blind_mode("review-a") and config.blind_mode("review-b")
    config.set_blind_mode("review-a", False)
    assert not config.blind_mode("review-a") and config.blind_mode("review-b")
    config.set_blind_mode("review-a", True)
    assert config.blind_mode("review-a")
