"""Reading annotations made elsewhere: W3C Web Annotation JSON-LD (an Annotation, a
page, a collection with its pages — Assay's own export among them) or a Hypothesis
JSON export (`{"rows": [...]}` or a list of its annotations). Pure: no SQL, no Qt.

What is read from each: the target's source and its TextQuoteSelector (exact,
prefix, suffix) and TextPositionSelector (start, end); the creator; created and
modified; and the bodies, mapped back by name (docs/EXPORTS.md, "W3C"): a classifying
or tagging value that names a claim type (or "Not a claim") or a verdict becomes it;
"Evidence type: …", "Citation accuracy: …", "GRADE certainty: …", "Confidence: N" and
"Status: …" their fields; linking bodies evidence; everything else (comments, other
tags, Hypothesis's text) the rationale.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from assay.core.vocabulary import (
    CATEGORIES,
    CERTAINTY,
    CITATION_ACCURACY,
    EVIDENCE_KINDS,
    EVIDENCE_TYPES,
    NOT_A_CLAIM,
    VERDICTS,
    Term,
)

MAX_BYTES = 200_000_000
_UUID = re.compile(r"^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
_FIELDS: dict[str, tuple[str, tuple[Term, ...]]] = {
    "evidence type": ("evidence_type", EVIDENCE_TYPES),
    "citation accuracy": ("citation_accuracy", CITATION_ACCURACY),
    "grade certainty": ("certainty", CERTAINTY),
}
_STATUS = {"reviewed": "final", "final": "final", "in progress": "draft", "draft": "draft"}
_WEB = (("doi", "https://doi.org/"), ("pmid", "https://pubmed.ncbi.nlm.nih.gov/"))


class AnnotationFileError(Exception):
    """A file that holds no annotations Assay can read; `str(e)` says why."""


@dataclass(slots=True)
class ImportedEvidence:
    kind: str
    value: str
    locator: str = ""
    note: str = ""
    source: str = ""
    created: str = ""
    id: str | None = None


@dataclass(slots=True)
class ImportedAnnotation:
    key: int  # its place in the file
    id: str | None  # a UUID when the file gives one (urn:uuid:…)
    source: str  # the target's source: urn:sha256:… or a web address
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    creator_id: str  # as the file names it ("" for none)
    creator_name: str
    created: str
    modified: str
    categories: set[str] = field(default_factory=set)
    not_a_claim: bool = False
    verdict: str | None = None
    citation_accuracy: str | None = None
    evidence_type: str | None = None
    certainty: str | None = None
    confidence: int | None = None
    status: str = "draft"
    notes: list[str] = field(default_factory=list)  # the rationale, in parts
    evidence: list[ImportedEvidence] = field(default_factory=list)

    @property
    def rationale(self) -> str:
        return "\n\n".join(self.notes)


def read(data: bytes) -> list[ImportedAnnotation]:
    if len(data) > MAX_BYTES:
        raise AnnotationFileError("The file is larger than 200 MB.")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnnotationFileError(f"The file is not JSON: {error}.") from None
    nodes = list(_annotation_nodes(document))
    result = []
    for node in nodes:
        parsed = _hypothesis(node, len(result)) if _is_hypothesis(node) else _w3c(node, len(result))
        if parsed is not None:
            result.append(parsed)
    if not nodes:
        raise AnnotationFileError(
            "The file holds no annotations (a W3C Annotation, AnnotationPage or "
            "AnnotationCollection, or a Hypothesis export)."
        )
    return result


def _annotation_nodes(document: Any) -> list[dict[str, Any]]:
    if isinstance(document, list):
        return [node for item in document for node in _annotation_nodes(item)]
    if not isinstance(document, dict):
        return []
    if isinstance(document.get("rows"), list):  # the Hypothesis API's search result
        return [row for row in document["rows"] if isinstance(row, dict)]
    kinds = _list(document.get("type"))
    if "Annotation" in kinds or _is_hypothesis(document):
        return [document]
    found: list[dict[str, Any]] = []
    if "AnnotationCollection" in kinds:
        first = document.get("first")
        found += _annotation_nodes(first) if isinstance(first, dict) else []
        for page in _list(document.get("@included")):
            found += _annotation_nodes(page)
    elif "AnnotationPage" in kinds:
        for item in _list(document.get("items")):
            found += _annotation_nodes(item)
    return found


def _is_hypothesis(node: dict[str, Any]) -> bool:
    return "type" not in node and isinstance(node.get("target"), list) and "uri" in node


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _selectors(target: Any) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """(source, quote selector, position selector) of the first target that quotes text."""
    for item in _list(target):
        if not isinstance(item, dict):
            continue
        quote: dict[str, Any] = {}
        position: dict[str, Any] = {}
        for selector in _list(item.get("selector")):
            if not isinstance(selector, dict):
                continue
            kind = selector.get("type")
            if kind == "TextQuoteSelector" and not quote:
                quote = selector
            elif kind == "TextPositionSelector" and not position:
                position = selector
        if quote or position:
            source = item.get("source")
            if isinstance(source, dict):
                source = source.get("id")
            return _text(source), quote, position
    return None


def _new(  # noqa: PLR0913 - the parts of one annotation
    node: dict[str, Any], key: int, source: str, quote: dict, position: dict,
    creator_id: str, creator_name: str, created: str, modified: str,
) -> ImportedAnnotation:  # fmt: skip
    start, end = position.get("start"), position.get("end")
    valid = all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end))
    match = _UUID.match(_text(node.get("id")).lower())
    return ImportedAnnotation(
        key, match.group(1) if match else None, source, _text(quote.get("exact")),
        _text(quote.get("prefix")), _text(quote.get("suffix")), start if valid else None,
        end if valid else None, creator_id, creator_name, created, modified or created,
    )  # fmt: skip


def _w3c(node: dict[str, Any], key: int) -> ImportedAnnotation | None:
    found = _selectors(node.get("target"))
    if found is None:
        return None
    creator = node.get("creator")
    creator = creator[0] if isinstance(creator, list) and creator else creator
    if isinstance(creator, dict):
        creator_id = _text(creator.get("id"))
        creator_name = _text(creator.get("name")) or _text(creator.get("nickname"))
    else:
        creator_id, creator_name = _text(creator), ""
    created = _text(node.get("created"))
    annotation = _new(node, key, *found, creator_id, creator_name, created,
                      _text(node.get("modified")))  # fmt: skip
    bodies = _list(node.get("body"))
    if isinstance(node.get("bodyValue"), str):
        bodies.append({"type": "TextualBody", "value": node["bodyValue"]})
    for body in bodies:
        _body(annotation, body)
    return annotation


def _body(annotation: ImportedAnnotation, body: Any) -> None:
    if isinstance(body, str):  # a body that is only an IRI: a link
        annotation.evidence.append(_link(body, {}))
        return
    if not isinstance(body, dict):
        return
    purposes = set(_list(body.get("purpose")))
    value = _text(body.get("value"))
    if "linking" in purposes or "assay:kind" in body or (not value and body.get("source")):
        annotation.evidence.append(_evidence(body))
    elif purposes & {"classifying", "tagging", "assessing", "describing"} and _term(
        annotation, value
    ):
        return
    elif value:
        annotation.notes.append(value)


def _term(annotation: ImportedAnnotation, value: str) -> bool:
    """Set the field a vocabulary value names; False when it names none."""
    name = value.strip().casefold()
    for term in CATEGORIES:
        if name in (term.value, term.label.casefold()):
            annotation.categories.add(term.value)
            return True
    if name in (NOT_A_CLAIM.value, NOT_A_CLAIM.label.casefold()):
        annotation.not_a_claim = True
        return True
    for term in VERDICTS:
        if name in (term.value, term.label.casefold()):
            annotation.verdict = term.value
            return True
    label, _, rest = value.partition(":")
    label, rest = label.strip().casefold(), rest.strip()
    if label in _FIELDS:
        attribute, terms = _FIELDS[label]
        for term in terms:
            if rest.casefold() in (term.value, term.label.casefold()):
                setattr(annotation, attribute, term.value)
                return True
    if label == "confidence" and rest.isdigit() and 1 <= int(rest) <= 5:
        annotation.confidence = int(rest)
        return True
    if label == "status" and rest.casefold() in _STATUS:
        annotation.status = _STATUS[rest.casefold()]
        return True
    return False


def _evidence(body: dict[str, Any]) -> ImportedEvidence:
    kind = _text(body.get("assay:kind"))
    source = body.get("source")
    address = _text(source.get("id") if isinstance(source, dict) else source)
    item = _link(address, body) if address else ImportedEvidence(
        kind if kind in ("quote", "note", "reference") else "quote", _text(body.get("value"))
    )  # fmt: skip
    if kind in {term.value for term in EVIDENCE_KINDS} and item.kind != kind:
        item.kind = kind
    match = _UUID.match(_text(body.get("id")).lower())
    item.id = match.group(1) if match else None
    item.created = _text(body.get("created"))
    item.locator = _text(body.get("assay:locator"))
    item.note = _text(body.get("assay:note"))
    item.source = _text(body.get("assay:source"))
    return item


def _link(address: str, body: dict[str, Any]) -> ImportedEvidence:
    for kind, prefix in _WEB:
        if address.lower().startswith(prefix):
            return ImportedEvidence(kind, address[len(prefix) :].strip("/"))
    return ImportedEvidence("url", address)


def _hypothesis(node: dict[str, Any], key: int) -> ImportedAnnotation | None:
    """A Hypothesis annotation: target [{source, selector}], text, tags, user."""
    found = _selectors(node.get("target"))
    if found is None:
        return None
    user = _text(node.get("user"))
    info = node.get("user_info")
    name = _text(info.get("display_name")) if isinstance(info, dict) else ""
    name = name or user.removeprefix("acct:").split("@")[0]
    annotation = _new(node, key, *found, user, name, _text(node.get("created")),
                      _text(node.get("updated")))  # fmt: skip
    annotation.id = None  # Hypothesis ids are its own, not UUIDs
    others = [tag for tag in _list(node.get("tags")) if isinstance(tag, str)
              and not _term(annotation, tag)]  # fmt: skip
    if _text(node.get("text")).strip():
        annotation.notes.append(node["text"].strip())
    if others:
        annotation.notes.append("Tags: " + ", ".join(others))
    return annotation


def reviewer_id(creator_id: str) -> str | None:
    """The Assay reviewer id a creator stands for: the UUID of `urn:uuid:…`, a
    name-based UUID for any other creator IRI (the same creator, the same reviewer),
    None when the file names no creator."""
    match = _UUID.match(creator_id.lower())
    if match:
        return match.group(1)
    if creator_id:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, creator_id))
    return None
