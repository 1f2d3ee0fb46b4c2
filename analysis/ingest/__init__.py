"""Reading plan files: one reader per format turns a file into a cell grid, one interpreter reads it.

`read_plan(path)` reads one file; `read_plans(folder)` every plan file of a folder, checking that
each year appears once. Adding a format means adding its reader module and its suffix here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.extracted_text import read_extracted_text
from analysis.ingest.grid import Grid
from analysis.ingest.interpret import interpret
from analysis.ingest.plan import ParsedPlan, Row

__all__ = ["PLAN_SUFFIXES", "ParsedPlan", "Row", "plan_files", "read_plan", "read_plans"]

READERS: dict[str, Callable[[Path], Grid]] = {".txt": read_extracted_text}
PLAN_SUFFIXES = tuple(READERS)


def plan_files(folder: str | Path) -> list[Path]:
    """The plan files of a folder (by suffix), in name order."""
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in PLAN_SUFFIXES and p.is_file())


def read_plan(path: str | Path) -> ParsedPlan:
    """Read one plan file; raises PlanError naming the file and line on bad input."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower(), read_extracted_text)  # a file named by hand: read as text
    return interpret(reader(path))


def read_plans(folder: str | Path) -> list[ParsedPlan]:
    """Every plan file of a folder, by year. One bad file raises PlanError naming it; two files for
    one year are an error naming both."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PlanError(folder, "seeds folder not found")
    files = plan_files(folder)
    if not files:
        raise PlanError(folder, f"no plan files ({', '.join('*' + s for s in PLAN_SUFFIXES)}) in the folder")
    plans = [read_plan(path) for path in files]
    seen: dict[int, Path] = {}
    for plan in plans:
        if plan.year in seen:
            raise PlanError(
                plan.source, f"year {plan.year} is also the year of {seen[plan.year]}; keep one file per year"
            )
        seen[plan.year] = plan.source
    return sorted(plans, key=lambda p: p.year)
