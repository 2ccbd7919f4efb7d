"""Errors the text layer raises; their messages are shown to the reviewer."""

from __future__ import annotations


class ImportRefused(Exception):
    """A file that cannot be imported; ``str(e)`` names the file and the reason."""


class Cancelled(Exception):
    """Raised when the caller's ``cancel()`` callback returned True."""
