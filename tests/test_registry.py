"""The table registry: every table the pipeline makes matches its declaration, and the docs follow it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import registry
from analysis.outputs.store import write_tables
from analysis.outputs.table_docs import data_readme
from analysis.pipeline import SOURCE_STAGES, STAGES, analyse
from analysis.present.names import coded_columns, column_title, table_title, value_title
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def built(plans) -> dict[str, pd.DataFrame]:
    return analyse(plans.as_dict())


def test_pipeline_makes_every_registered_table_as_declared(built):
    assert list(built) == [t.name for t in registry.TABLES]  # in the registry's order
    for name, frame in built.items():
        registry.validate(name, frame)


def test_stages_follow_the_registry():
    assert registry.stages() == [*SOURCE_STAGES, *STAGES]
    for stage in STAGES:
        assert [t.name for t in registry.stage_tables(stage)]  # every stage makes a table


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f[list(reversed(f.columns))], "differ from the declared"),
        (lambda f: f.assign(year=f["year"].astype(str)), "items.year: type"),
        (lambda f: pd.concat([f, f.head(1)]), "key item_id repeats"),
        (lambda f: f.assign(extra=1), "has no column extra"),
        (lambda f: f.assign(item_id=None), "empty value in the key"),
    ],
)
def test_writer_refuses_a_table_unlike_its_declaration_and_writes_nothing(built, tmp_path, change, message):
    tables = dict(built)
    tables["items"] = change(tables["items"])
    with pytest.raises((ValueError, KeyError), match=message):
        write_tables(tables, tmp_path / "data")
    assert not (tmp_path / "data").exists()


def test_make_frame_gives_declared_types_even_when_empty():
    empty = registry.make_frame("targets", [])
    assert list(empty.columns) == registry.table("targets").column_names
    registry.validate("targets", empty)
    assert str(registry.make_frame("items", []).dtypes["printed_no"]) == "Int64"


def test_readme_lists_every_table_and_the_data_readme_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    produced = readme.split("## 输出 / What it produces", 1)[1].split("\n## ", 1)[0]
    listed = {name for row in produced.splitlines() if row.startswith("| `") for name in re.findall(r"`(\w+)`", row)}
    assert listed >= {t.name for t in registry.TABLES}
    assert (ROOT / "data" / "README.md").read_text(encoding="utf-8") == data_readme()


def test_every_table_column_and_code_has_a_chinese_name(built):
    for table in registry.TABLES:
        assert table_title(table.name) != table.name
        for column in table.columns:
            title = column_title(table.name, column.name)
            assert title != column.name and not re.search(r"[A-Za-z_]", title), (table.name, column.name)
    assert column_title("headline_targets", "2023") == "2023年"
    for name, frame in built.items():
        for column in coded_columns() & set(frame.columns):
            for code in frame[column].dropna().unique():
                # a code gets a Chinese name; values written in Chinese (a horizon like 未来五年) stay as they are
                assert not re.search(r"[A-Za-z_]", str(value_title(column, code))), (name, column, code)
