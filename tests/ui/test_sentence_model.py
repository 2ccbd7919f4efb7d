"""The sentence table model under Qt's own model checker, and its filtering rules."""

from __future__ import annotations

from assay.core.model import AnnotationState, BlockKind, SentenceRow
from assay.ui.sentence_filter import (
    NO_VERDICT,
    NOT_A_CLAIM,
    STATUS_IN_PROGRESS,
    STATUS_REVIEWED,
    STATUS_UNREVIEWED,
    SentenceFilter,
)
from assay.ui.sentence_model import COL_STATUS, COL_VERDICT, SentenceTableModel


def make_rows() -> list[SentenceRow]:
    states = [
        AnnotationState(),
        AnnotationState(categories=frozenset({"dose"}), verdict="overstated", status="final"),
        AnnotationState(not_a_claim=True),
        AnnotationState(categories=frozenset({"safety", "dose"}), verdict="supported"),
        AnnotationState(),
    ]
    kinds = [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM]
    kinds.append(BlockKind.REFERENCE)
    texts = [
        "Magnesium",
        "Take 240 mg a day.",
        "See below.",
        "Glycinate is gentle on the gut.",
        "Boyle NB, et al. Nutrients. 2017;9(5):429.",
    ]
    return [SentenceRow(i + 1, 1, i, 0, 0, kinds[i], "", texts[i], states[i]) for i in range(5)]


def test_the_model_passes_qt_model_tester(qtmodeltester):
    model = SentenceTableModel()
    model.load(make_rows(), {1: "Doc"})
    qtmodeltester.check(model, force_py=True)
    model.set_filter(SentenceFilter(text="glycinate"))
    qtmodeltester.check(model, force_py=True)


def test_filters_select_the_right_rows():
    model = SentenceTableModel()
    model.load(make_rows(), {1: "Doc"})

    def shown(spec: SentenceFilter) -> list[int]:
        model.set_filter(spec)
        return [model.sentence_id_at(r) for r in range(model.rowCount())]

    assert shown(SentenceFilter()) == [1, 2, 3, 4, 5]
    assert shown(SentenceFilter(status=STATUS_UNREVIEWED)) == [1, 3, 4]  # not the reference
    assert shown(SentenceFilter(status=STATUS_REVIEWED)) == [2]
    assert shown(SentenceFilter(status=STATUS_IN_PROGRESS)) == [3, 4]
    assert shown(SentenceFilter(category="dose")) == [2, 4]
    assert shown(SentenceFilter(category=NOT_A_CLAIM)) == [3]
    assert shown(SentenceFilter(verdict="supported")) == [4]
    assert shown(SentenceFilter(verdict=NO_VERDICT)) == [1, 3, 5]
    assert shown(SentenceFilter(text="GUT")) == [4]
    assert shown(SentenceFilter(category="dose", verdict="overstated")) == [2]


def test_an_edit_updates_one_row_without_refiltering():
    model = SentenceTableModel()
    model.load(make_rows(), {1: "Doc"})
    model.set_filter(SentenceFilter(status=STATUS_UNREVIEWED))
    changed = []
    model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    model.update_state(1, AnnotationState(verdict="contradicted", status="final"))
    # The row stays visible until the filter is applied again: rows don't jump away.
    assert model.sentence_id_at(0) == 1
    assert changed == [(0, 0)]
    assert model.data(model.index(0, COL_VERDICT)) == "Contradicted"
    assert model.data(model.index(0, COL_STATUS)) == "Reviewed"
