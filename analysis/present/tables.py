"""Tables as a notebook shows them: the years asked for, and long tables browsable."""

from __future__ import annotations

import re

import pandas as pd

YEAR_COLUMNS = ("year", "year_from", "year_to")
YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def select_years(tables: dict[str, pd.DataFrame], years: list[int] | None) -> dict[str, pd.DataFrame]:
    """Keep only the given years in every table (None keeps all); pairs need both ends inside.

    Rows are filtered on the year columns, and wide tables lose the columns named after
    other years (`2022`, `change_2022_2023`).
    """
    if not years:
        return tables
    wanted = {int(y) for y in years}
    selected = {}
    for name, frame in tables.items():
        mask = pd.Series(True, index=frame.index)
        for column in YEAR_COLUMNS:
            if column in frame:
                mask &= frame[column].isin(wanted)
        columns = [c for c in frame.columns if set(map(int, YEAR_IN_NAME.findall(str(c)))) <= wanted]
        selected[name] = frame.loc[mask, columns].reset_index(drop=True)
    return selected


def show_table(frame: pd.DataFrame, caption: str | None = None, **options) -> object:
    """A long table as a sortable, searchable grid in JupyterLab (itables), not a truncated dump."""
    from IPython.display import HTML
    from itables import to_html_datatable

    html = to_html_datatable(frame, caption=caption, maxBytes=0, connected=False, **options)
    return HTML(html)
