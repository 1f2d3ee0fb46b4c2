"""`data/README.md`, generated from the table registry and the display names: one section per table
with its key and every column's code name, Chinese name, type and meaning. The build writes it
beside the tables; a test keeps the committed copy current."""

from __future__ import annotations

from analysis.present.names import column_title, table_title
from analysis.registry import TABLES, Table

README_NAME = "README.md"
INTRO = """# data/ — generated tables

Everything here is written by `python -m analysis build` (and by the main job); nothing is edited by
hand and nothing but this README is tracked by git. This file itself is generated from the table
registry (`analysis/registry.py`) and the display names (`analysis/resources/display_names.csv`).

Each table comes as CSV (UTF-8 with BOM, opens in Excel) and Parquet (keeps the types), under its
code name. In the CSVs, a text cell that a spreadsheet would read as a formula (starting with `=`, `+`,
`-`, `@`, a tab or a carriage return) is prefixed with an apostrophe, as OWASP advises against CSV
injection; Parquet keeps the text exactly. The whole set is written at once (staged beside this folder,
then swapped in), so an interrupted build leaves the previous set whole; `plan_tables.xlsx` holds every table on a sheet with Chinese names and headers.
`manifest.json` records the hash of every input the tables were built from (plans, editable
resources, code): notebooks refuse tables whose manifest does not match the current inputs, and
the main job skips a build whose inputs are unchanged.

Programs should read the code names below; people read the Chinese names (工作簿、报告).
"""


def _table_section(table: Table) -> str:
    description = table.description[:1].upper() + table.description[1:]
    lines = [f"## `{table.name}` — {table_title(table.name)}", "", f"{description}.", ""]
    key = ", ".join(f"`{k}`" for k in table.key) if table.key else "none (rows are not unique by any column set)"
    made = f"made by the `{table.stage}` stage" + (f" from {', '.join(table.inputs)}" if table.inputs else "")
    lines += [f"Key: {key}; {made}."]
    lines += ["", "| column | 中文名 | type | meaning |", "|---|---|---|---|"]
    for column in (*table.columns, *table.year_columns):
        lines.append(
            f"| `{column.name}` | {column_title(table.name, column.name)} | {column.dtype} | {column.description} |"
        )
    return "\n".join(lines)


def data_readme() -> str:
    """The whole README of the data folder."""
    return INTRO + "\n" + "\n\n".join(_table_section(t) for t in TABLES) + "\n"
