"""The one count heatmap: leader × chapter, leader × lead unit, chapter flows."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from analysis.outputs.style import DARK_TEXT_LUMINANCE, HEATMAP_CMAP


def count_heatmap(
    ax: Axes,
    matrix: pd.DataFrame,
    fontsize: float,
    linewidth: float,
    shrink: float,
    label: str = "事项数",
    vmax: float | None = None,
) -> None:
    """Counts as a heatmap, first row on top: zero cells left blank, non-zero cells annotated, every
    row and column labelled.

    Drawn with matplotlib directly: `seaborn.heatmap` draws the whole figure once to test whether tick
    labels overlap (as costly as saving the figure), which the fixed label rotations here make moot.
    Annotation colours follow seaborn's rule (dark text on light cells). `vmax`: the count of the darkest shade,
    shared by the charts of several years so one shade is one count in all of them (default: this matrix's most).
    """
    from seaborn.utils import relative_luminance  # seaborn's import costs a second; only heatmaps need it

    values = matrix.to_numpy(dtype=float)
    mesh = ax.pcolormesh(
        np.ma.masked_equal(values, 0),
        cmap=HEATMAP_CMAP,
        vmin=0,
        vmax=max(values.max(), vmax or 0, 1),
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
