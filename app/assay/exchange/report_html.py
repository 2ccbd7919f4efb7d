"""The report as one self-contained HTML file: inline CSS, charts as inline SVG, no
resource from anywhere else, and print CSS (each document starts a page).

`report_body` is shared with the PDF (`ui.report_pdf`), which lays the same body out in a
QTextDocument with the charts as images: the two say the same things in the same order.
Pure: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from assay.core.vocabulary import VERDICTS, label_of
from assay.exchange.report_charts import VERDICT_HUES, Chart, summary_charts, svg
from assay.exchange.report_format import (
    SOURCE_NUMBERS_TITLE,
    categories_text,
    evidence_text,
    highlights_text,
    source_numbers_lines,
    standing_text,
    verdict_text,
    view_text,
)
from assay.exchange.report_model import (
    CitationProblem,
    DocumentReport,
    ReportContent,
    SentenceReport,
    shown_time,
)

Figure = Callable[[int, Chart], str]  # (chart number, chart) -> its markup

STYLE = """
:root { color-scheme: light; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #1d1d1d; margin: 2.5em auto;
  max-width: 46em; padding: 0 1.2em; }
h1, h2, h3, h4, th, figcaption, .meta, .chip { font-family: Helvetica, Arial, sans-serif; }
h1 { font-size: 1.9em; margin: 0 0 .2em; }
h2 { font-size: 1.4em; margin: 1.6em 0 .4em; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.02em; margin: 0 0 .3em; }
h4 { font-size: 1em; margin: 1.4em 0 .4em; }
.subtitle { font-size: 1.2em; color: #444; margin: 0 0 1.4em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1.2em; font-size: .92em; }
th, td { border: 1px solid #c8c8c8; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .8em;
  word-break: break-all; }
td.number { text-align: right; }
figure { margin: 1em 0 1.6em; }
figcaption { font-weight: bold; margin-bottom: .4em; }
svg.chart { max-width: 100%; height: auto; }
.sentence { border-left: 5px solid #bbb; padding: .4em .8em; margin: 0 0 1em; background: #fafafa; }
.sentence blockquote { margin: .2em 0 .5em; font-style: italic; }
.chip { display: inline-block; padding: 0 .45em; border-radius: .3em; color: #111;
  font-size: .85em; font-weight: bold; }
.where { color: #555; font-weight: normal; }
dl { display: grid; grid-template-columns: 8.5em 1fr; gap: .15em .8em; margin: 0;
  font-size: .95em; }
dt { font-weight: bold; color: #444; } dd { margin: 0; }
dd ul { margin: 0; padding-left: 1.1em; }
.meta { color: #444; font-size: .92em; }
.problems li { margin-bottom: .3em; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  .title-page { break-after: page; }
  .document, .summary { break-before: page; }
  .sentence, figure, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
}
"""


def verdict_css() -> str:
    return "".join(
        f".v-{value} {{ border-left-color: {hue}; }} .chip.v-{value} {{ background: {hue}; }}\n"
        for value, hue in VERDICT_HUES.items()
    )


def report_html(content: ReportContent) -> str:
    title = f"Review report: {content.review_name}"
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f'<meta name="generator" content="Assay">\n<title>{escape(title)}</title>\n',
            f"<style>{STYLE}{verdict_css()}</style>\n</head>\n<body>\n",
            report_body(content, lambda _number, chart: svg(chart)),
            "</body>\n</html>\n",
        ]
    )


def report_body(content: ReportContent, figure: Figure, *, page_break: str = "") -> str:
    """Every chosen section. `page_break` is inline CSS for the elements that start a
    page (the PDF's QTextDocument reads no style sheet's @media print)."""
    options, parts = content.options, []
    if options.has("title"):
        parts.append(_title_page(content))
    if options.has("summary"):
        parts.append(_summary(content, figure, page_break))
    if options.has("sentences") or options.has("citations"):
        for report, problems in zip(content.reports, content.problems, strict=True):
            parts.append(_document(content, report, problems, page_break))
    return "".join(parts)


def _title_page(content: ReportContent) -> str:
    rows = [
        ("Exported", shown_time(content.exported_at)),
        ("Reviewers", ", ".join(content.reviewers) or "none yet"),
    ]
    if content.first_activity:
        rows.append(
            ("Reviewed", f"{shown_time(content.first_activity)} to "
                         f"{shown_time(content.last_activity)}")
        )  # fmt: skip
    meta = "".join(f"<tr><th>{name}</th><td>{escape(value)}</td></tr>" for name, value in rows)
    documents = "".join(
        f'<tr><td>{escape(d.title)}<br><span class="meta">{escape(d.source_name)} · imported '
        f"{escape(shown_time(d.imported_at))}</span></td>"
        f'<td class="number">{d.sentences:,}</td><td class="number">{d.reviewed:,} / '
        f'{d.reviewable:,}</td><td class="hash">{d.sha256}</td></tr>'
        for d in content.documents
    )
    return (
        '<header class="title-page">\n<h1>Review report</h1>\n'
        f'<p class="subtitle">{escape(content.review_name)}</p>\n'
        f"<table>{meta}</table>\n<h2>Documents</h2>\n"
        "<table><tr><th>Document</th><th>Sentences</th><th>Reviewed</th>"
        f"<th>SHA-256 of its text</th></tr>{documents}</table>\n</header>\n"
    )


def _summary(content: ReportContent, figure: Figure, page_break: str) -> str:
    decided = sum(sum(report.verdicts.values()) for report in content.reports)
    disputed = sum(
        1 for report in content.reports for s in report.sentences if s.standing == "disputed"
    )
    parts = [
        f'<section class="summary" style="{page_break}">\n<h2>Summary</h2>\n',
        f"<p>{content.sentence_count:,} sentences annotated in {len(content.documents):,} "
        f"document(s): {decided:,} with a decided verdict, {disputed:,} disputed.</p>\n",
    ]
    for number, chart in enumerate(summary_charts(content)):
        parts.append(
            f"<figure><figcaption>{escape(chart.title)}</figcaption>{figure(number, chart)}"
            "</figure>\n"
        )
    if content.agreement:
        rows = "".join(
            f'<tr><td>{escape(f.measure)}</td><td class="number">'
            f"{'n/a' if f.alpha is None else f'{f.alpha:.3f}'}</td>"
            f'<td class="number">{f.sentences:,}</td></tr>'
            for f in content.agreement
        )
        parts.append(
            "<table><tr><th>Measure</th><th>Krippendorff's alpha</th><th>Sentences coded by "
            f"two or more</th></tr>{rows}</table>\n"
        )
    parts.append("</section>\n")
    return "".join(parts)


def _document(
    content: ReportContent,
    report: DocumentReport,
    problems: tuple[CitationProblem, ...],
    page_break: str,
) -> str:
    parts = [
        f'<section class="document" style="{page_break}">\n<h2>{escape(report.title)}</h2>\n'
        f'<p class="meta">Source: {escape(report.source_name)}'
    ]
    if report.verdicts:
        counts = ", ".join(
            f"{label_of(VERDICTS, verdict)} {count:,}"
            for verdict, count in sorted(report.verdicts.items())
        )
        parts.append(f" · decided verdicts: {escape(counts)}")
    parts.append("</p>\n")
    if content.options.has("sentences"):
        if not report.sentences:
            parts.append("<p>No sentence has been reviewed yet.</p>\n")
        parts.extend(_sentence(sentence) for sentence in report.sentences)
    if content.options.has("citations"):
        parts.append(_problems(problems))
    parts.append("</section>\n")
    return "".join(parts)


def _sentence(sentence: SentenceReport) -> str:
    where = f"p. {sentence.page} · " if sentence.page is not None else ""
    if sentence.standing == "disputed":
        chip, css = "Disputed", "disputed"
    else:
        chip = verdict_text(sentence)
        css = f"v-{sentence.verdict}" if sentence.verdict and not sentence.not_a_claim else "none"
    rows = [("Decision", escape(standing_text(sentence)))]
    if sentence.highlights:
        rows.append(("Highlighted", escape(highlights_text(sentence.highlights))))
    if sentence.categories:
        rows.append(("Claim type", escape(categories_text(sentence.categories))))
    if sentence.rationale:
        rows.append(("Rationale", escape(sentence.rationale)))
    if sentence.standing in ("disputed", "adjudicated") and sentence.views:
        rows.append(("Reviewers", _items(view_text(view) for view in sentence.views)))
    if sentence.evidence:
        rows.append(
            ("Evidence", _items(f"{evidence_text(e)} ({e.reviewer})" for e in sentence.evidence))
        )
    if sentence.cites:
        rows.append(("Cites", _items(sentence.cites)))
    if sentence.source_numbers is not None:
        rows.append((SOURCE_NUMBERS_TITLE, _items(source_numbers_lines(sentence.source_numbers))))
    fields = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return (
        f'<article class="sentence {css}"><h3><span class="where">{where}Sentence '
        f'{sentence.ordinal + 1}</span> <span class="chip {css}">{escape(chip)}</span></h3>'
        f"<blockquote>{escape(sentence.text)}</blockquote><dl>{fields}</dl></article>\n"
    )


def _items(lines: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _problems(problems: tuple[CitationProblem, ...]) -> str:
    if not problems:
        return "<h4>Citation problems</h4>\n<p>None found.</p>\n"
    items = "".join(
        f"<li><b>{escape(p.work)}</b> — {escape(p.what)}{_items(p.details)}</li>" for p in problems
    )
    return f'<h4>Citation problems</h4>\n<ul class="problems">{items}</ul>\n'
