"""Notebook 03 (targets) in words: how many targets moved which way, and what the headline indicators did."""

from __future__ import annotations

import pandas as pd

from analysis.present.html import md
from analysis.present.names import value_title
from analysis.targets.compare import DIRECTIONS
from analysis.tidy.chapters import is_headline


def change_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """Per pair of years: how many targets rose, fell, held, could not be compared, or appear in one year only."""
    counts = changes.groupby(["year_from", "year_to", "direction"]).size().unstack(fill_value=0)
    return counts.reindex(columns=list(DIRECTIONS), fill_value=0).reset_index()


def targets_per_year(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets found per year and kind (numeric, deadline, qualitative), kinds named in Chinese."""
    counts = targets.groupby(["year", "kind"]).size().unstack(fill_value=0)
    counts.columns = [value_title("kind", k) for k in counts.columns]
    return counts.reset_index()


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
        compared = "、".join(
            md("{word}{n}项", word=word, n=n)
            for word, n in (("上调", r.raised), ("下调", r.lowered), ("持平", r.unchanged))
            if n
        )
        text = md("- **{a}年→{b}年**：", a=r.year_from, b=r.year_to)
        text += f"可对比的同一指标中，{compared}" if compared else "没有可直接对比的同一指标"
        if r.not_comparable:
            text += md("，另有{n}项口径或单位不同、不可直接比较", n=r.not_comparable)
        if r.only_from:
            text += md("；{a}年有、{b}年未再列出的目标{n}项", a=r.year_from, b=r.year_to, n=r.only_from)
        if r.only_to:
            text += md("；{b}年新出现的目标{n}项", b=r.year_to, n=r.only_to)
        lines.append(text + "。")
        lead = _lead_indicator(pair, items)
        if lead is not None:
            lines.append(
                md(
                    "  - {indicator}：{old:g}{unit_old} → {new:g}{unit_new}。",
                    indicator=lead.indicator,
                    old=lead.value_from,
                    unit_old=lead.unit_from,
                    new=lead.value_to,
                    unit_new=lead.unit_to,
                )
            )
        for direction, word in (("raised", "上调"), ("lowered", "下调")):
            moved = pair.loc[pair["direction"] == direction, "indicator"].tolist()
            if moved:
                lines.append(md("  - {word}的指标：{names}。", word=word, names="、".join(moved)))
    for col in [c for c in headline.columns if c.startswith("change_")]:
        turned = headline.loc[headline[col].str.contains("改为定性"), "indicator"].tolist()
        if turned:
            lines.append(
                md(
                    "- {year}年主要预期目标中改为定性表述、不再给出数字的指标：{names}。",
                    year=col[-4:],
                    names="、".join(turned),
                )
            )
    per_year = "，".join(md("{y}年{n}项", y=y, n=n) for y, n in targets.groupby("year").size().items())
    lines.append(f"- 各年抽取的目标数：{per_year}。")
    return "\n".join(lines)
