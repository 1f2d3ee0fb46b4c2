"""Reader for a sheet saved as CSV (Excel's “CSV（逗号分隔）” in GB18030, or “CSV UTF-8”).

Excel writes a merged range's text in its first cell and leaves the others empty, and a CSV cannot tell such a
cell from one left empty by hand, so every empty cell is read as covered by the cell above it: a leader or the
units written once for several rows carry down, as in the workbook. Positions are the sheet's rows, as Excel shows
them when it opens the file (a cell with line breaks keeps its record on one row).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_plan_text
from analysis.ingest.grid import Grid
from analysis.ingest.merged_table import SourceCell, SourceTable, plan_table_grid
from analysis.inputs import DECISIONS_NAME
from analysis.text.display_names import column_title, table_title


def read_csv_sheet(path: Path) -> Grid:
    """The grid of the plan table in a CSV file."""
    reader = csv.reader(io.StringIO(read_plan_text(path), newline=""))
    rows: list[list[SourceCell]] = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append([SourceCell(cell.split("\n"), number, continues=not cell.strip()) for cell in record])
    except csv.Error:  # a field past the csv module's size limit, or a quote where the dialect allows none
        message = "这一行的 CSV 格式有误（引号不成对，或一格的文字过长）：请用 Excel 打开后重新另存为 CSV"
        raise PlanError(path, message, len(rows) + 1) from None
    _not_the_decisions_file(path, rows[0] if rows else [])
    no_text_around = lambda indices: [[] for _ in range(len(indices) + 1)]  # noqa: E731  (rows above are in the table)
    return plan_table_grid(path, [SourceTable(rows)], no_text_around, "CSV 文件", "csv", "row")


def _not_the_decisions_file(path: Path, first_row: list[SourceCell]) -> None:
    """The review queue saved among the plans under another name (a natural slip): say which name it needs."""
    names = {cell.text for cell in first_row}
    if {"item_from", "item_to"} <= names or {
        column_title("review_queue", c) for c in ("item_from", "item_to")
    } <= names:
        raise PlanError(
            path,
            f"这是“{table_title('review_queue')}”的判定文件，不是方案：请把它命名为 {DECISIONS_NAME}（或移出方案文件夹）",
        )
