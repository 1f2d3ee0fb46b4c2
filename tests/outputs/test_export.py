"""Figure export: the CJK font draws every glyph; a chart is laid out once and drawn once per format."""

from __future__ import annotations

import warnings


def test_overview_chart_renders_without_missing_glyph_warnings(plans):
    from analysis.outputs.charts.overview import items_per_chapter_chart

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, _ = items_per_chapter_chart(plans.items)
        fig.canvas.draw()
    assert not [w for w in caught if "Glyph" in str(w.message) or "missing from font" in str(w.message)]


def test_export_lays_out_once_and_draws_once_per_format(plans, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    from analysis.outputs.charts.overview import items_per_chapter_chart
    from analysis.outputs.export import FORMATS, export_figure

    fig, plotted = items_per_chapter_chart(plans.items)
    draws = []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(renderer) or original(self, renderer))
    paths = export_figure(fig, "chapters", plotted, tmp_path)
    assert len(draws) == len(FORMATS)  # the layout is measured without a draw; no hidden re-layout
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf", ".csv"]


def test_count_ticks_leave_room_between_them_in_narrow_panels(plans):
    """Three years side by side make each panel narrow: its count axis keeps whole numbers and as few ticks as fit,
    no label running into the next (they read 0 5 10152025 once)."""
    import itertools

    import pandas as pd

    from analysis.outputs.charts.overview import items_per_chapter_chart

    items = plans.items
    later = items[items["year"] == 2023].assign(year=2024, item_id=lambda d: d["item_id"].str.replace("2023", "2024"))
    fig, _ = items_per_chapter_chart(pd.concat([items, later], ignore_index=True))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert len(fig.axes) == 3
    for axis in fig.axes:
        labels = [t for t in axis.get_xticklabels() if t.get_text() and t.get_visible()]
        boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda box: box.x0)
        assert len(boxes) >= 2 and all(float(t) == int(t) for t in axis.get_xticks())
        assert all(left.x1 < right.x0 for left, right in itertools.pairwise(boxes))
