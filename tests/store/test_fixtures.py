"""Review files made by earlier versions open with the current code and keep their data."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from assay.core.model import Reviewer
from assay.services.session import ReviewSession
from assay.store import migrations
from assay.store.review_file import inspect_review

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE_REVIEWER = Reviewer("00000000-0000-4000-8000-0000000000a1", "Fixture Reviewer")


def _copy(name: str, tmp_path: Path) -> Path:
    copy = tmp_path / name
    shutil.copyfile(FIXTURES / name, copy)
    return copy


@pytest.mark.parametrize(
    ("name", "version"), [("review-v1.assay", 1), ("review-v2.assay", 2), ("review-v3.assay", 3)]
)
def test_fixture_opens_migrated_with_data_intact(name: str, version: int, tmp_path: Path) -> None:
    path = _copy(name, tmp_path)
    assert inspect_review(path) == version
    with ReviewSession.open(path, FIXTURE_REVIEWER) as session:
        assert not session.read_only
        assert session.conn.execute("PRAGMA user_version").fetchone()[0] == (
            migrations.SCHEMA_VERSION
        )
        (document,) = session.documents()
        assert document.title == "Magnesium at a glance"
        rows = session.sentence_rows()
        assert rows[1].text == "Magnesium glycinate doubles absorption."
        assert rows[1].state.verdict == "overstated"
        assert rows[1].state.categories == {"efficacy"}
        assert session.last_position() == rows[1].id
        tables = {r[0] for r in session.conn.execute("SELECT name FROM sqlite_master")}
        assert "adjudications" in tables
    if version < migrations.SCHEMA_VERSION:
        assert path.with_name(f"{name}.bak-v{version}").exists()


def test_v2_fixture_keeps_both_reviewers_and_the_adjudication(tmp_path: Path) -> None:
    path = _copy("review-v2.assay", tmp_path)
    with ReviewSession.open(path, FIXTURE_REVIEWER):
        pass  # migrate if a later schema exists
    conn = sqlite3.connect(path)
    try:
        verdicts = conn.execute(
            "SELECT r.name, a.verdict FROM annotations a JOIN reviewers r ON r.id = a.reviewer_id "
            "ORDER BY r.name"
        ).fetchall()
        assert verdicts == [("Fixture Reviewer", "overstated"), ("Second Reviewer", "unsupported")]
        adjudication = conn.execute(
            "SELECT sentence_id, verdict, categories, chosen_annotation_id FROM adjudications"
        ).fetchall()
        assert adjudication == [
            (2, "overstated", '["efficacy"]', "00000000-0000-4000-8000-0000000000b1")
        ]
    finally:
        conn.close()


def test_v3_fixture_keeps_pages_versions_and_the_orphan(tmp_path: Path) -> None:
    path = _copy("review-v3.assay", tmp_path)
    with ReviewSession.open(path, FIXTURE_REVIEWER) as session:
        assert [row.page for row in session.sentence_rows()] == [1, 1, 1, 2]
        (orphan,) = session.orphans()
        assert orphan.quote == "A claim the draft made." and orphan.state.verdict == "unsupported"
        versions = session.conn.execute("SELECT sha256 FROM document_versions").fetchall()
        assert versions == [("e" * 64,)]
        session.attach_orphan(orphan, session.sentence_rows()[2].id)
        evidence = session.conn.execute("SELECT annotation_id, value FROM evidence").fetchall()
        assert evidence == [(orphan.id, "10.1/x")]


def test_migrated_v2_rows_have_no_pages_and_no_orphans(tmp_path: Path) -> None:
    path = _copy("review-v2.assay", tmp_path)
    with ReviewSession.open(path, FIXTURE_REVIEWER) as session:
        assert {row.page for row in session.sentence_rows()} == {None}
        assert session.orphans() == []
