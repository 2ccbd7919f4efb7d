"""The README's keyboard map and the F1 dialog come from the same bindings."""

from __future__ import annotations

from pathlib import Path

from assay.ui.keymap import ALL_BINDINGS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_fixed_key_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [
        f"{binding.action_id}: {key}"
        for binding in ALL_BINDINGS
        for key in binding.keys
        if isinstance(key, str) and f"`{key}`" not in text
    ]
    assert not missing, f"README keyboard map lacks {missing}"


def test_no_two_actions_share_a_key(qapp):
    seen: dict[str, str] = {}
    for binding in ALL_BINDINGS:
        for sequence in binding.sequences():
            key = sequence.toString()
            assert key not in seen, f"{key} is bound to {seen[key]} and {binding.action_id}"
            seen[key] = binding.action_id
