"""Reader for a sheet written out as delimited text: saved as CSV (Excel's “CSV（逗号分隔）” in GB18030, or “CSV
UTF-8”), or copied from Excel and pasted into a text file (tab-separated, a cell with line breaks in quotes).

Excel writes a merged range's text in its first cell and leaves the others empty, and the text cannot tell such a
cell from one left empty by hand, so every empty cell is read as covered by the cell above it: a leader or the
units written once for several rows carry down, as in the workbook. A CSV's positions are the sheet's rows, as
Excel shows them when it opens the file; a pasted copy's are the text file's lines.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_plan_text
from analysis.ingest.grid import Grid, header_span
from analysis.ingest.merged_table import SourceCell, SourceTable, plan_table_grid
from analysis.inputs import DECISIONS_NAME
from analysis.text.display_names import column_title, table_title

MAX_COLUMNS = 16_384  # the most columns an Excel sheet has
BAD_RECORD = "这一行的格式有误（引号不成对，或一格的文字过长）"


def _records(path: Path, text: str, dialect: str, by_row: bool) -> list[tuple[int, int, list[str]]]:
    """(record number, line the record starts on, fields) of every record that holds text, all as wide as the
    widest. An error names the record by its number (`by_row`, the row Excel shows) or by its line."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    records, line = [], 1
    try:
        for number, fields in enumerate(reader, start=1):
            records.append((number, line, fields))
            line = reader.line_num + 1
    except csv.Error:  # a field past the csv module's size limit, or a stray quote
        raise PlanError(
            path, f"{BAD_RECORD}：请从 Excel 重新另存或复制", len(records) + 1 if by_row else line
        ) from None
    used = [max((k + 1 for k, field in enumerate(fields) if field.strip()), default=0) for _, _, fields in records]
    widest = max(range(len(records)), key=used.__getitem__, default=None)
    if widest is not None and used[widest] > MAX_COLUMNS:
        number, line, _ = records[widest]
        where = number if by_row else line
        raise PlanError(
            path, f"这一行写到了第{used[widest]}列，超出 Excel 的{MAX_COLUMNS}列：不是从 Excel 保存的表格？", where
        )
    # Excel pads every row to the sheet's used columns, but not every writer does: rows are cut and padded to the
    # columns any row uses, and empty rows (a sheet formatted far below its table) left out
    width = used[widest] if widest is not None else 0
    return [
        (number, line, fields[:width] + [""] * (width - len(fields)))
        for (number, line, fields), filled in zip(records, used, strict=True)
        if filled
    ]


def _grid(path: Path, rows: list[list[SourceCell]], where: str, format_name: str, place: str) -> Grid:
    no_text_around = lambda indices: [[] for _ in range(len(indices) + 1)]  # noqa: E731  (rows above are in the table)
    return plan_table_grid(path, [SourceTable(rows)], no_text_around, where, format_name, place)


def _cells(fields: list[str], place: int) -> list[SourceCell]:
    return [SourceCell(field.split("\n"), place, continues=not field.strip()) for field in fields]


def read_csv_sheet(path: Path) -> Grid:
    """The grid of the plan table in a CSV file."""
    records = _records(path, read_plan_text(path), "excel", by_row=True)
    _not_the_decisions_file(path, records[0][2] if records else [])
    return _grid(path, [_cells(fields, number) for number, _, fields in records], "CSV 文件", "csv", "row")


def is_copied_sheet(text: str) -> bool:
    """Whether a copied table (`copied_text.is_copied_table`) was copied from Excel: tab-separated, with a cell of
    the table holding line breaks in quotes, as only Excel writes it (a browser or Word sets such a cell's lines
    apart unquoted). A copy from Excel without one reads as any copied table."""
    if '"' not in text:
        return False
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), dialect="excel-tab"))
    except csv.Error:
        return False
    texts = [[re.sub(r"\s+", "", field) for field in fields] for fields in records]
    header = next((k for k, row in enumerate(texts) if header_span([t for t in row if t])), None)
    if header is None:
        return False
    return any("\n" in field for fields in records[header:] for field in fields)


def read_copied_sheet(path: Path, text: str) -> Grid:
    """The grid of the plan table in a text file holding a copy of Excel's cells."""
    records = _records(path, text, "excel-tab", by_row=False)
    return _grid(path, [_cells(fields, line) for _, line, fields in records], "复制的表格", "copied_sheet", "line")


def _not_the_decisions_file(path: Path, first_row: list[str]) -> None:
    """The review queue saved among the plans under another name (a natural slip): say which name it needs."""
    names = {field.strip() for field in first_row}
    queue_columns = ("item_from", "item_to")
    if set(queue_columns) <= names or {column_title("review_queue", c) for c in queue_columns} <= names:
        raise PlanError(
            path,
            f"这是“{table_title('review_queue')}”的判定文件，不是方案：请把它命名为 {DECISIONS_NAME}（或移出方案文件夹）",
        )
