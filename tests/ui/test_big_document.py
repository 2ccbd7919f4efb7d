"""A very large document in the window: it opens, every sentence stays reachable, and
the work per paint or per key does not grow with the document (issue 10).

The timings themselves are in bench/bench_big_document.py; these tests check the
mechanisms: one-paragraph documents shown in pieces with unchanged offsets, verdict
tints for the sentences on screen only, numbers marked in steps, suggestions trained
on a bounded sample.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QLabel

from assay.core.model import Block, BlockKind, ParsedDocument, Segment
from assay.services import config
from assay.services.session import ReviewSession
from assay.ui.document_builder import (
    LONG_BLOCK,
    NUMBER_MARK_STEP,
    NUMBER_PROPERTY,
    PIECE,
    build_document,
    long_block_cuts,
    mark_numbers,
)
from assay.ui.source_view import SourceView
from assay.ui.suggestion_flow import spread

SENTENCES = 20_000


def one_paragraph(count: int) -> ParsedDocument:
    """`count` short sentences in a single paragraph: a text that lost its line breaks."""
    texts = [f"Sentence {n} reports {n % 90 + 10} mg." for n in range(count)]
    text = " ".join(texts)
    sentences, start = [], 0
    for sentence in texts:
        sentences.append(Segment(start, start + len(sentence), BlockKind.PARAGRAPH))
        start += len(sentence) + 1
    return ParsedDocument(
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        title="One long paragraph",
        source_name="long.txt",
        format="plain",
        encoding="utf-8",
        blocks=(Block(0, len(text), BlockKind.PARAGRAPH),),
        sentences=tuple(sentences),
    )


def test_a_20000_sentence_paragraph_opens_and_its_last_sentence_is_selectable(
    open_window, press, tmp_path: Path
):
    review = tmp_path / "long.assay"
    parsed = one_paragraph(SENTENCES)
    with ReviewSession.create(review, config.set_reviewer("Ada Reviewer")) as session:
        session.import_parsed(parsed)
    window = open_window((review,))
    view = window.page.source_view
    assert view.document().blockCount() > len(parsed.text) // PIECE // 2  # shown in pieces
    assert view.document().characterCount() - 1 == len(parsed.text)  # offsets unchanged

    last = window.model.all_rows()[-1]
    window.controller.go_to(last.id)
    assert view.current_sentence() == last.id
    assert view.sentence_at_position(last.start + 3) == last.id
    assert window.page.claim_panel.findChild(QLabel, "sentenceLabel").text() == last.text
    view.setFocus()
    press(window, "S")  # a verdict key on the last sentence
    assert window.session.annotation(last.id).verdict == "supported"
    press(window, "Up")
    assert view.current_sentence() == window.model.all_rows()[-2].id


def test_a_long_block_is_cut_only_at_spaces_before_sentences():
    parsed = one_paragraph(3_000)
    starts = [s.start for s in parsed.sentences]
    cuts = long_block_cuts(parsed.text, parsed.blocks, starts)
    assert len(parsed.text) > LONG_BLOCK and cuts
    assert all(parsed.text[cut] == " " and cut + 1 in starts for cut in cuts)
    assert all(PIECE <= b - a < 2 * PIECE for a, b in zip(cuts, cuts[1:], strict=False))
    document, _ = build_document(parsed.text, parsed.blocks, parsed.spans, QFont(), starts)
    shown = document.toPlainText()
    assert len(shown) == len(parsed.text)
    assert "".join(" " if i in set(cuts) else c for i, c in enumerate(shown)) == parsed.text
    # Short blocks, and long ones without a space to cut at, are left alone.
    unbroken = "字" * (LONG_BLOCK + 10)
    assert long_block_cuts(unbroken, (Block(0, len(unbroken), BlockKind.PARAGRAPH),), [0]) == []
    assert long_block_cuts("Short. Text.", (Block(0, 12, BlockKind.PARAGRAPH),), [0, 7]) == []


def test_verdict_tints_cover_the_sentences_on_screen_and_follow_the_scroll(qtbot):
    parsed = one_paragraph(SENTENCES)
    view = SourceView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    spans = [(n, s.start, s.end, "supported") for n, s in enumerate(parsed.sentences)]
    view.show_document(1, parsed.text, parsed.blocks, parsed.spans, spans)
    view.set_current(0)

    def tinted() -> set[int]:
        return {
            view.sentence_at_position(s.cursor.selectionStart()) for s in view.extraSelections()
        }

    on_screen = set(view.visible_sentences())
    assert 0 < len(on_screen) < 200  # not 20,000 selections for Qt to walk on every paint
    assert on_screen <= tinted()
    view.set_verdict(1, None)
    assert 1 not in tinted() - {0}  # 0 is the current sentence's highlight
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert SENTENCES - 1 in tinted()
    assert len(view.extraSelections()) < 200


def test_numbers_are_marked_in_steps_down_to_the_last_line(qtbot):
    lines = [f"Line {n} gives {n % 90 + 10} mg a day." for n in range(3_000)]
    text = "\n".join(lines)
    blocks = []
    for line in lines:
        start = blocks[-1].end + 1 if blocks else 0
        blocks.append(Block(start, start + len(line), BlockKind.PARAGRAPH))
    document, offsets = build_document(text, blocks, (), QFont())
    assert len(list(mark_numbers(document, text, offsets))) > len(text) // NUMBER_MARK_STEP // 2

    view = SourceView()
    qtbot.addWidget(view)
    view.show()
    spans = [(n, b.start, b.end, None) for n, b in enumerate(blocks)]
    view.show_document(1, text, blocks, (), spans)
    cursor = QTextCursor(view.document())
    cursor.setPosition(text.rindex(" mg") - 1)  # inside the last dose
    qtbot.waitUntil(lambda: cursor.charFormat().property(NUMBER_PROPERTY) is True)


def test_suggestions_learn_from_an_even_sample_of_a_huge_set_of_labels():
    rows = list(range(100_000))
    sample = spread(rows, 20_000)  # type: ignore[arg-type]
    assert len(sample) == 20_000 and sample[0] == 0 and sample[1] == 5
    assert sample[-1] == 99_995
    assert spread(rows[:10], 20_000) == rows[:10]  # type: ignore[arg-type]
