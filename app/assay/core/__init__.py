"""Core: vocabulary and plain dataclasses. No Qt, no SQL."""
