"""The matching stage's tables: matches (with evidence), item_status, and lineages with 3+ years."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pandas as pd

from analysis.match.features import pair_features
from analysis.match.model import score_pairs
from analysis.match.redline import redline, shared_terms
from analysis.match.status import item_status, lineages
from analysis.registry import make_frame


def match_years(items_from: pd.DataFrame, items_to: pd.DataFrame) -> pd.DataFrame:
    """Pairs of a later year's items (`items_to`) with an earlier year's (`items_from`), continued or related.

    Zero, one or several partners per item on either side; each row explains itself with the
    shared key terms and a redline of the wording and numbers.
    """
    pairs = score_pairs(pair_features(items_from, items_to))
    pairs = pairs[pairs["label"] != ""]
    if pairs.empty:
        return make_frame("matches", [])
    text_from = dict(zip(items_from["item_id"], items_from["text"].astype(str), strict=True))
    text_to = dict(zip(items_to["item_id"], items_to["text"].astype(str), strict=True))
    year_from = dict(zip(items_from["item_id"], items_from["year"], strict=True))
    year_to = dict(zip(items_to["item_id"], items_to["year"], strict=True))
    rows = []
    for pair in pairs.itertuples(index=False):
        a, b = text_from[pair.item_from], text_to[pair.item_to]
        rows.append(
            dict(
                year_from=int(year_from[pair.item_from]),
                item_from=pair.item_from,
                year_to=int(year_to[pair.item_to]),
                item_to=pair.item_to,
                score=round(float(pair.score), 3),
                label=pair.label,
                shared_terms=shared_terms(a, b),
                redline=redline(a, b),
            )
        )
    frame = make_frame("matches", rows)
    return frame.sort_values(["item_to", "score"], ascending=[True, False], ignore_index=True)


def match_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables of the matching stage, by name: matches, item_status and lineages."""
    items = tables["items"]
    years = sorted(int(y) for y in items["year"].unique())
    frames = [
        match_years(items[items["year"] == earlier], items[items["year"] == later])
        for earlier, later in itertools.pairwise(years)
    ]
    frames = [f for f in frames if not f.empty]
    matches = pd.concat(frames, ignore_index=True) if frames else make_frame("matches", [])
    return {"matches": matches, "item_status": item_status(items, matches), "lineages": lineages(items, matches)}
