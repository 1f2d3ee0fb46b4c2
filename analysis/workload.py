"""Workload of each leader (牵头领导) and each unit (责任单位), year over year.

Counting rules, shared by every table here:

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

from itertools import combinations, pairwise

import numpy as np
import pandas as pd

from analysis import schema
from analysis.labels import chapter_topic, chapter_topic_label
from analysis.load import PlanTables

LEADER_KIND = "leader"
# lead: every item led (written or inherited); written / inherited: the two parts of it.
LEADER_ROLES = ("lead", "written", "inherited")
# lead (★) and participant together make `all`; data_provider (footnote: 区统计局、吴江海关
# mainly provide data) is kept apart and is not part of `all`.
UNIT_ROLES = ("lead", "participant", "all", "data_provider")
# Kinds ranked side by side; collective entries (各区镇, …成员单位) are reported on their own.
RANKED_KINDS = ("department", "town_park", "company", "other")
SEPARATE_KIND = "collective"


def _items_per_year(plans: PlanTables) -> pd.Series:
    return plans.items.groupby("year").size()


def _with_change(counts: pd.DataFrame, years: list[int], items_per_year: pd.Series, columns: list[str]) -> pd.DataFrame:
    """Add zero rows for names gone since the previous year, then share and change (see module doc)."""
    keys = ["name", "kind", "role"]
    panel = counts.pivot_table(index=keys, columns="year", values=["count", "weighted"], aggfunc="sum", fill_value=0)
    panel = panel.reindex(
        columns=pd.MultiIndex.from_product([["count", "weighted"], years], names=[None, "year"]), fill_value=0
    )
    count, weighted = panel["count"], panel["weighted"]
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
    frame["share"] = frame["count"] / frame["year"].map(items_per_year)
    order = {role: i for i, role in enumerate(dict.fromkeys(LEADER_ROLES + UNIT_ROLES))}
    frame["role_order"] = frame["role"].map(order)
    frame = frame.sort_values(["year", "role_order", "count", "name"], ascending=[True, True, False, True])
    return frame[columns].reset_index(drop=True)


def _leader_rows(plans: PlanTables) -> pd.DataFrame:
    """item_leaders with the 1/k weight of each row."""
    rows = plans.item_leaders.drop_duplicates(["item_id", "leader"]).copy()
    rows["weight"] = 1.0 / rows.groupby("item_id")["leader"].transform("size")
    return rows


def leader_workload(plans: PlanTables) -> pd.DataFrame:
    """Items led per leader and year (schema.LEADER_WORKLOAD), long format.

    kind is always 'leader'; role is 'lead' (every item led, written or inherited),
    'written' (leader cell filled in) or 'inherited' (empty cell continuing the row above).
    """
    rows = _leader_rows(plans)
    parts = []
    for role, mask in (("lead", True), ("written", ~rows["inherited"]), ("inherited", rows["inherited"])):
        part = rows[mask] if role != "lead" else rows
        grouped = part.groupby(["year", "leader"]).agg(count=("item_id", "size"), weighted=("weight", "sum"))
        parts.append(grouped.reset_index().assign(role=role))
    counts = pd.concat(parts).rename(columns={"leader": "name"}).assign(kind=LEADER_KIND)
    return _with_change(counts, plans.years, _items_per_year(plans), schema.LEADER_WORKLOAD)


def unit_workload(plans: PlanTables) -> pd.DataFrame:
    """Items per unit, role and year (schema.UNIT_WORKLOAD), long format.

    kind is the unit's kind (department, town_park, company, collective, other);
    role is 'lead' (★), 'participant', 'all' (lead or participant: every item the unit
    works on) or 'data_provider' (non-lead mentions of the footnote's data providers).
    weighted splits an item among the units of that role in it.
    """
    units = plans.item_units.drop_duplicates(["item_id", "unit", "role"])
    together = units[units["role"].isin(["lead", "participant"])].drop_duplicates(["item_id", "unit"])
    frames = [units, together.assign(role="all")]
    rows = pd.concat(frames, ignore_index=True)
    rows["weight"] = 1.0 / rows.groupby(["item_id", "role"])["unit"].transform("size")
    counts = (
        rows.groupby(["year", "unit", "kind", "role"])
        .agg(count=("item_id", "size"), weighted=("weight", "sum"))
        .reset_index()
        .rename(columns={"unit": "name"})
    )
    return _with_change(counts, plans.years, _items_per_year(plans), schema.UNIT_WORKLOAD)


def leader_chapters(plans: PlanTables) -> pd.DataFrame:
    """Leader × chapter counts per year (long; one row per leader and chapter they lead items in)."""
    chapters = plans.items[["item_id", "chapter_no", "chapter_title"]]
    rows = _leader_rows(plans).merge(chapters, on="item_id")
    grouped = (
        rows.groupby(["year", "leader", "chapter_no", "chapter_title"])
        .agg(count=("item_id", "size"), weighted=("weight", "sum"), inherited=("inherited", "sum"))
        .reset_index()
    )
    grouped["topic"] = grouped["chapter_title"].map(chapter_topic)
    grouped["chapter_label"] = [
        chapter_topic_label(n, t) for n, t in zip(grouped["chapter_no"], grouped["chapter_title"], strict=True)
    ]
    grouped["inherited"] = grouped["inherited"].astype(int)
    return grouped.sort_values(["year", "chapter_no", "count"], ascending=[True, True, False])[schema.LEADER_CHAPTERS]


def leader_changes(plans: PlanTables, chapters: pd.DataFrame | None = None) -> pd.DataFrame:
    """What changed for leaders between consecutive plan years.

    change is 'new_leader' / 'gone_leader' (topic: the chapters they lead, joined by 、)
    or, for leaders present both years, 'topic_gained' / 'topic_lost' per chapter topic.
    Chapters are compared by topic (chapter_topic), since numbering and wording change;
    topic_in_both says whether that topic exists in both plans, so a gain caused by a
    restructured plan (topic_in_both False) can be told from a real handover.
    """
    chapters = leader_chapters(plans) if chapters is None else chapters
    by_topic = chapters.groupby(["year", "leader", "topic"])["count"].sum()
    topics_of_year = chapters.groupby("year")["topic"].agg(set)
    records = []
    years = plans.years
    for year_from, year_to in pairwise(years):
        before = by_topic[year_from] if year_from in by_topic.index.get_level_values(0) else pd.Series(dtype=int)
        after = by_topic[year_to] if year_to in by_topic.index.get_level_values(0) else pd.Series(dtype=int)
        leaders_before = set(before.index.get_level_values(0))
        leaders_after = set(after.index.get_level_values(0))
        common_topics = topics_of_year.get(year_from, set()) & topics_of_year.get(year_to, set())
        for leader in sorted(leaders_after - leaders_before):
            records.append(
                (year_from, year_to, leader, "new_leader", "、".join(after[leader].index), 0, after[leader].sum(), None)
            )
        for leader in sorted(leaders_before - leaders_after):
            records.append(
                (
                    year_from,
                    year_to,
                    leader,
                    "gone_leader",
                    "、".join(before[leader].index),
                    before[leader].sum(),
                    0,
                    None,
                )
            )
        for leader in sorted(leaders_before & leaders_after):
            old, new = before[leader], after[leader]
            for topic in sorted(set(new.index) - set(old.index)):
                records.append(
                    (year_from, year_to, leader, "topic_gained", topic, 0, new[topic], topic in common_topics)
                )
            for topic in sorted(set(old.index) - set(new.index)):
                records.append((year_from, year_to, leader, "topic_lost", topic, old[topic], 0, topic in common_topics))
    frame = pd.DataFrame.from_records(records, columns=schema.LEADER_CHANGES)
    return frame.astype({"count_from": int, "count_to": int})


def co_leadership(plans: PlanTables) -> pd.DataFrame:
    """Pairs of leaders sharing items, per year; inherited = how many of those items had inherited leaders."""
    rows = _leader_rows(plans)
    records = []
    for (year, _item), group in rows.groupby(["year", "item_id"], sort=True):
        names = sorted(group["leader"])
        inherited = bool(group["inherited"].any())
        records += [(year, a, b, inherited) for a, b in combinations(names, 2)]
    pairs = pd.DataFrame.from_records(records, columns=["year", "leader_a", "leader_b", "inherited"])
    frame = (
        pairs.groupby(["year", "leader_a", "leader_b"])
        .agg(count=("inherited", "size"), inherited=("inherited", "sum"))
        .reset_index()
        .astype({"inherited": int})
    )
    return frame.sort_values(["year", "count", "leader_a"], ascending=[True, False, True])[
        schema.CO_LEADERSHIP
    ].reset_index(drop=True)


def leader_lead_units(plans: PlanTables) -> pd.DataFrame:
    """Leader × ★ lead unit: items where the leader leads and the unit is a ★ lead unit, per year."""
    leads = plans.item_units[plans.item_units["role"] == "lead"].drop_duplicates(["item_id", "unit"])
    rows = _leader_rows(plans)[["item_id", "year", "leader"]].merge(leads[["item_id", "unit", "kind"]], on="item_id")
    frame = rows.groupby(["year", "leader", "unit", "kind"]).size().rename("count").reset_index()
    return frame.sort_values(["year", "leader", "count", "unit"], ascending=[True, True, False, True])[
        schema.LEADER_LEAD_UNITS
    ].reset_index(drop=True)


def workload_tables(plans: PlanTables) -> dict[str, pd.DataFrame]:
    """Tables of the workload analysis, by name."""
    chapters = leader_chapters(plans)
    return {
        "leader_workload": leader_workload(plans),
        "unit_workload": unit_workload(plans),
        "leader_chapters": chapters,
        "leader_changes": leader_changes(plans, chapters),
        "co_leadership": co_leadership(plans),
        "leader_lead_units": leader_lead_units(plans),
    }


# Selections used by charts and the notebook ------------------------------------------------------


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


def pivot_counts(frame: pd.DataFrame, index: str, columns: str = "year", values: str = "count") -> pd.DataFrame:
    """Wide table (e.g. name × year) with zeros where a pair has no row."""
    return frame.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)
