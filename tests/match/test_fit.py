"""The matcher's model is data that a command reproduces: refitting on the fixture gives the shipped weights."""

from __future__ import annotations

import json

from analysis.cli import main
from analysis.paths import MATCHER_MODEL_JSON


def test_fit_matcher_reproduces_the_shipped_model(tmp_path, capsys):
    out = tmp_path / "model.json"
    assert main(["fit-matcher", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    shipped, refitted = json.loads(MATCHER_MODEL_JSON.read_text()), json.loads(out.read_text())
    for outcome in ("continued", "related"):
        assert refitted[outcome] == shipped[outcome]
    assert refitted == shipped  # metrics and the labels' hash too
    cv = refitted["metrics"]["cross_validated_8_folds"]
    assert 0.5 < cv["f1"] <= 1 and f"f1 {cv['f1']:.3f}" in printed
    answered = refitted["metrics"]["cross_validated_8_folds_review_queue_answered"]
    assert answered["f1"] > cv["f1"] and answered["new_jaccard"] > cv["new_jaccard"] and answered["questions"] > 0
