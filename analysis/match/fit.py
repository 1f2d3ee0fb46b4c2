"""Refit the matcher's model from labelled pairs and measure it under cross-validation.

`python -m analysis fit-matcher` calls `refit`: candidate pairs of the labelled years get their
signals (`features.pair_features`), a logistic regression per outcome (continued; continued or
related) gives the weights, and cross-validation grouped by later-year item (a held-out item's
pairs are never seen in fitting) gives the metrics stored with the model: of the model alone, and once
the review queue it raises is answered as the labels answer it. The thresholds are kept.
scikit-learn's solver is imported only here: the build never fits.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.match.features import pair_features
from analysis.match.model import OUTCOMES, Logistic, MatchModel, model_links, read_model, score_pairs
from analysis.match.quality import labels_hash, link_quality, read_labels

REGULARIZATION_C = 10
FOLDS = 8


def _targets(features: pd.DataFrame, labels: pd.DataFrame) -> dict[str, np.ndarray]:
    """1/0 per candidate pair and outcome: continued; continued or related."""
    by_label = {
        label: set(labels.loc[labels["label"] == label, ["item_from", "item_to"]].itertuples(index=False, name=None))
        for label in ("continued", "related")
    }
    keys = list(zip(features["item_from"], features["item_to"], strict=True))
    continued = np.array([k in by_label["continued"] for k in keys], dtype=int)
    related = np.array([k in by_label["related"] for k in keys], dtype=int)
    return {"continued": continued, "related": continued | related}


def _fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[list[float], float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=REGULARIZATION_C, max_iter=5000).fit(x, y)
    return [round(float(w), 3) for w in model.coef_[0]], round(float(model.intercept_[0]), 3)


def fit_model(features: pd.DataFrame, labels: pd.DataFrame, base: MatchModel) -> MatchModel:
    """A model with `base`'s signals and thresholds and weights fitted on the labelled candidates."""
    x = features[base.signals].to_numpy(dtype=float)
    fitted = {}
    for outcome, y in _targets(features, labels).items():
        weights, bias = _fit_logistic(x, y)
        threshold = getattr(base, outcome).threshold
        fitted[outcome] = Logistic(dict(zip(base.signals, weights, strict=True)), bias, threshold)
    return MatchModel(base.signals, fitted["continued"], fitted["related"], dict(base.meta))


def out_of_fold(features: pd.DataFrame, labels: pd.DataFrame, base: MatchModel, folds: int = FOLDS) -> pd.DataFrame:
    """Candidate pairs scored by models fitted without their later-year item (folds by item order)."""
    later = sorted(i for i in labels["item_to"].unique() if i)
    fold_of = {item: k % folds for k, item in enumerate(later)}
    predicted = []
    for k in range(folds):
        held_out = {i for i, f in fold_of.items() if f == k}
        train = features[~features["item_to"].isin(held_out)]
        model = fit_model(train, labels[~labels["item_to"].isin(held_out)], base)
        predicted.append(score_pairs(features[features["item_to"].isin(held_out)], model))
    return pd.concat(predicted, ignore_index=True)


def answers_from_labels(queue: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """The review queue answered as the labels answer it: item_from, item_to, decision (a pair the labels do
    not link is unrelated), as a decisions file holds them."""
    truth = {(a, b): label for a, b, label in labels.itertuples(index=False) if label in ("continued", "related")}
    pairs = list(zip(queue["item_from"], queue["item_to"], strict=True))
    return pd.DataFrame(
        {
            "item_from": queue["item_from"].tolist(),
            "item_to": queue["item_to"].tolist(),
            "decision": [truth.get(pair, "unrelated") for pair in pairs],
            "note": "",
        }
    )


def queue_answered_quality(
    scored: pd.DataFrame,
    labels: pd.DataFrame,
    items_from: pd.DataFrame,
    items_to: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    rounds: int = 3,
) -> dict:
    """Quality once an analyst has answered the review queue as the labels do (a pair they do not link is
    unrelated) and the follow-up questions each rerun asks (up to `rounds` rounds): how far the queue, not
    the model alone, takes the counts. `questions` is how many were answered."""
    from analysis.match.tables import match_years
    from analysis.registry import conform, make_frame

    answered = make_frame("match_decisions", [])
    found = match_years(items_from, items_to, None, targets, scored)
    for _ in range(rounds):
        if found.review.empty:
            break
        answered = pd.concat([answered, answers_from_labels(found.review, labels)], ignore_index=True)
        found = match_years(items_from, items_to, conform("match_decisions", answered), targets, scored)
    sides = (set(items_from["item_id"]), set(items_to["item_id"]))
    return {**link_quality(found.matches, labels, *sides), "questions": len(answered)}


def with_decisions(labels: pd.DataFrame, decisions: pd.DataFrame | None) -> pd.DataFrame:
    """The labels with the analyst's decisions over them (a decision wins over a label of the same pair)."""
    if decisions is None or decisions.empty:
        return labels
    decided = decisions.rename(columns={"decision": "label"})[["item_from", "item_to", "label"]]
    keys = set(zip(decided["item_from"], decided["item_to"], strict=True))
    kept = labels[[(a, b) not in keys for a, b in zip(labels["item_from"], labels["item_to"], strict=True)]]
    return pd.concat([kept, decided], ignore_index=True)


def refit(
    items: pd.DataFrame,
    labels_path: Path,
    model_path: Path,
    out_path: Path | None = None,
    decisions: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> tuple[MatchModel, dict]:
    """Refit the model in `model_path` on the labels (and the analyst's decisions) and write it (to
    `out_path`, default the same file). Returns the model and its metrics: in-sample, cross-validated, and
    cross-validated once the review queue is answered (`targets` keep headline indicators apart, as in the
    build).
    """
    labels = with_decisions(read_labels(labels_path), decisions)
    year_of = dict(zip(items["item_id"], items["year"], strict=True))
    earlier = min(int(year_of[i]) for i in labels["item_from"] if i in year_of)
    later = max(int(year_of[i]) for i in labels["item_to"] if i in year_of)
    features = pair_features(items[items["year"] == earlier], items[items["year"] == later])
    base = read_model(model_path)
    model = fit_model(features, labels, base)
    sides = (set(items.loc[items["year"] == earlier, "item_id"]), set(items.loc[items["year"] == later, "item_id"]))
    in_sample = link_quality(model_links(score_pairs(features, model)), labels, *sides)
    scored = out_of_fold(features, labels, base)
    cross_validated = link_quality(model_links(scored), labels, *sides)
    answered = queue_answered_quality(
        scored, labels, items[items["year"] == earlier], items[items["year"] == later], targets
    )
    metrics = {
        "in_sample": in_sample,
        f"cross_validated_{FOLDS}_folds": cross_validated,
        f"cross_validated_{FOLDS}_folds_review_queue_answered": answered,
    }
    document = {
        "signals": model.signals,
        **{name: vars(getattr(model, name)) for name in OUTCOMES},
        "fitted_on": {
            "labels": labels_path.name,
            "labels_sha256": labels_hash(labels_path),
            "years": [earlier, later],
            "regularization_C": REGULARIZATION_C,
        },
        "metrics": metrics,
    }
    target = out_path or model_path
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return model, metrics
