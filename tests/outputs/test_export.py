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
