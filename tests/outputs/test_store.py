"""The table store's manifest: notebooks read only tables built from the current inputs, and the main
job skips a build whose inputs are unchanged."""

from __future__ import annotations

import shutil

import pytest

from analysis import pipeline
from analysis.outputs.manifest import differences, input_fingerprint, is_current
from analysis.outputs.store import StaleTables, load_tables, tables_read
from tests.conftest import SEEDS


@pytest.fixture
def store(tmp_path):
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(SEEDS, seeds)
    pipeline.build(seeds, data)
    return seeds, data


def test_current_store_is_read_and_a_new_plan_makes_notebooks_refuse_it(store):
    seeds, data = store
    tables = load_tables(seeds, data)
    assert sorted(tables["documents"]["year"]) == [2022, 2023]
    shutil.copy(seeds / "2023.txt", seeds / "copy of 2023.txt")
    with pytest.raises(StaleTables, match=r"新增了方案 copy of 2023\.txt.*python3 tasks\.py build"):
        load_tables(seeds, data)
    assert not is_current(seeds, data)


def test_tables_are_read_when_first_used_and_never_from_two_builds(store):
    seeds, data = store
    tables = load_tables(seeds, data)
    assert "matches" in tables and "no such table" not in tables and len(tables) == len(list(tables))
    before = set(tables_read())
    assert len(tables["items"]) == 226  # 108 items in 2022 and 118 in 2023, read from the plans
    assert set(tables_read()) - before <= {"items"} and "items" in tables_read()
    (seeds / "match_decisions.csv").write_text("item_from,item_to,decision\n2022-001,2023-001,continued\n")
    pipeline.build(seeds, data)  # the folder is rebuilt under the loaded set, with other matches
    assert len(tables["items"]) == 226  # what was read stays
    with pytest.raises(StaleTables, match="表格又重新生成了"):
        tables["matches"]
    with pytest.raises(KeyError):
        tables["no such table"]


def test_edited_plan_and_missing_store_are_named(store, tmp_path):
    seeds, data = store
    (seeds / "2022.txt").write_bytes((seeds / "2022.txt").read_bytes() + b"\n")
    with pytest.raises(StaleTables, match=r"方案 2022\.txt 有改动"):
        load_tables(seeds, data)
    with pytest.raises(StaleTables, match="还没有生成表格"):
        load_tables(seeds, tmp_path / "nothing")


def test_unchanged_inputs_skip_the_build_and_changed_ones_rebuild(store, monkeypatch, capsys):
    seeds, data = store
    built = []
    monkeypatch.setattr(pipeline, "build", lambda *args: built.append(args) or {})
    tables = pipeline.current_tables(seeds, data)
    assert "已是最新" in capsys.readouterr().out and not built
    assert len(tables["items"]) == 108 + 118
    pipeline.current_tables(seeds, data, force=True)
    assert len(built) == 1
    (seeds / "2023.txt").write_bytes((seeds / "2023.txt").read_bytes() + b"\n")
    pipeline.current_tables(seeds, data)
    assert len(built) == 2


def test_fingerprint_differences_name_each_kind_of_input():
    old = input_fingerprint(SEEDS)
    new = {kind: dict(values) for kind, values in old.items()}
    new["resources"]["unit_aliases.csv"] = "0" * 64
    new["code"]["match"] = "1" * 64
    del new["plans"]["2022.txt"]
    assert differences(old, new) == [
        "删除了方案 2022.txt",
        "资源文件 unit_aliases.csv 有改动",
        "代码 match 有改动",
    ]
