"""Publishing a run's figures, executed notebooks and report: all or nothing, and nothing stale.

The report writes into a staging folder beside the figures folder; only a run that finished moves
its files in, each by an atomic rename, and then removes the files an earlier run made that this
one did not (a figure of a year no longer selected). The folder's README and anything that is not
an output (other suffixes) are left alone.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# What a run makes: chart files and their data, executed notebooks, the report page.
OUTPUT_SUFFIXES = (".png", ".svg", ".pdf", ".csv", ".ipynb", ".html")
STAGING_PREFIX = ".staging-"


@contextmanager
def staging_folder(figures_dir: Path, keep_on_error: bool = False) -> Iterator[Path]:
    """A fresh folder beside `figures_dir` for one run, removed afterwards (kept on error if asked)."""
    figures_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{figures_dir.name}-", dir=figures_dir.parent))
    try:
        yield staging
    except BaseException:
        if keep_on_error:
            print(f"outputs of the failed run kept in {staging}", file=sys.stderr)
        else:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _outputs(folder: Path) -> set[Path]:
    """Output files under a folder, relative to it."""
    if not folder.is_dir():
        return set()
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and p.suffix in OUTPUT_SUFFIXES}


def publish(staging: Path, figures_dir: Path) -> list[Path]:
    """Move every output of `staging` into `figures_dir` and remove the stale ones; returns the files published."""
    made = _outputs(staging)
    before = _outputs(figures_dir)
    published = []
    for relative in sorted(made):
        target = figures_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / relative, target)
        published.append(target)
    for relative in sorted(before - made):
        (figures_dir / relative).unlink(missing_ok=True)
    return published
