"""Workload charts: items per leader and unit by year, leader × chapter and leader × lead-unit heatmaps."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.outputs.charts.heatmap import count_heatmap
from analysis.outputs.style import CHANGE_COLORS, count_axis, new_figure, small_text, year_colors
from analysis.present.names import years_span
from analysis.workload.selections import RANKED_KINDS, ranked_units

COUNT_NOTE = "共同牵头的事项每位领导各计1项"
WEIGHTED_NOTE = "k位领导共同牵头的事项各计1/k项"
FULL_HEIGHT_IN = 9.0


def _years(frame: pd.DataFrame, years: list[int] | None) -> list[int]:
    present = sorted(int(y) for y in frame["year"].unique())
    return [y for y in present if y in set(years)] if years else present


def leader_workload_chart(
    leader_workload: pd.DataFrame, years: list[int] | None = None, weighted: bool = False
) -> tuple[Figure, pd.DataFrame]:
    """Grouped horizontal bars: items led per leader, one bar per year; hatched part = inherited rows.

    Leaders sorted by their total over the years shown (largest on top).
    """
    years = _years(leader_workload, years)
    value = "weighted" if weighted else "count"
    data = leader_workload[leader_workload["year"].isin(years) & leader_workload["role"].isin(["lead", "inherited"])]
    wide = data.pivot_table(index="name", columns=["role", "year"], values=value, aggfunc="sum", fill_value=0)
    lead = wide["lead"].reindex(columns=years, fill_value=0)
    inherited = wide["inherited"].reindex(columns=years, fill_value=0) if "inherited" in wide else lead * 0
    inherited = inherited.reindex(index=lead.index, fill_value=0)
    lead = lead[lead.sum(axis=1) > 0]
    order = lead.assign(total=lead.sum(axis=1)).sort_values(["total", *years[::-1]]).index
    lead, inherited = lead.loc[order], inherited.loc[order]

    colors = year_colors(years)
    height = 0.2 * len(years) * len(order) + 1.2
    fig, ax = new_figure(height_in=max(3.0, height))
    bar_h = 0.8 / len(years)
    y = np.arange(len(order))
    for i, year in enumerate(years):
        pos = y + (len(years) - 1 - i) * bar_h - 0.4 + bar_h / 2  # first year on top within a group
        bars = ax.barh(pos, lead[year], height=bar_h, color=colors[year], label=f"{year}年")
        ax.barh(pos, inherited[year], height=bar_h, color="none", edgecolor="white", hatch="////", linewidth=0)
        labels = [f"{v:g}" for v in (lead[year].round(1))]  # 0 said, not left blank: none, not missing
        ax.bar_label(bars, labels=labels, padding=2, fontsize=small_text())
    ax.set_yticks(y, order)
    ax.set_xlabel("牵头事项数（加权）" if weighted else "牵头事项数")
    if not weighted:
        count_axis(ax.xaxis)
    ax.margins(x=0.1)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="#9aa5b1", edgecolor="white", hatch="////"))
    labels.append("其中：领导栏空白、沿用上一行（合并单元格）")
    ax.legend(handles, labels, loc="lower right", frameon=False)
    ax.set_title(f"{years_span(years)}各位领导牵头的事项数（{WEIGHTED_NOTE if weighted else COUNT_NOTE}）")
    plotted = (
        pd.concat({"lead": lead.stack(), "inherited": inherited.stack()}, axis=1)
        .reset_index()
        .rename(columns={"name": "leader"})
        .assign(measure=value)
    )
    return fig, plotted[["leader", "year", "measure", "lead", "inherited"]]


def leader_chapter_heatmap(leader_chapters: pd.DataFrame, year: int) -> tuple[Figure, pd.DataFrame]:
    """Leader × chapter item counts for one year; chapters in document order, leaders by total; shades on one
    scale for every year of the table."""
    part = leader_chapters[leader_chapters["year"] == year]
    labels = part.drop_duplicates("chapter_no").sort_values("chapter_no")["chapter_label"].tolist()
    matrix = part.pivot_table(index="leader", columns="chapter_label", values="count", aggfunc="sum", fill_value=0)
    matrix = matrix.reindex(columns=labels, fill_value=0)
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]
    height = 1.6 + 0.32 * len(matrix)
    fig, ax = new_figure(height_in=height)
    count_heatmap(ax, matrix, fontsize=small_text(), linewidth=0.5, shrink=0.8, vmax=leader_chapters["count"].max())
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="x", labelrotation=40)
    plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
    plt.setp(ax.get_yticklabels(), rotation=0)
    ax.set_title(f"{year}年各位领导牵头事项的章节分布（{COUNT_NOTE}）")
    plotted = matrix.reset_index().melt(id_vars="leader", var_name="chapter", value_name="count")
    return fig, plotted.assign(year=year)[["year", "leader", "chapter", "count"]]


def top_lead_units_chart(
    unit_workload: pd.DataFrame, year: int, top: int = 15, kinds: tuple[str, ...] = RANKED_KINDS
) -> tuple[Figure, pd.DataFrame]:
    """Top units by ★ lead items in a year, bars coloured by change from the previous plan year.

    Collective entries and data providers are left out (see workload.separate_units).
    A tick marks the previous year's count; the label gives the change (新 = absent before).
    """
    leads = ranked_units(unit_workload, "lead", kinds)
    part = leads[(leads["year"] == year) & (leads["count"] > 0)]
    part = part.sort_values(["count", "name"], ascending=[False, True])
    if len(part) > top:  # keep units tied with the last one shown
        part = part[part["count"] >= part["count"].iloc[top - 1]]
    part = part.iloc[::-1]
    previous = part["count"] - part["change"]
    direction = np.select([part["change"] > 0, part["change"] < 0], ["up", "down"], "same")
    first_year = part["change"].isna().all()
    previous_year = max((int(y) for y in unit_workload["year"].unique() if y < year), default=None)
    colors = [CHANGE_COLORS[d] for d in direction] if not first_year else [year_colors([year])[year]] * len(part)

    fig, ax = new_figure(height_in=1.2 + 0.24 * len(part))
    y = np.arange(len(part))
    ax.barh(y, part["count"], color=colors, height=0.7)
    if not first_year:
        ax.scatter(previous, y, marker="|", s=120, color="#30343f", zorder=3, label=f"{previous_year}年")
    for yi, count, change, prev in zip(y, part["count"], part["change"], previous, strict=True):
        if pd.isna(change):
            note = ""
        elif prev == 0:
            note = "（新）"
        else:
            note = f"（{int(change):+d}）" if change else "（持平）"
        ax.text(
            max(count, 0 if pd.isna(prev) else prev) + 0.3, yi, f"{count}{note}", va="center", fontsize=small_text()
        )
    ax.set_yticks(y, part["name"])
    ax.set_xlim(0, max(part["count"].max(), previous.max(skipna=True) if not first_year else 0) * 1.2 + 2)
    if not first_year:
        handles = [
            Patch(color=CHANGE_COLORS[k], label=v) for k, v in (("up", "增加"), ("down", "减少"), ("same", "持平"))
        ]
        handles.append(ax.collections[0])
        ax.legend(handles=handles, loc="lower right", frameon=False)
    since = f"，括号内为较{previous_year}年的变化" if previous_year and not first_year else ""
    ax.set_title(f"{year}年★牵头事项最多的{len(part)}个单位{since}")
    ax.set_xlabel("作为★牵头单位的事项数（不含“各区镇”等统称；数据提供单位另列）")
    count_axis(ax.xaxis)
    plotted = part.iloc[::-1].assign(previous=previous.iloc[::-1].to_numpy())
    return fig, plotted[["year", "name", "kind", "count", "previous", "change"]].reset_index(drop=True)


def leader_unit_heatmap(
    leader_lead_units: pd.DataFrame, year: int, min_count: int = 1, kinds: tuple[str, ...] = RANKED_KINDS
) -> tuple[Figure, pd.DataFrame]:
    """Lead units (rows) × leaders (columns): items where the leader leads and the unit is ★ lead.

    Units sorted by the leader they report to most, then by count, so blocks show who oversees whom.
    """
    part = leader_lead_units[(leader_lead_units["year"] == year) & leader_lead_units["kind"].isin(kinds)]
    matrix = part.pivot_table(index="unit", columns="leader", values="count", aggfunc="sum", fill_value=0)
    matrix = matrix[matrix.sum(axis=1) >= min_count]
    leaders = matrix.sum().sort_values(ascending=False).index
    matrix = matrix[leaders]
    main = matrix.idxmax(axis=1).map({name: i for i, name in enumerate(leaders)})
    order = pd.DataFrame({"main": main, "total": matrix.sum(axis=1)}).sort_values(
        ["main", "total"], ascending=[True, False]
    )
    matrix = matrix.loc[order.index]
    height = min(FULL_HEIGHT_IN, 1.4 + 0.17 * len(matrix))
    fig, ax = new_figure(height_in=height)
    every_year = leader_lead_units[leader_lead_units["kind"].isin(kinds)]
    most = every_year.groupby(["year", "unit", "leader"])["count"].sum().max()
    count_heatmap(ax, matrix, fontsize=small_text(), linewidth=0.4, shrink=0.5, vmax=most)
    ax.set_xlabel("牵头领导")
    ax.set_ylabel("")
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    plt.setp(ax.get_xticklabels(), rotation=0)
    plt.setp(ax.get_yticklabels(), rotation=0, fontsize=small_text())
    ax.set_title(f"{year}年领导 × ★牵头单位（该领导牵头且该单位为★牵头的事项数）", pad=8)
    plotted = matrix.reset_index().melt(id_vars="unit", var_name="leader", value_name="count")
    return fig, plotted[plotted["count"] > 0].assign(year=year)[["year", "leader", "unit", "count"]]
