"""One Excel workbook with every table, as an Excel user expects it.

A first sheet (说明) names every other sheet with what it holds. Each table is on a sheet named in Chinese,
with Chinese headers and values (`analysis.present.names`), a filter on the header row, the header and the id
columns (key and years) frozen, widths sized to the content with long text wrapped (cells then top-aligned),
large whole numbers grouped (62,000,000,000), changes signed (+12). It prints landscape on A4, one page wide or,
for a wide sheet, up to three, with the header and ids repeated on every page. Redlines are rich text:
deletions red and struck through, additions green and underlined. The column an analyst answers in
(分析人员判定) offers its answers as a drop-down. Text that Excel would read as a
formula (starting with = + - @, a tab or a carriage return) is stored as text, never as a formula.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from analysis.match.decisions import DECISIONS
from analysis.match.redline import parse_redline
from analysis.outputs.files import write_atomic
from analysis.present.names import COLUMN_DECIMALS, PERCENT_COLUMNS, SIGNED_COLUMNS, display_frame, table_title
from analysis.present.tables import YEAR_COLUMNS
from analysis.registry import BY_NAME
from analysis.text.display_names import column_title, table_note, value_title

MAX_COLUMN_WIDTH = 60
WIDTH_SAMPLE_ROWS = 500
HEADER_FONT = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")  # one shared style object, not one per cell
TOP = Alignment(vertical="top")
FROZEN_COLUMNS = 4  # at most this many id columns stay in view (year, item, year, item of a pair)
EMPTY_WIDTH = 20
PRINT_PAGE_WIDTH = 150  # column width units a landscape A4 page holds at a readable scale
PRINT_PAGES_WIDE = 3
GUIDE_SHEET = "说明"
GUIDE_HEADER = ("工作表", "内容", "行数")
GUIDE_WIDTHS = (26, 90, 8)
GROUPED_FROM = 1e6  # whole numbers from this size up are shown with thousands separators
GROUPED = "#,##0"
REDLINE_FONTS = {
    "same": InlineFont(),
    "removed": InlineFont(color="B00020", strike=True),
    "added": InlineFont(color="00695C", u="single"),
}
REDLINE_COLUMNS = ("redline",)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def display_width(text: str) -> int:
    """Width in Excel character cells: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_name(table: str, taken: set[str]) -> str:
    """A table's Chinese name as a valid, unique sheet name (31 characters, no []:*?/\\)."""
    base = table_title(table).translate(SHEET_NAME_FORBIDDEN)[:31]
    name, n = base, 2
    while name in taken:
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
        n += 1
    return name


def _rich_redline(markup: str) -> CellRichText:
    return CellRichText([TextBlock(REDLINE_FONTS[kind], text) for kind, text in parse_redline(markup)])


def _cell_value(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _write_sheet(sheet: Worksheet, name: str, frame: pd.DataFrame) -> None:
    shown = display_frame(frame, name)
    sheet.append(list(shown.columns))
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    redline_positions = [i for i, c in enumerate(frame.columns) if c in REDLINE_COLUMNS]
    for row_number, row in enumerate(shown.itertuples(index=False, name=None), start=2):
        sheet.append([_cell_value(v) for v in row])
        for cell in sheet[row_number]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # text, not a formula
        for i in redline_positions:
            markup = frame.iat[row_number - 2, i]
            if isinstance(markup, str) and markup:
                sheet.cell(row=row_number, column=i + 1).value = _rich_redline(markup)
    for index, own_name in enumerate(frame.columns, start=1):
        shown_as = (
            PERCENT_COLUMNS.get(own_name)
            or SIGNED_COLUMNS.get(own_name)
            or (f"0.{'0' * COLUMN_DECIMALS[own_name]}" if own_name in COLUMN_DECIMALS else None)
        )
        if shown_as:
            for cell in sheet[get_column_letter(index)][1:]:
                cell.number_format = shown_as
        elif pd.api.types.is_float_dtype(frame[own_name]):
            for cell in sheet[get_column_letter(index)][1:]:
                if _large_whole_number(cell.value):
                    cell.number_format = GROUPED
    wrapped, total_width = set(), 0
    for index, column in enumerate(shown.columns, start=1):
        sample = [str(column)] + ["" if pd.isna(v) else str(v) for v in shown.iloc[:WIDTH_SAMPLE_ROWS, index - 1]]
        width = min(MAX_COLUMN_WIDTH, max(display_width(v) for v in sample) + 2)
        if not any(sample[1:]):  # an empty column (备注, 分析人员判定) gets room to be filled in
            width = max(width, EMPTY_WIDTH)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        total_width += width
        if width >= MAX_COLUMN_WIDTH:
            wrapped.add(index)
    if wrapped:  # tall rows: every cell starts at the top, ids beside the first line of their text
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = WRAPPED if cell.column in wrapped else TOP
    _answer_choices(sheet, frame)
    ids = _leading_ids(name, frame)
    sheet.freeze_panes = f"{get_column_letter(ids + 1)}2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    # a wide sheet prints on up to PRINT_PAGES_WIDE pages side by side, the ids repeated on each, rather than
    # shrunk to one page (the 22 columns of target changes printed at about 3 pt)
    pages = min(PRINT_PAGES_WIDE, -(-total_width // PRINT_PAGE_WIDTH))
    if pages > 1 and ids:
        sheet.print_title_cols = f"A:{get_column_letter(ids)}"
    sheet.page_setup.fitToWidth = pages
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _answer_choices(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """A column the analyst answers in (分析人员判定) offers the answers the decisions file reads, as a drop-down;
    a typed answer outside them is flagged when entered, not when the build reads the file."""
    if "decision" not in frame.columns or frame.empty:
        return
    letter = get_column_letter(list(frame.columns).index("decision") + 1)
    answers = ",".join(value_title("decision", d) for d in DECISIONS)
    choice = DataValidation(
        type="list",
        formula1=f'"{answers}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=column_title(None, "decision"),
    )
    choice.error = f"请从下拉列表中选择：{answers.replace(',', '、')}"
    choice.add(f"{letter}2:{letter}{len(frame) + 1}")
    sheet.add_data_validation(choice)


def _leading_ids(name: str, frame: pd.DataFrame) -> int:
    """How many columns at the left identify a row (the table's key, and years): they stay in view when the sheet
    scrolls sideways, as the items an analyst answers about in the review queue must (at most `FROZEN_COLUMNS`).
    A table keyed otherwise keeps its first column, which names the row (目标逐年变化's 指标)."""
    spec = BY_NAME.get(name)
    ids = set(spec.key if spec else ()) | set(YEAR_COLUMNS)
    count = 0
    for column in list(frame.columns)[:FROZEN_COLUMNS]:
        if column not in ids:
            break
        count += 1
    return max(count, 1)


def _large_whole_number(value: object) -> bool:
    """A whole number as large as 62000000000 (亿元 in 元): shown grouped, 62,000,000,000, not as Excel's General
    shows twelve digits and more (6.2E+10)."""
    return isinstance(value, float) and value.is_integer() and abs(value) >= GROUPED_FROM


def _write_guide(sheet: Worksheet, sheets: list[tuple[str, str, int]]) -> None:
    """The first sheet: every other sheet with what it holds (an Excel user opens the book here) and its rows."""
    sheet.append(list(GUIDE_HEADER))
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    for title, note, rows in sheets:
        sheet.append([title, note, rows])
    for letter, width in zip("ABC", GUIDE_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    for cell in sheet["B"][1:]:
        cell.alignment = WRAPPED
    for cell in [*sheet["A"][1:], *sheet["C"][1:]]:
        cell.alignment = TOP
    sheet.freeze_panes = "A2"


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Every table on its own sheet (see the module doc), after a guide sheet naming them; written atomically."""
    path = Path(path)
    book = Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    taken: set[str] = {GUIDE_SHEET}
    listed = []
    for name, frame in tables.items():
        title = sheet_name(name, taken)
        taken.add(title)
        _write_sheet(book.create_sheet(title), name, frame)
        listed.append((title, table_note(name), len(frame)))
    _write_guide(guide, listed)
    write_atomic(path, lambda tmp: book.save(tmp))
    return path
