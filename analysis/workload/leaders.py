"""Leaders' workload (牵头领导): items led per year, chapters, arrivals and departures, co-leads, lead units.

Counting rules: see `analysis.workload.counting`.
"""

from __future__ import annotations

from itertools import pairwise

import pandas as pd

from analysis.registry import make_frame, table
from analysis.tidy.chapters import chapter_topic, chapter_topic_label
from analysis.workload.counting import LEADER_KIND, count_by, leader_rows, with_change, years_of


def leader_workload(items: pd.DataFrame, item_leaders: pd.DataFrame) -> pd.DataFrame:
    """Items led per leader and year, long format.

    kind is always 'leader'; role is 'lead' (every item led, written or inherited),
    'written' (leader cell filled in) or 'inherited' (empty cell continuing the row above).
    """
    rows = leader_rows(item_leaders)
    parts = []
    for role, mask in (("lead", True), ("written", ~rows["inherited"]), ("inherited", rows["inherited"])):
        part = rows[mask] if role != "lead" else rows
        parts.append(count_by(part, ["year", "leader"], weighted="weight").assign(role=role))
    counts = pd.concat(parts).rename(columns={"leader": "name"}).assign(kind=LEADER_KIND)
    return with_change(counts, items, "leader_workload")


def leader_chapters(items: pd.DataFrame, item_leaders: pd.DataFrame) -> pd.DataFrame:
    """Leader × chapter counts per year (long; one row per leader and chapter they lead items in)."""
    chapters = items[["item_id", "chapter_no", "chapter_title"]]
    rows = leader_rows(item_leaders).merge(chapters, on="item_id")
    grouped = count_by(
        rows, ["year", "leader", "chapter_no", "chapter_title"], weighted="weight", inherited="inherited"
    )
    grouped["topic"] = grouped["chapter_title"].map(chapter_topic)
    grouped["chapter_label"] = [
        chapter_topic_label(n, t) for n, t in zip(grouped["chapter_no"], grouped["chapter_title"], strict=True)
    ]
    grouped["inherited"] = grouped["inherited"].astype(int)
    ordered = grouped.sort_values(["year", "chapter_no", "count"], ascending=[True, True, False])
    return ordered[table("leader_chapters").column_names]


def leader_changes(items: pd.DataFrame, chapters: pd.DataFrame) -> pd.DataFrame:
    """What changed for leaders between consecutive plan years (from `leader_chapters`).

    change is 'new_leader' / 'gone_leader' (topic: the chapters they lead, joined by 、)
    or, for leaders present both years, 'topic_gained' / 'topic_lost' per chapter topic.
    Chapters are compared by topic (chapter_topic), since numbering and wording change;
    topic_in_both says whether that topic exists in both plans, so a gain caused by a
    restructured plan (topic_in_both False) can be told from a real handover.
    """
    by_topic = chapters.groupby(["year", "leader", "topic"])["count"].sum()
    topics_of_year = chapters.groupby("year")["topic"].agg(set)
    records = []
    for year_from, year_to in pairwise(years_of(items)):
        before = by_topic[year_from] if year_from in by_topic.index.get_level_values(0) else pd.Series(dtype=int)
        after = by_topic[year_to] if year_to in by_topic.index.get_level_values(0) else pd.Series(dtype=int)
        leaders_before = set(before.index.get_level_values(0))
        leaders_after = set(after.index.get_level_values(0))
        common_topics = topics_of_year.get(year_from, set()) & topics_of_year.get(year_to, set())
        for leader in sorted(leaders_after - leaders_before):
            topics = "、".join(after[leader].index)
            records.append((year_from, year_to, leader, "new_leader", topics, 0, after[leader].sum(), None))
        for leader in sorted(leaders_before - leaders_after):
            topics = "、".join(before[leader].index)
            records.append((year_from, year_to, leader, "gone_leader", topics, before[leader].sum(), 0, None))
        for leader in sorted(leaders_before & leaders_after):
            old, new = before[leader], after[leader]
            for topic in sorted(set(new.index) - set(old.index)):
                in_both = topic in common_topics
                records.append((year_from, year_to, leader, "topic_gained", topic, 0, new[topic], in_both))
            for topic in sorted(set(old.index) - set(new.index)):
                in_both = topic in common_topics
                records.append((year_from, year_to, leader, "topic_lost", topic, old[topic], 0, in_both))
    return make_frame("leader_changes", records).astype({"count_from": int, "count_to": int})


def leader_handovers(items: pd.DataFrame, item_leaders: pd.DataFrame, matches: pd.DataFrame | None) -> pd.DataFrame:
    """Continued tasks whose leaders changed between consecutive years: who left the task and who joined it,
    beside both texts. A chapter's topic can stay with a leader while its tasks change hands (文明典范城市:
    钱宇 in 2022, 沈伟江 in 2023), which `leader_changes` cannot show. A leader carried down from the row above
    (an empty cell) is marked, as the weaker reading of who leads. No matches (no matcher run): no rows."""
    if matches is None:
        return make_frame("leader_handovers", [])
    leaders: dict[str, list[str]] = {}
    for item_id, leader in zip(item_leaders["item_id"], item_leaders["leader"], strict=True):
        named = leaders.setdefault(item_id, [])
        if leader not in named:
            named.append(leader)
    inherited = set(item_leaders.loc[item_leaders["inherited"].astype(bool), "item_id"])
    text = dict(zip(items["item_id"], items["text"], strict=True))
    records = []
    for r in matches[matches["label"] == "continued"].itertuples(index=False):
        before, after = leaders.get(r.item_from, []), leaders.get(r.item_to, [])
        left, joined = [n for n in before if n not in after], [n for n in after if n not in before]
        if left or joined:
            names = ["、".join(group) for group in (before, after, left, joined)]
            carried = (r.item_from in inherited, r.item_to in inherited)
            records.append(
                (r.year_from, r.item_from, r.year_to, r.item_to, *names, *carried, text[r.item_from], text[r.item_to])
            )
    return make_frame("leader_handovers", records)


def co_leadership(item_leaders: pd.DataFrame) -> pd.DataFrame:
    """Pairs of leaders sharing items, per year; inherited = how many of those items had inherited leaders."""
    rows = leader_rows(item_leaders)[["year", "item_id", "leader", "inherited"]]
    rows = rows.assign(inherited=rows.groupby(["year", "item_id"])["inherited"].transform("any"))
    both = rows.merge(rows[["year", "item_id", "leader"]], on=["year", "item_id"], suffixes=("_a", "_b"))
    pairs = both[both["leader_a"] < both["leader_b"]]  # each pair of an item's leaders once, in name order
    frame = count_by(pairs, ["year", "leader_a", "leader_b"], inherited="inherited").astype({"inherited": int})
    ordered = frame.sort_values(["year", "count", "leader_a"], ascending=[True, False, True])
    return make_frame("co_leadership", ordered.to_dict("records"))


def leader_unit_rows(item_leaders: pd.DataFrame, item_units: pd.DataFrame) -> pd.DataFrame:
    """One row per (item, leader, ★ lead unit); `clear` says whether the item makes the unit answer to the
    leader: it has one leader or one ★ lead unit. Three leaders over three ★ units do not say who oversees
    which unit."""
    leads = item_units[item_units["role"] == "lead"].drop_duplicates(["item_id", "unit"])
    rows = leader_rows(item_leaders)[["item_id", "year", "leader"]].merge(
        leads[["item_id", "unit", "kind"]], on="item_id"
    )
    per_item = rows.groupby("item_id")
    rows["clear"] = (per_item["leader"].transform("nunique") == 1) | (per_item["unit"].transform("nunique") == 1)
    return rows


def leader_lead_units(item_leaders: pd.DataFrame, item_units: pd.DataFrame) -> pd.DataFrame:
    """Leader × ★ lead unit: items where the leader leads and the unit is a ★ lead unit, per year; `clear`
    counts those of them that say the unit answers to the leader (see `leader_unit_rows`)."""
    rows = leader_unit_rows(item_leaders, item_units)
    frame = count_by(rows, ["year", "leader", "unit", "kind"], clear="clear").astype({"clear": int})
    ordered = frame.sort_values(["year", "leader", "count", "unit"], ascending=[True, True, False, True])
    return make_frame("leader_lead_units", ordered.to_dict("records"))
