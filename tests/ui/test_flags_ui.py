"""The table's "Flagged" choice and the Evidence tab's possible citation errors, on the
sample white paper with a library holding a near miss of Serefko 2013."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QApplication, QGroupBox, QPlainTextEdit

from assay.services import flags, library
from assay.services.session import ReviewSession

WRONG_PAPER = (
    "@article{serefko_other, author = {Serefko, Anna and Szopa, Aleksandra},\n"
    "  title = {Zinc deficiency and anxiety-like behaviour in mice},\n"
    "  journal = {Neuropharmacology}, year = {2013}, volume = {72}, number = {3},\n"
    "  pages = {547--554}}\n"
)


@pytest.fixture
def review(tmp_path, reviewer, seed_dir):
    path = tmp_path / "r.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(seed_dir / "001_25d1546185dbdbaa.txt")
    bib = tmp_path / "mine.bib"
    bib.write_text(WRONG_PAPER, encoding="utf-8")
    library.import_file(path, library.read(bib), reviewer=reviewer)
    return path


def test_the_flagged_choice_keeps_only_flagged_sentences(open_window, press, review, qtbot):
    window = open_window((review,))
    total = window.model.rowCount()
    table = window.page.table
    press(window, "Alt+L")  # Filter: the status choice
    assert QApplication.focusWidget() is table.status_combo
    press(window, "F")  # the combo's own type-to-select: "Flagged"
    assert table.status_combo.currentText() == "Flagged"
    shown = [window.model.sentence_id_at(i) for i in range(window.model.rowCount())]
    expected = {flag.sentence_id for flag in flags.review_flags(window.session.conn)}
    assert 0 < len(shown) < total and set(shown) == expected
    texts = [window.model.row_by_id(sentence_id).text for sentence_id in shown]
    assert any(text.startswith("Hormone fluctuation-linked mood") for text in texts)
    assert any(text.startswith("UL (Tolerable Upper Intake Level)") for text in texts)
    assert table.count_label.text() == f"{len(shown):,} of {total:,}"
    press(window, "Up", "Up", "Up", "Up")  # back up to "All sentences"
    assert table.status_combo.currentText() == "All sentences"
    assert window.model.rowCount() == total


def test_the_evidence_tab_shows_the_near_misses_of_what_the_sentence_cites(
    open_window, press, review
):
    window = open_window((review,))
    box = window.findChild(QGroupBox, "citationProblemsBox")
    text = window.findChild(QPlainTextEdit, "citationProblems")
    window.page.claim_panel.show_tab(window.evidence.box)
    rows = window.model.all_rows()
    (claim,) = [r for r in rows if r.text.startswith("Hormone fluctuation-linked mood")]
    window.controller.go_to(claim.id)
    assert box.isVisible() and box.title() == "Possible citation errors — 1"
    shown = text.toPlainText()
    assert shown.startswith("⚠ Possible citation error: Serefko et al. 2013")
    assert "Zinc deficiency and anxiety-like behaviour in mice" in shown
    assert "differs: title, journal, volume" in shown and text.isReadOnly()
    (plain,) = [r for r in rows if r.text.startswith("UL (Tolerable Upper Intake Level)")]
    window.controller.go_to(plain.id)
    assert not box.isVisible()


def test_flags_of_a_10000_sentence_review_take_under_a_second(tmp_path, reviewer):
    """Measured: the first computation (per review load), then the cached look-up the
    table makes after every edit."""
    from assay.store.review_file import open_review

    paragraphs = []
    for n in range(2500):
        paragraphs.append(
            f"Study {n} gave 900 mg of magnesium a day (Boyle et al., 2017). It cites [3]. "
            f"Nothing else here {n}. Another plain sentence {n}."
        )
    references = (
        "\n\n## References\n\n- ✓ Boyle NB, Lawton C, Dye L. The effects of magnesium "
        "supplementation on subjective anxiety and stress. Nutrients. 2017;9(5):429.\n"
    )
    doc = tmp_path / "big.md"
    doc.write_text("# Big\n\n" + "\n\n".join(paragraphs) + references, encoding="utf-8")
    path = tmp_path / "big.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(doc)
    conn = open_review(path, read_only=True)
    try:
        started = time.perf_counter()
        first = flags.flagged_sentence_ids(conn)
        computed = time.perf_counter() - started
        started = time.perf_counter()
        again = flags.flagged_sentence_ids(conn)
        cached = time.perf_counter() - started
    finally:
        conn.close()
    assert first == again and len(first) >= 2500
    print(f"flags of 10,000 sentences: {computed * 1000:.0f} ms, cached {cached * 1000:.1f} ms")
    assert computed < 5.0 and cached < 0.1
