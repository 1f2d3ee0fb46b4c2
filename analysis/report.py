"""The main job: tables (built or reused), the notebooks executed, figures, workbook and the HTML report.

Deciding that nothing changed imports nothing heavy (hashes only); pandas, jieba and Jupyter are loaded
only when something is to be made.
"""

from __future__ import annotations

import argparse
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from analysis.inputs import decisions_file
from analysis.outputs.manifest import input_fingerprint
from analysis.outputs.manifest import is_current as tables_current
from analysis.outputs.report_cache import (
    EXECUTED_DIR,
    REPORT_NAME,
    STAMP_NAME,
    WORKBOOK_KEY,
    everything_current,
    notebook_paths,
    output_keys,
    read_stamp,
    recorded_reads,
    reusable,
    stamp_text,
    workbook_current,
)
from analysis.paths import WORKBOOK_NAME


def _write_workbook(built: Future, data_dir: Path) -> None:
    """The workbook, once the tables are there (queued after the build on the same worker)."""
    from analysis.match.decisions import answer_sheet
    from analysis.outputs.workbook import write_workbook

    tables = built.result()
    queue = answer_sheet(tables["review_queue"], tables["match_decisions"], tables["items"])
    write_workbook({**tables, "review_queue": queue}, data_dir / WORKBOOK_NAME)


def report(args: argparse.Namespace) -> Path:
    """The main job: tables (built or reused), notebooks executed, figures, workbook and HTML report.

    Only what changed is made again: each notebook's outputs, the workbook and the report page carry the key
    of exactly their inputs (`analysis.outputs.report_cache`), so an identical rerun only compares hashes,
    and an edited notebook reruns alone. Kernels start and warm up while the build runs; their cells wait
    for its tables, and the workbook is written while they work. Notebooks, figures and the report are made
    in a staging folder (outputs kept from the last run copied in) and published into the figures folder
    only when every notebook succeeded: a failed run leaves the previous outputs as they were, and the folder
    holds exactly what the last good run made. Bad input stops before any notebook is written.
    """
    paths = notebook_paths()
    if args.figures.exists() and not args.figures.is_dir():
        raise NotADirectoryError(20, "不是文件夹", str(args.figures))
    shown = {"YEARS": args.years, "FIGURE_WIDTH_CM": args.figure_width_cm, "FIGURE_FORMATS": args.formats}
    decisions = decisions_file(args.seeds, args.decisions)
    fingerprint = input_fingerprint(args.seeds, decisions)
    stamp = {} if args.force else read_stamp(args.figures)
    keys = output_keys(paths, shown, fingerprint, recorded_reads(stamp))
    workbook_path = args.data / WORKBOOK_NAME
    if (
        not args.force
        and tables_current(args.seeds, args.data, decisions)
        and everything_current(stamp, keys, args.figures, workbook_path)
    ):
        print(f"{args.data} 和 {args.figures} 中的结果已是最新（输入未变）；加 --force 可全部重新生成")
        return args.figures / REPORT_NAME
    return _make_report(args, paths, shown, fingerprint, keys, stamp)


def _current_tables(args: argparse.Namespace) -> dict:
    """The tables, built or read back (the pipeline and its libraries imported in the worker that calls this)."""
    from analysis.pipeline import current_tables

    return current_tables(args.seeds, args.data, args.force, args.decisions)


def _make_report(
    args: argparse.Namespace, paths: list[Path], shown: dict, fingerprint: dict, keys: dict[str, str], stamp: dict
) -> Path:
    """The report's outputs that are not current, made in a staging folder with the current ones copied in
    (`keys` from the tables each notebook read last time; made again from what each read this time)."""
    import shutil
    import sys

    # jsonschema checks IRIs with rfc3987_syntax when it is installed (JupyterLab pulls it in); notebook
    # validation never asks for that check, and building its grammar cost a second before any kernel started.
    sys.modules.setdefault("rfc3987_syntax", None)  # None: "not installed", as Python's import system reads it
    import nbformat

    from analysis.outputs.files import staged_folder, write_atomic
    from analysis.outputs.notebooks import execute_notebooks, tables_read_by
    from analysis.outputs.publish import publish

    kept = {p.name: files for p in paths if (files := reusable(stamp, keys, args.figures, p.name)) is not None}
    to_run = [p for p in paths if p.name not in kept]
    book_current = workbook_current(stamp, keys, args.data / WORKBOOK_NAME)
    running = f"正在运行 {len(to_run)} 个 Jupyter 笔记本：{'、'.join(p.name for p in to_run) or '无'} ……"
    if kept:
        running += f"\n  以下笔记本未变，沿用上次结果：{'、'.join(kept)}"
    with staged_folder(args.figures, keep_on_error=args.debug) as staging:
        parts = staging / ".parts"  # each notebook's figures apart, so each one's files are known

        def parameters(path: Path) -> dict[str, object]:
            return {
                "SEEDS_DIR": str(args.seeds.resolve()),
                "DATA_DIR": str(args.data.resolve()),
                "FIGURES_DIR": str((parts / path.stem).resolve()),
                **shown,
            }

        for path in to_run:
            (parts / path.stem).mkdir(parents=True)
        with ThreadPoolExecutor(max_workers=1) as background:
            built = background.submit(_current_tables, args)  # pandas and jieba load here while kernels start
            # said once the tables are built: bad input then gets its one line and nothing before it
            built.add_done_callback(lambda done: done.exception() or print(running, flush=True))
            workbook = None if book_current else background.submit(_write_workbook, built, args.data)
            executed = dict(
                zip(
                    [p.name for p in to_run],
                    execute_notebooks(to_run, parameters, staging / EXECUTED_DIR, after=built, kernel_log=args.debug)
                    if to_run
                    else [],
                    strict=True,
                )
            )
            tables = built.result()
            if workbook is not None:
                workbook.result()
        files: dict[str, list[str]] = {WORKBOOK_KEY: []}
        for path in to_run:
            made = sorted(p.name for p in (parts / path.stem).iterdir())
            for name in made:
                (parts / path.stem / name).replace(staging / name)
            files[path.name] = [*made, f"{EXECUTED_DIR}/{path.name}"]
        shutil.rmtree(parts, ignore_errors=True)
        for name, previous in kept.items():
            for relative in previous:
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(args.figures / relative, staging / relative)
            executed[name] = nbformat.read(staging / EXECUTED_DIR / name, as_version=4)
            files[name] = previous
        from analysis.outputs.html_report import write_html_report
        from analysis.outputs.manifest import read_manifest

        documents = tables["documents"]
        if args.years:
            documents = documents[documents["year"].isin(args.years)]
        plan_hashes = (read_manifest(args.data) or {}).get("inputs", {}).get("plans", {})
        write_html_report([executed[p.name] for p in paths], staging / REPORT_NAME, documents, plan_hashes)
        files[REPORT_NAME] = [REPORT_NAME]
        reads = {p.name: tables_read_by(executed[p.name]) for p in paths}  # as recorded in each executed copy
        keys = output_keys(paths, shown, fingerprint, reads)  # each notebook's key from what it read this time
        text = stamp_text(keys, files, reads)
        write_atomic(staging / STAMP_NAME, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        published = publish(staging, args.figures)
    figures = sorted(p.name for p in published if p.suffix == ".png")
    print(f"表格和工作簿已写入 {args.data}，{len(figures)} 张图和 report.html 已写入 {args.figures}")
    return args.figures / REPORT_NAME
