"""Default folders of the project, in one place."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
DATA_DIR = PROJECT_ROOT / "data"
FIGURES_DIR = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"
UNIT_ALIASES_CSV = RESOURCES_DIR / "unit_aliases.csv"
