"""Chinese names of tables, columns and code values, read from the editable `resources/display_names.csv`.

Programs read the code names (CSV, Parquet); people read these. The lookup lives here, below every stage,
because stages that write sentences (the targets' change phrases, the matcher's review sheet) name codes in
Chinese too; `analysis.present.names` turns whole tables into what a reader sees.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.paths import DISPLAY_NAMES_CSV

ANY_TABLE = "*"
YEAR_COLUMN = re.compile(r"^(\d{4})$")
PAIR_COLUMN = re.compile(r"^change_(\d{4})_(\d{4})$")


@dataclass(frozen=True)
class DisplayNames:
    """The display table, indexed: tables by name, columns by (table or *, code), values by (column, code)."""

    tables: dict[str, str]
    columns: dict[tuple[str, str], str]
    values: dict[tuple[str, str], str]
    notes: dict[str, str]


@cache
def display_names(path: Path = DISPLAY_NAMES_CSV) -> DisplayNames:
    """The display table (read once)."""
    tables, columns, values, notes = {}, {}, {}, {}
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
            elif what == "note":
                notes[code] = zh
    return DisplayNames(tables, columns, values, notes)


def table_title(name: str) -> str:
    """A table's Chinese name (its code name when none is given)."""
    return display_names().tables.get(name, name)


def table_note(name: str) -> str:
    """What a table holds, in a sentence for readers ("" when none is given)."""
    return display_names().notes.get(name, "")


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
