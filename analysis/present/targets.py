"""Notebook 03 (targets) in words: how many targets moved which way, which could not be compared and why,
and whose commitment got firmer or looser."""

from __future__ import annotations

import pandas as pd

from analysis.present.html import md
from analysis.present.names import value_title
from analysis.targets.judge import DIRECTIONS

COMMITMENT_CHANGES = ("firmer", "looser", "mixed", "unclear")


def change_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """Per pair of years: how many indicators rose, fell, held, were reworded, could not be compared, or
    appear in one year only."""
    counts = changes.groupby(["year_from", "year_to", "direction"]).size().unstack(fill_value=0)
    return counts.reindex(columns=list(DIRECTIONS), fill_value=0).reset_index()


def targets_per_year(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets found per year and kind (numeric, deadline, qualitative), kinds named in Chinese."""
    counts = targets.groupby(["year", "kind"]).size().unstack(fill_value=0)
    counts.columns = [value_title("kind", k) for k in counts.columns]
    return counts.reset_index()


def not_comparable(changes: pd.DataFrame) -> pd.DataFrame:
    """Pairs that look alike but count something else (scope, population, indicator, unit, horizon, form)."""
    found = changes[changes["reason"] != ""]
    return found[["year_from", "year_to", "reason", "indicator", "span_from", "span_to", "summary"]]


def commitment_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """Pairs whose wording binds more or less than the year before (or differs in a way to read by hand)."""
    found = changes[changes["commitment"].isin(COMMITMENT_CHANGES)]
    return found[["year_from", "year_to", "commitment", "direction", "indicator", "span_from", "span_to", "summary"]]


def change_list(changes: pd.DataFrame) -> pd.DataFrame:
    """Every change but the unchanged ones, in the columns a reader compares (the workbook has them all)."""
    shown = ["year_from", "year_to", "direction", "commitment", "indicator", "span_from", "span_to", "summary"]
    return changes.loc[changes["direction"] != "unchanged", shown]


def still_named(pair: pd.DataFrame, direction: str, other_year: int) -> str:
    """（其中9项2022年原文或对应事项仍有提及）: of the targets of one year only, those the other year still names
    (`counterpart_item`), which a reader should not count as simply new or dropped."""
    n = int((pair.loc[pair["direction"] == direction, "counterpart_item"].fillna("") != "").sum())
    return md("（其中{n}项{year}年原文或对应事项仍有提及）", n=n, year=other_year) if n else ""


def conclusions(changes: pd.DataFrame, targets: pd.DataFrame) -> str:
    """The notebook's conclusions as Markdown bullets, one block per pair of years."""
    lines = []
    for r in change_summary(changes).itertuples():
        pair = changes[(changes.year_from == r.year_from) & (changes.year_to == r.year_to)]
        counted = ("raised", "lowered", "unchanged", "reworded")
        compared = "、".join(
            md("{word}{n}项", word=value_title("direction", d), n=getattr(r, d)) for d in counted if getattr(r, d)
        )
        text = md("- **{a}年→{b}年**：", a=r.year_from, b=r.year_to)
        text += f"同口径可比的指标中，{compared}" if compared else "没有同口径可比的指标"
        if r.not_comparable:
            reasons = pair.loc[pair["reason"] != "", "reason"].value_counts()
            why = "、".join(md("{w}{n}项", w=value_title("reason", k), n=n) for k, n in reasons.items())
            text += md("；另有{n}项看似同一指标、实则不可直接比较（{why}）", n=r.not_comparable, why=why)
        if r.only_from:
            text += md("；{a}年列出、{b}年未再列出的目标{n}项", a=r.year_from, b=r.year_to, n=r.only_from)
            text += still_named(pair, "only_from", r.year_to)
        if r.only_to:
            text += md("；{b}年新出现的目标{n}项", b=r.year_to, n=r.only_to)
            text += still_named(pair, "only_to", r.year_from)
        lines.append(text + "。")
        for direction in ("raised", "lowered"):
            moved = pair.loc[pair["direction"] == direction, "indicator"].tolist()
            if moved:
                lines.append(
                    md("  - {word}的指标：{names}。", word=value_title("direction", direction), names="、".join(moved))
                )
        for commitment in ("firmer", "looser", "mixed"):
            word = value_title("commitment", commitment)
            said = [s.removesuffix(f"，{word}") for s in pair.loc[pair["commitment"] == commitment, "summary"]]
            if said:
                lines.append(md("  - {word}：{what}。", word=word, what="；".join(said)))
        unclear = pair.loc[pair["commitment"] == "unclear", "indicator"].tolist()
        if unclear:
            lines.append(md("  - 表述有变化、约束性需对照原文判断：{names}。", names="、".join(unclear)))
    stretch = targets["is_stretch"].astype(bool).groupby(targets["year"]).sum()
    per_year = "，".join(
        md("{y}年{n}项", y=y, n=n)
        + (md("（含力争值{k}项，与其基本目标合并比较）", k=int(stretch[y])) if stretch[y] else "")
        for y, n in targets.groupby("year").size().items()
    )
    lines.append(f"- 各年抽取的目标数：{per_year}。")
    return "\n".join(lines)
