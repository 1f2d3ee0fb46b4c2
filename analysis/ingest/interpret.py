"""The table rules, applied once to the grid of any format: title and year, declared count, chapter
rows, task rows, the footnote, and the district named by the document.

Names and units are cleaned later (`analysis.tidy`); subsections are made whole in `subsections`.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.grid import CHAPTER_RE, DECLARED, HEADER, PRINTED_NO_RE, TITLE_RE, UNIT_MARKS, Cell, Grid
from analysis.ingest.notes import Note
from analysis.ingest.plan import ParsedPlan, Row
from analysis.ingest.subsections import assign_subsections
from analysis.text.numerals import cn_number, cn_numeral

YEAR_RE = re.compile(r"(?<!\d)(\d{4})年")
DECLARED_RE = re.compile(rf"^{DECLARED}$")
REPLACEMENT = "\ufffd"  # what a decoder puts for bytes it could not read (a page's decoder does, to go on)
# Chinese text shown in a Western code page and saved so: each character becomes two or three Latin letters and
# symbols (推进 in GBK read as Latin-1 is ÍÆ½ø, in UTF-8 read as cp1252 æŽ¨è¿›). Three in a row never occur in a
# plan's own text, where ·, ×, ° or ² stand alone; the curly quotes, … and dashes a plan uses are not counted.
GARBLED_RE = re.compile(r"[\u00a1-\u024f€‚ƒ„†‡ˆ‰‹•˜™›]{3,}")
# A bad row's message quotes the opening of its task, so it can be found in a Word file or a page, whose positions
# count paragraphs and table rows together rather than lines a reader sees.
ROW_QUOTE_CHARS = 16
NUMBER_RE = re.compile(r"^(\d{1,3})\s*[.．、]?$")  # 1, or 1. as a numbering list draws it
FOOTNOTE_RE = re.compile(r"^注\s*[:：]")
# The issuing government, signed on a line of its own: 苏州市吴江区人民政府.
ISSUER_RE = re.compile(r"^(?:(?P<city>[\u4e00-\u9fff]{2,4}?)市)?(?P<district>[\u4e00-\u9fff]{2,4}?)区人民政府$")


def interpret(grid: Grid) -> ParsedPlan:
    """Apply the table rules to a grid; raises PlanError naming the file and line on bad input."""
    path = grid.source
    year, title, title_idx, declared = _find_title(path, grid.before)
    if grid.header_line is None:
        raise PlanError(path, f"标题之后找不到表头（{' / '.join(HEADER)}）")
    if declared is None:
        declared = _find_declared_count(grid.before, title_idx)
    rows = _task_rows(path, grid, title)
    if not rows:
        raise PlanError(path, "表头之后没有事项行", grid.header_line)
    _second_title(path, grid.after)
    footnote = _footnote(grid.after)
    plan = ParsedPlan(path, year, title, declared, rows, footnote, list(grid.notes), format=grid.format)
    plan.city, plan.district = _issuer(grid.before)
    assign_subsections(rows)
    if declared is not None and declared != len(rows):
        plan.notes.append(Note(path, None, "count_mismatch", {"parsed": len(rows), "declared": declared}))
    plan.notes += _numbering_notes(path, rows)
    plan.notes += _chapter_notes(path, rows)
    return plan


def _chapter_notes(path: Path, rows: list[Row]) -> list[Note]:
    """Chapters run 一, 二, 三 …: a number missing below the last one read says a part of the plan is missing (a
    sheet not saved, a page not copied), which a plan without a declared count would not show otherwise."""
    found = sorted({row.chapter_no for row in rows})
    missing = [n for n in range(1, found[-1]) if n not in found] if found else []
    if not missing:
        return []
    values = {"missing": "、".join(map(cn_numeral, missing)), "found": "、".join(map(cn_numeral, found))}
    return [Note(path, None, "chapters_missing", values)]


def _numbering_notes(path: Path, rows: list[Row]) -> list[Note]:
    """Printed item numbers (57.…) that do not run on: one left out, repeated or skipped, as a garbled copy
    shows. Items are numbered by their order whatever is printed; a plan that numbers each chapter from 1 is
    fine, and one printing numbers on fewer than half its items is not checked."""
    if sum(row.printed_no is not None for row in rows) * 2 < len(rows):
        return []
    found, previous = [], None
    printed = [row.printed_no for row in rows]
    for seq, row in enumerate(rows, start=1):
        expected = 1 if previous is None else previous + 1
        if row.printed_no is None:
            found.append(Note(path, row.line, "number_missing", {"expected": expected}, seq))
        elif previous is not None and row.printed_no not in (expected, 1):
            values = {"number": row.printed_no, "previous": previous}
            found.append(Note(path, row.line, "number_out_of_order", values, seq))
        # one slip, one note: after a number repeated by an extra row (6, 6, 7) the next counts on from it; after a
        # misprint (5, 5, 7) or a skip, from the larger of the two
        following = printed[seq] if seq < len(rows) else None
        if row.printed_no == 1 or previous is None or (row.printed_no and following == row.printed_no + 1):
            previous = row.printed_no
        else:
            previous = max(expected, row.printed_no or 0)
    return found


def _find_title(path: Path, before: list[tuple[int, str]]) -> tuple[int, str, int, int | None]:
    """The plan's year, title, position and the count declared with it (…方案（共118项）), if any. Of several
    lines that read as a title (a web page's headline above the document's own title, a link to last year's
    plan in a sidebar), the one nearest the table is the document's. A title naming two years is an error
    (which year is it?)."""
    found = [(idx, line_no, TITLE_RE.match(line.strip())) for idx, (line_no, line) in enumerate(before)]
    titles = [(idx, line_no, match) for idx, line_no, match in found if match]
    if not titles:
        raise PlanError(
            path,
            "表格上方找不到方案标题（如“区政府XXXX年重点工作目标任务分解落实方案”；只复制表格时会漏掉它）："
            "请在表格上方单独一行加上带年份的标题",
        )
    idx, line_no, match = titles[-1]
    title = match.group(1)
    years = sorted(set(YEAR_RE.findall(title.split("重点工作")[0])))
    if len(years) > 1:
        raise PlanError(path, f"标题中有{len(years)}个年份（{'、'.join(years)}），无法确定是哪一年的方案", line_no)
    declared = int(match.group(3)) if match.group(3) else None
    return int(match.group(2)), title, idx, declared


def _second_title(path: Path, after: list[str]) -> None:
    """A plan title below the table followed by another header row: a second plan in the same file (swallowed by
    the footnote otherwise). A title alone below it (a web page's link to another year's plan) is no plan."""
    below: set[str] = set()  # what follows each line, gathered from the end: one pass
    for line in reversed(after):
        if TITLE_RE.match(line.strip()) and set(HEADER) <= below:
            raise PlanError(
                path,
                f"一个文件里有两份方案：表格下方还有标题“{line.strip()[:40]}”和表头；请每个文件只放一份方案",
            )
        below.add(re.sub(r"\s+", "", line))


def _find_declared_count(before: list[tuple[int, str]], title_idx: int) -> int | None:
    for _, line in before[title_idx + 1 : title_idx + 6]:
        match = DECLARED_RE.match(line.strip())
        if match:
            return int(match.group(1))
    return None


def _issuer(before: list[tuple[int, str]]) -> tuple[str | None, str | None]:
    for _, line in before:
        match = ISSUER_RE.match(line.strip())
        if match:
            return match.group("city"), match.group("district")
    return None, None


def _footnote(after: list[str]) -> str:
    """The footnote: the text below the table from its 注： line on."""
    start = next((i for i, line in enumerate(after) if FOOTNOTE_RE.match(line)), len(after))
    return "".join(after[start:])


def _task_rows(path: Path, grid: Grid, title: str) -> list[Row]:
    """Task rows in order; a units cell covered by a merge carries the units of the row above."""
    rows: list[Row] = []
    chapter_no, chapter_title = 0, ""
    problems = grid.problems
    for index, cells in enumerate(grid.rows):
        if len(cells) == 1 and index not in problems:
            chapter = CHAPTER_RE.match(cells[0].text)
            titled = TITLE_RE.match(cells[0].text)
            if titled and titled.group(1) == title:
                continue  # the plan's own title repeated at the top of a part of its table (a sheet, a page)
            if titled:
                raise PlanError(path, f"一个文件里有两份方案：表格中还有标题“{cells[0].text[:40]}”", cells[0].line)
            if not chapter:
                raise PlanError(
                    path, f"这一行占满整行，但不是章节标题（应形如“一、……”）：“{cells[0].text[:20]}”", cells[0].line
                )
            chapter_no, chapter_title = int(cn_number(chapter.group(1))), chapter.group(2).strip()
            continue
        number_cell, title_cell, text_cell, leader_cell, units_cell = cells
        units_text = _units_text(units_cell.lines) if grid.shows_merges else units_cell.text
        if units_cell.covered and rows and rows[-1].chapter_no == chapter_no:
            units_text = rows[-1].units_text
        _check_row(path, cells, chapter_no, problems.get(index), units_text)
        text = text_cell.text
        printed = PRINTED_NO_RE.match(text)
        rows.append(
            Row(
                line=text_cell.line,
                chapter_no=chapter_no,
                chapter_title=chapter_title,
                number=int(NUMBER_RE.match(number_cell.text).group(1)) if number_cell.text else None,
                title_fragment=title_cell.text,
                text=text[printed.end() :].strip() if printed else text,
                printed_no=int(printed.group(1)) if printed else None,
                leader_lines=leader_cell.lines,
                units_text=units_text,
                opens_block=not (number_cell.covered and title_cell.covered) if grid.shows_merges else None,
            )
        )
    return rows


def _units_text(lines: list[str]) -> str:
    """A units cell whose author put one body on each line (a paragraph or Alt+Enter each): the lines joined by 、
    where neither already says where one ends (…发改委、 / 统计局, or 汾湖高新区 / （黎里镇）). Extracted text wraps
    long names over lines instead, and keeps them whole."""
    parts = [line.strip() for line in lines if line.strip()]
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        together = joined.endswith((*UNIT_MARKS, "（", "(")) or part.startswith((*UNIT_MARKS, "（", "(", "）", ")"))
        joined += part if together else "、" + part
    return joined


def _check_row(path: Path, cells: list[Cell], chapter_no: int, problem: str | None, units_text: str) -> None:
    """Raise for the first thing wrong with a task row: before any chapter, the reader's problem, its cells. The row
    is named by its first cell's line, or its task text's where a merged 序号 cell stands on the block's first row."""
    first = cells[0]
    line = cells[2].line if first.covered else first.line
    if chapter_no == 0:
        raise PlanError(path, "第一个章节标题（一、…）之前就有事项行", line)
    if problem is None and any(REPLACEMENT in cell.text for cell in cells):
        problem = f"这一行有无法识别的字符（显示为{REPLACEMENT}），多半是从别的网页粘贴来的：请改正这些文字"
    elif problem is None and (garbled := next((m for c in cells if (m := GARBLED_RE.search(c.text))), None)):
        problem = (
            f"这一行是乱码（“{garbled.group()[:12]}”），多半是文字在别的软件里显示错乱后又被保存了下来："
            "请从原文件重新复制这一行"
        )
    elif problem is None and first.text and not NUMBER_RE.match(first.text):
        problem = f"“序号”栏应为空或数字，实际为“{first.text[:20]}”"
    elif problem is None and not cells[2].text:
        problem = "“重点工作目标任务”栏为空"
    elif problem is None and not units_text:
        problem = "“责任单位”栏为空"
    if problem:
        task = cells[2].text.strip()
        quoted = f"{task[:ROW_QUOTE_CHARS]}…" if len(task) > ROW_QUOTE_CHARS else task
        raise PlanError(path, problem + (f"（这一行的任务：“{quoted}”）" if task else ""), line)
