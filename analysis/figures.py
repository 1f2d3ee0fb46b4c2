"""Chart style and export: one place for sizes, colours, the CJK font and file formats.

Every chart in the project is drawn after `apply_style()` and saved with
`export_figure()`, which writes PNG (200 dpi), SVG (text as paths), PDF (font
embedded as Type 3 subsets, which strict readers accept for CFF-based CJK fonts)
and the CSV of exactly the data plotted, under stable descriptive names.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from analysis.textio import write_atomic

__all__ = ["apply_style", "export_figure", "freeze_layout", "new_figure", "year_colors"]

# Noto Sans CJK SC (SIL Open Font License), shipped by the mplfonts package. That package
# also carries SimHei, a commercial font: we register only the Noto file, by name.
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"

# A4 report: a text column is about 16 cm wide.
COLUMN_WIDTH_IN = 6.3
DPI = 200
FORMATS = ("png", "svg", "pdf")

# Fixed palettes, so a year or a leader has the same colour in every chart.
YEAR_PALETTE = ["#9aa5b1", "#1f6fb2", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d5a97", "#30343f"]
CHANGE_COLORS = {"up": "#2a9d8f", "down": "#e76f51", "same": "#9aa5b1"}


@cache
def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font file."""
    import mplfonts

    path = Path(mplfonts.__file__).resolve().parent / "fonts" / CJK_FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: CJK font missing; reinstall the project (python3 tasks.py test)")
    return path


def apply_style() -> None:
    """Register the CJK font and set the house style (idempotent, cheap after the first call)."""
    _register_font()
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [CJK_FONT_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "savefig.bbox": "tight",
            "svg.fonttype": "path",
            "pdf.fonttype": 3,
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.labelsize": 9,
            "xtick.labelsize": 8,
            "ytick.labelsize": 8,
            "legend.fontsize": 8,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
        }
    )


@cache
def _register_font() -> None:
    font_manager.fontManager.addfont(str(cjk_font_path()))


def new_figure(height_in: float = 3.6, width_in: float = COLUMN_WIDTH_IN, **subplots) -> tuple[Figure, object]:
    """A figure sized for an A4 report column, in the house style."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width_in, height_in), layout="constrained", **subplots)
    return fig, ax


def year_colors(years: Iterable[int]) -> dict[int, str]:
    """Colour of each year: the same year always gets the same colour (by its offset from 2022)."""
    return {int(y): YEAR_PALETTE[(int(y) - 2022) % len(YEAR_PALETTE)] for y in years}


def freeze_layout(fig: Figure) -> Bbox:
    """Lay the figure out once and fix it there; returns its tight box (inches, padded).

    Left to itself every `savefig` reruns constrained layout and an extra tight-box pass,
    so a figure saved in three formats was laid out six times; frozen, each format is one draw.
    """
    fig.draw_without_rendering()
    box = fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    # None, not "none": "none" leaves a placeholder engine, and `savefig` draws the whole
    # figure once more (renderer disabled) whenever any engine is set.
    fig.set_layout_engine(None)
    return box


def export_figure(fig: Figure, name: str, data: pd.DataFrame, figures_dir: str | Path) -> list[Path]:
    """Save a figure as PNG, SVG and PDF plus the CSV of the data plotted; returns the paths (PNG first).

    `name` is a stable descriptive stem such as `targets_headline_dumbbell`. The layout is
    frozen first (see `freeze_layout`): the figure keeps its positions afterwards.
    """
    figures_dir = Path(figures_dir)
    box = freeze_layout(fig)
    paths = []
    for fmt in FORMATS:
        path = figures_dir / f"{name}.{fmt}"
        write_atomic(path, lambda tmp, f=fmt: fig.savefig(tmp, format=f, bbox_inches=box))
        paths.append(path)
    csv_path = figures_dir / f"{name}.csv"
    write_atomic(csv_path, lambda tmp: data.to_csv(tmp, index=False, encoding="utf-8-sig"))
    paths.append(csv_path)
    return paths
