"""The review report: decisions as they stand, each reviewer's view where they differ,
evidence, pages and what a sentence cites; Markdown and JSON; `assay report`."""

from __future__ import annotations

import json

from assay.cli import main
from assay.core.model import AnnotationState, Reviewer
from assay.services.agreement import adjudicate
from assay.services.report import build_report
from assay.services.session import ReviewSession

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")
OVERSTATED = AnnotationState(frozenset({"efficacy"}), verdict="overstated", rationale="one trial")
SUPPORTED = AnnotationState(frozenset({"efficacy"}), verdict="supported")


def _team_review(tmp_path, reviewer, seed_dir):
    path = tmp_path / "team.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
        rows = {row.text: row.id for row in session.sentence_rows()}
    claim = next(i for t, i in rows.items() if t.startswith("Hormone fluctuation-linked mood"))
    dose = next(i for t, i in rows.items() if t.startswith("Keyora MoodFlow delivers 240 mg"))
    safety = next(i for t, i in rows.items() if t.startswith("It strongly irritates"))
    with ReviewSession.open(path, reviewer) as session:
        session.save_annotation(claim, OVERSTATED)
        session.save_annotation(dose, OVERSTATED)
        session.save_annotation(safety, SUPPORTED)
        session.add_evidence(claim, "quote", "no effect on mood", locator="p. 4")
    with ReviewSession.open(path, BOB) as session:
        session.save_annotation(claim, SUPPORTED)
        session.save_annotation(dose, OVERSTATED)
        session.save_annotation(safety, OVERSTATED)
    with ReviewSession.open(path, reviewer) as session:
        adjudicate(session, safety, SUPPORTED.with_changes(rationale="label says so"))
    return path, claim, dose, safety


def test_decisions_views_evidence_and_citations(tmp_path, reviewer, seed_dir):
    path, claim, dose, safety = _team_review(tmp_path, reviewer, seed_dir)
    with ReviewSession.open(path, reviewer) as session:
        (document,) = build_report(session.conn)
    by_id = {s.sentence_id: s for s in document.sentences}
    assert set(by_id) == {claim, dose, safety}
    disputed = by_id[claim]
    assert disputed.standing == "disputed" and disputed.verdict is None
    assert {(v.reviewer, v.verdict) for v in disputed.views} == {
        ("Ada Reviewer", "overstated"), ("Bob Second", "supported")
    }  # fmt: skip
    assert [(e.kind, e.locator) for e in disputed.evidence] == [("quote", "p. 4")]
    assert disputed.cites[0].startswith("Tarleton et al. 2015")
    agreed = by_id[dose]
    assert (agreed.standing, agreed.verdict) == ("agreed", "overstated")
    assert agreed.decided_by == "Ada Reviewer, Bob Second"
    settled = by_id[safety]
    assert (settled.standing, settled.verdict, settled.decided_by) == (
        "adjudicated", "supported", "Ada Reviewer"
    )  # fmt: skip
    assert settled.rationale == "label says so"
    assert document.verdicts == {"overstated": 1, "supported": 1}  # the disputed one counts in none


def test_report_command_writes_markdown_and_json(tmp_path, reviewer, seed_dir, capsys):
    path, *_ = _team_review(tmp_path, reviewer, seed_dir)
    out = tmp_path / "report.md"
    assert main(["report", str(path), "-o", str(out)]) == 0
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# Review report: team.assay")
    assert (
        "— Overstated" in markdown and "- Decision: agreed by Ada Reviewer, Bob Second" in markdown
    )
    assert "- Decision: disputed — not yet decided" in markdown
    assert "- Bob Second: Supported; Efficacy" in markdown
    assert "- Evidence (Ada Reviewer): Quoted passage, p. 4: “no effect on mood”" in markdown
    assert "- Cites: Tarleton et al. 2015" in markdown
    capsys.readouterr()
    assert main(["report", str(path), "--json"]) == 0
    (document,) = json.loads(capsys.readouterr().out)["documents"]
    assert {s["standing"] for s in document["sentences"]} == {"disputed", "agreed", "adjudicated"}


def test_pages_of_a_pdf_appear_in_the_report(tmp_path, reviewer):
    import pytest

    from fixtures.documents import PdfLayout, font_folder, seed, write_pdf

    if font_folder() is None:
        pytest.skip("needs the DejaVu fonts")
    pdf = write_pdf(seed("001"), tmp_path / "paper.pdf", PdfLayout(columns=2))
    path = tmp_path / "pdf.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(pdf)
        last = session.sentence_rows()[-1]
        session.save_annotation(last.id, SUPPORTED)
    out = tmp_path / "report.md"
    assert main(["report", str(path), "-o", str(out)]) == 0
    assert f"### p. {last.page} · Sentence {last.ordinal + 1} — Supported" in out.read_text()
