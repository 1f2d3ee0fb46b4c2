"""The pipeline: plans → tidy tables → matching, targets, workload → the table store (the report, which
runs the notebooks on it, is `analysis.report`).

Stages run in the order the table registry's inputs give; the build is skipped when the store's
manifest shows the same inputs (plans, editable resources, stage code), unless forced.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from analysis import registry
from analysis.errors import PlanWarning
from analysis.inputs import decisions_file
from analysis.match.decisions import read_decisions
from analysis.match.tables import match_tables
from analysis.outputs.manifest import input_fingerprint, is_current, stage_keys
from analysis.outputs.store import load_tables, reusable_stages, write_tables
from analysis.registry import make_frame
from analysis.targets.tables import change_tables, target_tables
from analysis.text.display_names import table_title, value_title
from analysis.tidy.tables import load_plans
from analysis.workload.tables import workload_tables

Stage = Callable[[Mapping[str, pd.DataFrame]], dict[str, pd.DataFrame]]
# Each later stage reads the tables made before it.
STAGES: dict[str, Stage] = {
    "targets": target_tables,
    "match": match_tables,
    "target_changes": change_tables,
    "workload": workload_tables,
}
# Stages that read files rather than tables: `tidy` the plans, `decisions` the analyst's decisions.
SOURCE_STAGES = ("tidy", "decisions")
# Tables of a stage read back from the store, with the warnings its computation gave (said again on reuse).
Cached = Mapping[str, tuple[dict[str, pd.DataFrame], list[str]]]


def _stage(stage: str, compute: Callable[[], dict[str, pd.DataFrame]], cached: Cached, said: dict) -> dict:
    """A stage's tables: read back when cached (its warnings given again), else computed (its warnings
    recorded in `said`, for the store to keep)."""
    if stage in cached:
        tables, messages = cached[stage]
        for message in messages:
            warnings.warn(message, PlanWarning, stacklevel=2)
        said[stage] = list(messages)
        return tables
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = compute()
    said[stage] = [str(w.message) for w in caught if issubclass(w.category, PlanWarning)]
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return tables


def analyse(tidy: Mapping[str, pd.DataFrame], cached: Cached | None = None, said: dict | None = None) -> dict:
    """Every table, from the tidy tables: each later stage in turn, in the registry's order (a stage
    found in `cached` is read back instead of computed)."""
    cached, said = cached or {}, said if said is not None else {}
    tables = {"match_decisions": make_frame("match_decisions", []), **tidy}
    for stage in registry.stages():
        if stage not in SOURCE_STAGES:
            tables.update(_stage(stage, lambda s=stage: STAGES[s](tables), cached, said))
    return {t.name: tables[t.name] for t in registry.TABLES if t.name in tables}


def build_tables(
    seeds_dir: str | Path, decisions: str | Path | None = None, cached: Cached | None = None, said: dict | None = None
) -> dict[str, pd.DataFrame]:
    """Every table, from the plans in a folder and the analyst's decisions (stages in `cached` read back;
    each stage's warnings collected in `said`)."""
    cached, said = cached or {}, said if said is not None else {}
    tidy = dict(_stage("tidy", lambda: load_plans(seeds_dir).as_dict(), cached, said))
    path = decisions_file(seeds_dir, decisions)
    tidy |= _stage("decisions", lambda: {"match_decisions": read_decisions(path)}, cached, said)
    return analyse(tidy, cached, said)


def build(seeds_dir: Path, out_dir: Path, decisions: Path | None = None) -> dict[str, pd.DataFrame]:
    """Build every table and write the store (tables and manifest); returns the tables.

    Stages whose key (their code, resources, own inputs and upstream keys) is the one the store recorded
    are read back from it rather than computed, and give their warnings again: a changed decisions file
    reruns matching and what depends on it, not the parse.
    """
    decisions = decisions_file(seeds_dir, decisions)
    fingerprint = input_fingerprint(seeds_dir, decisions)  # before reading: an edit meanwhile makes the store stale
    keys = stage_keys(fingerprint, registry.stage_dependencies())
    cached = reusable_stages(out_dir, keys)
    said: dict[str, list[str]] = {}
    tables = build_tables(seeds_dir, decisions, cached, said)
    write_tables(tables, out_dir, fingerprint, keys, said)
    if cached:
        print(f"以下步骤的输入未变，沿用 {out_dir} 中上次的结果：{'、'.join(value_title('stage', s) for s in cached)}")
    print_summary(tables)
    return tables


def current_tables(
    seeds_dir: Path, data_dir: Path, force: bool = False, decisions: Path | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of the store when built from the current inputs, else built (and written) anew."""
    decisions = decisions_file(seeds_dir, decisions)
    if not force and is_current(seeds_dir, data_dir, decisions):
        print(f"{data_dir} 中的表格已是最新（方案、判定、资源文件和代码均未变）；加 --force 可重新生成")
        return load_tables(seeds_dir, data_dir, decisions)
    return build(seeds_dir, data_dir, decisions)


def print_summary(tables: dict[str, pd.DataFrame]) -> None:
    """What was read and what was normalized, for the terminal."""
    for row in tables["documents"].itertuples():
        declared = "文件未写明总项数" if pd.isna(row.declared_count) else f"文件写明共{row.declared_count}项"
        print(f"{row.source}：{row.year}年，读到{row.parsed_count}项（{declared}）")
    norm = tables["normalizations"]
    if len(norm):
        summary = norm.groupby(["field", "rule"])["count"].sum()
        applied = "，".join(
            f"{value_title('field', field)}·{value_title('rule', rule)} {n}处" for (field, rule), n in summary.items()
        )
        print(f"规范化：{applied}（详见 normalizations.csv 或工作簿“{table_title('normalizations')}”表）")
        aliases = norm[norm["rule"] == "alias"].drop_duplicates(["raw", "normalized"])
        for row in aliases.itertuples():
            print(f"  应用别名：{row.raw} → {row.normalized}")
    suggestions = tables["alias_suggestions"]
    if len(suggestions):
        print(f"{len(suggestions)}个名称可能是改名：请核对 alias_suggestions.csv，确认的加入别名表：")
        for row in suggestions.itertuples():
            field, reason = value_title("field", row.field), value_title("reason", row.reason)
            print(f"  {row.year}年 {field}：{row.new_name} ↔ {row.old_name}（{reason}，相似度 {row.similarity:.2f}）")
