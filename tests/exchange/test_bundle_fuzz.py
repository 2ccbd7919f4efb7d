"""Fuzzing the importer with mutated real bundles: only BundleError, never a change."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import annotate, export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assay.core.model import Reviewer
from assay.exchange.bundle_read import read_bundle
from assay.services.exchange import BundleError, merge_bundles
from support import file_digest

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")

# (kind, position as a fraction of the file, byte value, length)
mutation = st.tuples(
    st.sampled_from(["flip", "truncate", "insert", "delete", "overwrite"]),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.integers(min_value=0, max_value=255),
    st.integers(min_value=1, max_value=64),
)


def _mutate(data: bytes, mutations: list[tuple[str, float, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, where, value, length in mutations:
        at = min(int(where * len(out)), max(len(out) - 1, 0))
        if kind == "flip" and out:
            out[at] ^= value or 1
        elif kind == "truncate":
            del out[at:]
        elif kind == "insert":
            out[at:at] = bytes([value]) * length
        elif kind == "delete":
            del out[at : at + length]
        elif kind == "overwrite":
            out[at : at + length] = bytes([value]) * min(length, len(out) - at)
    return bytes(out)


@pytest.fixture(scope="module")
def real_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    """A real annotated bundle, and a review it could be merged into."""
    from assay.services.session import ReviewSession

    folder = tmp_path_factory.mktemp("fuzz")
    ada = Reviewer("7d1f4a1e-0000-4000-8000-000000000001", "Ada Reviewer")
    source = folder / "source.assay"
    seed = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))[0]
    with ReviewSession.create(source, ada) as session:
        session.import_file(seed)
    docs = export(source, folder / "docs.assaybundle", BOB, everyone=False)
    target = folder / "target.assay"
    merge_bundles(target, [docs], reviewer=BOB)
    annotate(source, ada, every=2)
    return export(source, folder / "real.assaybundle", ada).read_bytes(), target


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_bundles_raise_only_bundle_error_and_change_nothing(
    real_bundle: tuple[bytes, Path], tmp_path: Path, mutations: list[tuple[str, float, int, int]]
):
    data, target = real_bundle
    digest = file_digest(target)
    bad = tmp_path / "fuzzed.assaybundle"
    mutated = _mutate(data, mutations)
    bad.write_bytes(mutated)
    try:
        read_bundle(bad)
    except BundleError as exc:
        assert "fuzzed.assaybundle" in str(exc)
        with pytest.raises(BundleError):
            merge_bundles(target, [bad], reviewer=BOB)
        assert file_digest(target) == digest
        assert not list(target.parent.glob("*.before-merge-*"))
    # A mutation that leaves a valid bundle (e.g. in zip padding) may be read; fine.
