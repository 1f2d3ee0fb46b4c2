"""Notebook 01 (overview) in words: which plans were read, and what was normalized."""

from __future__ import annotations

import pandas as pd


def documents_summary(documents: pd.DataFrame) -> str:
    """One bullet per plan: its year, file, parsed and declared item counts, and whether they agree."""
    return "\n".join(
        f"- **{d.year}年**（{d.source}）：解析 {d.parsed_count} 项，文件声明 {d.declared_count} 项"
        + ("，一致。" if d.parsed_count == d.declared_count else "，**不一致，请核对原文件！**")
        for d in documents.itertuples()
    )


def normalization_summary(normalizations: pd.DataFrame) -> str:
    """One bullet per year, field and rule: how many normalizations were applied."""
    summary = normalizations.groupby(["year", "field", "rule"])["count"].sum().reset_index()
    return "\n".join(f"- {r.year}年 {r.field} / {r.rule}：{r.count} 处" for r in summary.itertuples())
