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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.grid import CHAPTER_RE, HEADER, N_COLUMNS, TITLE_RE, Cell, Grid

FOOTNOTE_RE = re.compile(r"^注\s*[:：]")
MIN_HEADER_NAMES = 3  # a row naming this many of the five columns is a header row gone wrong, not another table
HEADER_SEARCH_ROWS = 10  # header rows sit at the top of a table
NO_PLAN_TABLE = f"no table with the plan's header row ({' / '.join(HEADER)})"


@dataclass
class SourceCell:
    """A cell as a reader found it. `continues` marks a cell that only continues a merge above (Word)."""

    lines: list[str]
    place: int
    rowspan: int = 1
    colspan: int = 1
    continues: bool = False

    @property
    def text(self) -> str:
        return "".join(part.strip() for part in self.lines)


@dataclass
class SourceTable:
    """A table as a reader found it, with the text around it (position, text)."""

    rows: list[list[SourceCell]]
    before: list[tuple[int, str]] = field(default_factory=list)
    after: list[tuple[int, str]] = field(default_factory=list)


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


def _is_header(positions: list[tuple[SourceCell, bool] | None]) -> bool:
    """The plan's header row; empty cells beside it (a blank first column of a sheet) are no column of the plan."""
    return tuple(text for _, text in _own_texts(positions)) == HEADER


def join_continued(tables: list[SourceTable], between: list[list[tuple[int, str]]]) -> tuple[SourceTable, int]:
    """The plan's table with the tables that continue it: a table split at page breaks (or by hand) into several,
    each perhaps repeating the header row. `tables` starts with the plan's table and holds the tables after it in
    the document, `between[k]` the text between table k and table k + 1. A table continues the plan while it is
    as wide as the plan's table and no plan title stands between (a second plan). A chapter heading written
    between two tables becomes a row of its own; other text between them (page numbers, 续表) is left out. A
    merge running past the end of one table (a rowspan longer than the rows left) runs on into the next, past a
    repeated header row, unless a chapter heading between the tables ends it. Returns the joined table and how many tables it took."""
    first = tables[0]
    width = max((len(row) for row in _rectangle(first.rows)), default=0)
    rows = list(first.rows)
    used = 1
    for table, text in zip(tables[1:], between, strict=False):
        if any(TITLE_RE.match(line.strip()) for _, line in text) or not table.rows:
            break
        if max(len(row) for row in _rectangle(table.rows)) != width:
            break
        headings = [(place, line.strip()) for place, line in text if CHAPTER_RE.match(line.strip())]
        body = table.rows[1:] if is_plan_table(SourceTable(table.rows[:1])) else table.rows
        if headings:
            rows = _merges_ended(rows)
        rows += [[SourceCell([line], place, colspan=width)] for place, line in headings]
        rows += body
        used += 1
    return SourceTable(rows, first.before, first.after), used


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
    table, used = join_continued([tables[k] for k in later], texts(later)[1:-1])
    around = texts(later[:used])
    table.before, table.after = around[0], around[-1]
    return grid_from_table(path, table, format_name, place)


def _merges_ended(rows: list[list[SourceCell]]) -> list[list[SourceCell]]:
    """The rows with every rowspan cut at their end, as a browser draws a table."""
    last = len(rows)
    return [
        [
            SourceCell(c.lines, c.place, min(c.rowspan, last - r), c.colspan, c.continues)
            if c.rowspan > last - r
            else c
            for c in row
        ]
        for r, row in enumerate(rows)
    ]


def is_plan_table(table: SourceTable) -> bool:
    """Whether a table holds the plan's header row (so a page's other tables are passed over)."""
    return any(_is_header(row) for row in _rectangle(table.rows))


def no_plan_table(path: Path, tables: list[SourceTable], where: str) -> PlanError:
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
        parts = [f"missing {' / '.join(missing)}"] if missing else []
        parts += [f"not expected {' / '.join(extra)}"] if extra else []
        hint = f"; the closest header row reads {' / '.join(best[1])} ({'; '.join(parts) or 'columns out of order'})"
    return PlanError(path, f"{NO_PLAN_TABLE} in {where}{hint}")


def grid_from_table(path: Path, table: SourceTable, format_name: str, place: str) -> Grid:
    """The grid of a table with merged cells (see the module doc)."""
    rectangle = _rectangle(table.rows)
    header = next((r for r, row in enumerate(rectangle) if _is_header(row)), None)
    if header is None:
        return Grid(path, table.before, None, [], format=format_name, place=place, shows_merges=True)
    header_place = next(p[0].place for p in rectangle[header] if p is not None)
    columns = [c for c, _ in _own_texts(rectangle[header])]  # the plan's columns, blank ones beside them left out
    rows: list[list[Cell]] = []
    problems: dict[int, str] = {}
    after = [text for _, text in table.after]
    for r in range(header + 1, len(rectangle)):
        positions = [rectangle[r][c] if c < len(rectangle[r]) else None for c in columns]
        owners = {id(p[0]) for p in positions if p is not None}
        first = next((p for p in positions if p is not None), None)
        if first is None or all(not p[0].text for p in positions if p is not None):
            continue  # an empty row
        texts = _row_texts(rectangle[r])
        if len(texts) == 1 and FOOTNOTE_RE.match(texts[0]):  # the footnote written as the table's last row
            after = [*texts, *[t for row in rectangle[r + 1 :] for t in _row_texts(row)], *after]
            break
        if len(owners) == 1 and (all(p is not None for p in positions) or positions[0] is first):
            rows.append([Cell(first[0].place, first[0].lines)])  # a row one cell wide: a chapter heading
            continue
        missing = sum(p is None for p in positions)
        if missing:  # no merge covers these positions: the row itself is short (a cell lost in copying?)
            problems[len(rows)] = f"the row has {N_COLUMNS - missing} of {N_COLUMNS} cells ({' / '.join(HEADER)})"
        rows.append(
            [
                Cell(first[0].place, [], covered=True)
                if p is None
                else Cell(p[0].place, p[0].lines if p[1] else [], covered=not p[1])
                for p in positions
            ]
        )
    return Grid(
        path,
        table.before,
        header_place,
        rows,
        after,
        problems=problems,
        format=format_name,
        place=place,
        shows_merges=True,
    )


def _row_texts(row: list[tuple[SourceCell, bool] | None]) -> list[str]:
    return [p[0].text for p in row if p is not None and p[1] and p[0].text]
