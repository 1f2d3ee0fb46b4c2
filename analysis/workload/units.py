"""Units' workload (责任单位): items per unit, role and year. Counting rules: `analysis.workload.counting`."""

from __future__ import annotations

import pandas as pd

from analysis.workload.counting import ALL_ROLE, count_by, with_change


def unit_workload(items: pd.DataFrame, item_units: pd.DataFrame) -> pd.DataFrame:
    """Items per unit, role and year, long format.

    kind is the unit's kind (department, town_park, company, collective, other);
    role is 'lead' (★), 'participant', 'all' (lead or participant: every item the unit
    works on) or 'data_provider' (non-lead mentions of the footnote's data providers).
    weighted splits an item among the units of that role in it.
    """
    units = item_units.drop_duplicates(["item_id", "unit", "role"])
    together = units[units["role"].isin(["lead", "participant"])].drop_duplicates(["item_id", "unit"])
    rows = pd.concat([units, together.assign(role=ALL_ROLE)], ignore_index=True)
    rows["weight"] = 1.0 / rows.groupby(["item_id", "role"])["unit"].transform("size")
    counts = count_by(rows, ["year", "unit", "kind", "role"], weighted="weight").rename(columns={"unit": "name"})
    return with_change(counts, items, "unit_workload")
