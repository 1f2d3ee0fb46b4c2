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
from dataclasses import replace
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_plan_text
from analysis.ingest.grid import Grid, header_span, is_plain_heading
from analysis.ingest.merged_table import SourceCell, SourceTable, no_text_around, plan_table_grid
from analysis.inputs import DECISIONS_NAME
from analysis.text.display_names import column_title, table_title

MAX_COLUMNS = 16_384  # the most columns an Excel sheet has
ALL_DOUBLED = re.compile(r'(?:[^"]|"")*+')  # text whose every quote is doubled: inside a quoted cell
WHOLLY_QUOTED = re.compile(r'"((?:[^"]|"")*+)"')
SEPARATOR_LINE = re.compile(r"sep=([,;\t|])[ \t]*\n")  # Excel's first line naming the separator
Records = list[tuple[int, int, list[str]]]  # (record number, line the record starts on, fields)


def _shaped(path: Path, records: Records, by_row: bool) -> Records:
    """The records that hold text, all as wide as the widest: a CSV's (`by_row`: an error names the row Excel
    shows) or a copy's (an error names the line)."""
    used = [max((k + 1 for k, field in enumerate(fields) if field.strip()), default=0) for _, _, fields in records]
    widest = max(range(len(records)), key=used.__getitem__, default=None)
    if widest is not None and used[widest] > MAX_COLUMNS:
        number, line, _ = records[widest]
        raise PlanError(
            path,
            f"这一行写到了第{used[widest]}列，超出 Excel 的{MAX_COLUMNS}列：不是从 Excel 保存的表格？",
            number if by_row else line,
        )
    # Excel pads every row to the sheet's used columns, but not every writer does: rows are cut and padded to the
    # columns any row uses, and empty rows (a sheet formatted far below its table) left out
    width = used[widest] if widest is not None else 0
    return [
        (number, line, fields[:width] + [""] * (width - len(fields)))
        for (number, line, fields), filled in zip(records, used, strict=True)
        if filled
    ]


def _csv_records(path: Path, text: str) -> Records:
    """A CSV's records, separated as its first line says (`sep=;`, which Excel writes and hides), else by commas, or
    by semicolons or tabs where only they find the plan's header (Excel in a European locale writes semicolons)."""
    declared = SEPARATOR_LINE.match(text)
    if declared:
        return _split_csv(path, text[declared.end() :], declared.group(1), first_line=2)
    records = _split_csv(path, text, ",")
    for other in ";\t" if _header_index(records) is None else "":
        try:
            tried = _split_csv(path, text, other)
        except PlanError:  # not separated so either (a field past the size limit)
            continue
        if _header_index(tried) is not None:
            return tried
    return records


def _split_csv(path: Path, text: str, separator: str, first_line: int = 1) -> Records:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records, line = [], first_line
    try:
        for number, fields in enumerate(reader, start=1):
            records.append((number, line, fields))
            line = first_line + reader.line_num
    except csv.Error:  # a field past the csv module's size limit, or a stray quote
        message = "这一行的格式有误（引号不成对，或一格的文字过长）：请用 Excel 重新另存为 CSV"
        raise PlanError(path, message, len(records) + 1) from None
    return records


def _copied_records(text: str) -> Records:
    """Rows of Excel's tab-separated copy. Excel quotes a cell only for a line break in it, doubling its quotes: a
    cell quoted whole is unquoted, a quote opening a cell whose quotes are all doubled runs on to the line with the
    closing one, and any other cell is as written (a task opening with ASCII quotes, "十四五"规划…, keeps them,
    which the csv module would drop). Each line is read once."""
    records: Records = []
    fields: list[str] = []
    running: list[str] | None = None  # the lines so far of a quoted cell that runs on
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        pieces = line.split("\t")
        if running is not None:
            if not _closes(pieces[0]):
                running.append(line)
                continue
            fields.append("\n".join([*running, pieces[0][:-1]]).replace('""', '"'))
            running, pieces = None, pieces[1:]
        for k, piece in enumerate(pieces):
            if piece.startswith('"') and ALL_DOUBLED.fullmatch(piece, 1):
                running = ["\t".join(pieces[k:])[1:]]
                break
            quoted = WHOLLY_QUOTED.fullmatch(piece)
            fields.append(quoted.group(1).replace('""', '"') if quoted else piece)
        if running is None:
            records.append((len(records) + 1, start, fields))
            fields, start = [], number + 1
    if running is not None:  # a quote never closed: the cell's text as written
        fields.append("\n".join(running))
    if fields:
        records.append((len(records) + 1, start, fields))
    return records


def _closes(piece: str) -> bool:
    """Whether a piece ends a quoted cell that runs on: a quote closing it, every quote before it doubled."""
    return piece.endswith('"') and ALL_DOUBLED.fullmatch(piece, 0, len(piece) - 1) is not None


def _grid(path: Path, rows: list[list[SourceCell]], where: str, format_name: str, place: str) -> Grid:
    return plan_table_grid(path, [SourceTable(rows)], no_text_around, where, format_name, place)


def _rows(records: Records, by_row: bool) -> list[list[SourceCell]]:
    """The records as table rows, each placed by its number (`by_row`) or its line. Below the header, a 项目 heading
    written in the 序号 column beside an empty 项目 cell covers both, as the merged cell of a subsection named without
    a number did in the sheet."""
    header = _header_index(records)
    c = -1 if header is None else next(k for k, field in enumerate(records[header][2]) if field.strip())  # 序号
    rows = []
    for k, (number, line, fields) in enumerate(records):
        place = number if by_row else line
        cells = [SourceCell(field.split("\n"), place, continues=not field.strip()) for field in fields]
        named = header is not None and k > header and c + 1 < len(fields) and not fields[c + 1].strip()
        if named and is_plain_heading(fields[c].strip()):
            cells[c : c + 2] = [replace(cells[c], colspan=2)]
        rows.append(cells)
    return rows


def _header_index(records: Records) -> int | None:
    """Which record is the plan's header row (its first row, for a header over two)."""
    return next((k for k, (_, _, fields) in enumerate(records) if header_span(_texts(fields))), None)


def _texts(fields: list[str]) -> list[str]:
    """A record's texts, spaces removed, empty fields left out (as a header row is matched)."""
    return [text for field in fields if field and (text := re.sub(r"\s+", "", field))]


def read_csv_sheet(path: Path) -> Grid:
    """The grid of the plan table in a CSV file."""
    records = _shaped(path, _csv_records(path, read_plan_text(path)), by_row=True)
    _not_the_decisions_file(path, records[0][2] if records else [])
    return _grid(path, _rows(records, by_row=True), "CSV 文件", "csv", "row")


def copied_sheet(text: str) -> Records | None:
    """The rows of a copied table (`copied_text.is_copied_table`) if it was copied from Excel, else None: Excel sets
    a cell of the table that holds line breaks in quotes (a browser or Word sets such a cell's lines apart
    unquoted). A copy from Excel without one reads as any copied table."""
    if '"' not in text:
        return None
    records = _copied_records(text)
    header = _header_index(records)
    if header is None or not any("\n" in field for _, _, fields in records[header:] for field in fields):
        return None
    return records


def read_copied_sheet(path: Path, records: Records) -> Grid:
    """The grid of the plan table in a text file holding a copy of Excel's cells (`copied_sheet`'s rows)."""
    return _grid(path, _rows(_shaped(path, records, by_row=False), by_row=False), "复制的表格", "copied_sheet", "line")


def _not_the_decisions_file(path: Path, first_row: list[str]) -> None:
    """The review queue saved among the plans under another name (a natural slip): say which name it needs."""
    names = {field.strip() for field in first_row}
    queue_columns = ("item_from", "item_to")
    if set(queue_columns) <= names or {column_title("review_queue", c) for c in queue_columns} <= names:
        raise PlanError(
            path,
            f"这是“{table_title('review_queue')}”的判定文件，不是方案：请把它命名为 {DECISIONS_NAME}（或移出方案文件夹）",
        )
