"""Shared fixtures: an isolated ASSAY_HOME, a reviewer, seed documents, reviews."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.core.model import Reviewer
from support import REPO


@pytest.fixture(autouse=True)
def assay_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config and data at a fresh folder so no test touches the real ones."""
    home = tmp_path_factory.mktemp("assay-home")
    monkeypatch.setenv("ASSAY_HOME", str(home))
    return home


@pytest.fixture
def reviewer() -> Reviewer:
    return Reviewer("7d1f4a1e-0000-4000-8000-000000000001", "Ada Reviewer", "ada@example.org")


@pytest.fixture
def seed_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture
def small_seed(seed_dir: Path) -> Path:
    return sorted(seed_dir.glob("*.txt"))[0]


@pytest.fixture
def tmp_review(tmp_path: Path, reviewer: Reviewer, small_seed: Path) -> Path:
    """A closed review file holding the small seed document."""
    from assay.services.session import ReviewSession

    path = tmp_path / "review.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(small_seed)
    return path


@pytest.fixture
def session(tmp_review: Path, reviewer: Reviewer) -> Iterator[object]:
    from assay.services.session import ReviewSession

    with ReviewSession.open(tmp_review, reviewer) as opened:
        yield opened
