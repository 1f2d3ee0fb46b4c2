"""What reading a plan finds worth saying without stopping: a count that differs from the declared one, a file
cut short, item numbers left out or out of order, a leader cell that is empty or holds no name,
rows a sheet hides, chapters missing from the numbering. Each kind is
said once here, in Chinese: on the command line (a warning naming the file and line) and in the `reading_notes`
table the report and the workbook show."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

CHINESE = {
    "count_mismatch": "实际读到{parsed}项，与文件所写“共{declared}项”不符",
    "truncated": "文件在表格的一行中间结束（可能不完整），最后这一行未计入",
    "number_missing": "该事项正文前没有编号（应为“{expected}.”）",
    "number_out_of_order": "正文前的编号“{number}.”排在“{previous}.”之后（重号还是跳号？请核对原文）",
    "no_leader": "牵头领导栏为空，上一行也没有可沿用的领导",
    "not_a_name": "牵头领导栏中的“{name}”不像人名（应为2至4个汉字）",
    "chapters_missing": "章节编号缺少“{missing}”（读到的章节为“{found}”）：是否漏了章节？（CSV 只保存一张工作表；方案分在几张工作表中时，请直接使用 .xlsx 文件）",
    "hidden_rows": "工作表中手动隐藏的第{rows}行未计入（按表格显示的内容读取；筛选或分组折叠隐藏的行照常读取）",
}


class Note(NamedTuple):
    """One thing said about a plan: where (file, line or None for the whole file), what kind, the values its
    sentence names, and the item it is about (its place in the plan, 1 for the first item), if any."""

    path: Path
    line: int | None
    kind: str
    values: dict[str, object]
    item: int | None = None

    def located(self) -> str:
        """`file:line: message`, as the command line prints warnings."""
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.chinese()}"

    def chinese(self) -> str:
        return CHINESE[self.kind].format(**self.values)
