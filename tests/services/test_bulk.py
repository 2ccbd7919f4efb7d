"""gc_paused: the collector is off inside a bulk job and back on after, whatever happens."""

from __future__ import annotations

import gc

import pytest

from assay.core.bulk import gc_paused
from assay.services.exchange import BundleError, merge_bundles


def test_collector_is_off_inside_and_back_on_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("the job failed")
    assert gc.isenabled()


def test_nested_pause_leaves_the_collector_off_until_the_outer_one_ends():
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_refused_merge_turns_the_collector_back_on(tmp_path, reviewer):
    bad = tmp_path / "bad.assaybundle"
    bad.write_bytes(b"not a zip")
    with pytest.raises(BundleError):
        merge_bundles(tmp_path / "review.assay", [bad], reviewer=reviewer)
    assert gc.isenabled()
