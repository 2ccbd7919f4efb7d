"""Assay's vocabulary as a REFI-QDA codebook: groups of codes with fixed GUIDs.

The GUIDs of codes depend only on the vocabulary (uuid5 of the group and value), so
the codebooks of two reviews are the same codebook, and a QDA program that merges
projects by code GUID merges Assay's codes. Everything else in a project (users,
sources, selections) takes GUIDs from the review's own ids (`project_guid`). Pure:
no SQL, no Qt.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from dataclasses import dataclass

from assay.core.colours import VERDICT_HUES
from assay.core.vocabulary import (
    CATEGORIES,
    CERTAINTY,
    CITATION_ACCURACY,
    EVIDENCE_TYPES,
    NOT_A_CLAIM,
    VERDICTS,
    Term,
)

NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
SCHEMA_LOCATION = f"{NAMESPACE} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
CODEBOOK_SCHEMA_LOCATION = (
    f"{CODEBOOK_NAMESPACE} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
)
# Fixed: the codebook is the same in every review (see the module docstring).
_CODE_NAMESPACE = uuid.UUID("6f3c2a59-51b4-4c1e-9a4e-7d0c1b6a2e10")

# The window's verdict hues (core/colours.py). Claim types take Paul Tol's "bright" colours.
VERDICT_COLOURS = VERDICT_HUES
CLAIM_COLOURS: dict[str, str] = {
    "mechanism": "#4477AA",
    "efficacy": "#228833",
    "dose": "#CCBB44",
    "safety": "#EE6677",
    "not_a_claim": "#BBBBBB",
}


@dataclass(frozen=True, slots=True)
class Code:
    guid: str
    field: str  # the annotation field it sets: categories, verdict, evidence_type, ...
    value: str  # the stored value
    name: str  # what a QDA program shows: the label
    colour: str = ""


@dataclass(frozen=True, slots=True)
class CodeGroup:
    guid: str
    name: str
    codes: tuple[Code, ...]


def _guid(name: str, namespace: uuid.UUID = _CODE_NAMESPACE) -> str:
    return uuid5_upper(namespace.bytes, name)


def uuid5_upper(namespace: bytes, name: str) -> str:
    """str(uuid.uuid5(namespace, name)).upper(), three times faster: an export makes
    half a million of them. Upper case, as ATLAS.ti writes GUIDs (the XSD takes either)."""
    digest = bytearray(hashlib.sha1(namespace + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex().upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _group(name: str, field: str, terms: tuple[Term, ...], colours: dict[str, str]) -> CodeGroup:
    codes = tuple(
        Code(_guid(f"{field}/{term.value}"), field, term.value, term.label,
             colours.get(term.value, ""))
        for term in terms
    )  # fmt: skip
    return CodeGroup(_guid(f"group/{field}"), name, codes)


GROUPS: tuple[CodeGroup, ...] = (
    _group("Claim type", "categories", (*CATEGORIES, NOT_A_CLAIM), CLAIM_COLOURS),
    _group("Verdict", "verdict", VERDICTS, VERDICT_COLOURS),
    _group("Evidence type", "evidence_type", EVIDENCE_TYPES, {}),
    _group("Certainty (GRADE)", "certainty", CERTAINTY, {}),
    _group("Citation accuracy", "citation_accuracy", CITATION_ACCURACY, {}),
)
CODES: dict[tuple[str, str], Code] = {
    (code.field, code.value): code for group in GROUPS for code in group.codes
}


def code_by_name() -> dict[str, Code]:
    """A code's label or stored value, folded, -> the code: how an import maps the
    codes of another program ("Overstated", "overstated", "OVERSTATED ")."""
    found: dict[str, Code] = {}
    for code in CODES.values():
        found.setdefault(fold(code.value), code)
        found.setdefault(fold(code.name), code)
    return found


def fold(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def project_guid(review_id: str, kind: str, key: str) -> str:
    """A deterministic GUID for one thing in a review's project (a user, a source,
    a selection …): the same review exports the same GUIDs every time."""
    return uuid5_upper(_review_namespace(review_id), f"{kind}/{key}")


@functools.lru_cache(maxsize=8)
def _review_namespace(review_id: str) -> bytes:
    return uuid.uuid5(_CODE_NAMESPACE, f"review/{review_id}").bytes
