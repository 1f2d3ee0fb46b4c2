"""Charts of the matching analysis: what continued, what is new or dropped, and where items came from."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.outputs.charts.heatmap import count_heatmap
from analysis.outputs.style import count_axis, new_figure, small_text, year_colors
from analysis.present.names import value_title
from analysis.text.numerals import cn_numeral
from analysis.tidy.chapters import chapter_flow, chapter_label

KEY_OFFSET_POINTS = 34  # the chapter key's distance under the heatmap, below its numbered axis and axis title
STATUS_COLORS = {"continued": "#1f6fb2", "related-only": "#9aa5b1", "new": "#2a9d8f", "dropped": "#e76f51"}


def _chapters(items: pd.DataFrame) -> pd.Series:
    first = items.drop_duplicates("chapter_no").set_index("chapter_no")["chapter_title"]
    return pd.Series({no: chapter_label(no, title) for no, title in first.items()})


def status_by_chapter_chart(
    items: pd.DataFrame, item_status: pd.DataFrame, year_from: int, year_to: int
) -> tuple[Figure, pd.DataFrame]:
    """Every chapter of both years as a whole bar, its items by status against the other year: the earlier
    year's continued, related-only and dropped, the later year's continued, related-only and new, with each
    chapter's total at the bar's end (a bar of dropped items alone beside whole chapters read as a chapter size)."""
    rows = []
    for year, against in ((year_to, year_from), (year_from, year_to)):
        side = item_status[(item_status["year"] == year) & (item_status["against_year"] == against)]
        side = side.merge(items[["item_id", "chapter_no", "chapter_title"]], on="item_id")
        labels = _chapters(items[items["year"] == year])
        for (no, status), n in side.groupby(["chapter_no", "status"]).size().items():
            rows.append(dict(year=year, chapter=labels[no], chapter_no=no, status=status, count=int(n)))
    data = pd.DataFrame(rows, columns=["year", "chapter", "chapter_no", "status", "count"])
    order = [(y, c) for y, c in data.sort_values(["year", "chapter_no"])[["year", "chapter"]].drop_duplicates().values]
    table = data.pivot_table(index=["year", "chapter"], columns="status", values="count", fill_value=0)
    table = table.reindex(order)
    fig, ax = new_figure(height_in=0.28 * len(order) + 1.2)
    ypos = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    for status in ("continued", "related-only", "new", "dropped"):
        if status not in table:
            continue
        values = table[status].to_numpy()
        ax.barh(ypos, values, left=left, color=STATUS_COLORS[status], label=value_title("status", status), height=0.7)
        left += values
    for y, total in zip(ypos, left, strict=True):
        ax.text(total + left.max() * 0.01, y, f"{total:g}", va="center", ha="left", fontsize=small_text())
    ax.set_yticks(ypos, [f"{y}年 {c}" for y, c in order])
    ax.set_xlabel("事项数")
    count_axis(ax.xaxis)
    ax.set_title(f"{year_to}年对比{year_from}年：各章节事项的延续、新增与删除")
    ax.legend(loc="lower right", frameon=False)
    return fig, data


def chapter_flow_chart(
    items: pd.DataFrame, matches: pd.DataFrame, year_from: int, year_to: int
) -> tuple[Figure, pd.DataFrame]:
    """Heatmap: how many later-year items in each chapter continue items from each earlier-year chapter. The
    earlier chapters are columns, labelled by number under the heatmap and named in full in a key beside it,
    so ten or more titles never overlap."""
    data = chapter_flow(items, matches, year_from, year_to)
    labels_from = _chapters(items[items["year"] == year_from])
    labels_to = _chapters(items[items["year"] == year_to])
    grid = data.pivot_table(index="chapter_to", columns="chapter_from", values="pairs", fill_value=0)
    grid = grid.reindex(index=labels_to.index, columns=labels_from.index, fill_value=0)
    grid.index = [labels_to[r] for r in grid.index]
    grid.columns = [cn_numeral(c) for c in grid.columns]
    fig, ax = new_figure(height_in=0.32 * len(grid) + 0.1 * len(labels_from) + 2.4)
    count_heatmap(ax, grid, fontsize=small_text(), linewidth=0.5, shrink=0.8, label="延续事项对数")
    ax.set_xlabel(f"{year_from}年章节（来源，编号见下）", color=year_colors([year_from])[year_from])
    ax.set_ylabel(f"{year_to}年章节", color=year_colors([year_to])[year_to])
    ax.set_title(f"延续事项的章节流向：{year_from}年 → {year_to}年")
    ax.tick_params(axis="x", labelsize=small_text())
    half = (len(labels_from) + 1) // 2  # the key under the chart, in two columns
    for column, names in enumerate((labels_from[:half], labels_from[half:])):
        ax.annotate(
            "\n".join(names),
            xy=(0.5 * column, 0),
            xycoords="axes fraction",
            xytext=(0, -KEY_OFFSET_POINTS),
            textcoords="offset points",
            va="top",
            fontsize=small_text(),
            linespacing=1.5,
        )
    data["label_from"] = labels_from[data["chapter_from"]].to_numpy()
    data["label_to"] = labels_to[data["chapter_to"]].to_numpy()
    return fig, data
