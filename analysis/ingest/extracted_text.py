"""Reader for text extracted from the plan's table, one cell per tab-indented line.

This is the layout of the seed files: every cell starts on a line beginning with a tab; a line
without a tab continues the cell above (a second leader's name); the footnote (注：…) ends the table;
page footers (— 7 —, 第 2 页 共 9 页) and page headers repeating the title or the table's header row are
dropped (a second plan shows by a second title above a header row). A row is five cells, or one cell holding a
chapter heading.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_plan_text
from analysis.ingest.grid import (
    CHAPTER_RE,
    HEADER,
    HEADER_WINDOW,
    N_COLUMNS,
    PAGE_MARK_RE,
    TITLE_RE,
    Cell,
    Grid,
    header_span,
)
from analysis.ingest.notes import Note

FOOTNOTE_RE = re.compile(r"^注\s*[:：]")


def read_extracted_text(path: Path, text: str | None = None) -> Grid:
    """The grid of a tab-indented text file (decoded here unless `text` is given)."""
    lines = (read_plan_text(path) if text is None else text).split("\n")
    header = _find_header(path, lines)
    if header is None:
        return Grid(path, list(enumerate(lines, start=1)), None, [])
    header_end, repeated = header
    before = [(i + 1, line) for i, line in enumerate(lines[:header_end])]
    cells, after = _split_cells(lines, header_end, repeated)
    grid = Grid(path, before, header_end, [], after)
    truncated = not after and _incomplete_tail(cells)
    if truncated:
        cells = cells[: len(cells) - truncated]
        grid.notes.append(Note(path, None, "truncated", {}))
    grid.rows, grid.problems = _rows(cells)
    return grid


def _find_header(path: Path, lines: list[str]) -> tuple[int, set[int]] | None:
    """Index of the line after the header row's last cell, and the lines of the header rows repeated below it at
    page tops (a paged document's table repeats its header); None when there is no 序号 cell.

    A header row below a plan title other than the plan's own means a second plan in the same file: an error naming
    both header rows.
    """
    filled = [(i, re.sub(r"\s+", "", line)) for i, line in enumerate(lines) if line.strip()]
    found, repeated, titles = None, set(), set()
    for pos, (idx, text) in enumerate(filled):
        title = TITLE_RE.match(lines[idx].strip())
        if title:
            titles.add(title.group(1))
        if text != HEADER[0]:
            continue
        following = [t for _, t in filled[pos : pos + HEADER_WINDOW]]
        span = header_span(following)
        if not span:
            if found is not None:
                continue  # a 序号 cell inside the table
            raise PlanError(
                path,
                f"表头应为 {' / '.join(HEADER)}，实为 {' / '.join(following[:N_COLUMNS])}",
                idx + 1,
            )
        if found is None:
            found, plan_titles, titles = (filled[pos + span - 1][0] + 1, idx), set(titles), set()
            continue
        if titles - plan_titles:
            raise PlanError(
                path,
                f"一个文件里有两份方案：第{found[1] + 1}行和第{idx + 1}行各有一个表头；请每个文件只放一份方案",
                idx + 1,
            )
        repeated |= {line for line, _ in filled[pos : pos + span]}
    return (found[0], repeated) if found else None


def _split_cells(lines: list[str], start: int, repeated: set[int]) -> tuple[list[Cell], list[str]]:
    """Cells start with a tab; untabbed lines continue the current cell (e.g. a second leader). The lines of
    header rows repeated at page tops (`repeated`) are left out."""
    cells: list[Cell] = []
    after: list[str] = []
    for idx in range(start, len(lines)):
        line = lines[idx]
        stripped = line.strip()
        if PAGE_MARK_RE.match(stripped) or TITLE_RE.match(stripped) or idx in repeated:
            continue  # a page's footer (— 7 —, 第 2 页 共 9 页) or its header repeating the title or the header row
        if after or (not line.startswith("\t") and FOOTNOTE_RE.match(stripped)):
            if stripped:
                after.append(stripped)
            continue
        if line.startswith("\t"):
            cells.append(Cell(idx + 1, [line[1:]]))
        elif cells:
            cells[-1].lines.append(line)
    return cells, after


def _incomplete_tail(cells: list[Cell]) -> int:
    """How many cells at the end form an incomplete row (0 if the table ends cleanly)."""
    since_chapter = 0
    for cell in cells:
        since_chapter = 0 if CHAPTER_RE.match(cell.text) else since_chapter + 1
    return since_chapter % N_COLUMNS


def _rows(cells: list[Cell]) -> tuple[list[list[Cell]], dict[int, str]]:
    """Cells grouped into rows (a chapter heading alone, otherwise five cells), and the rows of wrong shape."""
    rows: list[list[Cell]] = []
    problems: dict[int, str] = {}
    pos = 0
    while pos < len(cells):
        if CHAPTER_RE.match(cells[pos].text):
            rows.append([cells[pos]])
            pos += 1
            continue
        group = cells[pos : pos + N_COLUMNS]
        if len(group) < N_COLUMNS:
            problems[len(rows)] = f"表格结束前这一行只有{len(group)}个单元格，应有{N_COLUMNS}个"
        elif any(CHAPTER_RE.match(c.text) for c in group[1:]):
            problems[len(rows)] = "这一行还没写完就出现了章节标题：请检查是否缺了单元格"
        rows.append(group)
        pos += N_COLUMNS
    return rows, problems
