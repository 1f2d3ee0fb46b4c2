"""Default folders and resource files of the project, in one place."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
DATA_DIR = PROJECT_ROOT / "data"
FIGURES_DIR = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
WORKBOOK_NAME = "plan_tables.xlsx"  # in the data folder, beside the tables
RESOURCES_DIR = PACKAGE_DIR / "resources"
# Files an analyst may edit: units' written forms, the rules' words, display names in Chinese.
UNIT_ALIASES_CSV = RESOURCES_DIR / "unit_aliases.csv"
VOCABULARY_TOML = RESOURCES_DIR / "vocabulary.toml"
DISPLAY_NAMES_CSV = RESOURCES_DIR / "display_names.csv"
DOMAIN_DICT = RESOURCES_DIR / "domain_dict.txt"
# The matcher's fitted model (weights, thresholds, the labels it was fitted on and its metrics).
MATCHER_MODEL_JSON = RESOURCES_DIR / "matcher_model.json"
MATCH_LABELS_CSV = PROJECT_ROOT / "tests" / "fixtures" / "alignment_2022_2023.csv"
