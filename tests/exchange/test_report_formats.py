"""The report a client reads, headless: HTML (self-contained, prints), DOCX (headings and
tables, read back with python-docx), Markdown and JSON; sections, anonymous reviewers,
the same bytes for a pinned export time, atomic writes, `assay report --format`."""

from __future__ import annotations

import io
import json
import re

import docx
import pytest
from lxml import html as lxml_html
from report_helpers import PINNED, team_review

from assay.cli import main
from assay.exchange.report_model import ReportOptions
from assay.services import report_export
from assay.services.report import build_content
from assay.services.report_export import export_report
from assay.services.session import ReviewSession
from assay.store import queries
from assay.text.errors import Cancelled


@pytest.fixture
def review(tmp_path, reviewer, seed_dir):
    path, ids = team_review(tmp_path, reviewer, seed_dir / "001_25d1546185dbdbaa.txt")
    with ReviewSession.open(path, reviewer) as session:
        texts = {row.id: row.text for row in session.sentence_rows()}
    return path, {name: texts[sentence] for name, sentence in ids.items()}


def _content(path, reviewer, **options):
    with ReviewSession.open(path, reviewer) as session:
        return build_content(session.conn, path.name, ReportOptions(**options), PINNED)


def test_content_has_hashes_reviewers_progress_agreement_and_citation_problems(review, reviewer):
    path, _texts = review
    content = _content(path, reviewer)
    (document,) = content.documents
    assert re.fullmatch(r"[0-9a-f]{64}", document.sha256)
    assert content.reviewers == ("Ada Reviewer", "Bob Second")
    with ReviewSession.open(path, reviewer) as session:
        ((_id, _title, _mine, reviewable),) = queries.progress_counts(session.conn, reviewer.id)
    assert (document.reviewed, document.reviewable) == (4, reviewable)
    assert [f.measure for f in content.agreement][:2] == ["Verdict", "Mechanism"]
    kinds = {problem.kind for problem in content.problems[0]}
    assert kinds == {"variants", "library"}
    library = next(p for p in content.problems[0] if p.kind == "library")
    assert library.work.startswith("Tarleton") and "volume" in library.details[0]


def test_html_is_one_self_contained_file_that_prints_a_page_per_document(review, reviewer):
    path, texts = review
    html = export_html(path, reviewer)
    tree = lxml_html.fromstring(html)
    for element, attribute in (
        ("link", "href"),
        ("img", "src"),
        ("script", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("object", "data"),
    ):
        for node in tree.iter(element):
            assert not node.get(attribute, "").startswith(("http", "//"))
    assert not tree.xpath("//link | //script | //img")  # nothing fetched at all
    assert "http" not in html and "url(" not in html
    assert "@media print" in html and ".document, .summary { break-before: page; }" in html
    assert len(tree.xpath("//svg[@class='chart']")) == 4  # claim types, documents, progress, alpha
    for text in texts.values():
        assert html.count(escape(text)) == 1
    assert "SHA-256 of its text" in html and "Bob Second" in html
    problems = tree.xpath("//ul[@class='problems']")[0].text_content()
    assert "written in several ways" in problems and "differs from your library" in problems
    assert "“no effect on mood”" in html and "(from " not in html  # no source work set


def export_html(path, reviewer, **options):
    out = path.with_suffix(".html")
    export_report(path, out, "html", options=ReportOptions(**options), exported_at=PINNED)
    return out.read_text(encoding="utf-8")


def escape(text: str) -> str:
    from html import escape as html_escape

    return html_escape(text)


def test_sections_can_be_left_out_and_reviewers_anonymised(review, reviewer):
    path, texts = review
    html = export_html(path, reviewer, sections=frozenset({"sentences"}), anonymous=True)
    assert "Ada Reviewer" not in html and "Bob Second" not in html
    assert "Reviewer 1: Overstated" in html and "Reviewer 2: Supported" in html
    assert "agreed by Reviewer 1, Reviewer 2" in html
    assert "<svg" not in html and "SHA-256" not in html and "Citation problems" not in html
    assert all(escape(text) in html for text in texts.values())
    only_summary = export_html(path, reviewer, sections=frozenset({"summary"}))
    assert "<svg" in only_summary and escape(texts["agreed"]) not in only_summary


def test_same_review_same_bytes_in_every_format(review, reviewer, tmp_path):
    path, _texts = review
    for fmt in ("html", "docx", "md", "json"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        export_report(path, first, fmt, exported_at=PINNED)
        export_report(path, second, fmt, exported_at=PINNED)
        assert first.read_bytes() == second.read_bytes(), fmt
        assert b"2025-05-01" in (first.read_bytes() if fmt != "docx" else _docx_xml(first))


def _docx_xml(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("docProps/core.xml")


def test_docx_has_real_headings_and_tables(review, reviewer, tmp_path):
    path, texts = review
    out = tmp_path / "report.docx"
    export_report(path, out, "docx", exported_at=PINNED)
    document = docx.Document(io.BytesIO(out.read_bytes()))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == ("Title", "Review report: team.assay")
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one[:2] == ["Documents", "Summary"] and level_one[2].startswith("Magnesium")
    assert ("Heading 2", "Decided verdicts per claim type") in headings
    assert any(style == "Heading 2" and text.endswith("— Disputed") for style, text in headings)
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert sorted(quotes) == sorted(texts.values())
    tables = document.tables
    assert tables[1].rows[0].cells[4].text == "SHA-256 of its text"
    cells = {cell.text for table in tables for row in table.rows for cell in row.cells}
    assert {"Decision", "Evidence", "Cites", "disputed — not yet decided"} <= cells
    assert document.core_properties.created.isoformat().startswith("2025-05-01T10:00")


def test_markdown_and_json_stay_as_they_were_with_hashes_and_offsets_added(review, reviewer):
    path, texts = review
    out = path.with_suffix(".md")
    export_report(path, out, "md", exported_at=PINNED)
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# Review report: team.assay\n\nGenerated 2025-05-01 10:00 UTC.")
    assert "- Decision: agreed by Ada Reviewer, Bob Second" in markdown
    out = path.with_suffix(".json")
    export_report(path, out, "json", exported_at=PINNED)
    found = json.loads(out.read_text(encoding="utf-8"))
    assert (found["format"], found["exported_at"]) == ("assay-report/1", PINNED)
    (document,) = found["documents"]
    assert len(document["sha256"]) == 64
    agreed = next(s for s in document["sentences"] if s["standing"] == "agreed")
    assert agreed["end"] - agreed["start"] == len(texts["agreed"])


def test_a_failed_or_cancelled_export_leaves_no_file(review, reviewer, tmp_path, monkeypatch):
    path, _texts = review
    out = tmp_path / "report.html"
    with pytest.raises(Cancelled):
        export_report(path, out, "html", cancel=lambda: True)
    out.write_text("the old report", encoding="utf-8")

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_export, "write_atomically", broken)
    with pytest.raises(OSError):
        export_report(path, out, "html")
    assert out.read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_report_command_formats_sections_and_anonymous(review, reviewer, tmp_path, capsys):
    path, texts = review
    out = tmp_path / "client.html"
    assert main(["report", str(path), "--format", "html", "-o", str(out), "--sections",
                 "title,sentences", "--anonymous"]) == 0  # fmt: skip
    assert "Wrote " in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert "Reviewer 2" in html and "Bob Second" not in html and "<svg" not in html
    assert main(["report", str(path), "--format", "docx"]) == 0  # beside the review
    assert path.with_suffix(".report.docx").exists()
    capsys.readouterr()
    assert main(["report", str(path), "--format", "json"]) == 0  # JSON to stdout, as before
    assert json.loads(capsys.readouterr().out)["format"] == "assay-report/1"
    assert main(["report", str(path), "--json"]) == 0  # the old spelling still works
    assert main(["report", str(path), "--sections", "nonsense"]) == 2
    assert "unknown section 'nonsense'" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(__import__("os"), "fchmod"), reason="no file modes here")
def test_a_report_gets_the_users_file_mode_and_a_bundle_stays_private(review, reviewer, tmp_path):
    """A report is for others: it is made like any new file of the user's (0666 less the
    umask); a bundle holds the reviewer's work and stays the owner's alone."""
    import os
    import stat

    from assay.services.exchange import export_bundle

    path, _ = review
    old = os.umask(0o022)
    os.umask(old)
    report = tmp_path / "report.html"
    export_report(path, report, "html", exported_at=PINNED)
    bundle = tmp_path / "mine.assaybundle"
    export_bundle(path, bundle, reviewer=reviewer)
    assert stat.S_IMODE(report.stat().st_mode) == 0o666 & ~old
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
