"""Clusters of drawn paths (pdf_figures): labelled by runs of cells, they must be the
connected groups of cells a cell-by-cell search finds."""

from __future__ import annotations

import random

from assay.text.pdf_figures import _drawings, _Grid


def _flood_fill_groups(cells: set[int], stride: int) -> list[set[int]]:
    """The touching groups of cells, found one cell at a time (the plain way)."""
    unseen, groups = set(cells), []
    while unseen:
        stack = [unseen.pop()]
        group = set(stack)
        while stack:
            cell = stack.pop()
            for near in (cell + 1, cell - 1, cell + stride, cell - stride):
                if near in unseen:
                    unseen.remove(near)
                    group.add(near)
                    stack.append(near)
        groups.append(group)
    return groups


def _random_paths(seed: int) -> list[tuple[float, float, float, float]]:
    chance = random.Random(seed)
    paths = []
    for _ in range(chance.randint(8, 120)):
        left, bottom = chance.uniform(0, 500), chance.uniform(0, 700)
        shape = chance.random()
        if shape < 0.3:  # a vertical rule
            width, height = 0.5, chance.uniform(5, 200)
        elif shape < 0.6:  # a horizontal rule
            width, height = chance.uniform(5, 300), 0.5
        elif shape < 0.9:  # a bar or a mark
            width, height = chance.uniform(1, 40), chance.uniform(1, 60)
        else:  # a frame: only its border counts
            width, height = chance.uniform(100, 400), chance.uniform(100, 400)
        paths.append((left, bottom, left + width, bottom + height))
    return paths


def test_clusters_by_runs_are_the_touching_groups_of_cells():
    for seed in range(200):
        paths = _random_paths(seed)
        grid = _Grid(paths)
        cells, _ = grid.covered(paths)
        ordered = sorted(cells)
        labels = grid.clusters(cells, ordered)
        by_label: dict[int, set[int]] = {}
        for cell, label in zip(ordered, labels, strict=True):
            by_label.setdefault(label, set()).add(cell)
        found = sorted(map(sorted, by_label.values()))
        expected = sorted(map(sorted, _flood_fill_groups(cells, grid.stride)))
        assert found == expected, seed


def test_an_upside_down_box_has_no_cluster():
    paths = [(10.0, 10.0, 20.0, 20.0), (50.0, 50.0, 40.0, 40.0)]
    grid = _Grid(paths)
    cells, firsts = grid.covered(paths)
    assert firsts[1] is None
    assert grid.clusters(cells, firsts)[1] is None


def test_paths_all_upside_down_make_no_drawing():
    paths = [(50.0 + i, 50.0, 40.0 + i, 40.0) for i in range(10)]  # right < left, top < bottom
    assert _drawings(paths, 600.0 * 800.0) == []


def test_two_charts_apart_are_two_drawings_and_touching_ones_one():
    def chart(left: float) -> list[tuple[float, float, float, float]]:
        bars = [(left + 12 * i, 100.0, left + 12 * i + 8, 100.0 + 10 * (i + 1)) for i in range(8)]
        return [(left, 99.0, left + 100, 99.5), *bars]  # the axis joins the bars

    page_area = 600.0 * 800.0
    assert len(_drawings(chart(50) + chart(300), page_area)) == 2
    assert len(_drawings(chart(50) + chart(160), page_area)) == 1  # axes 10 pt apart
