"""The matcher's model as data: two logistic models over named signals, and their thresholds.

`resources/matcher_model.json` holds, for `continued` (the pair is the same task) and `related`
(continued or related), a weight per signal, a bias and a threshold, with the hash of the labels it
was fitted on and its metrics. `python -m analysis fit-matcher` rewrites it (see `analysis.match.fit`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.paths import MATCHER_MODEL_JSON

OUTCOMES = ("continued", "related")


@dataclass(frozen=True)
class Logistic:
    """One logistic model: weights by signal name, bias, and the probability above which it says yes."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: pd.DataFrame, signals: list[str]) -> np.ndarray:
        x = features[signals].to_numpy(dtype=float)
        return 1.0 / (1.0 + np.exp(-(x @ np.array([self.weights[s] for s in signals]) + self.bias)))


@dataclass(frozen=True)
class MatchModel:
    """The signals read, in order, and the two logistic models."""

    signals: list[str]
    continued: Logistic
    related: Logistic
    meta: dict


def read_model(path: Path = MATCHER_MODEL_JSON) -> MatchModel:
    """The model stored in a JSON file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    models = {name: Logistic(**data[name]) for name in OUTCOMES}
    meta = {k: v for k, v in data.items() if k not in (*OUTCOMES, "signals")}
    return MatchModel(list(data["signals"]), models["continued"], models["related"], meta)


@cache
def shipped_model() -> MatchModel:
    """The model the build uses."""
    return read_model()


def score_pairs(features: pd.DataFrame, model: MatchModel | None = None) -> pd.DataFrame:
    """Add `score` (probability the pair is continued), `p_related` and `label` to candidate pairs."""
    model = model or shipped_model()
    out = features.copy()
    out["score"] = model.continued.probability(features, model.signals)
    # A continued pair is a link: the two models are fitted apart, so a link is never less likely than continued.
    out["p_related"] = np.maximum(model.related.probability(features, model.signals), out["score"])
    out["label"] = np.where(
        out["score"] >= model.continued.threshold,
        "continued",
        np.where(out["p_related"] >= model.related.threshold, "related", ""),
    )
    return out


def model_links(scored: pd.DataFrame) -> pd.DataFrame:
    """The model's links: labelled pairs, each item keeping at most one continued partner per side.

    A split or merged item is continued by the partner that keeps its core (the highest score) and
    related to the others, as the definitions say.
    """
    links = scored[scored["label"] != ""].sort_values("score", ascending=False, kind="stable").copy()
    continued = links["label"] == "continued"
    second = continued & (
        links["item_to"].where(continued).duplicated() | links["item_from"].where(continued).duplicated()
    )
    links.loc[second, "label"] = "related"
    return links
