"""The first-run sample review."""

from __future__ import annotations

from pathlib import Path

from assay.core.model import Reviewer
from assay.services.samples import create_sample_review, seed_names
from assay.services.session import ReviewSession


def test_sample_review_holds_both_seeds_in_name_order(tmp_path: Path, reviewer: Reviewer) -> None:
    path = create_sample_review(tmp_path / "data" / "Sample.assay", reviewer)
    names = seed_names()
    assert len(names) == 2 and names == sorted(names)
    with ReviewSession.open(path, reviewer) as session:
        documents = session.documents()
        assert [d.source_name for d in documents] == names
        assert all(d.sentence_count > 0 for d in documents)
        assert session.progress().reviewed == 0


def test_sample_documents_have_readable_titles(tmp_path: Path, reviewer: Reviewer) -> None:
    path = create_sample_review(tmp_path / "data" / "Sample.assay", reviewer)
    with ReviewSession.open(path, reviewer) as session:
        titles = [d.title for d in session.documents()]
    assert titles[0].startswith("Magnesium glycinate lysinate")
    assert titles[1].startswith("Magnesium Glycinate - ") and len(titles[1]) <= 80
    assert not any(title.startswith(("000_", "001_")) for title in titles)
