"""Tables as readers see them, named from the editable `resources/display_names.csv` (looked up in
`analysis.text.display_names`): `display_frame` gives Chinese headers, Chinese values for codes, 是/否 for
yes/no, and qualifiers as the plan writes them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.text.display_names import (  # noqa: F401 (re-exported: the names every view uses)
    ANY_TABLE,
    DisplayNames,
    column_title,
    display_names,
    table_title,
    value_title,
)

# Columns of `modifier:words` values (around:左右), shown as the words the plan writes.
QUALIFIER_COLUMNS = ("qualifiers", "qualifiers_from", "qualifiers_to")


def qualifier_words(qualifiers: object) -> object:
    """A `modifier:words` value as the plan writes it (the words), or the modifier's name when no words."""
    if not isinstance(qualifiers, str) or ":" not in qualifiers:
        return qualifiers
    modifier, words = qualifiers.split(":", 1)
    return words.replace("+", "、") if words else value_title("modifier", modifier)


# Computed numbers as a reader reads them: a share of the year's items as a percentage (Excel's format for
# it beside), a 1/k-weighted count with two decimals at most. Only for display: tables keep their numbers.
PERCENT_COLUMNS: dict[str, str] = {"share": "0.0%"}
COLUMN_DECIMALS: dict[str, int] = {"weighted": 2}
# Changes read with their sign (+3, -4, 0), in the report and as an Excel number format.
SIGNED_COLUMNS: dict[str, str] = {"change": "+0;-0;0"}


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
