"""Turn one plan document (text extracted from its five-column table) into raw rows.

The layout rules live here: the title and declared count, the header row,
chapter headings, rows found by their five-cell shape, the footnote and page
footers, and which subsection (项目) each row belongs to. Names and units are
cleaned later, in `normalize`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import PlanError
from analysis.labels import cn_number
from analysis.segment import title_terms
from analysis.textio import read_plan_text

HEADER = ("序号", "项目", "重点工作目标任务", "牵头领导", "责任单位")
N_CELLS = len(HEADER)

TITLE_RE = re.compile(r"^\S{0,30}?(\d{4})年\S{0,10}?重点工作\S{0,20}?方案$")
DECLARED_RE = re.compile(r"^[（(]\s*共\s*(\d+)\s*项\s*[）)]$")
CHAPTER_RE = re.compile(r"^([一二三四五六七八九十百]+)\s*[、.．]\s*(\S.*)$")
NUMBER_RE = re.compile(r"^\d{1,3}$")
PRINTED_NO_RE = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?!\d)")
FOOTNOTE_RE = re.compile(r"^注\s*[:：]")
PAGE_FOOTER_RE = re.compile(r"^[—–\-－]+\s*\d+\s*[—–\-－]+$")


@dataclass
class Cell:
    """One table cell: the line it starts on and its raw lines (blank lines kept)."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        """The cell's content as one string, lines joined without separators."""
        return "".join(part.strip() for part in self.lines)


@dataclass
class Row:
    """One task row of the table, before names and units are normalized."""

    line: int
    chapter_no: int
    chapter_title: str
    number: int | None
    title_fragment: str
    text: str
    printed_no: int | None
    leader_lines: list[str]
    units_text: str
    subsection_no: int | None = None
    subsection_title: str | None = None


@dataclass
class ParsedPlan:
    """Everything read from one document."""

    source: Path
    year: int
    title: str
    declared_count: int | None
    rows: list[Row]
    footnote: str
    warnings: list[str] = field(default_factory=list)


def parse_plan(path: str | Path) -> ParsedPlan:
    """Read one plan file into rows; raises PlanError naming the file and line on bad input."""
    path = Path(path)
    lines = read_plan_text(path).split("\n")
    year, title, title_idx = _find_title(path, lines)
    declared = _find_declared_count(lines, title_idx)
    body_start = _find_header(path, lines, title_idx)
    cells, footnote = _split_cells(lines, body_start)
    truncated = not footnote and _incomplete_tail(cells)
    if truncated:
        cells = cells[: len(cells) - truncated]
    rows = _assemble_rows(path, cells)
    if not rows:
        raise PlanError(path, "no task rows after the header row", body_start)
    plan = ParsedPlan(path, year, title, declared, rows, footnote)
    if truncated:
        plan.warnings.append(f"{path}: the file ends inside a row (truncated?); its last, incomplete row was dropped")
    _assign_subsections(rows)
    if declared is not None and declared != len(rows):
        plan.warnings.append(f"{path}: parsed {len(rows)} items but the document declares {declared} (共{declared}项)")
    return plan


def _find_title(path: Path, lines: list[str]) -> tuple[int, str, int]:
    for idx, line in enumerate(lines):
        match = TITLE_RE.match(line.strip())
        if match:
            return int(match.group(1)), line.strip(), idx
    raise PlanError(path, "no plan title such as '区政府2023年重点工作目标任务分解落实方案' found")


def _find_declared_count(lines: list[str], title_idx: int) -> int | None:
    for line in lines[title_idx + 1 : title_idx + 6]:
        match = DECLARED_RE.match(line.strip())
        if match:
            return int(match.group(1))
    return None


def _find_header(path: Path, lines: list[str], start: int) -> int:
    """Index of the line after the header row's last cell."""
    filled = [(i, re.sub(r"\s+", "", line)) for i, line in enumerate(lines) if i > start and line.strip()]
    for pos, (idx, text) in enumerate(filled):
        if text == HEADER[0]:
            following = [t for _, t in filled[pos : pos + N_CELLS]]
            if tuple(following) == HEADER:
                return filled[pos + N_CELLS - 1][0] + 1
            raise PlanError(path, f"header row should be {' / '.join(HEADER)}, found {' / '.join(following)}", idx + 1)
    raise PlanError(path, f"no header row ({' / '.join(HEADER)}) found after the title")


def _split_cells(lines: list[str], start: int) -> tuple[list[Cell], str]:
    """Cells start with a tab; untabbed lines continue the current cell (e.g. a second leader)."""
    cells: list[Cell] = []
    footnote: list[str] = []
    for idx in range(start, len(lines)):
        line = lines[idx]
        stripped = line.strip()
        if PAGE_FOOTER_RE.match(stripped):
            continue
        if footnote or (not line.startswith("\t") and FOOTNOTE_RE.match(stripped)):
            if stripped:
                footnote.append(stripped)
            continue
        if line.startswith("\t"):
            cells.append(Cell(idx + 1, [line[1:]]))
        elif cells:
            cells[-1].lines.append(line)
    return cells, "".join(footnote)


def _incomplete_tail(cells: list[Cell]) -> int:
    """How many cells at the end form an incomplete row (0 if the table ends cleanly)."""
    since_chapter = 0
    for cell in cells:
        since_chapter = 0 if CHAPTER_RE.match(cell.text) else since_chapter + 1
    return since_chapter % N_CELLS


def _assemble_rows(path: Path, cells: list[Cell]) -> list[Row]:
    rows: list[Row] = []
    chapter_no, chapter_title = 0, ""
    pos = 0
    while pos < len(cells):
        cell = cells[pos]
        chapter = CHAPTER_RE.match(cell.text)
        if chapter:
            chapter_no, chapter_title = int(cn_number(chapter.group(1))), chapter.group(2).strip()
            pos += 1
            continue
        group = cells[pos : pos + N_CELLS]
        _check_row_shape(path, group, chapter_no)
        number_cell, title_cell, text_cell, leader_cell, units_cell = group
        text = text_cell.text
        printed = PRINTED_NO_RE.match(text)
        rows.append(
            Row(
                line=text_cell.line,
                chapter_no=chapter_no,
                chapter_title=chapter_title,
                number=int(number_cell.text) if number_cell.text else None,
                title_fragment=title_cell.text,
                text=text[printed.end() :].strip() if printed else text,
                printed_no=int(printed.group(1)) if printed else None,
                leader_lines=leader_cell.lines,
                units_text=units_cell.text,
            )
        )
        pos += N_CELLS
    return rows


def _check_row_shape(path: Path, group: list[Cell], chapter_no: int) -> None:
    first = group[0]
    if chapter_no == 0:
        raise PlanError(path, "task row before the first chapter heading (一、…)", first.line)
    problem = None
    if len(group) < N_CELLS:
        problem = f"only {len(group)} of {N_CELLS} cells before the end of the table"
    elif first.text and not NUMBER_RE.match(first.text):
        problem = f"序号 cell should be empty or a number, found '{first.text[:20]}'"
    elif any(CHAPTER_RE.match(c.text) for c in group[1:]):
        problem = "a chapter heading interrupts the row"
    elif not group[2].text:
        problem = "重点工作目标任务 cell is empty"
    elif not group[4].text:
        problem = "责任单位 cell is empty"
    if problem:
        raise PlanError(path, f"row of wrong shape: {problem}", first.line)


def _assign_subsections(rows: list[Row]) -> None:
    """Give each row its subsection number and whole title.

    In the source, a subsection's number and title sit in a merged cell, placed
    visually inside the block, so fragments land on arbitrary rows of it. Rules:
    a numbered row opens a block that runs to the next numbered row; rows before
    a chapter's first number belong to its first block; title fragments join the
    block they fall in; and rows just before a block's number row move into that
    block when their wording names more of that block's distinctive title terms
    (nouns in the title that the previous block's title lacks) than the previous one's.
    """
    for chapter_no in dict.fromkeys(r.chapter_no for r in rows):
        _assign_chapter([r for r in rows if r.chapter_no == chapter_no])


def _assign_chapter(rows: list[Row]) -> None:
    anchors = [i for i, r in enumerate(rows) if r.number is not None]
    if not anchors:
        title = "".join(r.title_fragment for r in rows) or None
        for row in rows:
            row.subsection_title = title
        return
    block_of = [max([k for k, a in enumerate(anchors) if a <= i], default=0) for i in range(len(rows))]
    titles = ["" for _ in anchors]
    for i, row in enumerate(rows):
        titles[block_of[i]] += row.title_fragment
    for k in range(1, len(anchors)):
        terms_next, terms_prev = title_terms(titles[k]), title_terms(titles[k - 1])
        only_next, only_prev = terms_next - terms_prev, terms_prev - terms_next
        i = anchors[k] - 1
        while i > anchors[k - 1] and not rows[i].title_fragment:
            text = rows[i].text
            if sum(t in text for t in only_next) > sum(t in text for t in only_prev):
                block_of[i] = k
                i -= 1
            else:
                break
    for i, row in enumerate(rows):
        k = block_of[i]
        row.subsection_no = rows[anchors[k]].number
        row.subsection_title = titles[k] or None
