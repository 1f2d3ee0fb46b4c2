"""Leaders' workload (牵头领导): items led per year, chapters, arrivals and departures, co-leads, lead units.

Counting rules: see `analysis.workload.counting`.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pandas as pd

from analysis.registry import make_frame, pair_rows, table
from analysis.tidy.chapters import chapter_counterparts, chapter_labels, chapter_topic, same_chapters
from analysis.workload.counting import LEADER_KIND, count_by, leader_rows, with_change, years_of

SHIFT_ITEMS = 3  # the fewest items by which a leader's share of a chapter must change to be reported


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
    grouped["chapter_label"] = chapter_labels(grouped)  # the plan's words, as every other chart names a chapter
    grouped["inherited"] = grouped["inherited"].astype(int)
    ordered = grouped.sort_values(["year", "chapter_no", "count"], ascending=[True, True, False])
    return ordered[table("leader_chapters").column_names]


def leader_changes(
    items: pd.DataFrame,
    chapters: pd.DataFrame,
    matches: pd.DataFrame | None = None,
    item_leaders: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """What changed for leaders between consecutive plan years (from `leader_chapters`).

    change is 'new_leader' / 'gone_leader' (topic: the chapters they lead, joined by 、)
    or, for leaders present both years, 'topic_gained' / 'topic_lost' per chapter (topic: its short name),
    and 'topic_grew' / 'topic_shrank' where they lead in a chapter both years but far more or fewer items
    (陈建忠 1 → 7 in 乡村振兴 as 孙俊良 goes 7 → 1: a handover the presence of a name cannot show), counted
    only where the two chapters are one (`tidy.chapters.same_chapters`).
    Chapters are numbered and titled anew each year, so a later chapter is compared with its counterpart,
    the earlier chapter its continued items come from (`tidy.chapters.chapter_counterparts`): a leader
    gains a chapter whose counterpart they did not lead, and loses one where they lead none of its
    successors. topic_in_both says whether the chapter has a counterpart, so a gain caused by a
    restructured plan (topic_in_both False) can be told from a real handover. moved_items lists, for a chapter
    gained or lost, the leader's items that only changed chapter and are still the leader's (2022-102→2023-107:
    钱宇's 安全生产 work, from 民生福祉 to 2023's 防范风险), given the leaders of each item.
    """
    records: list[dict] = []
    moved_between = _moved_items(items, item_leaders, matches)
    blank = {
        (int(y), leader, int(c)): int(n)
        for y, leader, c, n in chapters[["year", "leader", "chapter_no", "inherited"]].itertuples(index=False)
    }
    label = {
        (int(y), int(c)): t for y, c, t in chapters[["year", "chapter_no", "chapter_label"]].itertuples(index=False)
    }
    for year_from, year_to in pairwise(years_of(items)):
        before = _chapters_led(chapters, year_from)
        after = _chapters_led(chapters, year_to)
        counterpart = chapter_counterparts(items, matches, year_from, year_to)
        same = same_chapters(items, matches, year_from, year_to)
        successors: dict[int, set[int]] = {}
        for later, earlier in counterpart.items():
            successors.setdefault(earlier, set()).add(later)
        later_names = dict(
            zip(*(chapters.loc[chapters["year"] == year_to, c] for c in ("chapter_no", "topic")), strict=True)
        )

        def add(
            leader: str,
            change: str,
            topic: str,
            counts: tuple[int, int],
            carried: tuple[int, int],
            years: tuple[int, int] = (year_from, year_to),
            **rest,
        ) -> None:
            records.append(
                dict(year_from=years[0], year_to=years[1], leader=leader, change=change, topic=topic)
                | dict(count_from=counts[0], count_to=counts[1], inherited_from=carried[0], inherited_to=carried[1])
                | dict(topic_in_both=None, moved_items="", chapter="")
                | rest
            )

        for change, present, absent in (("new_leader", after, before), ("gone_leader", before, after)):
            for leader in sorted(present.keys() - absent.keys()):
                led = present[leader]
                topics = "、".join(dict.fromkeys(topic for topic, _ in led.values()))
                total = sum(count for _, count in led.values())
                year = year_to if change == "new_leader" else year_from
                carried = sum(blank.get((year, leader, c), 0) for c in led)
                arriving = change == "new_leader"
                add(
                    leader,
                    change,
                    topics,
                    (0, total) if arriving else (total, 0),
                    (0, carried) if arriving else (carried, 0),
                    chapter=CHAPTER_SEPARATOR.join(label[(year, c)] for c in led),
                )
        moved = moved_between(year_from, year_to)
        for leader in sorted(before.keys() & after.keys()):
            old, new = before[leader], after[leader]
            for chapter, (topic, count) in new.items():
                source = counterpart.get(chapter)
                if source is None or source not in old:
                    add(
                        leader,
                        "topic_gained",
                        topic,
                        (0, count),
                        (0, blank.get((year_to, leader, chapter), 0)),
                        topic_in_both=source is not None,
                        moved_items=moved(leader, chapter, into=True),
                        chapter=label[(year_to, chapter)],
                    )
            for chapter, (topic, count) in old.items():
                later = successors.get(chapter, set())
                one = same.get(chapter)  # a chapter carried on as one is named as the later year names it
                name = later_names.get(one, topic)
                if not later & new.keys():
                    add(
                        leader,
                        "topic_lost",
                        name,
                        (count, 0),
                        (blank.get((year_from, leader, chapter), 0), 0),
                        topic_in_both=bool(later),
                        moved_items=moved(leader, chapter, into=False),
                        chapter=label[(year_from, chapter)],
                    )
                elif one in new and _shifted(count, new[one][1]):  # counts compared only where the chapters are one
                    now = new[one][1]
                    add(
                        leader,
                        "topic_grew" if now > count else "topic_shrank",
                        name,
                        (count, now),
                        (blank.get((year_from, leader, chapter), 0), blank.get((year_to, leader, one), 0)),
                        topic_in_both=True,
                        chapter=_renamed(label[(year_from, chapter)], label[(year_to, one)]),
                    )
    counts = {c: int for c in ("count_from", "count_to", "inherited_from", "inherited_to")}
    return make_frame("leader_changes", records).astype(counts)


def _moved_items(
    items: pd.DataFrame, item_leaders: pd.DataFrame | None, matches: pd.DataFrame | None
) -> Callable[[int, int], Callable[[str, int, bool], str]]:
    """(year_from, year_to) → ((leader, chapter, into) → the leader's items in that chapter (of the later year if
    `into`, else of the earlier) linked to an item of the other year the leader also leads, each with its partners
    (2022-102→2023-010、2023-107), joined by `MOVED_SEPARATOR`; a blank leader cell is named). Items' chapters and
    leaders are read once for every pair of years."""
    if item_leaders is None or matches is None:
        return lambda year_from, year_to: lambda leader, chapter, into: ""
    chapter_of = dict(zip(items["item_id"], items["chapter_no"], strict=True))
    led: dict[str, set[str]] = {}
    for item_id, leader in zip(item_leaders["item_id"], item_leaders["leader"], strict=True):
        led.setdefault(leader, set()).add(item_id)
    blank = set(item_leaders.loc[item_leaders["inherited"].astype(bool), "item_id"])

    def moved_item(own: str, others: list[str], into: bool) -> str:
        """One item of the chapter with its partners in the other year (2022-102→2023-010、2023-107), and which
        had a blank leader cell (the leader then is only the row above's, so the claim that the work is still
        theirs needs a look at the original)."""
        said = f"{'、'.join(others)}→{own}" if into else f"{own}→{'、'.join(others)}"
        caveat = "、".join(i for i in sorted({own, *others}) if i in blank)
        return said + (f"（{caveat}领导栏空白，沿用上一行）" if caveat else "")

    def for_pair(year_from: int, year_to: int) -> Callable[[str, int, bool], str]:
        pairs = pair_rows(matches, year_from, year_to)
        links = sorted(zip(pairs["item_from"], pairs["item_to"], strict=True))

        def moved(leader: str, chapter: int, into: bool) -> str:
            mine = led.get(leader, set())
            partners: dict[str, list[str]] = {}
            for a, b in links:
                own, other = (b, a) if into else (a, b)
                if a in mine and b in mine and chapter_of[own] == chapter:
                    partners.setdefault(own, []).append(other)
            return MOVED_SEPARATOR.join(moved_item(own, others, into) for own, others in sorted(partners.items()))

        return moved

    return for_pair


MOVED_SEPARATOR = "；"  # between the items of `leader_changes.moved_items` (、 joins one item's partners)
CHAPTER_SEPARATOR = "；"  # between a new or departed leader's chapters (`leader_changes.chapter`)


def _renamed(before: str, after: str) -> str:
    """A chapter compared across two years in the plans' words: once if both years title it alike."""
    return before if before == after else f"{before}→{after}"


def _shifted(before: int, after: int) -> bool:
    """Whether a leader's items in one chapter changed enough to say so (1 → 7, 10 → 3): by at least
    SHIFT_ITEMS, and by at least half of the larger count."""
    change = abs(after - before)
    return change >= SHIFT_ITEMS and change * 2 >= max(before, after)


def _chapters_led(chapters: pd.DataFrame, year: int) -> dict[str, dict[int, tuple[str, int]]]:
    """leader -> {chapter_no: (topic, items led there)} in one year, chapters in plan order."""
    led: dict[str, dict[int, tuple[str, int]]] = {}
    part = chapters[chapters["year"] == year].sort_values("chapter_no")
    for leader, chapter, topic, count in part[["leader", "chapter_no", "topic", "count"]].itertuples(index=False):
        led.setdefault(leader, {})[int(chapter)] = (topic, int(count))
    return led


def leader_handovers(items: pd.DataFrame, item_leaders: pd.DataFrame, matches: pd.DataFrame | None) -> pd.DataFrame:
    """Continued tasks whose leaders changed between consecutive years: who left the task and who joined it,
    beside both texts. A chapter's topic can stay with a leader while its tasks change hands (文明典范城市:
    钱宇 in 2022, 沈伟江 in 2023), which `leader_changes` cannot show. A leader carried down from the row above
    (an empty cell) is marked, as the weaker reading of who leads. A change that comes with a split or a merge is
    marked too: the leader who left still leads another part of the earlier item in the next year (钱宇 keeps
    the grain target split off 2022-063), or the one who joined led another item merged into the later one
    (钱宇 brings 2022-049 into 2023-020); no handover of the task. No matches (no matcher run): no rows."""
    if matches is None:
        return make_frame("leader_handovers", [])
    leaders: dict[str, list[str]] = {}
    for item_id, leader in zip(item_leaders["item_id"], item_leaders["leader"], strict=True):
        named = leaders.setdefault(item_id, [])
        if leader not in named:
            named.append(leader)
    inherited = set(item_leaders.loc[item_leaders["inherited"].astype(bool), "item_id"])
    text = dict(zip(items["item_id"], items["text"], strict=True))
    later_parts: dict[str, list[str]] = {}  # an earlier item's partners (any link) in the next year
    earlier_parts: dict[str, list[str]] = {}
    for item_from, item_to in zip(matches["item_from"], matches["item_to"], strict=True):
        later_parts.setdefault(item_from, []).append(item_to)
        earlier_parts.setdefault(item_to, []).append(item_from)
    records = []
    for r in matches[matches["label"] == "continued"].itertuples(index=False):
        before, after = leaders.get(r.item_from, []), leaders.get(r.item_to, [])
        left, joined = [n for n in before if n not in after], [n for n in after if n not in before]
        if left or joined:
            names = ["、".join(group) for group in (before, after, left, joined)]
            split = any(n in leaders.get(o, []) for o in later_parts[r.item_from] if o != r.item_to for n in left)
            merge = any(n in leaders.get(o, []) for o in earlier_parts[r.item_to] if o != r.item_from for n in joined)
            through = {(True, True): "split_and_merge", (True, False): "split", (False, True): "merge"}.get(
                (split, merge), ""
            )
            carried = (r.item_from in inherited, r.item_to in inherited)
            records.append(
                (
                    r.year_from,
                    r.item_from,
                    r.year_to,
                    r.item_to,
                    *names,
                    through,
                    *carried,
                    text[r.item_from],
                    text[r.item_to],
                )
            )
    return make_frame("leader_handovers", records)


def successors(
    item_leaders: pd.DataFrame, matches: pd.DataFrame, leader: str, year_from: int, year_to: int
) -> dict[str, list[str]]:
    """Who leads in `year_to` what `leader` led in `year_from`: each later leader with the later items linked
    (continued or related) to the leader's items, in item order (李文斌's 扫黑除恶 item goes on as 2023-111 under
    郁海成). A leader gone from the plan may have handed the work on through a task reworded or regrouped."""
    mine = set(item_leaders.loc[(item_leaders["year"] == year_from) & (item_leaders["leader"] == leader), "item_id"])
    pairs = pair_rows(matches, year_from, year_to)
    later = sorted(set(pairs.loc[pairs["item_from"].isin(mine), "item_to"]))
    found: dict[str, list[str]] = {}
    rows = item_leaders[item_leaders["item_id"].isin(later)].drop_duplicates(["item_id", "leader"])
    for item_id, name in sorted(zip(rows["item_id"], rows["leader"], strict=True)):
        if name != leader:
            found.setdefault(name, []).append(item_id)
    return found


def co_leaders(item_leaders: pd.DataFrame, leader: str, year: int) -> set[str]:
    """The leaders who led an item together with `leader` in `year` (许诺 with 吉伟 and 陈建忠 on 2022-028): a
    co-leader who goes on leading the work has not taken it over."""
    part = item_leaders[item_leaders["year"] == year]
    shared = set(part.loc[part["leader"] == leader, "item_id"])
    return set(part.loc[part["item_id"].isin(shared), "leader"]) - {leader}


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
