"""Reader for an Excel 97–2003 workbook (.xls), the format of many attachments on county sites and of Excel's
“Excel 97-2003 工作簿”: its cells, merged ranges and hidden rows, columns and sheets are read with xlrd, then the
table rules of the .xlsx reader apply unchanged (`excel.workbook_grid`). Positions are sheet rows."""

from __future__ import annotations

import io
from pathlib import Path

import xlrd

from analysis.errors import PlanError
from analysis.ingest.excel import SheetCells, check_merge_size, workbook_grid
from analysis.ingest.grid import Grid

# xlrd's names for its cell types
EMPTY, TEXT, NUMBER, DATE, BOOLEAN, ERROR, BLANK = range(7)
FILTER_RANGE = "_FilterDatabase"  # the built-in name Excel gives a sheet's saved filter range


def _value(cell, datemode: int) -> object:
    """A cell's value as openpyxl gives it for an .xlsx (None when empty, an int for a whole number, Excel's error
    text for an error), so both formats read alike."""
    kind, value = cell.ctype, cell.value
    if kind in (EMPTY, BLANK):
        return None
    if kind == ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    if kind == BOOLEAN:
        return bool(value)
    if kind == DATE:
        try:
            return xlrd.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if kind == NUMBER and float(value).is_integer():
        return int(value)
    return value


def _filtered_rows(book, index: int) -> set[int]:
    """The rows below the header of the sheet's saved filter range (counted from 1): rows a filter hides are a way
    of viewing the sheet, not rows hidden by hand."""
    rows: set[int] = set()
    for name in book.name_obj_list:
        if name.name == FILTER_RANGE and name.scope == index:
            try:
                _, first, last, _, _ = name.area2d()
            except Exception:  # a name that is no plain range (xlrd raises its own and others): no filter
                continue
            rows |= set(range(first + 2, last + 1))
    return rows


def _sheet_cells(path: Path, book, index: int) -> SheetCells:
    sheet = book.sheet_by_index(index)
    values = [tuple(_value(cell, book.datemode) for cell in sheet.row(r)) for r in range(sheet.nrows)]
    merges = [(rlo + 1, rhi, clo + 1, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
    for first_row, last_row, first_column, last_column in merges:
        check_merge_size(path, first_row, last_row, first_column, last_column)
    filtered = _filtered_rows(book, index)
    hidden_rows = {
        r + 1
        for r, info in sheet.rowinfo_map.items()
        if info.hidden and not info.outline_level and r + 1 not in filtered
    }
    hidden_columns = {c + 1 for c, info in sheet.colinfo_map.items() if info.hidden}
    return SheetCells(sheet.name, values, merges, hidden_rows, hidden_columns)


def read_xls(path: Path, raw: bytes) -> Grid:
    """The grid of the plan table of an .xls workbook (`raw`, its bytes): the first shown sheet that holds it."""
    try:
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True, ragged_rows=True, logfile=io.StringIO())
        shown = [_sheet_cells(path, book, i) for i in range(book.nsheets) if book.sheet_by_index(i).visibility == 0]
    except PlanError:
        raise
    except Exception as exc:  # xlrd reads a binary format and raises many kinds of error on a damaged file
        reason = "设有密码" if "encrypted" in str(exc).lower() else f"已损坏：{type(exc).__name__} {exc}"
        raise PlanError(
            path, f"无法读取这份 Excel 97-2003 工作簿（{reason}）：请用 Excel 或 WPS 打开后另存为 .xlsx"
        ) from None
    return workbook_grid(path, book.sheet_names(), shown, {}, "xls")
