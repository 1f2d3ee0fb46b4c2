"""The facts the workload notebook states in words: who leads most, what moved, who is new or gone.

Plain selections over the workload tables (see `analysis.workload.tables`), one row per year or per
name, so the notebook only phrases them and a test can check them against the documents.
Ties keep the tables' own order (count descending, then name).
"""

from __future__ import annotations

import pandas as pd

from analysis.workload.leaders import leader_unit_rows
from analysis.workload.selections import SEPARATE_KIND, ranked_units

# Whole counts that are missing in some rows (the first year has no change) stay integers.
COUNT_DTYPES = {"up_change": "Int64", "down_change": "Int64", "collective_count": "Int64"}


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    return frame.astype({k: v for k, v in COUNT_DTYPES.items() if k in frame.columns})


def _biggest_moves(part: pd.DataFrame) -> dict[str, object]:
    """The name that gained most and the one that lost most since the previous year (None in the first); names
    tied for it are joined by 、."""
    moved = part.dropna(subset=["change"])
    if moved.empty:
        return {"has_previous": False, "up": None, "up_change": None, "down": None, "down_change": None}
    high, low = moved["change"].max(), moved["change"].min()
    return {
        "has_previous": True,
        "up": "、".join(moved.loc[moved["change"] == high, "name"]),
        "up_change": int(high),
        "down": "、".join(moved.loc[moved["change"] == low, "name"]),
        "down_change": int(low),
    }


def leader_highlights(leader_workload: pd.DataFrame) -> pd.DataFrame:
    """Per year: leaders who lead, the one leading most, the biggest gain and loss (and how much of the gain
    is leaders carried down from the row above), leaders gone, and how many leader-item pairs were carried
    down that way."""
    lead = leader_workload[leader_workload["role"] == "lead"]
    rows = []
    for year, part in lead.groupby("year", sort=True):
        present = part[part["count"] > 0].sort_values("count", ascending=False, kind="stable")
        top = present.iloc[0]
        inherited = leader_workload[(leader_workload["year"] == year) & (leader_workload["role"] == "inherited")]
        moves = _biggest_moves(present)
        carried = dict(zip(inherited["name"], inherited["change"].fillna(inherited["count"]), strict=True))
        rows.append(
            {
                "year": int(year),
                "leaders": len(present),
                "top": top["name"],
                "top_count": int(top["count"]),
                "top_share": float(top["share"]),
                "inherited": int(inherited["count"].sum()),
                **moves,
                # of the biggest gain, how much is leaders carried down from the row above (empty leader cells)
                "up_inherited": [int(carried.get(n, 0)) for n in moves["up"].split("、")] if moves["up"] else [],
                "gone": part.loc[part["count"] == 0, "name"].tolist(),
            }
        )
    return _frame(rows)


def weighting_ranks(leader_workload: pd.DataFrame, year: int) -> pd.DataFrame:
    """Leaders of a year with their rank by item count and by weighted count (co-led items split),
    and `solo_share` = weighted / count: 1 when every item is led alone, lower the more is shared."""
    lead = leader_workload[
        (leader_workload["role"] == "lead") & (leader_workload["year"] == year) & (leader_workload["count"] > 0)
    ]
    frame = lead[["name", "count", "weighted"]].reset_index(drop=True)
    frame["solo_share"] = frame["weighted"] / frame["count"]
    frame["rank_by_count"] = frame["count"].rank(ascending=False, method="min").astype(int)
    frame["rank_by_weighted"] = frame["weighted"].rank(ascending=False, method="min").astype(int)
    return frame


def main_chapters(leader_chapters: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per leader, the chapter(s) where they lead most items in that year (ties all listed), most first."""
    part = leader_chapters[leader_chapters["year"] == year]
    best = part[part["count"] == part.groupby("leader")["count"].transform("max")]
    frame = best.groupby("leader", sort=True).agg(chapters=("chapter_label", list), count=("count", "first"))
    return frame.sort_values("count", ascending=False, kind="stable").reset_index()


def reassigned_topics(leader_changes: pd.DataFrame) -> pd.DataFrame:
    """Topics a leader gained, lost, or led far more or fewer items in, although the topic is in both plans:
    a real change of who does what."""
    in_both = leader_changes["topic_in_both"].fillna(False).astype(bool)
    gained_or_lost = leader_changes["change"].isin(["topic_gained", "topic_lost", "topic_grew", "topic_shrank"])
    return leader_changes[gained_or_lost & in_both].reset_index(drop=True)


def lead_unit_highlights(unit_workload: pd.DataFrame, suggestions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per year: units leading (★) at least one item, the one leading most, the biggest gain and
    loss, and the units that lead for the first time or no longer lead. A unit that may only have been
    renamed (a pair in `suggestions`, the `alias_suggestions` table: 区科学技术局 / 区科技局) is listed in
    `renamed` as (new, old) and counts as none of these: its gain is the other's loss, until the analyst
    decides."""
    ranked = ranked_units(unit_workload, "lead")
    rows = []
    for year, part in ranked.groupby("year", sort=True):
        present = part[part["count"] > 0].sort_values("count", ascending=False, kind="stable")
        top = present.iloc[0]
        first_year = part["change"].isna().all()
        renamed = _suggested_renames(suggestions, int(year), set(part["name"]))
        moving = part[~part["name"].isin({name for pair in renamed for name in pair})]
        rows.append(
            {
                "year": int(year),
                "units": len(present),
                "top": top["name"],
                "top_count": int(top["count"]),
                **_biggest_moves(moving),
                "new": [] if first_year else moving.loc[moving["count"] == moving["change"], "name"].tolist(),
                "gone": moving.loc[moving["count"] == 0, "name"].tolist(),
                "renamed": renamed,
            }
        )
    return _frame(rows)


def _suggested_renames(suggestions: pd.DataFrame | None, year: int, names: set[str]) -> list[tuple[str, str]]:
    """(new, old) unit names of a year that the alias suggestions pair, both among `names`."""
    if suggestions is None or suggestions.empty:
        return []
    found = suggestions[(suggestions["year"] == year) & (suggestions["field"] == "unit")]
    return [(new, old) for new, old in zip(found["new_name"], found["old_name"], strict=True) if {new, old} <= names]


def collective_highlights(unit_workload: pd.DataFrame) -> pd.DataFrame:
    """Per year: the collective entry taking part in most items (e.g. 各区镇) with its count and
    share, and the units named as data providers with their counts."""
    rows = []
    for year, part in unit_workload.groupby("year", sort=True):
        collective = part[(part["kind"] == SEPARATE_KIND) & (part["role"] == "participant")]
        collective = collective.sort_values("count", ascending=False, kind="stable")
        providers = part[(part["role"] == "data_provider") & (part["count"] > 0)]
        first = collective.iloc[0] if len(collective) else None
        rows.append(
            {
                "year": int(year),
                "collective": None if first is None else first["name"],
                "collective_count": None if first is None else int(first["count"]),
                "collective_share": None if first is None else float(first["share"]),
                "providers": list(zip(providers["name"], providers["count"].astype(int), strict=True)),
            }
        )
    return _frame(rows)


def leader_unit_reach(
    leader_lead_units: pd.DataFrame, item_leaders: pd.DataFrame, item_units: pd.DataFrame
) -> pd.DataFrame:
    """Per year (collective entries left out, and only pairs an item makes clear, see `leader_lead_units`):
    the leader with the most distinct lead units, how many units answer to two or more leaders, the units
    answering to the most (ties all listed), and how many items leave it open (several leaders over several ★ lead units)."""
    pairs = leader_lead_units[(leader_lead_units["kind"] != SEPARATE_KIND) & (leader_lead_units["clear"] > 0)]
    open_items = _items_without_clear_pairs(item_leaders, item_units)
    rows = []
    for year, part in pairs.groupby("year", sort=True):
        reach = part.groupby("leader")["unit"].nunique().sort_values(ascending=False, kind="stable")
        shared = part.groupby("unit")["leader"].nunique()
        rows.append(
            {
                "year": int(year),
                "top_leader": reach.index[0],
                "top_leader_units": int(reach.iloc[0]),
                "shared_units": int((shared > 1).sum()),
                "most_shared": shared[shared == shared.max()].index.tolist(),  # ties all listed
                "most_shared_leaders": int(shared.max()),
                "open_items": int(open_items.get(year, 0)),
            }
        )
    return _frame(rows)


def _items_without_clear_pairs(item_leaders: pd.DataFrame, item_units: pd.DataFrame) -> pd.Series:
    """Per year, items with two or more leaders over two or more ★ lead units (no clear pair)."""
    rows = leader_unit_rows(item_leaders, item_units)
    return rows[~rows["clear"]].groupby("year")["item_id"].nunique()
