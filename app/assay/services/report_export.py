"""Writing the report to a file: read the review on its own read-only connection (so it
can run on a worker thread), lay the content out in the chosen format, write it
atomically. Progress is reported and Cancel honoured at each document and step.

The PDF is painted by Qt (`ui.report_pdf.report_pdf`); it is handed in as `pdf`, so this
layer never imports Qt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assay.exchange.bundle_write import write_atomically
from assay.exchange.report_model import FORMATS, ReportContent, ReportOptions
from assay.services.report import build_content
from assay.store.review_file import open_review
from assay.text.errors import Cancelled

Progress = Callable[[int, int, str], None]
PdfWriter = Callable[[ReportContent], bytes]


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    format: str
    sentences: int
    size: int


def render_report(content: ReportContent, fmt: str, pdf: PdfWriter | None = None) -> bytes:
    """The report's bytes in `fmt` (one of FORMATS)."""
    if fmt == "md":
        from assay.exchange.report_format import content_markdown

        return content_markdown(content).encode("utf-8")
    if fmt == "json":
        from assay.exchange.report_format import content_json

        text = json.dumps(content_json(content), indent=1, ensure_ascii=False) + "\n"
        return text.encode("utf-8")
    if fmt == "html":
        from assay.exchange.report_html import report_html

        return report_html(content).encode("utf-8")
    if fmt == "docx":
        from assay.exchange.report_docx import report_docx

        return report_docx(content)
    if fmt == "pdf":
        if pdf is None:
            raise ValueError("A PDF report needs Qt's PDF writer (assay.ui.report_pdf).")
        return pdf(content)
    raise ValueError(f"Unknown report format {fmt!r}: one of {', '.join(FORMATS)}.")


def export_report(
    review_path: Path,
    out_path: Path,
    fmt: str,
    *,
    options: ReportOptions | None = None,
    exported_at: str | None = None,
    pdf: PdfWriter | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ReportResult:
    """Write the report of the review at `review_path` to `out_path`; nothing is written
    when it fails or is cancelled (`Cancelled`)."""

    def step(done: int, total: int, stage: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled
        if progress is not None:
            progress(done, total, stage)

    review_path, out_path = Path(review_path), Path(out_path)
    conn = open_review(review_path, read_only=True)
    try:
        content = build_content(
            conn, review_path.name, options, exported_at,
            lambda done, total: step(done, total + 1, "reading the review"),
        )  # fmt: skip
    finally:
        conn.close()
    step(0, 1, f"writing the {fmt.upper()}")
    data = render_report(content, fmt, pdf)
    step(0, 1, "saving")  # the last chance to cancel: after this the file is in place
    write_atomically(out_path, data, private=False)
    if progress is not None:
        progress(1, 1, "done")
    return ReportResult(out_path, fmt, content.sentence_count, len(data))
