"""A review's annotations as W3C Web Annotation JSON-LD (docs/EXPORTS.md, "W3C").

One file: an `AnnotationCollection` whose first `AnnotationPage` is inline (`first`);
a review with more than PAGE_SIZE annotations has further pages, each with `partOf`,
`startIndex`, `prev` and `next`, carried in the same file under JSON-LD 1.1's
`@included` (a set of nodes the document holds besides its top node), so the export
stays one file written atomically and every page id resolves inside it.

Each annotation targets its sentence in the document identified by the hash of its
text (`urn:sha256:…`) with a TextQuoteSelector (exact, and 32 characters of context
each side) and a TextPositionSelector (code points into the document's text, as
Assay stores them). Its highlighted phrases (`H` in the window) follow as further
targets, one per phrase, each a SpecificResource with its own id and the same two
selectors for the phrase; the sentence stays the first target, so readers that take
one target (Hypothesis, Assay's own import) read the sentence. Bodies, each with its
purpose:

- `classifying`: a claim type, or "Not a claim" (TextualBody, the label);
- `assessing`: the verdict ("Supported"), and "Evidence type: RCT", "Citation
  accuracy: …", "GRADE certainty: …", "Confidence: 3" (TextualBody);
- `describing`: "Status: Reviewed" or "Status: In progress";
- `commenting`: the rationale;
- `linking`: evidence — a DOI, PMID or URL as a SpecificResource on its web address, a
  quoted passage, a reference or a note as a TextualBody — with Assay's own fields
  (`assay:kind`, `assay:locator`, `assay:note`, `assay:source`) so Assay reads it back
  exactly.

Pure: no SQL, no Qt. Deterministic: ids come from the records (and pages from the
review's id), keys in a fixed order, one annotation per line.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

import assay
from assay.core.vocabulary import (
    CATEGORIES,
    CERTAINTY,
    CITATION_ACCURACY,
    EVIDENCE_TYPES,
    NOT_A_CLAIM,
    VERDICTS,
    label_of,
)
from assay.exchange.export_records import ExportAnnotation, ExportEvidence

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ASSAY_VOCABULARY = "urn:assay:vocabulary:"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"assay": ASSAY_VOCABULARY}]
PAGE_SIZE = 1_000
CONTEXT_CHARS = 32  # of prefix and suffix, as Assay's own quote anchors
# "Label: value" bodies (purpose assessing), in this order; w3c_import reads them back.
FIELD_BODIES = (
    ("evidence_type", "Evidence type", EVIDENCE_TYPES),
    ("citation_accuracy", "Citation accuracy", CITATION_ACCURACY),
    ("certainty", "GRADE certainty", CERTAINTY),
)
STATUS_LABELS = {"final": "Reviewed", "draft": "In progress"}
WEB_ADDRESS = {"doi": "https://doi.org/", "pmid": "https://pubmed.ncbi.nlm.nih.gov/"}


def urn_uuid(value: str) -> str:
    return f"urn:uuid:{value}"


def annotation(record: ExportAnnotation) -> dict[str, Any]:
    """One annotation as a JSON-LD node (without @context: the collection has it)."""
    text = record.document.text
    node: dict[str, Any] = {
        "id": urn_uuid(record.id),
        "type": "Annotation",
        "motivation": "assessing",
        "created": record.created,
        "modified": record.modified,
        "creator": {
            "id": urn_uuid(record.reviewer_id),
            "type": "Person",
            "name": record.reviewer_name,
        },  # fmt: skip
    }
    bodies = _bodies(record)
    if bodies:
        node["body"] = bodies
    source = f"urn:sha256:{record.document.sha256}"
    sentence = {"source": source, "selector": _selectors(text, record.start, record.end)}
    if record.highlights:
        phrases = [
            {"id": urn_uuid(h.id), "type": "SpecificResource", "source": source,
             "selector": _selectors(text, h.start, h.end)}
            for h in record.highlights
        ]  # fmt: skip
        node["target"] = [sentence, *phrases]
    else:
        node["target"] = sentence
    return node


def _selectors(text: str, start: int, end: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT_CHARS) : start],
            "suffix": text[end : end + CONTEXT_CHARS],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def _textual(purpose: str, value: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def _bodies(record: ExportAnnotation) -> list[dict[str, Any]]:
    bodies = [_textual("classifying", label_of(CATEGORIES, c)) for c in record.categories]
    if record.not_a_claim:
        bodies.append(_textual("classifying", NOT_A_CLAIM.label))
    if record.verdict:
        bodies.append(_textual("assessing", label_of(VERDICTS, record.verdict)))
    for field, label, terms in FIELD_BODIES:
        value = getattr(record, field)
        if value:
            bodies.append(_textual("assessing", f"{label}: {label_of(terms, value)}"))
    if record.confidence is not None:
        bodies.append(_textual("assessing", f"Confidence: {record.confidence}"))
    bodies.append(_textual("describing", f"Status: {STATUS_LABELS.get(record.status, 'Reviewed')}"))
    if record.rationale:
        bodies.append(_textual("commenting", record.rationale))
    bodies.extend(_evidence(item) for item in record.evidence)
    return bodies


def _evidence(item: ExportEvidence) -> dict[str, Any]:
    if item.kind in ("doi", "pmid", "url"):
        address = WEB_ADDRESS.get(item.kind, "") + item.value
        body: dict[str, Any] = {"id": urn_uuid(item.id), "type": "SpecificResource",
                                "purpose": "linking", "source": address}  # fmt: skip
    else:
        body = {"id": urn_uuid(item.id), **_textual("linking", item.value)}
    body["created"] = item.created
    body["assay:kind"] = item.kind
    for name in ("locator", "note", "source"):
        if getattr(item, name):
            body[f"assay:{name}"] = getattr(item, name)
    return body


def page_id(collection_id: str, number: int) -> str:
    """A page's id: a name-based UUID under the collection's, the same on every export."""
    namespace = uuid.UUID(collection_id.removeprefix("urn:uuid:"))
    return urn_uuid(str(uuid.uuid5(namespace, f"page-{number}")))


def collection_id(review_id: str, label: str) -> str:
    try:
        return urn_uuid(str(uuid.UUID(review_id)))
    except ValueError:  # a review without an id (never made by Assay): from its name
        return urn_uuid(str(uuid.uuid5(uuid.NAMESPACE_URL, f"assay-review:{label}")))


def collection_bytes(
    records: Sequence[ExportAnnotation],
    *,
    review_id: str,
    label: str,
    exported_at: str,
    page_size: int = PAGE_SIZE,
) -> bytes:
    """The whole export, UTF-8 JSON-LD: the collection, page 1 inline, the rest included."""
    collection = collection_id(review_id, label)
    total = len(records)
    pages = max(1, -(-total // page_size)) if total else 0
    head: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
        "generator": {"type": "Software", "name": f"Assay {assay.__version__}"},
        "generated": exported_at,
    }
    if pages:
        head["last"] = page_id(collection, pages)
    parts = [_open(head)]
    for number in range(1, pages + 1):
        page = {"id": page_id(collection, number), "type": "AnnotationPage",
                "partOf": collection, "startIndex": (number - 1) * page_size}  # fmt: skip
        if number > 1:
            page["prev"] = page_id(collection, number - 1)
        if number < pages:
            page["next"] = page_id(collection, number + 1)
        start = (number - 1) * page_size
        items = ",\n".join(_dumps(annotation(r)) for r in records[start : start + page_size])
        body = f'{_open(page)},"items":[\n{items}\n]}}'
        if number == 1:
            parts.append(f',"first":{body}')
            if pages > 1:
                parts.append(',"@included":[\n')
        else:
            parts.append(body + (",\n" if number < pages else "\n]"))
    parts.append("}\n")
    return "".join(parts).encode("utf-8")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _open(node: dict[str, Any]) -> str:
    """A node's JSON without its closing brace, for members appended after it."""
    return _dumps(node)[:-1]
