"""The pipeline: plans → tidy tables → matching, targets, workload → the table store → notebooks,
workbook and HTML report.

Stages run in the order the table registry's inputs give; the build is skipped when the store's
manifest shows the same inputs (plans, editable resources, stage code), unless forced.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from analysis import registry
from analysis.match.decisions import DECISIONS_NAME, read_decisions
from analysis.match.tables import match_tables
from analysis.outputs.manifest import input_fingerprint
from analysis.outputs.store import is_current, load_tables, write_tables
from analysis.registry import make_frame
from analysis.targets.tables import change_tables, target_tables
from analysis.tidy.tables import load_plans
from analysis.workload.tables import workload_tables

Stage = Callable[[Mapping[str, pd.DataFrame]], dict[str, pd.DataFrame]]
# Each later stage reads the tables made before it; `tidy` reads the plan files themselves.
STAGES: dict[str, Stage] = {
    "targets": target_tables,
    "match": match_tables,
    "target_changes": change_tables,
    "workload": workload_tables,
}
SOURCE_STAGE = "tidy"


def analyse(tidy: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table, from the tidy tables: each later stage in turn, in the registry's order."""
    tables = {"match_decisions": make_frame("match_decisions", []), **tidy}
    for stage in registry.stages():
        if stage != SOURCE_STAGE:
            tables.update(STAGES[stage](tables))
    return {t.name: tables[t.name] for t in registry.TABLES if t.name in tables}


def decisions_file(seeds_dir: str | Path, decisions: str | Path | None = None) -> Path:
    """The analyst's matching decisions: the file given, else the one beside the plans."""
    return Path(decisions) if decisions else Path(seeds_dir) / DECISIONS_NAME


def build_tables(seeds_dir: str | Path, decisions: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table, from the plans in a folder and the analyst's decisions."""
    tidy = load_plans(seeds_dir).as_dict()
    tidy["match_decisions"] = read_decisions(decisions_file(seeds_dir, decisions))
    return analyse(tidy)


def build(seeds_dir: Path, out_dir: Path, decisions: Path | None = None) -> dict[str, pd.DataFrame]:
    """Build every table and write the store (tables and manifest); returns the tables."""
    decisions = decisions_file(seeds_dir, decisions)
    fingerprint = input_fingerprint(seeds_dir, decisions)  # before reading: an edit meanwhile makes the store stale
    tables = build_tables(seeds_dir, decisions)
    write_tables(tables, out_dir, fingerprint)
    print_summary(tables)
    return tables


def current_tables(
    seeds_dir: Path, data_dir: Path, force: bool = False, decisions: Path | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of the store when built from the current inputs, else built (and written) anew."""
    decisions = decisions_file(seeds_dir, decisions)
    if not force and is_current(seeds_dir, data_dir, decisions):
        print(f"tables in {data_dir} are up to date (same plans, decisions, resources and code); --force rebuilds them")
        return load_tables(seeds_dir, data_dir, decisions)
    return build(seeds_dir, data_dir, decisions)


def print_summary(tables: dict[str, pd.DataFrame]) -> None:
    """What was read and what was normalized, for the terminal."""
    for row in tables["documents"].itertuples():
        print(f"{row.source}: year {row.year}, {row.parsed_count} items (declared {row.declared_count})")
    norm = tables["normalizations"]
    if len(norm):
        summary = norm.groupby(["field", "rule"])["count"].sum()
        applied = ", ".join(f"{field}/{rule}: {n}" for (field, rule), n in summary.items())
        print(f"normalized: {applied} (details in normalizations.csv)")
        aliases = norm[norm["rule"] == "alias"].drop_duplicates(["raw", "normalized"])
        for row in aliases.itertuples():
            print(f"  alias applied: {row.raw} -> {row.normalized}")
    suggestions = tables["alias_suggestions"]
    if len(suggestions):
        print(
            f"{len(suggestions)} name(s) may be renamings; review alias_suggestions.csv and add accepted ones to the alias table:"
        )
        for row in suggestions.itertuples():
            print(f"  {row.year} {row.field}: {row.new_name} ~ {row.old_name} ({row.reason}, {row.similarity:.2f})")


def _write_workbook(built: Future, data_dir: Path) -> None:
    """The workbook, once the tables are there (queued after the build on the same worker)."""
    from analysis.outputs.workbook import WORKBOOK_NAME, write_workbook

    write_workbook(built.result(), data_dir / WORKBOOK_NAME)


def report(args: argparse.Namespace) -> Path:
    """The main job: tables (built or reused), notebooks executed, figures, workbook and HTML report.

    Kernels start and warm up while the build runs; their cells wait for its tables, and the
    workbook is written while they work. Notebooks, figures and the report are made in a staging
    folder and published into the figures folder only when every notebook succeeded: a failed run
    leaves the previous outputs as they were, and the folder holds exactly what the last good run made.
    Bad input stops before any notebook is written.
    """
    from analysis.outputs.files import staged_folder
    from analysis.outputs.html_report import write_html_report
    from analysis.outputs.manifest import read_manifest
    from analysis.outputs.notebooks import execute_notebooks, notebook_paths
    from analysis.outputs.publish import publish

    paths = notebook_paths()
    print(f"running {len(paths)} notebooks: {', '.join(p.name for p in paths)} ...", flush=True)
    if args.figures.exists() and not args.figures.is_dir():
        raise NotADirectoryError(20, "not a folder", str(args.figures))
    with staged_folder(args.figures, keep_on_error=args.debug) as staging:
        parameters = {
            "SEEDS_DIR": str(args.seeds.resolve()),
            "DATA_DIR": str(args.data.resolve()),
            "FIGURES_DIR": str(staging.resolve()),
            "YEARS": args.years,
            "FIGURE_WIDTH_CM": args.figure_width_cm,
        }
        with ThreadPoolExecutor(max_workers=1) as background:
            built = background.submit(current_tables, args.seeds, args.data, args.force, args.decisions)
            workbook = background.submit(_write_workbook, built, args.data)
            executed = execute_notebooks(paths, parameters, staging / "notebooks", after=built)
            workbook.result()
        documents = built.result()["documents"]
        if args.years:
            documents = documents[documents["year"].isin(args.years)]
        plan_hashes = (read_manifest(args.data) or {}).get("inputs", {}).get("plans", {})
        write_html_report(executed, staging / "report.html", documents, plan_hashes)
        published = publish(staging, args.figures)
    figures = sorted(p.name for p in published if p.suffix == ".png")
    print(f"wrote tables and the workbook to {args.data}, {len(figures)} figures and report.html to {args.figures}")
    return args.figures / "report.html"
