"""SQLite writes the exported records: they must be the bundle's canonical JSON.

The export builds each annotations.jsonl / evidence.jsonl line with SQLite's JSON
functions (docs/EXCHANGE.md, "Speed"); these tests hold those lines to what the json
module writes (sorted keys, compact, UTF-8 kept) for any text a reviewer can type,
so a bundle's bytes never depend on which of the two wrote it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

from exchange_helpers import export, jsonl, read_members
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assay.core.model import AnnotationState, Reviewer
from assay.core.vocabulary import CATEGORIES, VERDICTS
from assay.exchange.bundle_format import dump_line
from assay.exchange.bundle_read import read_bundle
from assay.services.session import ReviewSession

# Any text but lone surrogates, which UTF-8 (and so SQLite) cannot hold.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def _canonical(line: bytes) -> bool:
    return dump_line(json.loads(line)).encode("utf-8") == line


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    categories=st.lists(st.sampled_from([c.value for c in CATEGORIES]), unique=True),
    verdict=st.none() | st.sampled_from([v.value for v in VERDICTS]),
    confidence=st.none() | st.integers(1, 5),
    not_a_claim=st.booleans(),
    rationale=TEXT,
    note=TEXT,
)
def test_exported_records_are_canonical_json_of_what_was_saved(
    tmp_review: Path,
    reviewer: Reviewer,
    categories: list[str],
    verdict: str | None,
    confidence: int | None,
    not_a_claim: bool,
    rationale: str,
    note: str,
):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        review = shutil.copy(tmp_review, folder / "review.assay")
        state = AnnotationState(
            frozenset(categories),
            not_a_claim=not_a_claim,
            verdict=verdict,
            confidence=confidence,
            rationale=rationale,
            status="final",  # never an empty state, which saving would delete
        )
        with ReviewSession.open(review, reviewer) as session:
            session.save_annotation(session.sentence_rows()[1].id, state)
        conn = sqlite3.connect(review)
        # Stored in the order given, not sorted: the export must sort them itself.
        conn.execute("UPDATE annotations SET categories = ?", (json.dumps(categories),))
        conn.execute(
            "INSERT INTO evidence(id, annotation_id, kind, value, note, created) "
            "SELECT '00000000-0000-4000-8000-0000000000e1', id, 'note', ?, ?, modified "
            "FROM annotations",
            (rationale[::-1], note),
        )
        conn.commit()
        conn.close()

        bundle = export(review, folder / "out.assaybundle", reviewer)
        members = read_members(bundle)
        for member in ("annotations.jsonl", "evidence.jsonl"):
            lines = members[member].rstrip(b"\n").split(b"\n")
            assert len(lines) == 1 and _canonical(lines[0]), lines
        (record,) = jsonl(members["annotations.jsonl"])
        assert record["categories"] == sorted(categories)
        assert record["not_a_claim"] is not_a_claim
        assert (record["verdict"], record["confidence"]) == (verdict, confidence)
        assert record["rationale"] == rationale
        (item,) = jsonl(members["evidence.jsonl"])
        assert (item["value"], item["note"]) == (rationale[::-1], note)
        read = read_bundle(bundle)  # the reader takes what SQLite wrote
        assert read.annotations[0].categories == tuple(sorted(categories))


def test_structure_member_is_canonical_json(tmp_review: Path, reviewer: Reviewer, tmp_path):
    members = read_members(export(tmp_review, tmp_path / "out.assaybundle", reviewer))
    (structure,) = [data for name, data in members.items() if name.endswith("structure.json")]
    assert structure.endswith(b"\n") and _canonical(structure[:-1])
    value = json.loads(structure)
    assert set(value) == {"encoding", "spans", "notes", "blocks", "sentences"}
    with ReviewSession.open(tmp_review, reviewer) as session:
        rows = session.sentence_rows()
    assert [sentence[:2] for sentence in value["sentences"]] == [
        [row.start, row.end] for row in rows
    ]
