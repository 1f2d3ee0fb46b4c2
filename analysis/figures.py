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
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from analysis.textio import write_atomic

__all__ = ["apply_style", "count_heatmap", "export_figure", "freeze_layout", "new_figure", "year_colors"]

# Noto Sans CJK SC (SIL Open Font License), shipped by the mplfonts package. That package
# also carries SimHei, a commercial font: we register only the Noto file, by name.
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"

# A4 report: a text column is about 16 cm wide.
COLUMN_WIDTH_IN = 6.3
DPI = 200
FORMATS = ("png", "svg", "pdf")
# zlib level of the PNGs: the same pixels as the default level 6 in about two thirds of the encoding
# time (PIL's row filtering is the floor), for files about 3% larger.
PNG_COMPRESS_LEVEL = 3

# Fixed palettes, so a year or a leader has the same colour in every chart.
PALETTE_YEAR = 2022  # the year drawn in the palette's first colour; later years follow in order
YEAR_PALETTE = ["#9aa5b1", "#1f6fb2", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d5a97", "#30343f"]
CHANGE_COLORS = {"up": "#2a9d8f", "down": "#e76f51", "same": "#9aa5b1"}
HEATMAP_CMAP = "Blues"
DARK_TEXT_LUMINANCE = 0.408  # seaborn's threshold for dark annotation text


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


def count_heatmap(
    ax: Axes, matrix: pd.DataFrame, fontsize: float, linewidth: float, shrink: float, label: str = "事项数"
) -> None:
    """Counts as a heatmap, first row on top: zero cells left blank, non-zero cells annotated, every
    row and column labelled.

    Drawn with matplotlib directly: `seaborn.heatmap` draws the whole figure once to test whether tick
    labels overlap (as costly as saving the figure), which the fixed label rotations here make moot.
    Annotation colours follow seaborn's rule (dark text on light cells).
    """
    from seaborn.utils import relative_luminance  # seaborn's import costs a second; only heatmaps need it

    values = matrix.to_numpy(dtype=float)
    mesh = ax.pcolormesh(
        np.ma.masked_equal(values, 0),
        cmap=HEATMAP_CMAP,
        vmin=0,
        vmax=max(values.max(), 1),
        edgecolors="white",
        linewidth=linewidth,
    )
    ax.set(xlim=(0, values.shape[1]), ylim=(values.shape[0], 0))
    ax.set_xticks(np.arange(values.shape[1]) + 0.5, [str(c) for c in matrix.columns])
    ax.set_yticks(np.arange(values.shape[0]) + 0.5, [str(i) for i in matrix.index])
    ax.spines[:].set_visible(False)
    cell_colors = mesh.cmap(mesh.norm(values))
    for (row, column), value in np.ndenumerate(values):
        if value > 0:
            dark_text = relative_luminance(cell_colors[row, column]) > DARK_TEXT_LUMINANCE
            ax.text(
                column + 0.5,
                row + 0.5,
                f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=fontsize,
                color=".15" if dark_text else "white",
            )
    colorbar = ax.figure.colorbar(mesh, ax=ax, label=label, shrink=shrink)
    colorbar.outline.set_linewidth(0)
    colorbar.locator = MaxNLocator(integer=True)  # counts: whole-number ticks


def year_colors(years: Iterable[int]) -> dict[int, str]:
    """Colour of each year: the same year always gets the same colour (by its offset from PALETTE_YEAR)."""
    return {int(y): YEAR_PALETTE[(int(y) - PALETTE_YEAR) % len(YEAR_PALETTE)] for y in years}


def freeze_layout(fig: Figure) -> Bbox:
    """Lay the figure out once and fix it there; returns its tight box (inches, padded).

    Left to itself every `savefig` reruns constrained layout and an extra tight-box pass,
    so a figure saved in three formats was laid out six times; frozen, each format is one draw.
    The layout engine runs on its own, as `Figure.draw` would run it, without the draw itself:
    the tight box then measures the same artists at the same positions.
    """
    engine = fig.get_layout_engine()
    if engine is not None and fig.axes:
        engine.execute(fig)
    box = fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    # None, not "none": "none" leaves a placeholder engine, and `savefig` draws the whole
    # figure once more (renderer disabled) whenever any engine is set.
    fig.set_layout_engine(None)
    return box


def _save_options(fmt: str) -> dict[str, object]:
    """Format-specific `savefig` options (see PNG_COMPRESS_LEVEL)."""
    return {"pil_kwargs": {"compress_level": PNG_COMPRESS_LEVEL}} if fmt == "png" else {}


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
        options = _save_options(fmt)
        write_atomic(path, lambda tmp, f=fmt, o=options: fig.savefig(tmp, format=f, bbox_inches=box, **o))
        paths.append(path)
    csv_path = figures_dir / f"{name}.csv"
    write_atomic(csv_path, lambda tmp: data.to_csv(tmp, index=False, encoding="utf-8-sig"))
    paths.append(csv_path)
    return paths
