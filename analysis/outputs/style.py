"""Chart style, in one place: sizes, colours, the CJK font.

Every chart is drawn after `apply_style()` (which `new_figure` calls) and saved with
`analysis.outputs.export.export_figure`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.figure import Figure

# Noto Sans CJK SC (SIL Open Font License), shipped by the mplfonts package. That package
# also carries SimHei, a commercial font: we register only the Noto file, by name.
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"

# A4 report: a text column is about 16 cm wide. Another width (`--figure-width-cm`) lays the charts out
# at that size, with fonts scaled by the square root of the ratio within these bounds, so a half-width
# figure pasted at its real size keeps readable text instead of shrinking every glyph by half.
COLUMN_WIDTH_IN = 6.3
CM_PER_INCH = 2.54
FONT_SCALE_BOUNDS = (0.8, 1.25)
DPI = 200
# On screen (notebook, HTML report) a chart shows this many times its printed size at 100 dpi: a 16 cm column
# is then about 950 px wide, its smallest labels readable without zooming (the exported files keep their size).
SCREEN_SCALE = 1.5
BASE_FONT_SIZES = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
}
# The smallest text on a chart (bar values, heatmap cells, tick labels of crowded axes), in points at the column
# width: about 10 px on screen, readable in a printed report.
SMALL_TEXT_PT = 7
# The width charts are laid out at, and the factor for fonts and row heights (see use_figure_width).
_layout = {"width_in": COLUMN_WIDTH_IN, "scale": 1.0}

# Fixed palettes, so a year has the same colour in every chart.
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
        raise FileNotFoundError(f"{path}：缺少中文字体，请重新安装（python3 tasks.py test）")
    return path


def use_figure_width(width_cm: float | None) -> None:
    """Lay every following chart out at this width (None: an A4 text column), fonts scaled to suit."""
    width_in = width_cm / CM_PER_INCH if width_cm else COLUMN_WIDTH_IN
    low, high = FONT_SCALE_BOUNDS
    _layout.update(width_in=width_in, scale=min(high, max(low, (width_in / COLUMN_WIDTH_IN) ** 0.5)))


def apply_style() -> None:
    """Register the CJK font and set the house style (idempotent, cheap after the first call)."""
    _register_font()
    plt.rcParams.update({key: size * _layout["scale"] for key, size in BASE_FONT_SIZES.items()})
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [CJK_FONT_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "text.parse_math": False,  # plan text with $…$ is text, never mathtext (which fails on it)
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "savefig.bbox": "tight",
            "svg.fonttype": "path",
            "pdf.fonttype": 3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
        }
    )


@cache
def _register_font() -> None:
    font_manager.fontManager.addfont(str(cjk_font_path()))


def small_text() -> float:
    """The size of a chart's smallest text, scaled with the figure width as every other font."""
    return SMALL_TEXT_PT * _layout["scale"]


def count_axis(axis) -> None:
    """Whole-number ticks on an axis of counts (items, not 2.5 or 7.5 of them)."""
    from matplotlib.ticker import MaxNLocator

    # as many ticks as the axis has room for (a narrow panel of three years too), at 0, 5, 10 …, never 2.5
    axis.set_major_locator(MaxNLocator(nbins="auto", integer=True, steps=[1, 2, 5, 10]))


def new_figure(height_in: float = 3.6, **subplots) -> tuple[Figure, object]:
    """A figure at the configured width (see `use_figure_width`), in the house style.

    `height_in` is the height at the default width; it follows the font scale, since rows of
    labels make most of a chart's height.
    """
    apply_style()
    size = (_layout["width_in"], height_in * _layout["scale"])
    fig, ax = plt.subplots(figsize=size, layout="constrained", **subplots)
    return fig, ax


def year_colors(years: Iterable[int]) -> dict[int, str]:
    """Colour of each year: the same year always gets the same colour (by its offset from PALETTE_YEAR)."""
    return {int(y): YEAR_PALETTE[(int(y) - PALETTE_YEAR) % len(YEAR_PALETTE)] for y in years}
