"""Chinese names of tables, columns and code values, from the editable `resources/display_names.csv`.

Programs read the code names (CSV, Parquet); people read these (report, notebooks, workbook, charts).
`display_frame` turns a table into what a reader sees: Chinese headers, Chinese values for codes,
是/否 for yes/no, qualifiers as the plan writes them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.paths import DISPLAY_NAMES_CSV

ANY_TABLE = "*"
# Columns of `modifier:words` values (around:左右), shown as the words the plan writes.
QUALIFIER_COLUMNS = ("qualifiers", "qualifiers_from", "qualifiers_to")
YEAR_COLUMN = re.compile(r"^(\d{4})$")
PAIR_COLUMN = re.compile(r"^change_(\d{4})_(\d{4})$")


@dataclass(frozen=True)
class DisplayNames:
    """The display table, indexed: tables by name, columns by (table or *, code), values by (column, code)."""

    tables: dict[str, str]
    columns: dict[tuple[str, str], str]
    values: dict[tuple[str, str], str]


@cache
def display_names(path: Path = DISPLAY_NAMES_CSV) -> DisplayNames:
    """The display table (read once)."""
    tables, columns, values = {}, {}, {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            what, where, code, zh = (row[k].strip() for k in ("what", "where", "code", "zh"))
            if what == "table":
                tables[code] = zh
            elif what == "column":
                columns[(where, code)] = zh
            elif what == "value":
                values[(where, code)] = zh
    return DisplayNames(tables, columns, values)


def table_title(name: str) -> str:
    """A table's Chinese name (its code name when none is given)."""
    return display_names().tables.get(name, name)


def column_title(table: str | None, column: str) -> str:
    """A column's Chinese header: the table's own name for it, else the common one, else the code.

    Year columns read `2023年`, pair columns `2022→2023年变化`.
    """
    names = display_names().columns
    for key in ((table or ANY_TABLE, column), (ANY_TABLE, column)):
        if key in names:
            return names[key]
    if match := YEAR_COLUMN.match(str(column)):
        return names[(ANY_TABLE, "{year}")].replace("{year}", match.group(1))
    if match := PAIR_COLUMN.match(str(column)):
        return names[(ANY_TABLE, "change_{pair}")].replace("{pair}", f"{match.group(1)}→{match.group(2)}年")
    return str(column)


def value_title(column: str, code: object) -> object:
    """A code value's Chinese name (the value itself when it is not a known code)."""
    if isinstance(code, bool):
        return display_names().values.get(("boolean", str(code)), code)
    return display_names().values.get((column, str(code)), code)


def qualifier_words(qualifiers: object) -> object:
    """A `modifier:words` value as the plan writes it (the words), or the modifier's name when no words."""
    if not isinstance(qualifiers, str) or ":" not in qualifiers:
        return qualifiers
    modifier, words = qualifiers.split(":", 1)
    return words.replace("+", "、") if words else value_title("modifier", modifier)


def coded_columns() -> set[str]:
    """Columns whose values are codes with display names."""
    return {where for where, _ in display_names().values} - {"boolean", "modifier"}


def display_frame(frame: pd.DataFrame, table: str | None = None) -> pd.DataFrame:
    """The table as a reader sees it: Chinese headers and values; the frame itself is left unchanged."""
    out = frame.copy()
    codes = coded_columns()
    for column in out.columns:
        values = out[column]
        if column in QUALIFIER_COLUMNS:
            out[column] = values.map(qualifier_words)
        elif column in codes:
            out[column] = values.map(lambda v, c=column: value_title(c, v))
        elif pd.api.types.is_bool_dtype(values) or (
            values.dtype == object and values.dropna().map(type).eq(bool).all() and values.notna().any()
        ):
            out[column] = values.map(lambda v: value_title("boolean", v) if isinstance(v, bool) else "")
    out.columns = [column_title(table, c) for c in out.columns]
    return out


def years_span(years: Iterable[int]) -> str:
    """Years as a title names them: 2023年, 2022—2024年 (consecutive), 2022、2024年 (with gaps)."""
    ordered = sorted({int(y) for y in years})
    if not ordered:
        return ""
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}—{ordered[-1]}年"
    return "、".join(map(str, ordered)) + "年"
