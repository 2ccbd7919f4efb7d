"""Numbers beside the cited source from a review: the works a sentence cites -> their
library entries' abstracts -> `claims.source_numbers.compare`; and the same in the
report (Markdown, HTML, DOCX, JSON), only under the sentences that have something."""

from __future__ import annotations

import io
import json

import docx
import pytest

from assay.core.model import AnnotationState
from assay.services import library
from assay.services.report import build_content
from assay.services.report_export import render_report
from assay.services.session import ReviewSession
from assay.services.source_numbers import numbers_beside_sources

# Boyle 2017 with an abstract; Tarleton 2015 without one (nothing to compare).
LIBRARY = r"""
@article{boyle2017,
  author = {Boyle, Neil Bernard and Lawton, Clare and Dye, Louise},
  title = {The Effects of Magnesium Supplementation on Subjective Anxiety and Stress---A
           Systematic Review},
  journal = {Nutrients}, year = {2017}, volume = {9}, number = {5}, pages = {429},
  doi = {10.3390/nu9050429},
  abstract = {Eighteen studies were included. Supplements of 75 to 360 mg/day were given
    for 4 to 12 weeks. Anxiety scores improved in 10 studies (p < 0.05).},
}
@article{tarleton2015,
  author = {Tarleton, Emily K. and Littenberg, Benjamin},
  title = {Magnesium intake and depression in adults},
  journal = {J Am Board Fam Med}, year = {2015}, volume = {28}, pages = {249--256},
}
"""
FLAGGED = "Not in the cited source: 225-300 mg (abstract of Boyle et al. 2017, Nutrients)"


@pytest.fixture
def review(tmp_path, reviewer, seed_dir):
    path = tmp_path / "r.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
    bib = tmp_path / "mine.bib"
    bib.write_text(LIBRARY, encoding="utf-8")
    library.import_file(path, library.read(bib), reviewer=reviewer)
    return path


def _row(session, start: str) -> int:
    (found,) = [row.id for row in session.sentence_rows() if row.text.startswith(start)]
    return found


def test_a_sentence_citing_a_work_with_an_abstract_gets_its_numbers_beside_the_abstracts(
    review, reviewer
):
    with ReviewSession.open(review, reviewer) as session:
        found = numbers_beside_sources(session, _row(session, "Boyle NB, 2017\t225-300 mg"))
        assert found is not None
        assert [m.text for m in found.absent] == ["225-300 mg"]
        assert found.claim[found.absent[0].start : found.absent[0].end] == "225-300 mg"
        assert found.sources == ("Boyle et al. 2017, Nutrients",)
        assert found.statements[0].text == (
            "Supplements of 75 to 360 mg/day were given for 4 to 12 weeks."
        )
        # Tarleton's entry has no abstract; Abbasi is not in the library; the
        # "Hormone fluctuation…" sentence cites works but states no figure of interest.
        for start in ("Tarleton EK, 2015\t248 mg", "Abbasi B, 2012\t250 mg", "Hormone fluc"):
            assert numbers_beside_sources(session, _row(session, start)) is None


def test_without_a_library_nothing_is_compared(tmp_path, reviewer, seed_dir):
    path = tmp_path / "bare.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
        assert numbers_beside_sources(session, _row(session, "Boyle NB, 2017\t225-300")) is None


def test_the_report_shows_the_numbers_under_the_sentence_only_when_there_is_something(
    review, reviewer
):
    with ReviewSession.open(review, reviewer) as session:
        boyle = _row(session, "Boyle NB, 2017\t225-300 mg")
        tarleton = _row(session, "Tarleton EK, 2015\t248 mg")
        for sentence in (boyle, tarleton):
            session.save_annotation(sentence, AnnotationState(verdict="supported"))
        content = build_content(session.conn, "r")
    (document,) = content.reports
    by_id = {s.sentence_id: s for s in document.sentences}
    numbers = by_id[boyle].source_numbers
    assert numbers is not None and numbers.absent == FLAGGED
    assert [(line.claim_numbers, line.source_numbers) for line in numbers.lines] == [
        ("225-300 mg", "75 to 360 mg/day, 4 to 12 weeks")
    ]
    assert by_id[tarleton].source_numbers is None
    markdown = render_report(content, "md").decode("utf-8")
    assert markdown.count("- Numbers beside the cited source:") == 1
    assert f"  - ⚠ {FLAGGED}" in markdown
    assert "this sentence: 225-300 mg ⟷ the source: 75 to 360 mg/day" in markdown
    html = render_report(content, "html").decode("utf-8")
    assert html.count("<dt>Numbers beside the cited source</dt>") == 1 and FLAGGED in html
    word = docx.Document(io.BytesIO(render_report(content, "docx")))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert cells.count("Numbers beside the cited source") == 1
    assert any(cell.startswith(f"⚠ {FLAGGED}") for cell in cells)
    data = json.loads(render_report(content, "json"))
    shown = {s["sentence_id"]: s["source_numbers"] for s in data["documents"][0]["sentences"]}
    assert shown[tarleton] is None and shown[boyle]["absent"] == FLAGGED
