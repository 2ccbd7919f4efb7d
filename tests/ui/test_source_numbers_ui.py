"""The Evidence tab's "Numbers beside the cited source" box: a sentence citing a work
whose library entry has an abstract shows the abstract's statements with numbers of the
same kinds beside its own, and marks the sentence's numbers the abstract never states."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QPlainTextEdit

BOYLE = r"""
@article{boyle2017,
  author = {Boyle, Neil Bernard and Lawton, Clare and Dye, Louise},
  title = {The Effects of Magnesium Supplementation on Subjective Anxiety and Stress---A
           Systematic Review},
  journal = {Nutrients}, year = {2017}, volume = {9}, number = {5}, pages = {429},
  doi = {10.3390/nu9050429},
  abstract = {Background: anxiety-related conditions are common. Eighteen studies were
    included. Supplements of 75 to 360 mg/day were given for 4 to 12 weeks. Anxiety
    scores improved in 10 studies (p < 0.05). Study quality was generally poor.},
}
"""


def test_the_box_shows_the_abstract_numbers_beside_the_sentence_and_marks_absent_ones(
    open_window, press, tmp_path, reviewer, seed_dir
):
    from assay.services import library
    from assay.services.session import ReviewSession

    review = tmp_path / "r.assay"
    with ReviewSession.create(review, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
    bib = tmp_path / "mine.bib"
    bib.write_text(BOYLE, encoding="utf-8")
    library.import_file(review, library.read(bib), reviewer=reviewer)
    window = open_window((review,))
    box = window.findChild(QGroupBox, "sourceNumbersBox")
    text = window.findChild(QPlainTextEdit, "sourceNumbers")
    rows = window.model.all_rows()
    (boyle_row,) = [r for r in rows if r.text.startswith("Boyle NB, 2017\t225-300 mg")]
    window.page.claim_panel.show_tab(window.evidence.box)
    window.controller.go_to(boyle_row.id)
    assert box.isVisible()
    assert box.title() == "Numbers beside the cited source — 1 not in the source"
    shown = text.toPlainText().splitlines()
    assert shown[0] == (
        "⚠ Not in the cited source: 225-300 mg (abstract of Boyle et al. 2017, Nutrients)"
    )
    assert shown[1].startswith("Boyle et al. 2017, Nutrients: “Supplements of 75 to 360 mg/day")
    assert shown[2].strip() == (
        "this sentence: 225-300 mg  ⟷  the source: 75 to 360 mg/day, 4 to 12 weeks"
    )
    assert text.isReadOnly()
    # The next row cites Abbasi 2012, which the library does not hold: the box hides.
    press(window, "J")
    after = window.model.row_by_id(window.controller.current_id)
    assert after is not None and after.text.startswith("Abbasi B, 2012")
    assert not box.isVisible()
