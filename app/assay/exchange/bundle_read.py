"""Reading a bundle file into a validated in-memory `Bundle`, or a BundleError.

Order of checks: zip and member names/sizes (bundle_zip), manifest and format version,
member hashes, documents (text hash, structure), then every JSON Lines record, then the
references between records (annotation → sentence with the same offsets and quote).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from assay.exchange import bundle_format as fmt
from assay.exchange import bundle_records as records
from assay.exchange.bundle_format import (
    Bundle,
    BundleAnnotation,
    BundleDocument,
    BundleError,
    BundleEvidence,
    BundleHighlight,
)
from assay.exchange.bundle_records import RecordError
from assay.exchange.bundle_values import may_hold_surrogates, shown, unencodable
from assay.exchange.bundle_zip import is_safe_name, read_members


def read_bundle(path: Path) -> Bundle:
    path = Path(path)
    name = path.name
    members = read_members(path)
    try:
        return _parse(name, members)
    except RecordError as exc:
        raise BundleError(f"“{name}” is refused: {exc}.") from exc


def _parse(name: str, members: dict[str, bytes]) -> Bundle:
    manifest = _manifest(name, members[fmt.MANIFEST])
    listed = manifest["members"]
    for member, data in members.items():
        if member == fmt.MANIFEST:
            continue
        entry = listed.get(member)
        if entry is None:
            raise BundleError(f"“{name}” is refused: member “{member}” is not in the manifest.")
        if entry["size"] != len(data) or entry["sha256"] != hashlib.sha256(data).hexdigest():
            raise BundleError(
                f"“{name}” is damaged: member “{member}” does not match "
                "its SHA-256 in the manifest."
            )
    for member in listed:
        if member not in members:
            raise BundleError(f"“{name}” is incomplete: member “{member}” is missing.")
    documents = tuple(_document(name, entry, members) for entry in manifest["documents"])
    reviewers = dict(_lines(name, members, fmt.REVIEWERS, records.reviewer))
    version = manifest["format_version"]
    annotations = _lines(
        name, members, fmt.ANNOTATIONS, functools.partial(records.annotation, version=version)
    )
    evidence = _lines(
        name, members, fmt.EVIDENCE, functools.partial(records.evidence, version=version)
    )
    _check_references(name, documents, reviewers, annotations, evidence)
    highlights: list[BundleHighlight] = []
    if fmt.HIGHLIGHTS in members:
        if version < fmt.HIGHLIGHTS_FORMAT_VERSION:
            raise BundleError(
                f"“{name}” is refused: {fmt.HIGHLIGHTS} needs bundle format "
                f"{fmt.HIGHLIGHTS_FORMAT_VERSION} (the manifest says {version})."
            )
        highlights = _lines(name, members, fmt.HIGHLIGHTS, records.highlight)
        _check_highlights(name, documents, annotations, highlights)
    return Bundle(
        name=name,
        app_version=manifest["app_version"],
        created=manifest["created"],
        reviewer_id=manifest["reviewer"]["id"],
        reviewer_name=manifest["reviewer"]["name"],
        scope_documents=manifest["scope"]["documents"],
        scope_annotations=manifest["scope"]["annotations"],
        documents=documents,
        reviewers=reviewers,
        annotations=tuple(annotations),
        evidence=tuple(evidence),
        installation=manifest.get("installation", ""),
        highlights=tuple(highlights),
    )


def _json(name: str, member: str, data: bytes) -> Any:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BundleError(f"“{name}” is damaged: “{member}” is not valid JSON ({exc}).") from exc
    bad = unencodable(value) if may_hold_surrogates(data) else None
    if bad is not None:
        raise BundleError(f"“{name}” is refused: “{member}” {_NOT_TEXT.format(bad)}.")
    return value


# A lone surrogate decodes from JSON but cannot be stored as UTF-8.
_NOT_TEXT = "holds “{}”, half of a character pair, which is not text"


def _manifest(name: str, data: bytes) -> dict[str, Any]:
    manifest = _json(name, fmt.MANIFEST, data)
    if not isinstance(manifest, dict) or manifest.get("format") != fmt.FORMAT:
        raise BundleError(f"“{name}” is not an Assay bundle (its manifest says otherwise).")
    version = manifest.get("format_version")
    if type(version) is not int:
        raise BundleError(f"“{name}” is refused: the manifest has no format_version.")
    if version > fmt.FORMAT_VERSION:
        raise BundleError(
            f"“{name}” was made by a newer Assay (bundle format {version}; this version "
            f"reads up to {fmt.FORMAT_VERSION}). Update Assay to import it."
        )
    if version < 1:
        raise BundleError(f"“{name}” is refused: unknown bundle format {version}.")
    try:
        if version >= fmt.REVISIONS_FORMAT_VERSION:
            records.check_fields(manifest, fmt.MANIFEST_FIELDS_WITH_INSTALLATION, "manifest")
            records.installation(manifest["installation"], "manifest installation")
        else:
            records.check_fields(manifest, fmt.MANIFEST_FIELDS, "manifest")
        records.text(manifest["app_version"], "manifest app_version", limit=100)
        records.timestamp(manifest["created"], "manifest created")
        reviewer = records.check_fields(
            manifest["reviewer"], fmt.REVIEWER_FIELDS, "manifest reviewer"
        )
        records.reviewer_id(reviewer["id"], "manifest reviewer id")
        records.text(reviewer["name"], "manifest reviewer name")
        scope = records.check_fields(
            manifest["scope"], frozenset({"documents", "annotations"}), "manifest scope"
        )
        if scope["documents"] not in fmt.SCOPE_DOCUMENTS:
            raise RecordError("manifest scope documents must be all or current")
        if scope["annotations"] not in fmt.SCOPE_ANNOTATIONS:
            raise RecordError("manifest scope annotations must be mine or everyone")
        _manifest_members(manifest["members"])
        if type(manifest["documents"]) is not list:
            raise RecordError("manifest documents must be a list")
        if len(manifest["documents"]) > fmt.MAX_DOCUMENTS:
            raise RecordError(f"a bundle holds at most {fmt.MAX_DOCUMENTS:,} documents")
        for entry in manifest["documents"]:
            records.check_fields(entry, fmt.MANIFEST_DOCUMENT_FIELDS, "manifest document")
            sha = records.sha256(entry["sha256"], "manifest document sha256")
            for key in ("title", "source_name"):
                records.text(entry[key], f"manifest document {key}")
            records.text(entry["format"], "manifest document format", limit=100)
            if entry["text"] != fmt.text_member(sha) or entry["structure"] != fmt.structure_member(
                sha
            ):
                raise RecordError(f"manifest document {sha[:12]}… names the wrong members")
    except RecordError as exc:
        raise BundleError(f"“{name}” is refused: {exc}.") from exc
    shas = [entry["sha256"] for entry in manifest["documents"]]
    if len(set(shas)) != len(shas):
        raise BundleError(f"“{name}” is refused: a document is listed twice in the manifest.")
    return manifest


def _manifest_members(members: Any) -> None:
    if not isinstance(members, dict) or len(members) > fmt.MAX_MEMBERS:
        raise RecordError(
            f"manifest members must be an object of at most {fmt.MAX_MEMBERS:,} entries"
        )
    for member, entry in members.items():
        if member == fmt.MANIFEST:
            raise RecordError("the manifest cannot list itself")
        if not is_safe_name(member):
            raise RecordError(f"the manifest lists an unsafe member name “{shown(member)}”")
        records.check_fields(entry, frozenset({"sha256", "size"}), f"manifest member {member}")
        records.sha256(entry["sha256"], f"manifest member {member} sha256")
        records.integer(entry["size"], f"manifest member {member} size")
        if entry["size"] > fmt.MAX_MEMBER_BYTES:
            raise RecordError(f"manifest member {member} size is past the size limit")


def _document(name: str, entry: dict[str, Any], members: dict[str, bytes]) -> BundleDocument:
    sha = entry["sha256"]
    data = members.get(entry["text"])
    if data is None or entry["structure"] not in members:
        raise BundleError(
            f"“{name}” is incomplete: document “{shown(entry['title'])}” lacks its text."
        )
    if hashlib.sha256(data).hexdigest() != sha:
        raise BundleError(
            f"“{name}” is refused: the text of “{shown(entry['title'])}” does not match "
            "its SHA-256."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(f"“{name}” is refused: “{entry['text']}” is not UTF-8.") from exc
    structure = _json(name, entry["structure"], members[entry["structure"]])
    spans, notes, blocks, sentences, pages = records.structure(structure, len(text))
    return BundleDocument(
        sha256=sha,
        title=entry["title"],
        source_name=entry["source_name"],
        format=entry["format"],
        encoding=structure["encoding"],
        text=text,
        spans=spans,
        notes=notes,
        blocks=blocks,
        sentences=sentences,
        pages=pages,
    )


def _lines(name: str, members: dict[str, bytes], member: str, parse: Any) -> list[Any]:
    data = members.get(member)
    if data is None:
        raise BundleError(f"“{name}” is incomplete: member “{member}” is missing.")
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise BundleError(f"“{name}” is damaged: “{member}” is not UTF-8.") from exc
    if lines[-1] != "":
        raise BundleError(f"“{name}” is damaged: “{member}” does not end with a newline.")
    body = lines[:-1]
    try:
        # One C-level parse of all lines; every record is still checked one by one below.
        decoded = json.loads("[" + ",".join(body) + "]")
        if type(decoded) is not list or len(decoded) != len(body):
            raise ValueError("records do not match lines")
    except (ValueError, RecursionError):
        decoded = None  # find the bad line below, for the message
    surrogates = may_hold_surrogates(data)
    result = []
    for number, line in enumerate(body, start=1):
        try:
            record = decoded[number - 1] if decoded is not None else json.loads(line)
            bad = unencodable(record) if surrogates else None
            if bad is not None:
                raise RecordError(_NOT_TEXT.format(bad))
            result.append(parse(record))
        except (RecordError, ValueError, RecursionError) as exc:
            raise BundleError(f"“{name}” is refused: {member} line {number}: {exc}.") from exc
    return result


def _check_references(
    name: str,
    documents: tuple[BundleDocument, ...],
    reviewers: dict[str, str],
    annotations: list[BundleAnnotation],
    evidence: list[BundleEvidence],
) -> None:
    """Every annotation must point at a sentence of a document in this bundle, with the
    same offsets and quote; ids and (sentence, reviewer) pairs must be unique."""
    by_sha = {document.sha256: document for document in documents}
    ids: set[str] = set()
    slots: set[tuple[str, int, str]] = set()
    for number, a in enumerate(annotations, start=1):
        where = f"“{name}” is refused: {fmt.ANNOTATIONS} line {number}"
        document = by_sha.get(a.document)
        if document is None:
            raise BundleError(f"{where} points at a document that is not in the bundle.")
        if a.ordinal >= len(document.sentences):
            raise BundleError(f"{where} points at sentence {a.ordinal}, which does not exist.")
        start, end = document.sentences[a.ordinal][:2]
        if (start, end) != (a.start, a.end) or document.text[start:end] != a.quote_exact:
            raise BundleError(
                f"{where} points at sentence {a.ordinal} with offsets or a quote "
                "that do not match the document."
            )
        if a.reviewer not in reviewers:
            raise BundleError(f"{where} names a reviewer missing from {fmt.REVIEWERS}.")
        slot = (a.document, a.ordinal, a.reviewer)
        if a.id in ids or slot in slots:
            raise BundleError(f"{where} repeats an annotation id or a reviewer's sentence.")
        ids.add(a.id)
        slots.add(slot)
    evidence_ids: set[str] = set()
    for number, item in enumerate(evidence, start=1):
        if item.annotation not in ids or item.id in evidence_ids:
            raise BundleError(
                f"“{name}” is refused: {fmt.EVIDENCE} line {number} points at an unknown "
                "annotation or repeats an id."
            )
        evidence_ids.add(item.id)


def _check_highlights(
    name: str,
    documents: tuple[BundleDocument, ...],
    annotations: list[BundleAnnotation],
    highlights: list[BundleHighlight],
) -> None:
    """Every highlight must name an annotation of this bundle and lie inside its
    sentence, with the quote the document has there; ids must be unique."""
    by_id = {a.id: a for a in annotations}
    texts = {document.sha256: document.text for document in documents}
    seen: set[str] = set()
    for number, item in enumerate(highlights, start=1):
        where = f"“{name}” is refused: {fmt.HIGHLIGHTS} line {number}"
        annotation = by_id.get(item.annotation)
        if annotation is None or item.id in seen:
            raise BundleError(f"{where} points at an unknown annotation or repeats an id.")
        inside = annotation.start <= item.start and item.end <= annotation.end
        if not inside or texts[annotation.document][item.start : item.end] != item.exact:
            raise BundleError(
                f"{where} has offsets or a quote that do not match its annotation's sentence."
            )
        seen.add(item.id)
