"""The targets stages' tables: targets (read from the items, before matching, which uses them as
evidence), then target_changes and headline_targets (which use the matches)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.targets.changes import judge_pairs, linked_counterparts, target_changes, untargeted_mentions
from analysis.targets.compare import all_pairs
from analysis.targets.extract import extract_targets
from analysis.targets.headline import headline_targets


def target_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The targets of every item."""
    return {"targets": extract_targets(tables["items"])}


def change_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """How targets changed: reads items, targets and (when present) the matcher's matches and the units' names."""
    items, targets = tables["items"], tables["targets"]
    years = sorted(int(y) for y in items["year"].unique())
    matches = tables.get("matches")
    pairs = all_pairs(targets, items, matches, years)
    units = tables.get("item_units")
    names = set(units["unit"]) | set(units["unit_raw"]) if units is not None else set()
    changes = judge_pairs(
        targets, pairs, untargeted_mentions(items, targets), linked_counterparts(targets, matches, items, names)
    )
    return {
        "target_changes": target_changes(targets, changes),
        "headline_targets": headline_targets(targets, items, changes, years),
    }
