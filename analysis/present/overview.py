"""Notebook 01 (overview) in words: which plans were read, and what was normalized."""

from __future__ import annotations

import pandas as pd

from analysis.present.html import md
from analysis.present.names import table_title, value_title


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


NOTES_LISTED = 20  # reading notes listed in the report; the workbook sheet holds them all


def reading_notes_summary(notes: pd.DataFrame) -> str:
    """What reading the files found worth saying (a count differing from the declared one, item numbers out of
    order, a leader cell holding no name), one bullet each, with the file and line to look at."""
    if notes.empty:
        return "读取各年方案时没有发现需要提示的问题（事项数、序号、牵头领导栏均正常）。"
    lines = [md("读取各年方案时有{n}条提示，请对照原文核对：", n=len(notes))]
    for r in notes.head(NOTES_LISTED).itertuples():
        where = md("第{line}行", line=int(r.line)) if pd.notna(r.line) else "全文"
        where += md("，事项{item}", item=r.item_id) if isinstance(r.item_id, str) and r.item_id else ""
        lines.append(
            md("- {year}年（文件“{source}”，", year=r.year, source=r.source) + where + md("）：{note}", note=r.note)
        )
    if len(notes) > NOTES_LISTED:
        lines.append(
            md("- ……其余{n}条见工作簿“{sheet}”表。", n=len(notes) - NOTES_LISTED, sheet=table_title("reading_notes"))
        )
    return "\n".join(lines)
