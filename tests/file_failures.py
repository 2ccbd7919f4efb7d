"""Helpers for the file-failure tests: a full disk at the SQLite boundary, bundles
that change a review, and what a folder holds."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from assay.core.model import Reviewer
from assay.services.exchange import export_bundle
from assay.services.session import ReviewSession
from support import synthetic_document

SENDER = Reviewer("5e11de00-0000-4000-8000-00000000000b", "Bea Sender")


def full_disk(monkeypatch: pytest.MonkeyPatch, fragment: str, pages: int) -> None:
    """From now on a database whose path contains `fragment` cannot grow beyond
    `pages` pages (or the size it has when connected, if larger): SQLite then fails
    with SQLITE_FULL exactly as on a full disk."""
    real = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(database, *args, **kwargs)  # type: ignore[arg-type]
        if fragment in str(database):
            conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)


def fresh_review_pages(folder: Path) -> int:
    """How many pages a new, empty review takes (the schema grows with migrations)."""
    workshop = folder / "measure-fresh"
    workshop.mkdir()
    with ReviewSession.create(workshop / "fresh.assay", SENDER) as session:
        pages = session.conn.execute("PRAGMA page_count").fetchone()[0]
    shutil.rmtree(workshop)
    return int(pages)


def bundle_with_a_new_document(folder: Path, sentences: int = 400) -> Path:
    """A bundle from another reviewer holding a document the test reviews lack, so
    merging it changes the review (backup, then one transaction)."""
    workshop = folder / "sender"
    workshop.mkdir()
    source = workshop / "sender.assay"
    with ReviewSession.create(source, SENDER) as session:
        session.import_parsed(synthetic_document(sentences, name="sender.txt"))
    bundle = folder / "sender.assaybundle"
    export_bundle(source, bundle, reviewer=SENDER)
    shutil.rmtree(workshop)
    return bundle


def listing(folder: Path) -> set[str]:
    """Every name in the folder, hidden ones included (temporary backups are hidden)."""
    return {path.name for path in folder.iterdir()}


def page_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()
