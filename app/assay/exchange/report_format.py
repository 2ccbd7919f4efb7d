"""The review report as Markdown (to read, print or mail) or JSON (to process).

Pure: it only formats what services.report assembled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from assay.core.vocabulary import CATEGORIES, EVIDENCE_KINDS, NOT_A_CLAIM, VERDICTS, label_of
from assay.exchange.report_model import ReportContent, shown_time

STANDING_WORDS = {
    "adjudicated": "decided by {who}",
    "agreed": "agreed by {who}",
    "single": "by {who}",
    "disputed": "disputed — not yet decided",
}


REPORT_FORMAT = "assay-report/1"  # bumped when a key changes meaning or goes away


def report_json(reports: Sequence[Any]) -> dict[str, Any]:
    return {"format": REPORT_FORMAT, "documents": [asdict(report) for report in reports]}


def content_json(content: ReportContent) -> dict[str, Any]:
    """`report_json` with the review's name, the export time and who reviewed (new keys:
    the format stays assay-report/1)."""
    return {
        "format": REPORT_FORMAT,
        "review": content.review_name,
        "exported_at": content.exported_at,
        "reviewers": list(content.reviewers),
        "documents": [asdict(report) for report in content.reports],
    }


def content_markdown(content: ReportContent) -> str:
    return report_markdown(content.reports, content.review_name, shown_time(content.exported_at))


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
    verdict = verdict_text(sentence)
    heading = f"### {where}Sentence {sentence.ordinal + 1}"
    if sentence.standing != "disputed":
        heading += f" — {verdict}"
    lines = [heading, "", f"> {sentence.text}", ""]
    if sentence.highlights:
        lines += [f"Highlighted: {highlights_text(sentence.highlights)}", ""]
    lines.append(f"- Decision: {standing_text(sentence)}")
    if sentence.categories:
        lines.append(f"- Claim type: {categories_text(sentence.categories)}")
    if sentence.rationale:
        lines.append(f"- Rationale: {sentence.rationale}")
    if sentence.standing in ("disputed", "adjudicated") and sentence.views:
        lines += [f"- {view_text(view)}" for view in sentence.views]
    for item in sentence.evidence:
        lines.append(f"- Evidence ({item.reviewer}): {evidence_text(item)}")
    for cited in sentence.cites:
        lines.append(f"- Cites: {cited}")
    if sentence.source_numbers is not None:
        lines.append(f"- {SOURCE_NUMBERS_TITLE}:")
        lines += [f"  - {line}" for line in source_numbers_lines(sentence.source_numbers)]
    return [*lines, ""]


SOURCE_NUMBERS_TITLE = "Numbers beside the cited source"


def source_numbers_lines(numbers: Any) -> list[str]:
    """A sentence's `SourceNumbers` as lines: what no abstract states, then the closest
    statements with their numbers beside the sentence's."""
    lines = [f"⚠ {numbers.absent}"] if numbers.absent else []
    for line in numbers.lines:
        lines.append(
            f"{line.work}: “{line.statement}” — this sentence: {line.claim_numbers} ⟷ "
            f"the source: {line.source_numbers}"
        )
    return lines


def highlights_text(phrases: Sequence[str]) -> str:
    """The highlighted phrases, quoted: “a”; “b”."""
    return "; ".join(f"“{phrase}”" for phrase in phrases)


def categories_text(values: Sequence[str]) -> str:
    return ", ".join(label_of(CATEGORIES, value) for value in values)


def evidence_text(item: Any) -> str:
    kind = label_of(EVIDENCE_KINDS, item.kind)
    where = f", {item.locator}" if item.locator else ""
    value = f"“{item.value}”" if item.kind == "quote" else item.value
    text = f"{kind}{where}: {value}" if value else kind
    if item.source:
        text += f" (from {item.source})"
    return f"{text} — {item.note}" if item.note else text


def verdict_text(sentence: Any) -> str:
    if sentence.not_a_claim:
        return NOT_A_CLAIM.label
    return label_of(VERDICTS, sentence.verdict) if sentence.verdict else "no verdict"


def standing_text(sentence: Any) -> str:
    return STANDING_WORDS[sentence.standing].format(who=sentence.decided_by)


def view_text(view: Any) -> str:
    """One reviewer's view of a disputed or adjudicated sentence."""
    said = label_of(VERDICTS, view.verdict) if view.verdict else "no verdict"
    kinds = categories_text(view.categories) if view.categories else "—"
    return f"{view.reviewer}: {said}; {kinds}" + (
        f" — “{view.rationale}”" if view.rationale else ""
    )
