"""The cache keyed by content: unchanged inputs skip, each kind of changed input recomputes what depends on
it and nothing else, `--force` recomputes everything, and deleting the cache only costs time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline
from analysis.cli import main
from analysis.outputs.report_cache import STAMP_NAME
from tests.conftest import SEEDS


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _spy_stages(monkeypatch) -> list[str]:
    """Which stages compute (rather than being read back from the store)."""
    ran: list[str] = []
    for name, stage in list(pipeline.STAGES.items()):
        monkeypatch.setitem(pipeline.STAGES, name, lambda tables, s=stage, n=name: ran.append(n) or s(tables))
    real_load = pipeline.load_plans
    monkeypatch.setattr(pipeline, "load_plans", lambda *a, **k: ran.append("tidy") or real_load(*a, **k))
    return ran


def test_a_changed_decisions_file_reruns_matching_not_the_parse(seeds, tmp_path, monkeypatch):
    data = tmp_path / "data"
    first = pipeline.build(seeds, data)
    ran = _spy_stages(monkeypatch)
    pipeline.build(seeds, data)
    assert ran == []  # nothing changed: every stage read back
    (seeds / "match_decisions.csv").write_text(
        "item_from,item_to,decision\n2022-001,2023-001,continued\n", encoding="utf-8"
    )
    second = pipeline.build(seeds, data)
    assert "tidy" not in ran and "targets" not in ran
    assert {"match", "target_changes", "workload"} <= set(ran)  # workload: who took over continued tasks
    assert second["match_decisions"]["decision"].tolist() == ["continued"]
    for name in ("items", "targets", "leader_workload"):  # read back, identical to computing them
        pd.testing.assert_frame_equal(second[name], first[name])
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["stages"]) == {"tidy", "decisions", "targets", "match", "target_changes", "workload"}


def test_an_edited_plan_reruns_everything(seeds, tmp_path, monkeypatch):
    data = tmp_path / "data"
    pipeline.build(seeds, data)
    text = (seeds / "2023.txt").read_text(encoding="utf-8")
    (seeds / "2023.txt").write_text(text.replace("新增上市公司5家", "新增上市公司7家"), encoding="utf-8")
    ran = _spy_stages(monkeypatch)
    tables = pipeline.build(seeds, data)
    assert ran == ["tidy", "targets", "match", "target_changes", "workload"]
    assert (tables["targets"]["span"] == "新增上市公司7家").any()


def test_a_deleted_store_is_only_rebuilt(seeds, tmp_path, monkeypatch):
    data = tmp_path / "data"
    pipeline.build(seeds, data)
    (data / "manifest.json").unlink()
    ran = _spy_stages(monkeypatch)
    pipeline.build(seeds, data)
    assert ran == ["tidy", "targets", "match", "target_changes", "workload"]


def _report(seeds: Path, tmp_path: Path, *extra: str) -> int:
    return main(
        ["report", "--seeds", str(seeds), "--data", str(tmp_path / "data"), "--figures", str(tmp_path / "fig"), *extra]
    )


def test_report_reruns_only_what_changed(seeds, tmp_path, capsys):
    assert _report(seeds, tmp_path, "--formats", "png") == 0
    figures = tmp_path / "fig"
    assert not list(figures.glob("*.svg")) and not list(figures.glob("*.pdf")) and list(figures.glob("*.png"))
    page = (figures / "report.html").stat().st_mtime_ns
    capsys.readouterr()
    # identical rerun: hashes only, nothing made
    assert _report(seeds, tmp_path, "--formats", "png") == 0
    assert "已是最新" in capsys.readouterr().out
    assert (figures / "report.html").stat().st_mtime_ns == page
    # a parameter every notebook shows: all of them again, with the SVGs asked for now
    assert _report(seeds, tmp_path, "--formats", "png,svg") == 0
    out = capsys.readouterr().out
    assert "正在运行 6 个 Jupyter 笔记本" in out and list(figures.glob("*.svg"))
    # a lost output: made again, its notebook alone; the rest kept
    stamp = json.loads((figures / STAMP_NAME).read_text(encoding="utf-8"))["outputs"]
    lost = next(f for f in stamp["03_targets.ipynb"]["files"] if f.endswith(".png"))
    (figures / lost).unlink()
    assert _report(seeds, tmp_path, "--formats", "png,svg") == 0
    out = capsys.readouterr().out
    assert "正在运行 1 个 Jupyter 笔记本：03_targets.ipynb" in out and (figures / lost).exists()
    assert all((figures / f).exists() for entry in stamp.values() for f in entry["files"])
    # a decisions file changes matching and what follows it: only the notebooks that read those tables rerun
    read = {name: set(entry.get("tables", [])) for name, entry in stamp.items()}
    assert {"leader_workload", "unit_workload", "leader_handovers"} <= read["04_workload.ipynb"]
    assert not read["01_overview.ipynb"] & {"matches", "item_status", "target_changes", "leader_handovers"}
    assert "matches" in read["02_matching.ipynb"] and "target_changes" in read["03_targets.ipynb"]
    (seeds / "match_decisions.csv").write_text(
        "item_from,item_to,decision\n2022-001,2023-001,continued\n", encoding="utf-8"
    )
    assert _report(seeds, tmp_path, "--formats", "png,svg") == 0
    said = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(said) if line.startswith("正在运行 "))  # said once the tables stand
    running, kept = said[at : at + 2]
    assert all(f"{name}.ipynb" in running for name in ("00_summary", "02_matching", "03_targets", "04_workload"))
    assert "01_overview.ipynb" in kept and "01_overview.ipynb" not in running
    # --force: everything again
    assert _report(seeds, tmp_path, "--formats", "png,svg", "--force") == 0
    assert "正在运行 6 个 Jupyter 笔记本" in capsys.readouterr().out


def test_a_bad_format_is_one_line(seeds, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        _report(seeds, tmp_path, "--formats", "png,gif")
    assert stop.value.code == 2
    assert "请从 png、svg、pdf 中选择" in capsys.readouterr().err
