"""Which units are ranked side by side and which are reported apart (charts, highlights, notebook)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Kinds ranked side by side; collective entries (各区镇, …成员单位) are reported on their own.
RANKED_KINDS = ("department", "town_park", "company", "other")
SEPARATE_KIND = "collective"


def ranked_units(
    unit_workload: pd.DataFrame, role: str | tuple[str, ...] = "lead", kinds: tuple[str, ...] = RANKED_KINDS
) -> pd.DataFrame:
    """Units of the given kinds and role(s), without collective entries and data providers."""
    roles = (role,) if isinstance(role, str) else role
    mask = unit_workload["role"].isin(roles) & unit_workload["kind"].isin(kinds)
    return unit_workload[mask].reset_index(drop=True)


def separate_units(unit_workload: pd.DataFrame) -> pd.DataFrame:
    """Collective entries (各区镇, …成员单位) and data-provider roles, reported apart from the ranking."""
    mask = unit_workload["kind"].eq(SEPARATE_KIND) | unit_workload["role"].eq("data_provider")
    frame = unit_workload[mask & unit_workload["role"].ne("all")].copy()
    frame.insert(0, "group", np.where(frame["role"].eq("data_provider"), "data_provider", SEPARATE_KIND))
    return frame.reset_index(drop=True)
