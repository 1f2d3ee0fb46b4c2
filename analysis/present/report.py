"""The report as a document: its header (title, time, source files, warnings) and its stylesheet.

A year whose file holds far fewer items than the year before (or fewer than it declares) is called
out at the top, so "107 items dropped" is never read as a fact without that warning.
"""

from __future__ import annotations

import html
from datetime import datetime

import pandas as pd

REPORT_TITLE = "区政府重点工作目标任务年度对比报告"
# A plan with fewer than this share of the previous year's items is probably a partial file.
PARTIAL_SHARE = 0.5
HASH_CHARS = 12

SHORT_CLASS = "short-value"  # a cell of a column whose values are all short (see the stylesheet)
STYLESHEET = """
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
.report-header h1 { font-size: 1.8em; margin: 0.4em 0; }
.report-header .generated { color: #555; }
.report-header .warning { border-left: 4px solid #d1495b; background: #fdecee; padding: 0.5em 0.8em; margin: 0.6em 0; }
.report-header table.sources, table.redlines { border-collapse: collapse; margin: 0.6em 0; }
.report-header table.sources th, .report-header table.sources td, table.redlines th, table.redlines td {
  border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
nav.toc { border: 1px solid #ddd; padding: 0.4em 1.2em; margin: 1em 0 2em; }
nav.toc ol { margin: 0.2em 0; list-style: none; padding-left: 1.2em; }
nav.toc > ol { columns: 2 22em; column-gap: 2em; }  /* the key points below it stay on the first screen */
nav.toc > ol > li { break-inside: avoid; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { white-space: normal; }
/* the plain copies of the tables, shown without scripts and in print: text from the left, and on a screen short
   values on one line, as in the interactive tables (on paper the table must fit the page's width first) */
.jp-RenderedHTMLCommon div[id$="_fallback"] td, .jp-RenderedHTMLCommon div[id$="_fallback"] th {
  text-align: left; vertical-align: top; }
@media screen { .jp-RenderedHTMLCommon div[id$="_fallback"] td.SHORT_CLASS { white-space: nowrap; } }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  nav.toc, .report-header { page-break-after: avoid; }
  .dt-container { display: none !important; }
  div[id$="_fallback"], div[id$="_fallback"][hidden] { display: block !important; }
  table { max-width: 100% !important; table-layout: auto !important; }
  td, th { white-space: normal !important; overflow-wrap: break-word; font-size: 8.5pt; }
  img { max-width: 100% !important; height: auto !important; page-break-inside: avoid; }
  h1, h2, h3 { page-break-after: avoid; }
  h1 { page-break-before: always; }
  .report-header h1 { page-break-before: avoid; }
}
""".replace("SHORT_CLASS", SHORT_CLASS)


def partial_plan_warnings(documents: pd.DataFrame) -> list[str]:
    """Sentences (plain text) about plans that look partial: fewer items than declared, or far fewer than the year before."""
    warnings = []
    previous = None
    for d in documents.sort_values("year").itertuples():
        count = int(d.parsed_count)
        if pd.notna(d.declared_count) and count < int(d.declared_count):
            warnings.append(
                f"{d.year}年的方案文件只读到{count}项，少于文件所写的“共{int(d.declared_count)}项”，文件可能不完整。"
            )
        elif previous is not None and count < PARTIAL_SHARE * previous[1]:
            warnings.append(
                f"{d.year}年的方案文件只有{count}项，不到{previous[0]}年（{previous[1]}项）的一半，可能只是方案的一部分："
                f"{previous[0]}年→{d.year}年的“新增”“删除”数字会因此偏大，请结合原文件阅读。"
            )
        previous = (d.year, count)
    return warnings


def report_header_html(documents: pd.DataFrame, plan_hashes: dict[str, str], generated: datetime) -> str:
    """The report's first screen: title, when it was made, every source file, and warnings. Escaped throughout."""
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(v))}</td>"
            for v in (
                f"{d.year}年",
                d.source,
                "" if pd.isna(d.declared_count) else int(d.declared_count),
                d.parsed_count,
                plan_hashes.get(d.source, "")[:HASH_CHARS],
            )
        )
        + "</tr>"
        for d in documents.sort_values("year").itertuples()
    )
    warnings = "".join(f'<p class="warning">注意：{html.escape(w)}</p>' for w in partial_plan_warnings(documents))
    when = generated.strftime("%Y年%m月%d日 %H:%M") + (f"（{generated.tzname()}）" if generated.tzname() else "")
    return (
        '<header class="report-header">'
        f"<h1>{REPORT_TITLE}</h1>"
        f'<p class="generated">生成时间：{html.escape(when)}</p>'
        f"{warnings}"
        '<table class="sources"><caption>数据来源</caption><thead><tr><th>年份</th><th>方案文件</th>'
        "<th>文件声明事项数</th><th>解析事项数</th><th>文件指纹（SHA-256 前12位）</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "</header>"
    )
