"""Quantitative targets and their year-over-year changes (placeholder until extraction lands)."""

from __future__ import annotations

import pandas as pd

from analysis.load import PlanTables


def target_tables(plans: PlanTables, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables of the targets analysis, by name; `tables` holds those built before (matches)."""
    return {}
