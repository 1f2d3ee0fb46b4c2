"""The targets stage's tables: targets, target_changes and headline_targets."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.targets.compare import all_pairs, target_changes
from analysis.targets.extract import extract_targets
from analysis.targets.headline import headline_targets


def target_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables of the targets stage, by name; reads items and (when present) the matcher's matches."""
    items = tables["items"]
    years = sorted(int(y) for y in items["year"].unique())
    targets = extract_targets(items)
    pairs = all_pairs(targets, items, tables.get("matches"), years)
    return {
        "targets": targets,
        "target_changes": target_changes(targets, pairs),
        "headline_targets": headline_targets(targets, items, pairs, years),
    }
