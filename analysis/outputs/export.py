"""Figure export: PNG (200 dpi), SVG (text as paths), PDF (font embedded as Type 3 subsets, which
strict readers accept for CFF-based CJK fonts) and the CSV of exactly the data plotted, under stable
descriptive names; and `publish_figure`, which exports a chart and shows the PNG in a notebook.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from analysis.outputs.files import write_atomic
from analysis.outputs.style import DPI, SCREEN_SCALE

FORMATS = ("png", "svg", "pdf")  # every format charts can be saved in, and the default: all of them
_chosen: dict[str, tuple[str, ...]] = {"formats": FORMATS}
# zlib level of the PNGs: the same pixels as the default level 6 in about two thirds of the encoding
# time (PIL's row filtering is the floor), for files about 3% larger.
PNG_COMPRESS_LEVEL = 3


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


def use_figure_formats(formats: Sequence[str] | None) -> None:
    """Save every following chart in these formats (None: PNG, SVG and PDF) — `--formats png` when only
    pictures for a Word document are wanted."""
    chosen = tuple(dict.fromkeys(formats)) if formats else FORMATS
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        raise ValueError(f"不支持的图表格式“{'、'.join(chosen)}”：请从 {'、'.join(FORMATS)} 中选择")
    _chosen["formats"] = chosen


def _save_options(fmt: str) -> dict[str, object]:
    """Format-specific `savefig` options (see PNG_COMPRESS_LEVEL)."""
    return {"pil_kwargs": {"compress_level": PNG_COMPRESS_LEVEL}} if fmt == "png" else {}


def export_figure(fig: Figure, name: str, data: pd.DataFrame, figures_dir: str | Path) -> list[Path]:
    """Save a figure in the chosen formats (`use_figure_formats`; PNG, SVG and PDF unless told otherwise) plus
    the CSV of the data plotted; returns the paths, in the order of FORMATS, the CSV last.

    `name` is a stable descriptive stem such as `targets_headline_dumbbell`. The layout is
    frozen first (see `freeze_layout`): the figure keeps its positions afterwards.
    """
    figures_dir = Path(figures_dir)
    box = freeze_layout(fig)
    paths = []
    for fmt in _chosen["formats"]:
        path = figures_dir / f"{name}.{fmt}"
        options = _save_options(fmt)
        write_atomic(path, lambda tmp, f=fmt, o=options: fig.savefig(tmp, format=f, bbox_inches=box, **o))
        paths.append(path)
    csv_path = figures_dir / f"{name}.csv"
    write_atomic(csv_path, lambda tmp: data.to_csv(tmp, index=False, encoding="utf-8-sig"))
    paths.append(csv_path)
    return paths


def publish_figure(fig: Figure, name: str, data: pd.DataFrame, figures_dir: str | Path) -> object:
    """Export a chart (see `export_figure`), close it, and show the exported PNG in the notebook.

    Showing the saved file rather than drawing the figure again inline saves a render per
    chart, and the notebook shows exactly the image that goes into reports (`SCREEN_SCALE` times its printed
    size, sharp on high-density screens).
    """
    from IPython.display import Image

    paths = export_figure(fig, name, data, figures_dir)
    if paths[0].suffix == ".png":
        png = paths[0].read_bytes()
    else:  # no PNG asked for: the notebook still shows the chart, drawn once more in memory
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
        png = buffer.getvalue()
    plt.close(fig)
    width = round(_png_width(png) * plt.rcParams["figure.dpi"] * SCREEN_SCALE / DPI)
    return Image(data=png, format="png", width=width, alt=chart_title(fig))


def chart_title(fig: Figure) -> str:
    """What a chart shows, for its alt text: the figure's title, else its first panel's title."""
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    return "图表：" + next((title for title in titles if title), "（无标题）")


def _png_width(png: bytes) -> int:
    """Pixel width of a PNG, from its header (bytes 16-20 of the IHDR chunk)."""
    return int.from_bytes(png[16:20], "big")
