"""Overview charts: how each year's plan is laid out."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.outputs.style import count_axis, new_figure, small_text, year_colors
from analysis.present.names import years_span
from analysis.tidy.chapters import chapter_labels


def items_per_chapter(items: pd.DataFrame) -> pd.DataFrame:
    """Items per chapter and year, with a short chapter label."""
    counts = items.groupby(["year", "chapter_no", "chapter_title"]).size().rename("items").reset_index()
    counts["chapter"] = chapter_labels(counts)
    return counts[["year", "chapter_no", "chapter", "items"]]


def items_per_subsection(items: pd.DataFrame) -> pd.DataFrame:
    """Items per subsection (项目) and year; chapters without subsections show as one row."""
    frame = items.assign(subsection_title=items["subsection_title"].fillna("（无分项）"))
    keys = ["year", "chapter_no", "subsection_no", "subsection_title"]
    return frame.groupby(keys, dropna=False).size().rename("items").reset_index()


def items_per_chapter_chart(items: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """One horizontal bar panel per year: chapters in document order, bars labelled with counts."""
    data = items_per_chapter(items)
    years = sorted(data["year"].unique())
    colors = year_colors(years)
    height = 0.8 + 0.28 * data.groupby("year").size().max()
    fig, axes = new_figure(height_in=height, ncols=len(years), sharex=True, squeeze=False)
    for ax, year in zip(axes[0], years, strict=True):
        part = data[data["year"] == year].sort_values("chapter_no", ascending=False)
        bars = ax.barh(part["chapter"], part["items"], color=colors[year])
        ax.bar_label(bars, padding=2, fontsize=small_text())
        ax.set_title(f"{year}年（共{part['items'].sum()}项）")
        ax.set_xlabel("事项数")
        count_axis(ax.xaxis)
        ax.margins(x=0.15)
    fig.suptitle(f"{years_span(years)}各章节重点工作事项数")
    return fig, data
