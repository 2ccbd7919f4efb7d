"""The review report as Markdown (to read, print or mail) or JSON (to process).

Pure: it only formats what services.report assembled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from assay.core.vocabulary import CATEGORIES, EVIDENCE_KINDS, NOT_A_CLAIM, VERDICTS, label_of

STANDING_WORDS = {
    "adjudicated": "decided by {who}",
    "agreed": "agreed by {who}",
    "single": "by {who}",
    "disputed": "disputed — not yet decided",
}


REPORT_FORMAT = "assay-report/1"  # bumped when a key changes meaning or goes away


def report_json(reports: Sequence[Any]) -> dict[str, Any]:
    return {"format": REPORT_FORMAT, "documents": [asdict(report) for report in reports]}


def report_markdown(reports: Sequence[Any], review_name: str, generated: str) -> str:
    lines = [f"# Review report: {review_name}", "", f"Generated {generated}.", ""]
    for document in reports:
        lines += [f"## {document.title}", "", f"Source: {document.source_name}."]
        if document.verdicts:
            counts = ", ".join(
                f"{label_of(VERDICTS, verdict)} {count}"
                for verdict, count in sorted(document.verdicts.items())
            )
            lines.append(f"Decided verdicts: {counts}.")
        lines.append("")
        if not document.sentences:
            lines += ["No sentence has been reviewed yet.", ""]
        for sentence in document.sentences:
            lines += _sentence_lines(sentence)
    return "\n".join(lines).rstrip() + "\n"


def _sentence_lines(sentence: Any) -> list[str]:
    where = f"p. {sentence.page} · " if sentence.page is not None else ""
    verdict = label_of(VERDICTS, sentence.verdict) if sentence.verdict else "no verdict"
    if sentence.not_a_claim:
        verdict = NOT_A_CLAIM.label
    heading = f"### {where}Sentence {sentence.ordinal + 1}"
    if sentence.standing != "disputed":
        heading += f" — {verdict}"
    lines = [heading, "", f"> {sentence.text}", ""]
    standing = STANDING_WORDS[sentence.standing].format(who=sentence.decided_by)
    lines.append(f"- Decision: {standing}")
    if sentence.categories:
        lines.append(f"- Claim type: {_categories(sentence.categories)}")
    if sentence.rationale:
        lines.append(f"- Rationale: {sentence.rationale}")
    if sentence.standing in ("disputed", "adjudicated") and sentence.views:
        for view in sentence.views:
            said = label_of(VERDICTS, view.verdict) if view.verdict else "no verdict"
            kinds = _categories(view.categories) if view.categories else "—"
            lines.append(f"- {view.reviewer}: {said}; {kinds}" + (
                f" — “{view.rationale}”" if view.rationale else ""
            ))  # fmt: skip
    for item in sentence.evidence:
        lines.append(f"- Evidence ({item.reviewer}): {_evidence(item)}")
    for cited in sentence.cites:
        lines.append(f"- Cites: {cited}")
    return [*lines, ""]


def _categories(values: Sequence[str]) -> str:
    return ", ".join(label_of(CATEGORIES, value) for value in values)


def _evidence(item: Any) -> str:
    kind = label_of(EVIDENCE_KINDS, item.kind)
    where = f", {item.locator}" if item.locator else ""
    value = f"“{item.value}”" if item.kind == "quote" else item.value
    text = f"{kind}{where}: {value}" if value else kind
    if item.source:
        text += f" (from {item.source})"
    return f"{text} — {item.note}" if item.note else text
