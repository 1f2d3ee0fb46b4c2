"""Charts of the targets analysis: headline percentage targets across years, and the largest count changes."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.outputs.style import CHANGE_COLORS, new_figure, year_colors
from analysis.present.names import years_span
from analysis.targets.extract import CLASSIFIERS, MAGNITUDES, PERSONS
from analysis.targets.headline import as_written
from analysis.tidy.chapters import is_headline

COUNT_UNITS = set(CLASSIFIERS + PERSONS)


def headline_percent_data(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Chapter-one targets written in % (base targets, not stretch ones): indicator, year, value, label."""
    targets, items = tables["targets"], tables["items"]
    head_ids = set(items.loc[is_headline(items), "item_id"])
    t = targets[targets["item_id"].isin(head_ids) & (targets["unit"] == "%") & ~targets["is_stretch"]]
    data = t[["indicator", "year", "value", "qualifiers", "item_id"]].copy()
    data["label"] = [as_written(r) for _, r in t.iterrows()]
    return data.sort_values(["indicator", "year"]).reset_index(drop=True)


def headline_dumbbell(tables: dict[str, pd.DataFrame]) -> tuple[Figure, pd.DataFrame]:
    """Dumbbell chart: each headline % target, one dot per year, joined by a line (sorted by the latest value)."""
    data = headline_percent_data(tables)
    years = sorted(data["year"].unique())
    colors = year_colors(years)
    latest = data.sort_values("year").groupby("indicator")["value"].last().sort_values()
    order = list(latest.index)
    fig, ax = new_figure(height_in=max(1.8, 0.5 * len(order) + 1.2))
    for y, indicator in enumerate(order):
        rows = data[data["indicator"] == indicator].sort_values("year")
        ax.plot(rows["value"], [y] * len(rows), color="#c9ced6", lw=2, zorder=1)
        for _, r in rows.iterrows():
            ax.scatter(r["value"], y, s=42, color=colors[r["year"]], zorder=2, label=str(r["year"]))
        # value labels: the latest above the dot, earlier ones below, so close values never overlap
        groups = list(rows.groupby("value", sort=False))
        for k, (value, group) in enumerate(reversed(groups)):
            above = k % 2 == 0
            ax.annotate(
                "、".join(group["label"].unique()),
                (value, y),
                xytext=(0, 6 if above else -7),
                textcoords="offset points",
                ha="center",
                va="bottom" if above else "top",
                fontsize=7,
                color="#333333",
            )
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_xlabel("目标值（%）")
    ax.set_title(f"主要预期目标中的百分比指标：{years_span(years)}逐年对比")
    lo, hi = data["value"].min() if len(data) else 0, data["value"].max() if len(data) else 1
    ax.set_xlim(max(0, lo - 1), hi + 1)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(
        unique.values(),
        [f"{k}年" for k in unique],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        frameon=False,
        ncol=len(unique),
    )
    return fig, data


def count_change_data(tables: dict[str, pd.DataFrame], top: int = 12) -> pd.DataFrame:
    """Paired count targets (个/家/人…) that rose or fell, the `top` largest by relative change."""
    c = tables["target_changes"]
    c = c[c["direction"].isin(["raised", "lowered"])]
    magnitude = {side: c[f"unit_{side}"].str[0].map(MAGNITUDES).astype(float) for side in ("from", "to")}  # 万个 → 1e4
    base_unit = c["unit_from"].where(magnitude["from"].isna(), c["unit_from"].str[1:])
    counted = base_unit.isin(COUNT_UNITS)
    columns = ["label", "indicator", "year_from", "year_to", "count_from", "count_to", "unit_to", "change", "relative"]
    c = c[counted].copy()
    if c.empty:  # one year, or no count target paired: an empty chart that says so
        return pd.DataFrame(columns=columns)
    for side in ("from", "to"):
        c[f"count_{side}"] = c[f"value_{side}"] * magnitude[side].fillna(1.0)  # aligned on the index
    c["change"] = c["count_to"] - c["count_from"]
    c["relative"] = c["change"] / c["count_from"]
    multi = c[["year_from", "year_to"]].drop_duplicates().shape[0] > 1
    c["label"] = c["indicator"] + c.apply(lambda r: f"（{r.year_from}→{r.year_to}）" if multi else "", axis=1)
    c = c.reindex(c["relative"].abs().sort_values(ascending=False).index).head(top)
    return c.sort_values("relative")[columns].reset_index(drop=True)


def count_changes_bar(tables: dict[str, pd.DataFrame], top: int = 12) -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars of the largest relative changes among count targets, labelled with old → new."""
    data = count_change_data(tables, top)
    fig, ax = new_figure(height_in=max(1.6, 0.32 * len(data) + 0.9))
    if data.empty:
        ax.text(
            0.5, 0.5, "没有可对比的数量类目标（需要两个及以上年份）", ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        ax.set_title("数量类目标变化最大的指标")
        return fig, data
    colors = [CHANGE_COLORS["up"] if v > 0 else CHANGE_COLORS["down"] for v in data["relative"]]
    ax.barh(range(len(data)), data["relative"] * 100, color=colors, height=0.65)
    ax.set_yticks(range(len(data)), data["label"])
    ax.axvline(0, color="#555555", lw=0.8)
    span = (data["relative"].abs().max() * 100) if len(data) else 100
    for y, r in enumerate(data.itertuples()):
        text = f"{r.count_from:g}→{r.count_to:g}{r.unit_to[-1]}"
        offset = span * 0.02
        x = r.relative * 100
        ax.text(x + (offset if x > 0 else -offset), y, text, va="center", ha="left" if x > 0 else "right", fontsize=7)
    ax.set_xlim(-span * 1.45 if (data["relative"] < 0).any() else 0, span * 1.45)
    ax.set_xlabel("相对上年目标的变化（%）")
    pairs = sorted(set(zip(data["year_from"], data["year_to"], strict=True)))
    when = (
        f"{pairs[0][0]}年→{pairs[0][1]}年"
        if len(pairs) == 1
        else f"{years_span([y for p in pairs for y in p])}相邻两年"
    )
    ax.set_title(f"数量类目标变化最大的指标（{when}）" if pairs else "数量类目标变化最大的指标")
    return fig, data
