"""Reader for an Excel workbook (.xlsx): the sheet holding the plan's header row, with its merged
ranges, the sheets after it that go on with the table, and the rows above and below the table as text.
Positions are sheet rows."""

from __future__ import annotations

import zipfile
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.grid import Grid
from analysis.ingest.merged_table import SourceCell, SourceTable, plan_table_grid


def _lines(value: object) -> list[str]:
    if value is None:
        return []
    text = value if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")


def _sheet_table(sheet) -> SourceTable:
    """Every row of a sheet as source cells; a merged range is one cell spanning its rows and columns."""
    merged = {}
    covered = set()
    for cell_range in sheet.merged_cells.ranges:
        merged[(cell_range.min_row, cell_range.min_col)] = (
            cell_range.max_row - cell_range.min_row + 1,
            cell_range.max_col - cell_range.min_col + 1,
        )
        covered |= {
            (r, c)
            for r in range(cell_range.min_row, cell_range.max_row + 1)
            for c in range(cell_range.min_col, cell_range.max_col + 1)
        } - {(cell_range.min_row, cell_range.min_col)}
    rows = []
    for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            if (r, c) in covered:
                continue
            rowspan, colspan = merged.get((r, c), (1, 1))
            cells.append(SourceCell(_lines(value), r, rowspan=rowspan, colspan=colspan))
        rows.append(cells)
    return SourceTable(rows)


def read_excel(path: Path) -> Grid:
    """The grid of the plan table of an .xlsx workbook (the first sheet that holds one)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanError(path, f"not a readable Excel workbook (password-protected or damaged?): {exc}") from None
    tables = [_sheet_table(sheet) for sheet in book.worksheets]
    # the sheets after the plan's that go on with its table (one sheet per chapter) are read with it; rows above a
    # header row are the text before it
    return plan_table_grid(
        path, tables, lambda indices: [[] for _ in range(len(indices) + 1)], "any sheet", "xlsx", "row"
    )
