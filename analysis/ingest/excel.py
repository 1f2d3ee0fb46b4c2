"""Reader for an Excel workbook (.xlsx): the sheet holding the plan's header row, with its merged
ranges, the sheets after it that go on with the table, and the rows above and below the table as text.
Positions are sheet rows."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from analysis.errors import PlanError
from analysis.ingest.archive import check_unpacked_size, sheet_parts
from analysis.ingest.grid import Grid
from analysis.ingest.merged_table import SourceCell, SourceTable, no_text_around, plan_table_grid
from analysis.text.display_names import table_title


def _lines(value: object) -> list[str]:
    if value is None:
        return []
    text = value if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")


@dataclass
class SheetCells:
    """What the table rules need of a worksheet, whichever file format held it: its cell values row by row (None
    for an empty cell), its merged ranges as (first row, last row, first column, last column) counted from 1, and
    the rows and columns it hides by hand."""

    title: str
    values: list[tuple]
    merges: list[tuple[int, int, int, int]]
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)


def _hidden(sheet) -> tuple[set[int], set[int]]:
    """The rows and columns a sheet hides by hand (a withdrawn task kept out of sight, a helper column of notes).
    Rows a saved filter hides or a collapsed outline group folds away are the plan's all the same: those are ways
    of viewing the sheet."""
    from openpyxl.utils.cell import range_boundaries

    filtered = range(0)
    if sheet.auto_filter.ref and sheet.auto_filter.filterColumn:
        try:
            _, first, _, last = range_boundaries(sheet.auto_filter.ref)
            filtered = range((first or 1) + 1, (last or first or 1) + 1)  # below the filter's header row
        except (TypeError, ValueError):
            pass  # a filter range that names no cells filters nothing
    rows = {
        r
        for r, dimension in sheet.row_dimensions.items()
        if dimension.hidden and not dimension.outlineLevel and r not in filtered
    }
    columns = {
        c
        for dimension in sheet.column_dimensions.values()
        if dimension.hidden and dimension.min
        for c in range(dimension.min, (dimension.max or dimension.min) + 1)
    }
    return rows, columns


def _openpyxl_cells(sheet) -> SheetCells:
    hidden_rows, hidden_columns = _hidden(sheet)
    merges = [(r.min_row, r.max_row, r.min_col, r.max_col) for r in sheet.merged_cells.ranges]
    return SheetCells(sheet.title, list(sheet.iter_rows(values_only=True)), merges, hidden_rows, hidden_columns)


def sheet_table(sheet: SheetCells, without_values: set[str]) -> SourceTable:
    """A sheet's rows as the sheet shows them: a merged range is one cell spanning its shown rows and columns
    (its value, held by its first cell, drawn in the first shown one); hidden rows and columns are left out, and
    the hidden rows that hold text are listed (`SourceTable.hidden`). A cell that cannot be read as it shows (a
    formula saved without its value, one in `without_values`; Excel's error value such as #N/A) carries the
    problem, raised if the cell is the plan's."""
    hidden_rows, hidden_columns, values = sheet.hidden_rows, sheet.hidden_columns, sheet.values
    anchors, covered = {}, set()  # shown position of a range's value -> (rowspan, colspan, value); covered ones
    reach: dict[int, int] = {}  # the last column of a row holding a range's value (a row may be stored shorter)
    last_row, last_column = len(values), max((len(row) for row in values), default=0)
    for min_row, max_row, min_col, max_col in sheet.merges:  # clipped to the cells the sheet holds
        row_range = range(min_row, min(max_row, last_row) + 1)
        column_range = range(min_col, min(max_col, last_column) + 1)
        shown_rows = [r for r in row_range if r not in hidden_rows]
        shown_columns = [c for c in column_range if c not in hidden_columns]
        if not shown_rows or not shown_columns:
            continue
        first = values[min_row - 1]
        value = first[min_col - 1] if min_col <= len(first) else None
        anchors[(shown_rows[0], shown_columns[0])] = (len(shown_rows), len(shown_columns), value)
        reach[shown_rows[0]] = max(reach.get(shown_rows[0], 0), shown_columns[0])
        covered |= {(r, c) for r in row_range for c in column_range}
    rows, left_out = [], []
    for r, row in enumerate(values, start=1):
        if r in hidden_rows:
            if any(value is not None and str(value).strip() for value in row):
                left_out.append(r)
            continue
        cells = []
        for c in range(1, max(len(row), reach.get(r, 0)) + 1):
            value = row[c - 1] if c <= len(row) else None
            if c in hidden_columns:
                continue
            if (r, c) in anchors:
                rowspan, colspan, value = anchors[(r, c)]
                cells.append(
                    SourceCell(
                        _lines(value), r, rowspan, colspan, problem=_problem(value, sheet.title, r, c, without_values)
                    )
                )
            elif (r, c) not in covered:
                cells.append(SourceCell(_lines(value), r, problem=_problem(value, sheet.title, r, c, without_values)))
        rows.append(cells)
    return SourceTable(rows, hidden=left_out)


# Excel's error values, what a cell shows when its formula fails
EXCEL_ERRORS = frozenset(("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"))
FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a cell's formula element in a sheet's XML
MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}\d{1,7}:[A-Z]{1,3}\d{1,7})"')
MAX_MERGED_CELLS = 100_000  # a plan's largest merge covers a few hundred cells


def _look_at_sheets(path: Path) -> dict[str, set[str]]:
    """One look at each sheet's XML before openpyxl reads them: raise for a merged range far larger than any plan's
    table (openpyxl makes an object for each of its cells); the cells holding a formula saved without its value,
    by sheet title (none to find in the usual workbook, which has no formulas)."""
    from io import BytesIO

    from openpyxl.utils.cell import range_boundaries

    found: dict[str, set[str]] = {}
    with zipfile.ZipFile(path) as archive:
        titles = None
        for name in sheet_parts(archive):
            data = archive.read(name)
            for match in MERGE_RE.finditer(data):
                ref = match.group(1).decode()
                first_column, first_row, last_column, last_row = range_boundaries(ref)
                check_merge_size(path, first_row, last_row, first_column, last_column)
            if FORMULA_RE.search(data):
                titles = _sheet_titles_by_part(archive) if titles is None else titles
                found[titles.get(name, "")] = _formulas_without_values(BytesIO(data))
    return found


def check_merge_size(path: Path, first_row: int, last_row: int, first_column: int, last_column: int) -> None:
    """Raise for a merged range far larger than any plan's table (a cell is made for each position it covers)."""
    cells = (abs(last_row - first_row) + 1) * (abs(last_column - first_column) + 1)
    if cells > MAX_MERGED_CELLS:
        from openpyxl.utils import get_column_letter

        ref = f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}"
        raise PlanError(
            path,
            f"合并区域 {ref} 覆盖 {cells:,} 个单元格，方案表格不会这么大：请检查这一合并区域（是否误合并了整列？）",
        )


def _problem(value: object, title: str, row: int, column: int, without_values: set[str]) -> str | None:
    """Why a cell cannot be read as the sheet shows it, if it cannot: Excel's error value, or a formula saved
    without its value."""
    error = isinstance(value, str) and value.strip() in EXCEL_ERRORS
    if not error and (value is not None or not without_values):
        return None  # the usual cell: nothing to name
    from openpyxl.utils import get_column_letter

    cell = f"{get_column_letter(column)}{row}"
    if error:
        return f"工作表“{title}”的 {cell} 单元格显示 Excel 错误值 {value.strip()}（公式出错）：请改正"
    if cell in without_values:
        return (
            f"工作表“{title}”的 {cell} 单元格是公式，保存时没有存下计算结果（由程序生成？）："
            "请用 Excel 或 WPS 打开后保存"
        )
    return None


def _formulas_without_values(sheet_xml) -> set[str]:
    """The cells of a sheet's XML holding a formula but no saved value: no <v>, or an empty one on a cell that is
    not text (a program writes <v></v>; an empty text Excel saved, t="str", is a value)."""
    from xml.etree.ElementTree import iterparse

    found = set()
    for _, element in iterparse(sheet_xml):
        if element.tag.rsplit("}", 1)[-1] == "c":
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            value = children.get("v")
            empty = value is None or (not value.text and element.get("t") != "str")
            if "f" in children and empty:
                found.add(element.get("r", ""))
            element.clear()
    return found


def _sheet_titles_by_part(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's part in the archive → its title, as the workbook and its relationships name them."""
    from xml.etree.ElementTree import fromstring

    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = fromstring(archive.read("xl/workbook.xml"))
    targets = {r.get("Id"): r.get("Target", "") for r in fromstring(archive.read("xl/_rels/workbook.xml.rels"))}
    titles = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(relation) in targets:
            target = targets[sheet.get(relation)].lstrip("/")
            titles[target if target.startswith("xl/") else f"xl/{target}"] = sheet.get("name", "")
    return titles


def read_excel(path: Path) -> Grid:
    """The grid of the plan table of an .xlsx workbook (the first sheet that holds one)."""
    from openpyxl import load_workbook

    check_unpacked_size(path)
    try:
        without_values = _look_at_sheets(path)
        with path.open("rb") as file:  # by its content: a workbook renamed .xls is read all the same
            book = load_workbook(file, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError) as exc:
        raise PlanError(path, f"无法读取这份 Excel 工作簿（设有密码或已损坏？）：{exc}") from None
    shown = [_openpyxl_cells(sheet) for sheet in book.worksheets if sheet.sheet_state == "visible"]
    return workbook_grid(path, book.sheetnames, shown, without_values, "xlsx")


def workbook_grid(
    path: Path, sheet_names: list[str], shown: list[SheetCells], without_values: dict[str, set[str]], kind: str
) -> Grid:
    """The grid of a workbook's plan table, from its shown sheets (hidden sheets are not read): the first holding
    the plan's header row, and the sheets after it that go on with its table (one sheet per chapter). Rows above a
    header row are the text before it."""
    _not_the_tools_own_workbook(path, sheet_names)
    tables = [sheet_table(sheet, without_values.get(sheet.title, set())) for sheet in shown]
    where = "所有工作表" if len(shown) == len(sheet_names) else "所有显示的工作表（隐藏的工作表不读取）"
    return plan_table_grid(path, tables, no_text_around, where, kind, "row")


def _not_the_tools_own_workbook(path: Path, sheet_names: list[str]) -> None:
    """The workbook the build writes, saved among the plans with the review queue answered (a natural slip): say
    what to save instead, rather than that it holds no plan."""
    queue, items = table_title("review_queue"), table_title("items")
    if {queue, items} <= set(sheet_names):
        raise PlanError(
            path,
            f"这是本工具生成的工作簿（含“{items}”“{queue}”等工作表），不是方案：请把它移出方案文件夹；"
            f"要保留其中的判定，请只把“{queue}”表另存为 CSV 文件 match_decisions.csv，放在方案文件夹中",
        )
