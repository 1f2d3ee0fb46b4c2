"""Charts of the targets analysis: the headline percentage targets (per pair of years, and across all years),
and the largest changes among count targets (per pair of years) — comparable targets only."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.outputs.style import CHANGE_COLORS, new_figure, small_text, year_colors
from analysis.present.names import years_span
from analysis.registry import pair_rows
from analysis.targets.compare import stretch_bases
from analysis.targets.extract import CLASSIFIERS, PERSONS, leading_verb
from analysis.targets.judge import STRIVING_VERBS
from analysis.targets.phrases import as_written
from analysis.tidy.chapters import is_headline

COUNT_UNITS = set(CLASSIFIERS + PERSONS)
COMPARED = ("raised", "lowered", "unchanged")
CARRIED_ON = (*COMPARED, "reworded")  # the same indicator the next year, a number or a statement
ARROW = " → "
NOT_LISTED = "未列"  # a year without the indicator in the wording column
# Rows of a chart are 1 apart: the vertical step between the dots of consecutive years (a dot is about a quarter
# of a row high, so equal values stay apart), and the most the dots of one row may spread over.
YEAR_SHIFT = 0.25
YEARS_SPREAD = 0.6


def years_title(years: Sequence[int]) -> str:
    """Years as a chart title names them: 2022年→2023年 for a pair, 2022—2024年 for more."""
    years = sorted(years)
    return f"{years[0]}年→{years[1]}年" if len(years) == 2 else years_span(years)


def _nothing_to_show(fig: Figure, ax, title: str, message: str) -> Figure:
    """A chart with nothing to plot says so under its title (one year only, no comparable targets)."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def headline_percent_data(tables: dict[str, pd.DataFrame], years: Sequence[int]) -> pd.DataFrame:
    """Chapter-one targets written in %, in the given years: one row per (indicator, year) with the value
    and its label as that year writes it (with its stretch value). Targets of consecutive years are one
    indicator only when `target_changes` found them comparable; a year where the indicator is a statement
    without a number (固定资产投资增长5%以上 → 增速高于全市平均水平, kept the year after) is on the same row,
    its words as the label and no value (no dot); a year with no target at all reads 未列."""
    targets, items, changes = tables["targets"], tables["items"], tables["target_changes"]
    head = targets[targets["item_id"].isin(set(items.loc[is_headline(items), "item_id"])) & targets["year"].isin(years)]
    stretch_of = {base: stretch for stretch, base in stretch_bases(head).items()}
    shown = head[~head.index.isin(list(stretch_of.values()))]
    node = {(r.item_id, r.span): r.Index for r in shown.itertuples()}
    chain = {i: i for i in shown.index}  # union-find over targets one indicator carries on through

    def root(i: int) -> int:
        while chain[i] != i:
            chain[i] = chain[chain[i]]
            i = chain[i]
        return i

    linked = changes[changes["year_to"].isin(years)]
    linked = linked[linked["direction"].isin(CARRIED_ON) | (linked["reason"] == "form_changed")]
    for r in linked.itertuples():
        ends = node.get((r.item_from, r.span_from)), node.get((r.item_to, r.span_to))
        if None not in ends:
            chain[root(ends[1])] = root(ends[0])
    percent = shown[shown["unit"] == "%"]
    charted = {root(i) for i in percent.index}
    rows = []
    for i, t in shown.iterrows():
        if root(i) not in charted:
            continue
        if t["kind"] == "qualitative":
            rows.append(
                dict(chain=root(i), indicator="", year=t["year"], value=np.nan, label=f"{as_written(t)}（定性）")
            )
        elif t["unit"] == "%":
            label = as_written(t) + (f"（力争{as_written(targets.loc[stretch_of[i]])}）" if i in stretch_of else "")
            rows.append(dict(chain=root(i), indicator=t["indicator"], year=t["year"], value=t["value"], label=label))
    data = pd.DataFrame(rows, columns=["chain", "indicator", "year", "value", "label"])
    latest = data.dropna(subset=["value"]).sort_values("year").groupby("chain")["indicator"].last()
    data["indicator"] = data["chain"].map(latest)  # one name per row of the chart: the latest wording
    return data.drop(columns="chain").sort_values(["indicator", "year"]).reset_index(drop=True)


def headline_dumbbell(tables: dict[str, pd.DataFrame], years: Sequence[int]) -> tuple[Figure, pd.DataFrame]:
    """Each headline % target, one dot per year joined by a line; each year's wording listed on the right,
    one line per indicator, so labels never collide however many years are shown."""
    data = headline_percent_data(tables, years)
    colors = year_colors(years)
    order = list(data.sort_values("year").groupby("indicator")["value"].last().sort_values(ascending=False).index)
    fig, ax = new_figure(height_in=max(1.8, 0.42 * len(order) + 1.2))
    title = f"主要预期目标中的百分比指标（{years_title(years)}）"
    if data.empty:
        return _nothing_to_show(fig, ax, title, "所选年份没有百分比类主要预期目标"), data
    # each year a little lower than the one before, so equal values of several years all stay visible
    step = min(YEAR_SHIFT, YEARS_SPREAD / max(len(years) - 1, 1))
    shift = {year: step * (k - (len(years) - 1) / 2) for k, year in enumerate(sorted(years))}
    for y, indicator in enumerate(order):
        rows = data[data["indicator"] == indicator].sort_values("year")
        heights = [y + shift[year] for year in rows["year"]]
        ax.plot(rows["value"], heights, color="#c9ced6", lw=2, zorder=1)
        for r, height in zip(rows.itertuples(), heights, strict=True):
            ax.scatter(r.value, height, s=42, color=colors[r.year], zorder=2, label=f"{r.year}年")
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.3, -0.7)  # first row on top; later years below earlier ones
    right = ax.twinx()  # each year's wording as a second column of tick labels: laid out, never overlapping
    right.set_ylim(ax.get_ylim())
    right.set_yticks(range(len(order)), [_wording(data, indicator, years) for indicator in order])
    right.tick_params(axis="y", length=0, labelsize=small_text())
    for side in ("top", "right"):
        right.spines[side].set_visible(False)
    ax.set_xlabel("目标值（%）")
    ax.set_title(title)
    ax.set_xlim(max(0, data["value"].min() - 1), data["value"].max() + 1)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, ncol=6)
    return fig, data


def _wording(data: pd.DataFrame, indicator: str, years: Sequence[int]) -> str:
    """2022: 6%左右 → 2023: 5%左右, a year without the indicator marked 未列."""
    rows = data[data["indicator"] == indicator].set_index("year")["label"]
    return ARROW.join(str(rows[y]) if y in rows.index else NOT_LISTED for y in sorted(years))


def count_change_data(tables: dict[str, pd.DataFrame], years: tuple[int, int], top: int | None = 12) -> pd.DataFrame:
    """Count targets (个/家/人…) of one pair of years that rose or fell and are comparable (same indicator,
    scope and population), the `top` largest by relative change (None: all); values in base units (万 applied)."""
    c = tables["target_changes"]
    c = pair_rows(c, *years)
    c = c[c["direction"].isin(["raised", "lowered"])]
    c = c[(c["reason"] == "") & c["base_unit"].isin(COUNT_UNITS)].copy()
    columns = [
        "label",
        "indicator",
        "year_from",
        "year_to",
        "count_from",
        "count_to",
        "unit",
        "change",
        "relative",
        "values",
    ]
    if c.empty:
        return pd.DataFrame(columns=columns)
    c["count_from"], c["count_to"], c["unit"] = c["scaled_from"], c["scaled_to"], c["base_unit"]
    c["change"] = c["count_to"] - c["count_from"]
    c["relative"] = c["change"] / c["count_from"]
    c["label"] = _labels(c, tables["targets"])
    c["values"] = [
        f"{r.value_from:g}{r.unit_from}→{r.value_to:g}{r.unit_to}" for r in c.itertuples()
    ]  # as each plan writes them: 8座→5个
    return _largest(c[columns], top)


def _largest(changes: pd.DataFrame, top: int | None) -> pd.DataFrame:
    """The `top` largest relative changes (all when None), smallest first as the bars run bottom to top."""
    kept = changes.reindex(changes["relative"].abs().sort_values(ascending=False).index)
    kept = kept if top is None else kept.head(top)
    return kept.sort_values("relative").reset_index(drop=True)


def _labels(changes: pd.DataFrame, targets: pd.DataFrame) -> list[str]:
    """The indicator, and where one year only strives for the result (争创, 争取), both verbs: 特色康居乡村（建成→争创）.
    The change table names an indicator in the later year's words, and a bar labelled 争创…85→65 would read as a
    cut of the same commitment."""
    indicator = {(i, s): n for i, s, n in zip(targets["item_id"], targets["span"], targets["indicator"], strict=True)}
    labels = []
    for r in changes.itertuples():
        old = indicator.get((r.item_from, r.span_from), r.indicator)
        new = indicator.get((r.item_to, r.span_to), r.indicator)
        verbs = leading_verb(old), leading_verb(new)
        if (verbs[0] in STRIVING_VERBS) == (verbs[1] in STRIVING_VERBS):
            labels.append(r.indicator)
        else:
            stem = new[new.find(verbs[1]) + len(verbs[1]) :] if verbs[1] else new
            labels.append(f"{stem}（{verbs[0] or '未写动词'}→{verbs[1] or '未写动词'}）")
    return labels


def count_changes_bar(
    tables: dict[str, pd.DataFrame], years: tuple[int, int], top: int = 12
) -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars of the largest relative changes among comparable count targets of one pair of years,
    labelled with old → new."""
    every = count_change_data(tables, years, top=None)
    data = _largest(every, top) if len(every) else every
    fig, ax = new_figure(height_in=max(1.6, 0.32 * len(data) + 0.9))
    which = f"变化最大的{top}项" if len(every) > top else "的变化"
    title = f"计数类目标（个、家、人等）{which}（{years_title(years)}，仅同口径可比指标）"
    if data.empty:
        return _nothing_to_show(fig, ax, title, "没有可对比的同口径计数类目标"), data
    colors = [CHANGE_COLORS["up"] if v > 0 else CHANGE_COLORS["down"] for v in data["relative"]]
    ax.barh(range(len(data)), data["relative"] * 100, color=colors, height=0.65)
    ax.set_yticks(range(len(data)), data["label"])
    ax.axvline(0, color="#555555", lw=0.8)
    span = data["relative"].abs().max() * 100
    for y, r in enumerate(data.itertuples()):
        x, offset = r.relative * 100, span * 0.02
        text = r.values
        ax.text(
            x + (offset if x > 0 else -offset),
            y,
            text,
            va="center",
            ha="left" if x > 0 else "right",
            fontsize=small_text(),
        )
    ax.set_xlim(-span * 1.45 if (data["relative"] < 0).any() else 0, span * 1.45)
    ax.set_xlabel(f"相对{years[0]}年目标的变化（%）")
    ax.set_title(title)
    return fig, data
