"""Command line: `python -m analysis build|report`.

Bad input ends with one line naming the file and line, and exit status 2;
`--debug` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from analysis.errors import PlanError
from analysis.load import PlanWarning
from analysis.paths import DATA_DIR, FIGURES_DIR, SEEDS_DIR

EXIT_BAD_INPUT = 2


def _build(args: argparse.Namespace) -> None:
    from analysis.build import build_tables, write_tables

    tables = build_tables(args.seeds)
    written = write_tables(tables, args.out)
    _report_summary(tables)
    print(f"wrote {len(written)} files to {args.out}")


def _report(args: argparse.Namespace) -> None:
    from analysis.notebooks import execute_notebooks, notebook_paths, write_html_report

    def build() -> dict:
        from analysis.build import build_tables, write_tables

        tables = build_tables(args.seeds)
        write_tables(tables, args.data)
        _report_summary(tables)
        return tables

    def workbook(built: Future) -> None:
        from analysis.export import WORKBOOK_NAME, write_workbook

        write_workbook(built.result(), args.data / WORKBOOK_NAME)

    parameters = {
        "SEEDS_DIR": str(args.seeds.resolve()),
        "DATA_DIR": str(args.data.resolve()),
        "FIGURES_DIR": str(args.figures.resolve()),
        "YEARS": args.years,
    }
    paths = notebook_paths()
    print(f"running {len(paths)} notebooks: {', '.join(p.name for p in paths)} ...", flush=True)
    # The build runs beside the kernels' start-up; the notebooks wait for its tables, and the
    # workbook is written while they work.
    with ThreadPoolExecutor(max_workers=1) as background:
        tables = background.submit(build)
        written = background.submit(workbook, tables)
        executed = execute_notebooks(paths, parameters, args.figures / "notebooks", after=tables)
        written.result()
    report = write_html_report(executed, args.figures / "report.html")
    figures = sorted(p.name for p in args.figures.glob("*.png"))
    print(f"wrote tables and the workbook to {args.data}, {len(figures)} figures and {report.name} to {args.figures}")


def _report_summary(tables: dict) -> None:
    docs = tables["documents"]
    for row in docs.itertuples():
        print(f"{row.source}: year {row.year}, {row.parsed_count} items (declared {row.declared_count})")
    norm = tables["normalizations"]
    if len(norm):
        summary = norm.groupby(["field", "rule"])["count"].sum()
        applied = ", ".join(f"{field}/{rule}: {n}" for (field, rule), n in summary.items())
        print(f"normalized: {applied} (details in normalizations.csv)")
        aliases = norm[norm["rule"] == "alias"].drop_duplicates(["raw", "normalized"])
        for row in aliases.itertuples():
            print(f"  alias applied: {row.raw} -> {row.normalized}")


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and --help)."""
    top = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    top.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="parse every plan in the seeds folder and write the tidy tables")
    build.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of plan files (default: seeds/)")
    build.add_argument("--out", type=Path, default=DATA_DIR, help="folder for the tables (default: data/)")
    build.set_defaults(run=_build)
    report = commands.add_parser(
        "report", help="build the tables, execute the notebooks, write figures, workbook and HTML report"
    )
    report.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of plan files (default: seeds/)")
    report.add_argument("--data", type=Path, default=DATA_DIR, help="folder for the tables (default: data/)")
    report.add_argument("--figures", type=Path, default=FIGURES_DIR, help="folder for figures (default: figures/)")
    report.add_argument("--years", type=int, nargs="+", help="years to compare (default: all present)")
    report.set_defaults(run=_report)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit status."""
    args = parser().parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            args.run(args)
        except PlanError as exc:
            if args.debug:
                raise
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        finally:
            for w in caught:
                if issubclass(w.category, PlanWarning):
                    print(f"warning: {w.message}", file=sys.stderr)
                else:
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return 0
