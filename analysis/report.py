"""What notebooks call: current tables, and long tables shown browsable."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis.build import build_tables, read_table, write_tables
from analysis.figures import DPI, export_figure
from analysis.load import PLAN_SUFFIXES
from analysis.paths import RESOURCES_DIR

PACKAGE_DIR = Path(__file__).resolve().parent


def _plan_files(seeds_dir: Path) -> list[Path]:
    return [p for p in Path(seeds_dir).iterdir() if p.suffix.lower() in PLAN_SUFFIXES]


def load_tables(seeds_dir: str | Path, data_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every tidy table: read from `data_dir` when newer than every seed file and the code, else rebuilt.

    A notebook opened after a new year was dropped into the seeds folder (or after
    the library changed) thus never shows stale tables; a rebuild refreshes `data_dir`.
    """
    seeds_dir, data_dir = Path(seeds_dir), Path(data_dir)
    stamp = data_dir / "items.parquet"
    inputs = [*_plan_files(seeds_dir), *PACKAGE_DIR.rglob("*.py"), *RESOURCES_DIR.iterdir()]
    newest_input = max((p.stat().st_mtime for p in inputs), default=0.0)
    if stamp.exists() and stamp.stat().st_mtime >= newest_input:
        names = sorted(p.stem for p in data_dir.glob("*.parquet"))
        return {name: read_table(data_dir, name) for name in names}
    tables = build_tables(seeds_dir)
    write_tables(tables, data_dir)
    return tables


def show_table(frame: pd.DataFrame, caption: str | None = None, **options) -> object:
    """A long table as a sortable, searchable grid in JupyterLab (itables), not a truncated dump."""
    from IPython.display import HTML
    from itables import to_html_datatable

    html = to_html_datatable(frame, caption=caption, maxBytes=0, connected=False, **options)
    return HTML(html)


def publish_figure(fig: Figure, name: str, data: pd.DataFrame, figures_dir: str | Path) -> object:
    """Export a chart (see `export_figure`), close it, and show the exported PNG in the notebook.

    Showing the saved file rather than drawing the figure again inline saves a render per
    chart, and the notebook shows exactly the image that goes into reports (at screen size,
    sharp on high-density screens).
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image
    from PIL import Image as Picture

    png = export_figure(fig, name, data, figures_dir)[0]
    plt.close(fig)
    with Picture.open(png) as picture:
        width = round(picture.width * plt.rcParams["figure.dpi"] / DPI)
    return Image(filename=str(png), width=width)


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
