"""Tables as a notebook and the report show them: the years asked for, Chinese headers and values,
every row, sortable and searchable offline.

`init_tables()` (first cell of each notebook) embeds the DataTables library shipped with itables, so
the tables work with no network in JupyterLab and in the HTML report; `show_table` gives the
interactive table and, beside it, the same rows as a plain HTML table that shows wherever scripts do
not run (JavaScript off, an untrusted notebook) and in print. Every value is HTML-escaped by itables.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import pandas as pd

from analysis.present.html import redline_html
from analysis.present.names import COLUMN_DECIMALS, PERCENT_COLUMNS, SIGNED_COLUMNS, display_frame
from analysis.tablesets import LazyTables
from analysis.text.display_names import table_title

YEAR_COLUMNS = ("year", "year_from", "year_to")
YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# DataTables' interface in Chinese.
LANGUAGE = {
    "search": "搜索：",
    "info": "共 _TOTAL_ 行",
    "infoEmpty": "共 0 行",
    "infoFiltered": "（从 _MAX_ 行中筛选）",
    "zeroRecords": "没有匹配的行",
    "emptyTable": "无数据",
    "lengthMenu": "每页 _MENU_ 行",
    # what a screen reader says of a header's sort button, after the column's name
    "aria": {"orderable": "：点击排序", "orderableReverse": "：点击倒序排列", "orderableRemove": "：点击取消排序"},
}
# Every row in a scrolling box: no pages to click through, and the static copy holds every row too.
TABLE_OPTIONS = {
    "paging": False,
    "scrollY": "38rem",  # about eight rows of long text at a time
    "scrollCollapse": True,
    "scrollX": True,
    "maxBytes": 0,
    "classes": "display compact cell-border",
    "language": LANGUAGE,
    "showIndex": False,
    "connected": False,  # the library comes from `init_tables`, inside the page
    "display_logo_when_loading": False,
    "style": "table-layout:auto;width:auto;margin:0;caption-side:top",  # the caption above, seen first
    # search above, row count below, on every table (small ones too: one searches a known table)
    "layout": {"topStart": None, "topEnd": "search", "bottomStart": "info", "bottomEnd": None},
    "text_in_header_can_be_selected": False,  # a click anywhere on a header sorts, not on its arrow alone
}


def without_pair_years(frame: pd.DataFrame) -> pd.DataFrame:
    """A table of item pairs without its year columns, which the item numbers (2022-001) carry."""
    return frame.drop(columns=["year_from", "year_to"])


def select_years(tables: Mapping[str, pd.DataFrame], years: list[int] | None) -> Mapping[str, pd.DataFrame]:
    """Keep only the given years in every table (None keeps all); pairs need both ends inside.

    Rows are filtered on the year columns, and wide tables lose the columns named after
    other years (`2022`, `change_2022_2023`). Each table is selected when first used, so a notebook
    reads from the store only the tables it shows.
    """
    if not years:
        return tables
    wanted = {int(y) for y in years}
    return LazyTables(tables, lambda name: _in_years(tables[name], wanted))


def _in_years(frame: pd.DataFrame, wanted: set[int]) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column in YEAR_COLUMNS:
        if column in frame:
            mask &= frame[column].isin(wanted)
    columns = [c for c in frame.columns if set(map(int, YEAR_IN_NAME.findall(str(c)))) <= wanted]
    return frame.loc[mask, columns].reset_index(drop=True)


def init_tables() -> None:
    """Embed the table library in the notebook (offline), once per notebook, before any table.

    This is the library part of itables' `init_notebook_mode(connected=False)` alone: its other part, a
    dark-theme helper, runs before the library is loaded when JupyterLab renders outputs one by one,
    and fails there with a script error.
    """
    from IPython.display import HTML, display
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    display(HTML(generate_init_offline_itables_html(options.dt_bundle) + TABLE_STYLE))


# Columns stored as redline markup, shown highlighted (see analysis.present.html.redline_html).
MARKUP_COLUMNS = ("redline",)
# Columns whose longest value is at most this many characters never wrap (ids, years, names, counts).
SHORT_CHARS = 12
# Longer text keeps a readable width however many columns share the page (a chapter title squeezed to four
# characters a line wrapped onto six lines); the table scrolls sideways instead.
LONG_TEXT_CLASS = "dt-long-text"
# A short column's header may wrap (上一年对应事项 on two lines, three characters a line at least): its values stay
# on one line, and a wide table of short columns then fits a narrower window without scrolling sideways.
CAPTION_CLASS = "dt-caption"
TABLE_STYLE = (
    f"<style>td.{LONG_TEXT_CLASS} {{ min-width: 10em; }}"
    # the title above the table, beside its search box: the table's own <caption> (kept for the plain copy) would
    # sit between the header and the first row, as DataTables draws a scrolling table's header apart
    f" div.dt-container table caption {{ display: none; }} div.{CAPTION_CLASS} {{ font-weight: bold; }}"
    " table.dataTable th.dt-nowrap { white-space: normal; }"
    " table.dataTable th.dt-nowrap, table.dataTable td.dt-nowrap { min-width: 5em; }</style>"
)


def _column_classes(shown: pd.DataFrame) -> list[dict[str, object]]:
    """Text left-aligned, short columns kept on one line (DataTables' own classes), long text kept readable.
    One definition per set of classes: DataTables takes a column's className from the first that targets it."""
    targets: dict[str, list[int]] = {}
    for i, column in enumerate(shown.columns):
        values = shown[column]
        is_text = not pd.api.types.is_numeric_dtype(values)
        longest = max([len(str(column)), *(len(str(v)) for v in values.head(500))])
        classes = ["dt-left"] if is_text else []
        if longest <= SHORT_CHARS:
            classes.append("dt-nowrap")
        elif is_text:
            classes.append(LONG_TEXT_CLASS)
        if classes:
            targets.setdefault(" ".join(classes), []).append(i)
    return [{"className": name, "targets": columns} for name, columns in targets.items()]


SHOWN_DECIMALS = 4  # a computed share or weight (0.1111, 34.854) shows no more decimals than this


def _plain_numbers(shown: pd.DataFrame, names: pd.Index) -> pd.DataFrame:
    """Decimal columns as a reader writes them: 5.5, 62000000000, 3 (not 5.500000e+00 or 3.0), at most
    `SHOWN_DECIMALS` decimals (not 0.111111111111111; fewer where `COLUMN_DECIMALS` says), shares as 65.7%
    (`PERCENT_COLUMNS`), changes with their sign (+3, `SIGNED_COLUMNS`), and an empty cell wherever there is no
    value (not NaN, None or <NA>). `names` are the columns' own names. Only for display: the tables and the
    workbook keep their numbers."""
    columns = {}
    for i, name in enumerate(names):
        values = shown.iloc[:, i]
        if pd.api.types.is_float_dtype(values):
            digits = COLUMN_DECIMALS.get(name, SHOWN_DECIMALS)
            columns[i] = values.map(lambda v, n=name, d=digits: "" if pd.isna(v) else _written(v, n, d)).astype(object)
        elif values.isna().any():
            columns[i] = values.astype(object).where(values.notna(), "")
    if not columns:
        return shown
    out = shown.copy()
    for i, values in columns.items():
        out.isetitem(i, values)
    return out


def _written(value: float, name: str, digits: int) -> str:
    """One decimal as a reader writes it: a share as 65.7%, a change with its sign (+3), else 5.5 or 3."""
    if name in PERCENT_COLUMNS:
        return f"{value:.1%}"
    if name in SIGNED_COLUMNS:
        return f"{round(value, digits):+.15g}" if value else "0"
    return f"{round(value, digits):.15g}"


def _with_markup(frame: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """The shown table with redlines as <del>/<ins> markup and every other text cell and header escaped here
    (the table library is then told not to escape: every value has been, once)."""
    columns = []
    for i, column in enumerate(frame.columns):
        values = shown.iloc[:, i]
        if column in MARKUP_COLUMNS:
            values = frame[column].map(lambda v: redline_html(v) if isinstance(v, str) else "")
        elif not pd.api.types.is_numeric_dtype(values):
            values = values.map(lambda v: html.escape(v) if isinstance(v, str) else v)
        columns.append(values.reset_index(drop=True))
    out = pd.concat(columns, axis=1, ignore_index=True)
    out.columns = [html.escape(str(c)) for c in shown.columns]
    return out


def table_html(frame: pd.DataFrame, table: str | None = None, caption: str | None = None) -> str:
    """The HTML of a table as readers see it (Chinese headers and values), interactive with a static copy.

    Redline columns show deletions and additions highlighted; all other text is escaped as text.
    """
    from itables import to_html_datatable

    shown = display_frame(frame, table)
    options = dict(TABLE_OPTIONS, columnDefs=_column_classes(shown))
    if caption:  # written into the page's script as text, so no "<" may end it (</script>): a full-width ＜ instead
        title = {"div": {"className": CAPTION_CLASS, "text": caption.replace("<", "＜")}}
        options["layout"] = {**TABLE_OPTIONS["layout"], "topStart": title}
    shown = _plain_numbers(shown, frame.columns)
    if any(column in MARKUP_COLUMNS for column in frame.columns):
        shown = _with_markup(frame, shown)
        options["allow_html"] = True
    return to_html_datatable(shown, caption=html.escape(caption) if caption else None, **options)


def show_table(frame: pd.DataFrame, table: str | None = None, caption: str | None = None) -> object:
    """A table for the notebook: every row, sortable and searchable (see `table_html`); an empty one is one line
    saying so (an empty interactive table reads as one that failed to load)."""
    from IPython.display import HTML

    if frame.empty:
        title = caption or (table_title(table) if table else "")
        return HTML(f"<p>{html.escape(title)}：无。</p>")
    return HTML(table_html(frame, table, caption))
