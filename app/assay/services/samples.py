"""The sample review a reviewer sees on the first run."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from assay.core.model import Reviewer
from assay.services.session import ReviewSession


def seed_names() -> list[str]:
    return sorted(
        entry.name for entry in files("assay.seeds").iterdir() if entry.name.endswith(".txt")
    )


def create_sample_review(path: Path, reviewer: Reviewer) -> Path:
    """A new review at `path` holding every seed document, in name order."""
    from assay.text.pipeline import parse_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    session = ReviewSession.create(path, reviewer)
    try:
        for name in seed_names():
            with as_file(files("assay.seeds").joinpath(name)) as seed:
                session.import_parsed(parse_file(seed))
    except BaseException:
        session.abandon()  # half a sample (a full disk) would open as the sample next time
        raise
    session.close()
    return path
