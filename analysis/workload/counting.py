"""Counting rules shared by every workload table.

- An item counts once per leader or unit, whatever the number of co-leads;
  `weighted` splits it instead: an item shared by k leaders (or k units of the
  same role) counts 1/k for each, so weighted counts of a year add up to its items.
- Leaders inherited from the row above (empty cell in the document) count like
  written ones; the `inherited` role / column keeps them visible for checking.
- `share` is count / items in that year's plan, so years of different length compare.
- `change` is count minus the count in the previous plan year (0 when the name was
  absent that year); NaN in the first plan year. A name present the previous year
  but absent now gets a row with count 0, so departures show as negative changes.
"""

from __future__ import annotations

import pandas as pd

from analysis.registry import table

LEADER_KIND = "leader"
# lead: every item led (written or inherited); written / inherited: the two parts of it.
LEADER_ROLES = ("lead", "written", "inherited")
# Unit roles in workload tables: lead (★) and participant together make `all`; data_provider (footnote:
# 区统计局、吴江海关 mainly provide data) is kept apart and is not part of `all`.
ALL_ROLE = "all"
UNIT_ROLES = ("lead", "participant", ALL_ROLE, "data_provider")


def years_of(items: pd.DataFrame) -> list[int]:
    """Plan years present, in order."""
    return sorted(int(y) for y in items["year"].unique())


def items_per_year(items: pd.DataFrame) -> pd.Series:
    """Items in each year's plan."""
    return items.groupby("year").size()


def leader_rows(item_leaders: pd.DataFrame) -> pd.DataFrame:
    """item_leaders with the 1/k weight of each row."""
    rows = item_leaders.drop_duplicates(["item_id", "leader"]).copy()
    rows["weight"] = 1.0 / rows.groupby("item_id")["leader"].transform("size")
    return rows


def count_by(rows: pd.DataFrame, keys: list[str], **sums: str) -> pd.DataFrame:
    """Rows per group (`count`) and the sum of each named column (`weighted="weight"`), keys as columns.

    The plain group methods, not named aggregation: the same numbers at a fraction of pandas' overhead.
    """
    groups = rows.groupby(keys)
    counted = {"count": groups.size(), **{name: groups[column].sum() for name, column in sums.items()}}
    return pd.DataFrame(counted).reset_index()


def with_change(counts: pd.DataFrame, items: pd.DataFrame, name: str) -> pd.DataFrame:
    """Add zero rows for names gone since the previous year, then share and change (see module doc);
    columns as declared for the table `name`."""
    years = years_of(items)
    keys = ["name", "kind", "role"]
    summed = counts.groupby([*keys, "year"])[["count", "weighted"]].sum()
    count = summed["count"].unstack("year", fill_value=0).reindex(columns=years, fill_value=0)
    weighted = summed["weighted"].unstack("year", fill_value=0).reindex(columns=years, fill_value=0)
    change = count.diff(axis=1)
    previous = count.shift(1, axis=1)
    frame = pd.concat(
        {"count": count.stack(), "weighted": weighted.stack(), "change": change.stack(future_stack=True)}, axis=1
    )
    frame["previous"] = previous.stack(future_stack=True)
    frame = frame.reset_index()
    frame = frame[(frame["count"] > 0) | (frame["previous"] > 0)].copy()
    frame["year"] = frame["year"].astype(int)
    frame["count"] = frame["count"].astype(int)
    frame["share"] = frame["count"] / frame["year"].map(items_per_year(items))
    order = {role: i for i, role in enumerate(dict.fromkeys(LEADER_ROLES + UNIT_ROLES))}
    frame["role_order"] = frame["role"].map(order)
    frame = frame.sort_values(["year", "role_order", "count", "name"], ascending=[True, True, False, True])
    return frame[table(name).column_names].reset_index(drop=True)
