"""One Excel workbook with every tidy table, for analysts who live in Excel."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis.outputs.files import write_atomic

WORKBOOK_NAME = "plan_tables.xlsx"
MAX_COLUMN_WIDTH = 60
HEADER_FONT = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")  # one shared style object, not one per cell


def display_width(text: str) -> int:
    """Width in Excel character cells: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_width(frame: pd.DataFrame, column: str) -> float:
    sample = ["" if pd.isna(v) else str(v) for v in frame[column].head(500)] + [str(column)]
    return min(MAX_COLUMN_WIDTH, max(display_width(value) for value in sample) + 2)


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Each table on its own sheet: header row frozen and bold, columns sized to their content."""
    path = Path(path)

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in tables.items():
                sheet_name = name[:31]
                frame.to_excel(writer, sheet_name=sheet_name, index=False)
                sheet = writer.sheets[sheet_name]
                sheet.freeze_panes = "A2"
                for cell in sheet[1]:
                    cell.font = HEADER_FONT
                for index, column in enumerate(frame.columns, start=1):
                    width = _column_width(frame, column)
                    sheet.column_dimensions[get_column_letter(index)].width = width
                    if width >= MAX_COLUMN_WIDTH:
                        for cell in sheet[get_column_letter(index)][1:]:
                            cell.alignment = WRAPPED

    write_atomic(path, write)
    return path
