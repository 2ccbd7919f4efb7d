"""A review as a REFI-QDA project (`.qdpx`) and its codebook (`.qdc`). Pure: no SQL, no Qt.

A `.qdpx` is a zip of `project.qde` (QDA-XML, urn:QDA-XML:project:1.0) and a `sources/`
folder. Each document is a TextSource whose text is `sources/<GUID>.txt` (UTF-8,
`plainTextPath="internal://<GUID>.txt"`); each annotation is a PlainTextSelection of its
sentence (start and end in code points of that text, end exclusive) with a Coding per
claim type, verdict, evidence type, certainty and citation accuracy, its rationale a
Note (NoteRef), and confidence and status in its Description. Reviewers are Users whose
`id` is the Assay reviewer id, so an import gives the work back to the same reviewers.

The XML is written as text rather than through a tree: 100,000 selections are some
600,000 elements, and joining strings is several times faster than building them.
Bytes are deterministic: GUIDs come from the review's ids, the export time is a
parameter, and the zip has fixed dates (bundle_write.zip_bytes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from assay.core.vocabulary import STATUS_FINAL
from assay.exchange.bundle_write import zip_bytes
from assay.exchange.qdpx_codes import (
    CODEBOOK_NAMESPACE,
    CODEBOOK_SCHEMA_LOCATION,
    CODES,
    GROUPS,
    NAMESPACE,
    SCHEMA_LOCATION,
    project_guid,
)

PROJECT_MEMBER = "project.qde"
SOURCES_FOLDER = "sources/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SELECTION_NAME = 60  # characters of the quote that name a selection
_ORDERED_FIELDS = ("verdict", "evidence_type", "certainty", "citation_accuracy")

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class QdaUser:
    id: str  # the Assay reviewer id
    name: str


@dataclass(frozen=True, slots=True)
class QdaSource:
    sha256: str
    title: str
    text: str
    imported_at: str


@dataclass(frozen=True, slots=True)
class QdaAnnotation:
    id: str
    sha256: str  # the document
    start: int  # the sentence, in code points of the document text
    end: int
    reviewer_id: str
    categories: tuple[str, ...]
    not_a_claim: bool
    verdict: str | None
    citation_accuracy: str | None
    evidence_type: str | None
    certainty: str | None
    confidence: int | None
    rationale: str
    status: str
    created: str
    modified: str


@dataclass(frozen=True, slots=True)
class QdaProject:
    review_id: str
    name: str
    origin: str  # "Assay 1.2.3"
    exporter_id: str  # the reviewer exporting (creatingUserGUID)
    users: Sequence[QdaUser]
    sources: Sequence[QdaSource]
    annotations: Sequence[QdaAnnotation]  # in document, then sentence order
    created: str  # the review's creation time
    exported_at: str
    counts: dict[str, int] = field(default_factory=dict)


def source_guid(review_id: str, sha256: str) -> str:
    return project_guid(review_id, "source", sha256)


def user_guid(review_id: str, reviewer_id: str) -> str:
    return project_guid(review_id, "user", reviewer_id)


def qdpx_bytes(project: QdaProject, progress: Progress | None = None) -> bytes:
    """The whole `.qdpx`: project.qde first, then one text file per source."""
    members = [(PROJECT_MEMBER, project_xml(project, progress).encode("utf-8"))]
    for source in project.sources:
        guid = source_guid(project.review_id, source.sha256)
        members.append((f"{SOURCES_FOLDER}{guid}.txt", source.text.encode("utf-8")))
    return zip_bytes(members)


def project_xml(project: QdaProject, progress: Progress | None = None) -> str:
    review = project.review_id
    exporter = user_guid(review, project.exporter_id)
    out: list[str] = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<Project xmlns="{NAMESPACE}" xmlns:xsi="{XSI}" xsi:schemaLocation="{SCHEMA_LOCATION}"'
        f" name={_attr(project.name)} origin={_attr(project.origin)}"
        f' creatingUserGUID="{exporter}" creationDateTime={_attr(project.created)}'
        f' modifyingUserGUID="{exporter}" modifiedDateTime={_attr(project.exported_at)}>\n',
        "  <Users>\n",
    ]
    for user in project.users:
        out.append(
            f'    <User guid="{user_guid(review, user.id)}" name={_attr(user.name)}'
            f" id={_attr(user.id)}/>\n"
        )
    out.append("  </Users>\n")
    users = {user.id: user_guid(review, user.id) for user in project.users}
    out.extend(_codebook("  "))
    by_source: dict[str, list[QdaAnnotation]] = {}
    for annotation in project.annotations:
        by_source.setdefault(annotation.sha256, []).append(annotation)
    notes: list[str] = []
    out.append("  <Sources>\n")
    done, total = 0, max(1, len(project.annotations))
    for source in project.sources:
        guid = source_guid(review, source.sha256)
        out.append(
            f'    <TextSource guid="{guid}" name={_attr(source.title)}'
            f' plainTextPath="internal://{guid}.txt" creatingUser="{exporter}"'
            f" creationDateTime={_attr(source.imported_at)}>\n"
        )
        for annotation in by_source.get(source.sha256, ()):
            out.append(_selection(review, source.text, annotation, notes, users))
            done += 1
            if progress is not None and done % 10_000 == 0:
                progress(done, total, "writing selections")
        out.append("    </TextSource>\n")
    out.append("  </Sources>\n")
    if notes:
        out.append("  <Notes>\n")
        out.extend(notes)
        out.append("  </Notes>\n")
    out.append("</Project>\n")
    return "".join(out)


def codebook_xml() -> str:
    """The codebook alone (`.qdc`, urn:QDA-XML:codebook:1.0): the same codes and GUIDs."""
    return "".join(
        [
            '<?xml version="1.0" encoding="utf-8"?>\n',
            f'<CodeBook xmlns="{CODEBOOK_NAMESPACE}" xmlns:xsi="{XSI}"'
            f' xsi:schemaLocation="{CODEBOOK_SCHEMA_LOCATION}">\n',
            *_codes(""),
            "</CodeBook>\n",
        ]
    )


def _codebook(indent: str) -> Iterable[str]:
    yield f"{indent}<CodeBook>\n"
    yield from _codes(indent)
    yield f"{indent}</CodeBook>\n"


def _codes(indent: str) -> Iterable[str]:
    yield f"{indent}  <Codes>\n"
    for group in GROUPS:
        yield (
            f'{indent}    <Code guid="{group.guid}" name={_attr(group.name)} isCodable="false">\n'
        )
        for code in group.codes:
            colour = f' color="{code.colour}"' if code.colour else ""
            yield (
                f'{indent}      <Code guid="{code.guid}" name={_attr(code.name)}'
                f' isCodable="true"{colour}/>\n'
            )
        yield f"{indent}    </Code>\n"
    yield f"{indent}  </Codes>\n"


def _selection(
    review: str, text: str, annotation: QdaAnnotation, notes: list[str], users: dict[str, str]
) -> str:
    guid = project_guid(review, "selection", annotation.id)
    user = users[annotation.reviewer_id]
    quote = " ".join(text[annotation.start : annotation.end].split())
    if len(quote) > _SELECTION_NAME:
        quote = quote[: _SELECTION_NAME - 1] + "…"
    created, modified = _attr(annotation.created), _attr(annotation.modified)
    parts = [
        f'      <PlainTextSelection guid="{guid}" name={_attr(quote)}'
        f' startPosition="{annotation.start}" endPosition="{annotation.end}"'
        f' creatingUser="{user}" creationDateTime={created}'
        f' modifyingUser="{user}" modifiedDateTime={modified}>\n'
        f"        <Description>{description(annotation)}</Description>\n"  # no markup in it
    ]
    for code in _codes_of(annotation):
        parts.append(
            f'        <Coding guid="{project_guid(review, "coding", annotation.id + code)}"'
            f' creatingUser="{user}" creationDateTime={modified}>'
            f'<CodeRef targetGUID="{code}"/></Coding>\n'
        )
    if annotation.rationale:
        note = project_guid(review, "note", annotation.id)
        parts.append(f'        <NoteRef targetGUID="{note}"/>\n')
        notes.append(
            f'    <Note guid="{note}" name={_attr("Rationale: " + quote)}'
            f' creatingUser="{user}" creationDateTime={created}'
            f' modifyingUser="{user}" modifiedDateTime={modified}>'
            f"<PlainTextContent>{_text(annotation.rationale)}</PlainTextContent></Note>\n"
        )
    parts.append("      </PlainTextSelection>\n")
    return "".join(parts)


def _codes_of(annotation: QdaAnnotation) -> list[str]:
    guids = [CODES["categories", value].guid for value in sorted(annotation.categories)
             if ("categories", value) in CODES]  # fmt: skip
    if annotation.not_a_claim:
        guids.append(CODES["categories", "not_a_claim"].guid)
    for name in _ORDERED_FIELDS:
        value = getattr(annotation, name)
        if value is not None and (name, value) in CODES:
            guids.append(CODES[name, value].guid)
    return guids


def description(annotation: QdaAnnotation) -> str:
    """What has no code: "Confidence: 4 of 5. Status: reviewed." (read back on import)."""
    status = "reviewed" if annotation.status == STATUS_FINAL else "draft"
    confidence = (
        f"Confidence: {annotation.confidence} of 5. " if annotation.confidence is not None else ""
    )
    return f"{confidence}Status: {status}."


# XML 1.0 takes no C0 controls but tab, newline and carriage return, no lone
# surrogates and no U+FFFE/U+FFFF: a rationale pasted from anywhere may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
     "\t": "&#9;"}
)  # fmt: skip


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value).translate(_TEXT_ESCAPES)


def _attr(value: str) -> str:
    return '"' + _NOT_XML.sub("\ufffd", value).translate(_ATTR_ESCAPES) + '"'
