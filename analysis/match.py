"""Align each year's items with the previous year's (placeholder until the matcher lands)."""

from __future__ import annotations

import pandas as pd

from analysis.load import PlanTables


def match_tables(plans: PlanTables) -> dict[str, pd.DataFrame]:
    """Tables of the matching analysis, by name."""
    return {}
