"""Checking and normalising DOIs, PMIDs and URLs: well-formedness only, offline.

Nothing is looked up: a well-formed DOI may still point nowhere. The rules follow the
DOI Handbook (prefix "10." + registrant code, "/", any suffix) and PubMed (a positive
integer of up to 8 digits).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                 "http://dx.doi.org/", "doi.org/", "doi:", "doi ")  # fmt: skip
_PMID = re.compile(r"[1-9]\d{0,7}")


class IdentifierError(ValueError):
    """`str(e)` says what is wrong, for the reviewer."""


def normalise_doi(value: str) -> str:
    """The bare DOI, lower-cased (DOIs are case-insensitive), or IdentifierError."""
    text = value.strip()
    lowered = text.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    text = text.rstrip(".,;")
    if not _DOI.fullmatch(text):
        raise IdentifierError(
            f"“{value.strip()}” is not a DOI: a DOI looks like 10.3390/nu9050429."
        )
    return text.lower()


def normalise_pmid(value: str) -> str:
    text = value.strip().removeprefix("PMID:").removeprefix("pmid:").strip()
    if not _PMID.fullmatch(text):
        raise IdentifierError(f"“{value.strip()}” is not a PMID: a PMID is a number like 28445426.")
    return text


def normalise_url(value: str) -> str:
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in text:
        raise IdentifierError(
            f"“{text}” is not a web address: it should start with https:// or http://."
        )
    return text
