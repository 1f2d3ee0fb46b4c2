"""Notebook 04 (workload) in words: the facts of `analysis.workload.highlights`, phrased."""

from __future__ import annotations

import pandas as pd

from analysis.workload.highlights import (
    collective_highlights,
    leader_highlights,
    main_chapters,
    reassigned_topics,
    weighting_ranks,
)

CHANGE_VERBS = {"topic_gained": "新增", "topic_lost": "不再负责"}


def pivot_counts(
    frame: pd.DataFrame, index: str | list[str], columns: str = "year", values: str = "count"
) -> pd.DataFrame:
    """Wide table (e.g. name × year) with zeros where a pair has no row."""
    return frame.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)


def leaders_summary(leader_workload: pd.DataFrame, items_per_year: pd.Series) -> str:
    """Per year: who leads, who leads most, the biggest moves, who is gone, how much was inherited."""
    lines = []
    for h in leader_highlights(leader_workload).itertuples():
        lines.append(
            f"- **{h.year}年**：{h.leaders} 位领导牵头 {items_per_year[h.year]} 项工作；"
            f"{h.top} 牵头最多，{h.top_count} 项（占 {h.top_share:.0%}）；"
            f"领导-事项对中有 {h.inherited} 个是沿用上一行的领导。"
        )
        if h.has_previous:
            lines.append(
                f"  较上一年增加最多的是 {h.up}（{h.up_change:+d} 项），减少最多的是 {h.down}（{h.down_change:+d} 项）。"
            )
        if h.gone:
            lines.append(f"  上一年牵头、本年不再出现的领导：{'、'.join(h.gone)}。")
    return "\n".join(lines)


def weighting_summary(leader_workload: pd.DataFrame, year: int) -> str:
    """What the 1/k weighting changes in a year: who shares most, who leads alone, ranks that move."""
    ranks = weighting_ranks(leader_workload, year)
    most_shared = ranks.sort_values("solo_share", kind="stable").iloc[0]
    alone = ranks.loc[ranks["solo_share"] == 1, "name"].tolist()
    moved = ranks[ranks["rank_by_count"] != ranks["rank_by_weighted"]]
    text = f"{year}年，{most_shared['name']} 的加权数只有事项数的 {most_shared['solo_share']:.0%}，共同牵头的比例最高；"
    text += f"{'、'.join(alone)} 牵头的事项全部独自牵头。" if alone else "每位领导都有与他人共同牵头的事项。"
    if len(moved):
        text += (
            "改用加权口径后排名变化的领导："
            + "、".join(f"{r.name}（第{r.rank_by_count}→第{r.rank_by_weighted}）" for r in moved.itertuples())
            + "。"
        )
    else:
        text += "改用加权口径后领导排名不变。"
    return text


def main_chapters_summary(leader_chapters: pd.DataFrame, year: int) -> str:
    """Each leader's main chapter(s) in a year."""
    best = main_chapters(leader_chapters, year)
    return (
        f"{year}年各领导牵头最多的章节："
        + "；".join(f"{r.leader}—{'，'.join(r.chapters)}（{r.count} 项）" for r in best.itertuples())
        + "。"
    )


def leader_changes_summary(changes: pd.DataFrame) -> str:
    """Per pair of years: leaders new and gone, and topics that changed hands although in both plans."""
    reassigned = reassigned_topics(changes)
    lines = []
    for (y0, y1), part in changes.groupby(["year_from", "year_to"]):
        new = part[part["change"] == "new_leader"]
        gone = part[part["change"] == "gone_leader"]
        moved = reassigned[(reassigned["year_from"] == y0) & (reassigned["year_to"] == y1)]
        lines.append(
            f"- **{y0}→{y1}**：新出现的领导 "
            + ("、".join(f"{r.leader}（{r.count_to} 项：{r.topic}）" for r in new.itertuples()) or "无")
        )
        lines.append(
            "  不再出现的领导 "
            + ("、".join(f"{r.leader}（上一年 {r.count_from} 项：{r.topic}）" for r in gone.itertuples()) or "无")
        )
        if len(moved):
            lines.append(
                "  两年都有的主题中的分工调整："
                + "；".join(f"{r.leader}{CHANGE_VERBS[r.change]}“{r.topic}”" for r in moved.itertuples())
            )
    if changes.empty:
        lines.append("所选年份之间没有领导变化。")
    return "\n".join(lines)


def co_leadership_summary(pairs: pd.DataFrame) -> str:
    """Per year: how many leader pairs share items, and the most frequent pair."""
    return "\n".join(
        f"- **{r.year}年**：{(pairs['year'] == r.year).sum()} 对领导有共同牵头的事项；"
        f"最常合作的是 {r.leader_a} 与 {r.leader_b}，共 {r.count} 项（其中 {r.inherited} 项为沿用上一行）。"
        for r in pairs.groupby("year").head(1).itertuples()
    )


def lead_units_summary(h) -> str:
    """One year's lead-unit facts (a row of `lead_unit_highlights`)."""
    text = f"{h.year}年共有 {h.units} 个单位作为★牵头单位；{h.top} 最多（{h.top_count} 项）。"
    if h.has_previous:
        text += (
            f" 较上一年增加最多的是 {h.up}（{h.up_change:+d}），减少最多的是 {h.down}（{h.down_change:+d}）；"
            f"新出现的牵头单位 {len(h.new)} 个（{'、'.join(h.new) or '无'}），"
            f"不再牵头的 {len(h.gone)} 个（{'、'.join(h.gone) or '无'}）。"
        )
    return text


def collective_summary(unit_workload: pd.DataFrame) -> str:
    """Per year: the largest collective entry and the data providers."""
    lines = []
    for h in collective_highlights(unit_workload).itertuples():
        text = f"- **{h.year}年**："
        if h.collective is not None:
            text += f"“{h.collective}”参与 {h.collective_count} 项（占 {h.collective_share:.0%}）；"
        text += "提供数据：" + ("、".join(f"{name} {count} 项" for name, count in h.providers) or "无") + "。"
        lines.append(text)
    return "\n".join(lines)


def leader_unit_reach_summary(h) -> str:
    """One year's leader × lead-unit facts (a row of `leader_unit_reach`)."""
    return (
        f"{h.year}年，{h.top_leader} 对应的★牵头单位最多（{h.top_leader_units} 个）；"
        f"{h.shared_units} 个单位向两位及以上领导负责，其中 {h.most_shared} 对应 {h.most_shared_leaders} 位领导。"
    )
