"""The target_changes table: every indicator of every consecutive pair of years, judged and put in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.registry import make_frame
from analysis.targets.compare import TargetPair
from analysis.targets.judge import DIRECTIONS, Judgement, judge
from analysis.targets.phrases import summary


@dataclass(frozen=True)
class Change:
    """One indicator across two years: which targets, what changed, and the sentence that says so."""

    years: tuple[int, int]
    pair: TargetPair
    judgement: Judgement
    summary: str


def target_rows(targets: pd.DataFrame) -> Callable[[int | None], tuple | None]:
    """Row label → the target as a row with attribute access (None → None); the table is read once."""
    rows = {row.Index: row for row in targets.itertuples()}
    return lambda index: rows[index] if index is not None else None


def judge_pairs(targets: pd.DataFrame, pairs: dict[tuple[int, int], list[TargetPair]]) -> list[Change]:
    """Judge and describe every pair."""
    row = target_rows(targets)
    found = []
    for (year_from, year_to), year_pairs in pairs.items():
        for p in year_pairs:
            a, sa, b, sb = row(p.base_from), row(p.stretch_from), row(p.base_to), row(p.stretch_to)
            judgement = judge(a, sa, b, sb)
            found.append(Change((year_from, year_to), p, judgement, summary(a, sa, b, sb, judgement, year_to)))
    return found


def _side(t, stretch, suffix: str) -> dict:
    present = t is not None
    return {
        f"item_{suffix}": t.item_id if present else None,
        f"span_{suffix}": t.span if present else None,
        f"value_{suffix}": t.value if present else np.nan,
        f"unit_{suffix}": t.unit if present else None,
        f"qualifiers_{suffix}": t.qualifiers if present else None,
        f"stretch_{suffix}": stretch.value if stretch is not None else np.nan,
        f"scaled_{suffix}": t.scaled_value if present else np.nan,
    }


def target_changes(targets: pd.DataFrame, changes: list[Change]) -> pd.DataFrame:
    """One row per indicator and pair of years: both sides (base and stretch values, scaled to base units),
    the value's direction, why it cannot be compared, the commitment's direction, and the sentence."""
    row = target_rows(targets)
    records = []
    for c in changes:
        a, b = row(c.pair.base_from), row(c.pair.base_to)
        latest = b if b is not None else a
        records.append(
            dict(indicator=latest.indicator, year_from=c.years[0], year_to=c.years[1], base_unit=latest.base_unit)
            | _side(a, row(c.pair.stretch_from), "from")
            | _side(b, row(c.pair.stretch_to), "to")
            | dict(
                direction=c.judgement.direction,
                reason=c.judgement.reason,
                commitment=c.judgement.commitment,
                summary=c.summary,
            )
        )
    frame = make_frame("target_changes", records)
    if frame.empty:
        return frame
    order = {d: i for i, d in enumerate(DIRECTIONS)}
    frame = frame.assign(_o=frame["direction"].map(order)).sort_values(["year_from", "_o", "item_to", "item_from"])
    return frame.drop(columns="_o").reset_index(drop=True)
