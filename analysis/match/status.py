"""What became of each item: its status against each neighbouring year, and lineages across years."""

from __future__ import annotations

import itertools
import math
from statistics import NormalDist
from typing import NamedTuple

import pandas as pd

from analysis.registry import conform, make_frame, pair_rows, table


def item_status(items: pd.DataFrame, matches: pd.DataFrame, closest: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every item against each neighbouring year: continued, related-only, new (later side) or dropped (earlier),
    with its closest candidate there and the probability that it has no partner (`closest`: item_id,
    against_year, closest_item, closest_p_related, p_unlinked; 0 once the analyst linked it)."""
    years = sorted(int(y) for y in items["year"].unique())
    rows, decided = [], set()
    for earlier, later in itertools.pairwise(years):
        pair = pair_rows(matches, earlier, later)
        for year, against, side, absent in (
            (later, earlier, "item_to", "new"),
            (earlier, later, "item_from", "dropped"),
        ):
            cont = set(pair.loc[pair["label"] == "continued", side])
            rel = set(pair.loc[pair["label"] == "related", side])
            decided |= {(item_id, against) for item_id in pair.loc[pair["decided_by"] == "analyst", side]}
            for item_id in items.loc[items["year"] == year, "item_id"]:
                status = "continued" if item_id in cont else "related-only" if item_id in rel else absent
                rows.append(dict(item_id=item_id, year=year, against_year=against, status=status))
    frame = pd.DataFrame(rows, columns=["item_id", "year", "against_year", "status"])
    if closest is not None and len(closest) and len(frame):
        frame = frame.merge(closest, on=["item_id", "against_year"], how="left")
    frame = frame.reindex(columns=table("item_status").column_names)
    frame["closest_item"] = frame["closest_item"].fillna("")
    frame["p_unlinked"] = frame["p_unlinked"].fillna(1.0)  # no candidate at all
    linked_by_analyst = [key in decided for key in zip(frame["item_id"], frame["against_year"], strict=True)]
    frame.loc[linked_by_analyst, "p_unlinked"] = 0.0
    frame = conform("item_status", frame)
    return frame.sort_values(["year", "item_id", "against_year"], ignore_index=True)


def lineages(items: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Chains of continued items across years, one row per (lineage, year, item).

    Two items are linked when each is the other's best continued partner, so a chain follows one
    task (splits and merges keep their strongest thread); chains are named after their first item
    and only those reaching two or more years are kept.
    """
    cont = matches[matches["label"] == "continued"].sort_values("score", ascending=False)
    best_from = cont.drop_duplicates("item_to").set_index("item_to")["item_from"]
    best_to = cont.drop_duplicates("item_from").set_index("item_from")["item_to"]
    successor = {a: b for b, a in best_from.items() if best_to.get(a) == b}
    texts = items.set_index("item_id")
    rows = []
    for start in sorted(set(successor) - set(successor.values())):
        item_id = start
        while item_id is not None:
            rows.append(
                dict(
                    lineage_id=f"L{start}",
                    year=int(texts.at[item_id, "year"]),
                    item_id=item_id,
                    text=texts.at[item_id, "text"],
                )
            )
            item_id = successor.get(item_id)
    return make_frame("lineages", rows)


class StatusCount(NamedTuple):
    """How many items of a pair of years are new (or dropped): as the model lists them, as expected from each
    item's probability of having no partner, and the interval that count falls in `LIKELY` of the time."""

    listed: int
    expected: float
    low: int
    high: int


LIKELY = 0.9  # the share of outcomes the stated interval of an expected count covers


def status_counts(item_status: pd.DataFrame, year_from: int, year_to: int) -> dict[str, StatusCount]:
    """New and dropped counts of a pair of years. The expected count is the sum of each item's probability of
    having no partner (`p_unlinked`), which weighs the near misses the listed count leaves out; its interval
    is the normal approximation of that sum if items are linked independently (variance p(1-p) per item),
    widened to whole items. Under cross-validation on the fixture the reading's counts lie inside it (README,
    matching notes)."""
    z = NormalDist().inv_cdf((1 + LIKELY) / 2)
    counts = {}
    for status, year, against in (("new", year_to, year_from), ("dropped", year_from, year_to)):
        rows = item_status[(item_status["year"] == year) & (item_status["against_year"] == against)]
        p = rows["p_unlinked"].to_numpy(dtype=float)
        mean, spread = float(p.sum()), z * math.sqrt(float((p * (1 - p)).sum()))
        low, high = max(0, math.floor(mean - spread)), min(len(p), math.ceil(mean + spread))
        counts[status] = StatusCount(int((rows["status"] == status).sum()), mean, low, high)
    return counts
