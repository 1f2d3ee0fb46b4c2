"""How good the matcher is: continued pairs against labels made by reading both plans.

One evaluation, shared by the tests and `python -m analysis fit-matcher`, so both print the same
figures. Labels are a CSV with one row per link: `item_<later year>`, `item_<earlier year>`, `label`
(continued / related / new); see `tests/fixtures/README.md` for the labelling rules.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

ITEM_COLUMN = re.compile(r"^item_(\d{4})$")


def read_labels(path: str | Path) -> pd.DataFrame:
    """Labelled links as item_from, item_to, label (later year's items with no partner: label `new`)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    years = sorted((int(m.group(1)), c) for c in raw.columns if (m := ITEM_COLUMN.match(c)))
    if len(years) != 2 or "label" not in raw.columns:
        raise ValueError(f"{path}: expected columns item_<year>, item_<year>, label")
    (_, earlier), (_, later) = years
    return raw.rename(columns={earlier: "item_from", later: "item_to"})[["item_from", "item_to", "label"]]


def labels_hash(path: str | Path) -> str:
    """sha256 of a labels file, recorded with the model fitted on it."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def continued_quality(predicted: pd.DataFrame, labels: pd.DataFrame) -> dict[str, float]:
    """Precision, recall and F1 of predicted continued pairs (item_from, item_to, label) on the labelled
    later-year items; only predictions for those items count."""
    truth = set(labels.loc[labels["label"] == "continued", ["item_from", "item_to"]].itertuples(index=False))
    found = predicted[(predicted["label"] == "continued") & predicted["item_to"].isin(set(labels["item_to"]))]
    guessed = set(found[["item_from", "item_to"]].itertuples(index=False))
    hits = len(truth & guessed)
    precision = hits / len(guessed) if guessed else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def _links(frame: pd.DataFrame, label: str | None = None) -> set[tuple[str, str]]:
    rows = frame if label is None else frame[frame["label"] == label]
    return set(rows[["item_from", "item_to"]].itertuples(index=False, name=None))


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def link_quality(predicted: pd.DataFrame, labels: pd.DataFrame, items_from: set[str], items_to: set[str]) -> dict:
    """Every figure the matching issue names, on the labelled later-year items.

    continued precision / recall / F1; related recall (labelled related pairs that the matcher links at all);
    new and dropped lists (items with no link) as Jaccard against the labels' lists.
    """
    predicted = predicted[predicted["item_to"].isin(items_to) & predicted["item_from"].isin(items_from)]
    truth_links = _links(labels[labels["label"].isin(["continued", "related"])])
    found_links = _links(predicted)
    related = _links(labels, "related")
    new_truth = items_to - {b for _, b in truth_links}
    new_found = items_to - {b for _, b in found_links}
    dropped_truth = items_from - {a for a, _ in truth_links}
    dropped_found = items_from - {a for a, _ in found_links}
    return {
        **continued_quality(predicted, labels),
        "related_recall": round(len(related & found_links) / len(related), 3) if related else 1.0,
        "new_jaccard": round(_jaccard(new_truth, new_found), 3),
        "dropped_jaccard": round(_jaccard(dropped_truth, dropped_found), 3),
        "new": len(new_found),
        "dropped": len(dropped_found),
    }
