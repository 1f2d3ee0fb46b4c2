"""Workload of leaders and units per year (placeholder until the analysis lands)."""

from __future__ import annotations

import pandas as pd

from analysis.load import PlanTables


def workload_tables(plans: PlanTables) -> dict[str, pd.DataFrame]:
    """Tables of the workload analysis, by name."""
    return {}
