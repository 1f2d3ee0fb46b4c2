"""From a table as formats with merged cells store it (HTML, Word, Excel) to the cell grid.

Readers give the table's rows as they find them: each cell with its lines of text, where it is, and
how far it spans (rowspan/colspan, as HTML and Excel say it) or that it continues a merge above
(Word's vMerge). This module lays them on a rectangle, marks every position a merge covers, finds
the plan's header row, and turns the rows below it into the grid: a row one cell wide across the
whole table is a chapter heading (or, from 注：, the footnote). Only geometry lives here; the table
rules stay in `interpret`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from analysis.errors import NoPlanTable, PlanError
from analysis.ingest.grid import CHAPTER_RE, CONTINUED_RE, HEADER, N_COLUMNS, TITLE_RE, Cell, Grid
from analysis.ingest.notes import Note

FOOTNOTE_RE = re.compile(r"^注\s*[:：]")
MAX_RUN_ON = 200  # rows at the end of a table part whose merges may run on into the next (a merged block is shorter)
MIN_HEADER_NAMES = 3  # a row naming this many of the five columns is a header row gone wrong, not another table
MAX_SPAN = 1000  # the most rows or columns one merged cell is taken to span
HEADER_SEARCH_ROWS = 10  # header rows sit at the top of a table
NO_PLAN_TABLE = f"没有带方案表头（{' / '.join(HEADER)}）的表格"


def span_count(value: object) -> int:
    """How many rows or columns a merge says it spans, at least 1 and at most MAX_SPAN: a file's number is not
    trusted to size the table (a colspan of a billion)."""
    text = str(value).strip()
    return max(1, min(int(text), MAX_SPAN)) if text.isascii() and text.isdigit() and len(text) <= 9 else 1


@dataclass
class SourceCell:
    """A cell as a reader found it. `continues` marks a cell that only continues a merge above (Word)."""

    lines: list[str]
    place: int
    rowspan: int = 1
    colspan: int = 1
    continues: bool = False
    problem: str | None = None  # why the cell cannot be read as it shows, raised if it is one of the plan's

    @property
    def text(self) -> str:
        return "".join(part.strip() for part in self.lines)


@dataclass
class SourceTable:
    """A table as a reader found it, with the text around it (position, text)."""

    rows: list[list[SourceCell]]
    before: list[tuple[int, str]] = field(default_factory=list)
    after: list[tuple[int, str]] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)  # positions of rows holding text the document hides, left out


def _rectangle(rows: list[list[SourceCell]]) -> list[list[tuple[SourceCell, bool] | None]]:
    """Every position of the table: (the cell there, whether it is that cell's own first position)."""
    grid: list[list[tuple[SourceCell, bool] | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for cell in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1  # a position a rowspan from above already fills
            for dr in range(max(1, cell.rowspan)):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                for dc in range(max(1, cell.colspan)):
                    while len(target) <= c + dc:
                        target.append(None)
                    own = dr == 0 and dc == 0 and not cell.continues
                    target[c + dc] = (cell, own)
            c += max(1, cell.colspan)
    return grid


def _own_texts(positions: list[tuple[SourceCell, bool] | None]) -> list[tuple[int, str]]:
    """(column, text without spaces) of the cells that start in a row and hold text."""
    texts = [(c, re.sub(r"\s+", "", p[0].text)) for c, p in enumerate(positions) if p is not None and p[1]]
    return [(c, text) for c, text in texts if text]


def _header_at(rectangle: list[list[tuple[SourceCell, bool] | None]], r: int) -> tuple[int, list[int]] | None:
    """The plan's header starting at row r: (how many rows it takes, the plan's columns), or None. One row naming the
    five columns, or two where a cell over several columns (责任分工) names a group and the row below names its
    columns (牵头领导 / 责任单位), the others spanning both rows. Empty cells beside it (a blank first column of a
    sheet) are no column of the plan."""
    own = _own_texts(rectangle[r])
    if tuple(text for _, text in own) == HEADER:
        return 1, [c for c, _ in own]
    if r + 1 >= len(rectangle):
        return None
    top, below = rectangle[r], dict(_own_texts(rectangle[r + 1]))
    if any(c in below and _width_in_row(top, c) == 1 for c, _ in own):
        return None  # a name above a name: two rows of one header would have a group above (the title, a count)
    names = sorted([*below.items(), *((c, text) for c, text in own if c not in below)])
    if below and len(below) < len(names) and tuple(text for _, text in names) == HEADER:
        return 2, [c for c, _ in names]
    return None


def _width_in_row(row: list[tuple[SourceCell, bool] | None], c: int) -> int:
    """How many columns the cell starting at c covers: its span, and the empty positions after it that start no
    cell of their own (a sheet written out as text keeps a merged range's text in its first cell only)."""
    width = max(1, row[c][0].colspan)
    while c + width < len(row) and (after := row[c + width]) is not None and not after[1] and not after[0].text:
        width += 1
    return width


def join_continued(tables: list[SourceTable], between: list[list[tuple[int, str]]]) -> tuple[SourceTable, int]:
    """The plan's table with the tables that continue it: a table split at page breaks (or by hand) into several,
    each perhaps repeating the header row or marked 续表. `tables` starts with the plan's table and holds the tables
    after it in the document, `between[k]` the text between table k and table k + 1. A table continues the plan
    while its rows are as wide as the plan's (a spacer row aside) and no plan title stands between (a second
    plan). A chapter heading written between two tables becomes a row of its own; other text between them (page
    numbers, 续表) is left out. A merge running past the end of one table (a rowspan longer than the rows left)
    runs on into the next, and so does one the next table restarts empty at its top, unless a chapter heading
    between the tables ends it. Returns the joined table and how many tables it took."""
    first = tables[0]
    width = _width(first.rows)
    rows = list(first.rows)
    used = 1
    for table, text in zip(tables[1:], between, strict=False):
        lines = [(place, line.strip()) for place, line in text if line.strip()]
        body = _without_repeats(table.rows)
        reach = max((c.rowspan for row in rows[-MAX_RUN_ON:] for c in row), default=1)  # merges that may run on
        if any(TITLE_RE.match(line) for _, line in lines) or not body or _width(body, rows[-reach:]) != width:
            break
        headings = [(place, line) for place, line in lines if CHAPTER_RE.match(line)]
        if headings:
            rows = rows[: len(rows) - reach] + _merges_ended(rows[len(rows) - reach :])
        else:
            body = [[replace(c, continues=True) if not c.text else c for c in body[0]], *body[1:]]
        rows += [[SourceCell([line], place, colspan=width)] for place, line in headings]
        rows += body
        used += 1
    hidden = [place for table in tables[:used] for place in table.hidden]
    return SourceTable(rows, first.before, first.after, hidden), used


def _width(rows: list[list[SourceCell]], above: list[list[SourceCell]] = ()) -> int:
    """How many columns most of a table's rows have (Word's spacer row of another width aside), laid under the
    rows `above` it, whose merges may run on into it."""
    laid = _rectangle([*above, *rows])[len(above) :]
    widths = Counter(len(row) for row in laid if any(p is not None and p[1] for p in row))
    return widths.most_common(1)[0][0] if widths else 0


def _without_repeats(rows: list[list[SourceCell]]) -> list[list[SourceCell]]:
    """A continuation's rows without the header row and the 续表 mark it repeats at its top."""
    start = 0
    while start < len(rows):
        header = _header_at(_rectangle(rows[start : start + 2]), 0)
        if not (header or _is_mark(rows[start])):
            break
        start += header[0] if header else 1
    return rows[start:]


def _is_mark(row: list[SourceCell]) -> bool:
    return _is_mark_text([c.text for c in row if c.text])


def _is_mark_text(texts: list[str]) -> bool:
    """A row whose one text is 续表 (a split table's mark), whatever its spacing."""
    return len(texts) == 1 and bool(CONTINUED_RE.match(re.sub(r"\s+", "", texts[0])))


def no_text_around(indices: list[int]) -> list[list[tuple[int, str]]]:
    """The text around a sheet's tables: none, for a sheet's rows above its table are rows of that table."""
    return [[] for _ in range(len(indices) + 1)]


def plan_table_grid(
    path: Path,
    tables: list[SourceTable],
    texts: Callable[[list[int]], list[list[tuple[int, str]]]],
    where: str,
    format_name: str,
    place: str,
) -> Grid:
    """The grid of the plan's table among a document's tables (in document order), joined with the tables that
    continue it (`join_continued`); `texts(indices)` is the document's text split by those tables: before the
    first, between each two, after the last."""
    found = next((k for k, table in enumerate(tables) if is_plan_table(table)), None)
    if found is None:
        raise no_plan_table(path, tables, where)
    later = list(range(found, len(tables)))
    split_by = texts(later)
    table, used = join_continued([tables[k] for k in later], split_by[1:-1])
    for k in range(used, len(later)):
        if is_plan_table(tables[later[k]]):
            if any(TITLE_RE.match(line.strip()) for part in split_by[used : k + 1] for _, line in part):
                message = f"一个文件里有两份方案：另有一个标题和带方案表头的第{later[k] + 1}张表格"
                raise PlanError(path, message + "；请每个文件只放一份方案")
            raise PlanError(
                path,
                f"方案表格在第{later[k] + 1}张表格中续接，但该表有{_width(tables[later[k]].rows)}列，"
                f"前面的方案表格有{_width(table.rows)}列：请使两部分列数一致",
            )
    around = texts(later[:used])
    table.before, table.after = around[0], around[-1]
    return grid_from_table(path, table, format_name, place)


def _merges_ended(rows: list[list[SourceCell]]) -> list[list[SourceCell]]:
    """The rows with every rowspan cut at their end, as a browser draws a table."""
    last = len(rows)
    return [[replace(c, rowspan=min(c.rowspan, last - r)) for c in row] for r, row in enumerate(rows)]


def is_plan_table(table: SourceTable) -> bool:
    """Whether a table holds the plan's header row (so a page's other tables are passed over)."""
    rectangle = _rectangle(table.rows)
    return any(_header_at(rectangle, r) for r in range(len(rectangle)))


def no_plan_table(path: Path, tables: list[SourceTable], where: str) -> NoPlanTable:
    """The error for a file without the plan's table, naming the columns a near-miss header row lacks."""
    best: tuple[int, list[str]] | None = None
    for table in tables:
        for row in _rectangle(table.rows)[:HEADER_SEARCH_ROWS]:
            texts = [text for _, text in _own_texts(row)]
            shared = len(set(texts) & set(HEADER))
            if shared >= MIN_HEADER_NAMES and (best is None or shared > best[0]):
                best = (shared, texts)
    hint = ""
    if best is not None:
        missing = [name for name in HEADER if name not in best[1]]
        extra = [text for text in best[1] if text not in HEADER]
        parts = [f"缺少 {' / '.join(missing)}"] if missing else []
        parts += [f"多出 {' / '.join(extra)}"] if extra else []
        hint = f"；最接近的表头为 {' / '.join(best[1])}（{'；'.join(parts) or '列的顺序不对'}）"
    return NoPlanTable(path, f"{where}中{NO_PLAN_TABLE}{hint}")


def grid_from_table(path: Path, table: SourceTable, format_name: str, place: str) -> Grid:
    """The grid of a table with merged cells (see the module doc)."""
    rectangle = _rectangle(table.rows)
    header, (height, columns) = next(
        ((r, found) for r in range(len(rectangle)) if (found := _header_at(rectangle, r))), (None, (0, []))
    )
    if header is None:
        return Grid(path, table.before, None, [], format=format_name, place=place, shows_merges=True)
    header_place = next(p[0].place for p in rectangle[header] if p is not None)
    above = [
        (next((p[0].place for p in row if p is not None), 0), "".join(_row_texts(row))) for row in rectangle[:header]
    ]
    before = [*table.before, *((place, text) for place, text in above if text)]  # a title row over the table
    rows: list[list[Cell]] = []
    problems: dict[int, str] = {}
    after = [text for _, text in table.after]
    repeated_until = header + height
    for r in range(header + height, len(rectangle)):
        if r < repeated_until:
            continue  # the second row of a header over two rows repeated inside the table
        positions = [rectangle[r][c] if c < len(rectangle[r]) else None for c in columns]
        owners = {id(p[0]) for p in positions if p is not None}
        first = next((p for p in positions if p is not None), None)
        if first is None or all(not p[0].text for p in positions if p is not None):
            continue  # an empty row
        texts = _row_texts(rectangle[r])
        if len(texts) == 1 and FOOTNOTE_RE.match(texts[0]):  # the footnote written as the table's last row
            after = [*texts, *[t for row in rectangle[r + 1 :] for t in _row_texts(row)], *after]
            break
        repeated = _header_at(rectangle, r)
        if repeated or _is_mark_text(texts):  # a header or a 续表 mark repeated inside the table (pages flattened)
            repeated_until = r + (repeated[0] if repeated else 1)
            continue
        one_cell = len(owners) == 1 and (all(p is not None for p in positions) or positions[0] is first)
        in_columns = _row_texts(positions)  # a note beside the table (制表：…) is no part of the row
        alone = len(in_columns) == 1 and first[1] and first[0].text == in_columns[0]
        heading_alone = alone and (CHAPTER_RE.match(in_columns[0]) or TITLE_RE.match(in_columns[0]))
        if one_cell or heading_alone:  # a chapter heading (or a title): across the table, or in its first cell alone
            rows.append([Cell(first[0].place, first[0].lines)])
            continue
        missing = sum(p is None for p in positions)
        unreadable = next((p[0].problem for p in positions if p is not None and p[1] and p[0].problem), None)
        if missing:  # no merge covers these positions: the row itself is short (a cell lost in copying?)
            problems[len(rows)] = f"这一行只有{N_COLUMNS - missing}个单元格，应有{N_COLUMNS}个（{' / '.join(HEADER)}）"
        elif unreadable:
            problems[len(rows)] = unreadable
        cells = [
            Cell(first[0].place, [], covered=True)
            if p is None
            else Cell(p[0].place, p[0].lines if p[1] else [], covered=not p[1])
            for p in positions
        ]
        number, name = positions[0], positions[1]
        if number is not None and number[1] and name is not None and name[0] is number[0]:
            # one cell over 序号 and 项目: a subsection named without a number; the name is the 项目's
            cells[0], cells[1] = Cell(number[0].place, []), cells[0]
        rows.append(cells)
    if rows and len(rows[0]) > 1 and before and CHAPTER_RE.match(before[-1][1].strip()):
        # the first chapter's heading written just above its table (a table for each chapter) opens the table
        rows.insert(0, [Cell(before[-1][0], [before[-1][1].strip()])])
        problems = {index + 1: problem for index, problem in problems.items()}
    notes = [Note(path, None, "hidden_rows", {"rows": "、".join(map(str, table.hidden))})] if table.hidden else []
    return Grid(
        path,
        before,
        header_place,
        rows,
        after,
        notes,
        problems=problems,
        format=format_name,
        place=place,
        shows_merges=True,
    )


def _row_texts(row: list[tuple[SourceCell, bool] | None]) -> list[str]:
    return [p[0].text for p in row if p is not None and p[1] and p[0].text]
