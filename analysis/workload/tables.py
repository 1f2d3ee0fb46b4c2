"""The workload stage's tables: leaders' and units' workload, chapters, changes, co-leads, lead units."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.workload.leaders import (
    co_leadership,
    leader_changes,
    leader_chapters,
    leader_handovers,
    leader_lead_units,
    leader_workload,
)
from analysis.workload.units import unit_workload


def workload_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables of the workload stage, by name; reads items, item_leaders, item_units and (when present) the
    matcher's matches."""
    items, item_leaders, item_units = tables["items"], tables["item_leaders"], tables["item_units"]
    chapters = leader_chapters(items, item_leaders)
    return {
        "leader_workload": leader_workload(items, item_leaders),
        "unit_workload": unit_workload(items, item_units),
        "leader_chapters": chapters,
        "leader_changes": leader_changes(items, chapters, tables.get("matches"), item_leaders),
        "leader_handovers": leader_handovers(items, item_leaders, tables.get("matches")),
        "co_leadership": co_leadership(item_leaders),
        "leader_lead_units": leader_lead_units(item_leaders, item_units),
    }
