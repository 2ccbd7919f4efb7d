"""Any annotation state comes back exactly as it was saved."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assay.core.model import AnnotationState, Reviewer
from assay.core.vocabulary import CATEGORIES, EVIDENCE_TYPES, VERDICTS, values_of
from assay.services.session import ReviewSession
from support import synthetic_document

states = st.builds(
    AnnotationState,
    categories=st.frozensets(st.sampled_from(values_of(CATEGORIES) + ("custom-label",))),
    not_a_claim=st.booleans(),
    verdict=st.none() | st.sampled_from(values_of(VERDICTS)),
    evidence_type=st.none() | st.sampled_from(values_of(EVIDENCE_TYPES)),
    confidence=st.none() | st.integers(1, 5),
    rationale=st.text(max_size=200),
    status=st.sampled_from(("draft", "final")),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=st.lists(states, min_size=1, max_size=5))
def test_saved_states_round_trip(tmp_path: Path, reviewer: Reviewer, sequence) -> None:  # noqa: ANN001
    path = tmp_path / "roundtrip.assay"
    if not path.exists():
        with ReviewSession.create(path, reviewer) as session:
            session.import_parsed(synthetic_document(3))
    with ReviewSession.open(path, reviewer) as session:
        sentence_id = session.sentence_rows()[0].id
        previous = session.annotation(sentence_id)
        for state in sequence:
            assert session.save_annotation(sentence_id, state) == previous
            previous = state
    with ReviewSession.open(path, reviewer) as session:
        assert session.annotation(sentence_id) == sequence[-1]
        assert session.sentence_rows()[0].state == sequence[-1]
        stored = session.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        assert stored == (0 if sequence[-1].is_empty else 1)
