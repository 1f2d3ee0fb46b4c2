"""Notebook 01 (overview) in words: which plans were read, and what was normalized."""

from __future__ import annotations

import pandas as pd

from analysis.present.html import md
from analysis.present.names import value_title


def documents_summary(documents: pd.DataFrame) -> str:
    """One bullet per plan: its year, file, parsed and declared item counts, and whether they agree."""
    lines = []
    for d in documents.itertuples():
        if pd.isna(d.declared_count):
            check = md("解析出{parsed}项（文件未声明事项总数）。", parsed=d.parsed_count)
        elif d.parsed_count == d.declared_count:
            check = md(
                "解析出{parsed}项，与文件声明的“共{declared}项”一致。", parsed=d.parsed_count, declared=d.declared_count
            )
        else:
            check = md(
                "解析出{parsed}项，文件声明{declared}项，**不一致，请核对原文件**。",
                parsed=d.parsed_count,
                declared=d.declared_count,
            )
        lines.append(md("- **{year}年**（文件“{source}”）：", year=d.year, source=d.source) + check)
    return "\n".join(lines)


def normalization_summary(normalizations: pd.DataFrame) -> str:
    """One bullet per year: how many normalizations each rule applied, in words."""
    summary = normalizations.groupby(["year", "field", "rule"])["count"].sum().reset_index()
    lines = []
    for year, part in summary.groupby("year"):
        done = "；".join(
            md(
                "{field}{rule}{count}处",
                field=value_title("field", r.field),
                rule=value_title("rule", r.rule),
                count=r.count,
            )
            for r in part.itertuples()
        )
        lines.append(md("- **{year}年**：", year=year) + done + "。")
    return "\n".join(lines) or "没有需要规范化的写法。"
