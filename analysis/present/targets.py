"""Notebook 03 (targets) in words: how many targets moved which way, and what the headline indicators did."""

from __future__ import annotations

import pandas as pd

from analysis.targets.compare import DIRECTIONS
from analysis.tidy.chapters import is_headline


def change_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """Per pair of years: how many targets rose, fell, held, could not be compared, or appear in one year only."""
    counts = changes.groupby(["year_from", "year_to", "direction"]).size().unstack(fill_value=0)
    return counts.reindex(columns=list(DIRECTIONS), fill_value=0).reset_index()


def _lead_indicator(pair: pd.DataFrame, items: pd.DataFrame) -> pd.Series | None:
    """The first headline target (in document order) paired in both years with a value on each side."""
    head_ids = set(items.loc[is_headline(items), "item_id"])
    paired = pair[pair["item_from"].isin(head_ids) & pair["item_to"].notna() & pair["value_from"].notna()]
    paired = paired[paired["value_to"].notna() & ~paired["qualifiers_from"].str.contains("力争", na=False)]
    return paired.sort_values(["item_to", "item_from"]).iloc[0] if len(paired) else None


def conclusions(targets: pd.DataFrame, changes: pd.DataFrame, headline: pd.DataFrame, items: pd.DataFrame) -> str:
    """The notebook's conclusions as Markdown bullets."""
    lines = []
    for r in change_summary(changes).itertuples():
        pair = changes[(changes.year_from == r.year_from) & (changes.year_to == r.year_to)]
        lead = _lead_indicator(pair, items)
        lead_text = (
            f"{lead.indicator}目标由 {lead.value_from:g}{lead.unit_from} 调整为 {lead.value_to:g}{lead.unit_to}。"
            if lead is not None
            else ""
        )
        lines.append(
            f"- **{r.year_from}→{r.year_to}**：同一指标可对比的目标中，上调 {r.raised} 项、下调 {r.lowered} 项、"
            f"持平 {r.unchanged} 项，不可比 {r.not_comparable} 项；仅见于{r.year_from}年的目标 {r.only_from} 项，"
            f"{r.year_to}年新出现 {r.only_to} 项。{lead_text}"
        )
        up = pair[pair["direction"] == "raised"]["indicator"].tolist()
        if up:
            lines.append(f"  - 上调的指标：{'、'.join(up)}。")
    for col in [c for c in headline.columns if c.startswith("change_")]:
        turned = headline.loc[headline[col].str.contains("改为定性"), "indicator"].tolist()
        if turned:
            lines.append(f"- {col[-4:]}年主要预期目标中改为定性表述（不再给出数字）的指标：{'、'.join(turned)}。")
    per_year = targets.groupby("year").size()
    lines.append("- 各年抽取的目标数：" + "，".join(f"{y}年 {n} 项" for y, n in per_year.items()) + "。")
    return "\n".join(lines)
