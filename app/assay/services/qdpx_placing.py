"""Placing a REFI-QDA project's coded text selections on a review's sentences.

Each text source is matched to a review document: the same text (SHA-256), else a
document of the same title, else the text parsed and added as a new document. A
selection on the same text covers exactly the sentences it overlaps; on a text that
differs, its quote is looked for in the document (exactly, then with any whitespace,
the nearest occurrence whose context agrees), and failing that the re-anchoring's
fuzzy match places it on the most similar sentence (text/reanchor.py). A selection
that fits nowhere is counted as orphaned.

Codes map to claim types, verdicts, evidence types, certainty and citation accuracy by
GUID (Assay's own codebook) or by name; any other code, a note and a description are
kept in the rationale. One annotation per sentence and user; a sentence a reviewer has
already annotated is left as it is (counted as kept), so an import never changes
anyone's work, and importing the same project twice adds nothing the second time.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice

from assay.core.model import BlockKind, Reviewer
from assay.core.vocabulary import STATUS_DRAFT, STATUS_FINAL
from assay.exchange.qdpx_codes import CODES, Code, code_by_name, fold
from assay.exchange.qdpx_import import QdaProjectRecord, QdaSelectionRecord, QdaTextSourceRecord
from assay.store import document_rows, exchange_writes, qda_queries, queries, writes
from assay.store.codec import categories_json
from assay.store.connection import transaction
from assay.text.reanchor import Anchor, reanchor

Check = Callable[[int, int, str], None]

_CONTEXT = 32
_MAX_OCCURRENCES = 200
_DESCRIPTION = re.compile(r"(?:Confidence: ([1-5]) of 5\. )?Status: (reviewed|draft)\.")
_CODES_BY_GUID = {code.guid: code for code in CODES.values()}


@dataclass(slots=True)
class ImportCounts:
    """What an import did, for the CLI and the window."""

    project: str
    origin: str
    sources: int = 0  # text sources read
    matched: int = 0  # of them, documents the review already had
    added: int = 0  # documents added from the project
    unreadable: list[str] = field(default_factory=list)  # "name: why"
    other_sources: dict[str, int] = field(default_factory=dict)  # PDFSource … -> count
    selections: int = 0
    annotations: int = 0  # added
    kept: int = 0  # (sentence, reviewer) already annotated here: left as it is
    orphaned: int = 0  # selections placed on no sentence
    other_codes: int = 0  # codings kept in a rationale as "QDA codes: …"
    reviewers: list[str] = field(default_factory=list)
    users: int = 0  # in the project
    codes: int = 0
    notes: int = 0

    def lines(self) -> list[str]:
        origin = f" (from {self.origin})" if self.origin else ""
        lines = [
            f"“{self.project}”{origin} holds {self.users} user(s), {self.codes} code(s), "
            f"{self.notes} note(s).",
            f"{self.sources} text source(s): {self.matched} "
            f"already in the review, {self.added} added as new document(s).",
            f"{self.selections:,} coded selection(s): {self.annotations:,} annotation(s) "
            f"added, {self.kept:,} left as they were (already annotated), "
            f"{self.orphaned:,} placed on no sentence.",
        ]
        if self.reviewers:
            lines.append(f"Under the project's users: {', '.join(self.reviewers)}.")
        if self.other_codes:
            lines.append(f"{self.other_codes:,} coding(s) with codes Assay does not have "
                         "were kept in the rationale as “QDA codes: …”.")  # fmt: skip
        for kind, count in sorted(self.other_sources.items()):
            lines.append(f"{count} {kind}(s) not imported: Assay reads text sources only.")
        lines.extend(f"Not imported: {problem}." for problem in self.unreadable)
        return lines


@dataclass(slots=True)
class _Pending:
    """One user's work on one sentence, gathered from every selection covering it."""

    codes: dict[str, str] = field(default_factory=dict)  # field -> value (not categories)
    categories: set[str] = field(default_factory=set)
    not_a_claim: bool = False
    notes: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    confidence: int | None = None
    status: str = STATUS_DRAFT
    created: str = ""
    modified: str = ""


def place_project(
    conn: sqlite3.Connection, project: QdaProjectRecord, *, reviewer: Reviewer, check: Check
) -> ImportCounts:
    counts = ImportCounts(project.name, project.origin)
    counts.other_sources = dict(project.other_sources)
    counts.users, counts.codes = len(project.users), len(project.codes)
    counts.notes = len(project.notes)
    by_name = code_by_name()
    now = writes.now_iso()
    users: dict[str, tuple[str, str]] = {}  # user GUID -> (reviewer id, name)
    with transaction(conn):
        writes.ensure_reviewer(conn, reviewer)
        pending: dict[tuple[int, str], _Pending] = {}
        texts: dict[int, tuple[str, list[tuple[int, int, int]]]] = {}
        for n, source in enumerate(project.sources):
            check(n, len(project.sources), "placing selections")
            if source.text is None:
                counts.unreadable.append(f"“{source.name}”: {source.problem}")
                continue
            counts.sources += 1
            document_id = _document_for(conn, source, reviewer, counts)
            doc_text = queries.document_text(conn, document_id)
            sentences = qda_queries.sentences(conn, document_id)
            texts[document_id] = (doc_text, sentences)
            for selection, covered in _placed(source, doc_text, sentences):
                counts.selections += 1
                if not covered:
                    counts.orphaned += 1
                    continue
                user = _user(project, selection, users)
                for sentence_id in covered:
                    entry = pending.setdefault((sentence_id, user), _Pending())
                    counts.other_codes += _gather(entry, selection, project, by_name)
        check(len(project.sources), len(project.sources), "saving")
        taken = qda_queries.taken(conn, sorted({users[g][0] for _, g in pending}))
        exchange_writes.insert_reviewers(conn, sorted(set(users.values())))
        rows = []
        locations = _locations(texts)
        for (sentence_id, user), entry in pending.items():
            reviewer_id = users[user][0]
            if (sentence_id, reviewer_id) in taken:
                counts.kept += 1
                continue
            doc_text, start, end = locations[sentence_id]
            rows.append(_row(sentence_id, reviewer_id, user, entry, doc_text, start, end, now))
        exchange_writes.insert_annotations(conn, rows)
        counts.annotations = len(rows)
        counts.reviewers = sorted({users[user][1] for _, user in pending})
        writes.log_event(
            conn, reviewer_id=reviewer.id, action="import", entity="qdpx",
            entity_id=project.name or "project", before=None,
            after=json.dumps({"annotations": counts.annotations, "kept": counts.kept,
                              "orphaned": counts.orphaned, "added_documents": counts.added}),
        )  # fmt: skip
    return counts


def _document_for(
    conn: sqlite3.Connection, source: QdaTextSourceRecord, reviewer: Reviewer,
    counts: ImportCounts,
) -> int:  # fmt: skip
    """The review document for a source: same text, same title, or added from it."""
    assert source.text is not None
    found = queries.document_by_sha256(conn, hashlib.sha256(source.text.encode()).hexdigest())
    if found is None:
        found = next((d for d in queries.documents(conn) if source.name and d.title == source.name),
                     None)  # fmt: skip
    if found is not None:
        counts.matched += 1
        return found.id
    # Each line a block: a text Assay exported (blocks one line each) comes back with
    # the same text, so the same sentences; any other text is split the same way.
    from assay.text.blocks import RawBlock  # the text layer only when a document is new
    from assay.text.pipeline import parse_blocks

    lines = [RawBlock(BlockKind.PARAGRAPH, ln) for ln in source.text.splitlines() if ln.strip()]
    parsed = parse_blocks(lines, source_name=f"{source.name or 'source'}.txt", format="plain")
    if source.name:
        parsed = replace(parsed, title=source.name)
    existing = queries.document_by_sha256(conn, parsed.sha256)
    if existing is not None:
        counts.matched += 1
        return existing.id
    document_id = writes.insert_document(conn, parsed, reviewer_id=reviewer.id)
    document_rows.forget_removal(conn, parsed.sha256)  # brought in by hand, as an import
    counts.added += 1
    return document_id


def _placed(
    source: QdaTextSourceRecord, doc_text: str, sentences: list[tuple[int, int, int]]
) -> list[tuple[QdaSelectionRecord, list[int]]]:
    """Each selection with the sentence ids it covers (empty: placed nowhere)."""
    text = source.text or ""
    starts = [start for _, start, _ in sentences]
    result: list[tuple[QdaSelectionRecord, list[int]]] = []
    fuzzy: list[tuple[int, Anchor]] = []
    for selection in source.selections:
        start, end = max(0, selection.start), min(len(text), selection.end)
        span = (start, end) if text == doc_text else _find(text, doc_text, start, end)
        covered = _covering(doc_text, sentences, starts, span) if span else []
        if span is None and text[start:end].strip():
            quote = text[start:end].strip()
            fuzzy.append((len(result), Anchor(str(len(result)), start, end, quote,
                                              text[max(0, start - _CONTEXT) : start],
                                              text[end : end + _CONTEXT])))  # fmt: skip
        result.append((selection, covered))
    if fuzzy:
        placements = reanchor([a for _, a in fuzzy], doc_text, [(s, e) for _, s, e in sentences])
        for (index, _), placement in zip(fuzzy, placements, strict=True):
            if placement.sentence is not None:
                result[index] = (result[index][0], [sentences[placement.sentence][0]])
    return result


def _find(text: str, doc_text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where text[start:end] is in doc_text: exactly, else with any whitespace; the
    occurrence whose context agrees most, then the nearest in proportion."""
    quote = text[start:end].strip()
    if not quote:
        return None
    prefix, suffix = text[max(0, start - _CONTEXT) : start], text[end : end + _CONTEXT]
    found = _occurrences(re.escape(quote), doc_text)
    if not found:
        found = _occurrences(r"\s+".join(re.escape(word) for word in quote.split()), doc_text)
    if not found:
        return None
    expected = start * len(doc_text) / max(1, len(text))

    def score(span: tuple[int, int]) -> tuple[int, float]:
        before = doc_text[max(0, span[0] - len(prefix)) : span[0]]
        after = doc_text[span[1] : span[1] + len(suffix)]
        agree = _common_suffix(prefix, before) + _common_prefix(suffix, after)
        return (-agree, abs(span[0] - expected))

    return min(found, key=score)


def _occurrences(pattern: str, text: str) -> list[tuple[int, int]]:
    """The first few hundred matches: a quote repeated more often is no place to anchor."""
    return [(m.start(), m.end()) for m in islice(re.finditer(pattern, text), _MAX_OCCURRENCES)]


def _covering(
    doc_text: str, sentences: list[tuple[int, int, int]], starts: list[int],
    span: tuple[int, int],
) -> list[int]:  # fmt: skip
    """Ids of the sentences that the span's non-blank part overlaps."""
    start, end = span
    while start < end and doc_text[start].isspace():
        start += 1
    while end > start and doc_text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    i = max(0, bisect.bisect_right(starts, start) - 1)
    covered = []
    while i < len(sentences) and sentences[i][1] < end:
        if sentences[i][2] > start:
            covered.append(sentences[i][0])
        i += 1
    return covered


def _user(project: QdaProjectRecord, selection: QdaSelectionRecord,
          users: dict[str, tuple[str, str]]) -> str:  # fmt: skip
    """The user GUID a selection is imported under, registering its reviewer."""
    guid = selection.user or project.creating_user or ""
    if guid not in users:
        record = project.users.get(guid)
        name = record.name if record and record.name else f"{project.name or 'QDA'} user"
        own_id = record.id if record else ""
        users[guid] = (own_id if _is_uuid(own_id) else _reviewer_id(project, guid), name)
    return guid


def _reviewer_id(project: QdaProjectRecord, guid: str) -> str:
    return f"qdpx-{(guid or str(uuid.uuid5(uuid.NAMESPACE_URL, project.name))).lower()}"


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _gather(entry: _Pending, selection: QdaSelectionRecord, project: QdaProjectRecord,
            by_name: dict[str, Code]) -> int:  # fmt: skip
    """Add one selection's codes, notes and description to a sentence's entry; return
    how many of its codings had codes Assay does not know."""
    unknown = 0
    for guid in selection.codes:
        record = project.codes.get(guid)
        code = _CODES_BY_GUID.get(guid) or (by_name.get(fold(record.name)) if record else None)
        if code is None:
            unknown += 1
            name = record.name if record else guid
            if name not in entry.others:
                entry.others.append(name)
        elif code.field == "categories" and code.value == "not_a_claim":
            entry.not_a_claim = True
        elif code.field == "categories":
            entry.categories.add(code.value)
        elif entry.codes.setdefault(code.field, code.value) != code.value:
            entry.others.append(code.name)  # a second verdict …: kept, not lost
    for guid in selection.notes:
        note = project.notes.get(guid, "").strip()
        if note and note not in entry.notes:
            entry.notes.append(note)
    described = _DESCRIPTION.fullmatch(selection.description.strip())
    if described:
        if described.group(1):
            entry.confidence = int(described.group(1))
        if described.group(2) == "reviewed":
            entry.status = STATUS_FINAL
    elif selection.description.strip() and selection.description.strip() not in entry.notes:
        entry.notes.append(selection.description.strip())
    entry.created = min(filter(None, (entry.created, _stamp(selection.created))), default="")
    entry.modified = max(entry.modified, _stamp(selection.modified or selection.created))
    return unknown


def _stamp(value: str) -> str:
    """A QDA-XML dateTime as Assay stores times (UTC, milliseconds), or ""."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _locations(
    texts: dict[int, tuple[str, list[tuple[int, int, int]]]],
) -> dict[int, tuple[str, int, int]]:  # noqa: E501
    return {sid: (text, start, end) for text, sentences in texts.values()
            for sid, start, end in sentences}  # fmt: skip


def _row(sentence_id: int, reviewer_id: str, user: str, entry: _Pending, doc_text: str,
         start: int, end: int, now: str) -> tuple[object, ...]:  # fmt: skip
    rationale = "\n\n".join(entry.notes)
    if entry.others:
        rationale += ("\n\n" if rationale else "") + "QDA codes: " + ", ".join(entry.others)
    installation = installation_of(user)
    return (
        str(uuid.uuid4()), sentence_id, reviewer_id, categories_json(frozenset(entry.categories)),
        int(entry.not_a_claim), entry.codes.get("verdict"), entry.codes.get("citation_accuracy"),
        entry.codes.get("evidence_type"), entry.codes.get("certainty"), entry.confidence,
        rationale, entry.status, entry.created or now, entry.modified or entry.created or now,
        *writes.quote_anchor(doc_text, start, end),
        json.dumps({installation: 1}, separators=(",", ":")), installation,
    )  # fmt: skip


def installation_of(user_guid: str) -> str:
    """The installation id an imported user's revisions carry: one of their own, from
    their GUID, so a later bundle relays their work as theirs (exchange/ownership.py)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"qdpx-user:{user_guid.upper()}"))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
