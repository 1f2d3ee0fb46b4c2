"""The main expected targets (主要预期目标) side by side for every year, each year in its own words, with
the change between consecutive years as a sentence."""

from __future__ import annotations

import itertools

import pandas as pd

from analysis.targets.changes import Change
from analysis.targets.compare import stretch_bases
from analysis.tidy.chapters import is_headline

STRETCH_JOIN = "、"


def _chains(head: pd.DataFrame, changes: list[Change]) -> list[dict[int, int]]:
    """Each headline indicator followed across years: {year: row label of its base target}."""
    successor = {c.pair.base_from: c.pair.base_to for c in changes if None not in (c.pair.base_from, c.pair.base_to)}
    seen: set[int] = set()
    chains = []
    for index in head.sort_values(["year", "item_id"]).index:
        if index in seen:
            continue
        chain, nxt = {}, index
        while nxt is not None and nxt in head.index and nxt not in seen:
            seen.add(nxt)
            chain[int(head.at[nxt, "year"])] = nxt
            nxt = successor.get(nxt)
        chains.append(chain)
    return _rejoined(head, chains)


def _rejoined(head: pd.DataFrame, chains: list[dict[int, int]]) -> list[dict[int, int]]:
    """Chains of one indicator (same wording) in years that do not overlap, made one: an indicator left out
    one year and listed again the next is one row with a gap, not two rows."""
    joined: list[dict[int, int]] = []
    by_name: dict[str, list[dict[int, int]]] = {}
    for chain in chains:
        named = by_name.setdefault(head.at[chain[max(chain)], "indicator"], [])
        same = next((c for c in named if not set(c) & set(chain)), None)
        if same is None:
            joined.append(dict(chain))
            named.append(joined[-1])
        else:
            same.update(chain)
    return [dict(sorted(c.items())) for c in joined]


def headline_targets(
    targets: pd.DataFrame, items: pd.DataFrame, changes: list[Change], years: list[int]
) -> pd.DataFrame:
    """Chapter one side by side: one row per indicator (latest wording), a column per year with that year's
    own words (the base target, and its stretch value when there is one), and a sentence per pair of years."""
    head = targets[targets["item_id"].isin(set(items.loc[is_headline(items), "item_id"]))]
    stretch_of = {base: stretch for stretch, base in stretch_bases(head).items()}
    head = head.drop(index=list(stretch_of.values()))
    said_from = {c.pair.base_from: c.summary for c in changes if c.pair.base_from is not None}
    said_to = {c.pair.base_to: c.summary for c in changes if c.pair.base_to is not None}
    rows = []
    for chain in _chains(head, changes):
        latest = head.loc[chain[max(chain)]]
        row = {"indicator": latest["indicator"], "first_item": head.at[chain[min(chain)], "item_id"]}
        for year in years:
            row[str(year)] = _own_words(targets, chain[year], stretch_of) if year in chain else ""
        for a, b in itertools.pairwise(years):
            text = said_from.get(chain[a], "") if a in chain else said_to.get(chain[b], "") if b in chain else ""
            row[f"change_{a}_{b}"] = text
        rows.append(row)
    changes_columns = [f"change_{a}_{b}" for a, b in itertools.pairwise(years)]
    frame = pd.DataFrame.from_records(rows, columns=["indicator", "first_item", *map(str, years), *changes_columns])
    frame = frame.sort_values(["first_item"], kind="stable")
    return frame.drop(columns=["first_item"]).reset_index(drop=True)


def _own_words(targets: pd.DataFrame, index: int, stretch_of: dict[int, int]) -> str:
    """The target as its year's plan words it, with its stretch value (…5%、力争增长5.5%)."""
    text = targets.at[index, "span"]
    if index in stretch_of:
        text += STRETCH_JOIN + targets.at[stretch_of[index], "span"]
    return text
