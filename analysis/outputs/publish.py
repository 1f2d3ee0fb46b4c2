"""Publishing a run's figures, executed notebooks and report: all or nothing, and nothing stale.

The report writes into a staging folder beside the figures folder (`analysis.outputs.files.staged_folder`);
only a run whose notebooks all succeeded swaps it in, in one step, so the folder holds exactly what the
last good run made (no figure of a year no longer selected) and a failed or interrupted run leaves the
previous outputs as they were. The folder's README and anything that is not an output are kept.
"""

from __future__ import annotations

from pathlib import Path

from analysis.outputs.files import swap_in

# What a run makes: chart files and their data, executed notebooks, the report page, and the stamp of the
# inputs each was made from (report_inputs.json).
OUTPUT_SUFFIXES = (".png", ".svg", ".pdf", ".csv", ".ipynb", ".html", ".json")


def publish(staging: Path, figures_dir: Path) -> list[Path]:
    """Swap the run's staging folder in as the figures folder; returns the files published."""
    made = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file() and p.suffix in OUTPUT_SUFFIXES)
    swap_in(staging, figures_dir, produced=lambda relative: relative.suffix in OUTPUT_SUFFIXES)
    return [figures_dir / relative for relative in made]
