"""What the report's outputs were made from, so a rerun executes only the notebooks whose inputs changed.

Each notebook's outputs (its executed copy, its figures) depend on the notebook file, the parameters of the
run (years, figure width and formats; not the folders), the tables it read (each named by the key of the
stage that made it) and the presentation code. Which tables a notebook reads is recorded as it runs (its
kernel is asked after the last cell): if none of those changed, nor the notebook, code or parameters, it
would read the same tables again and show the same things. The key of each output, the files it made and
the tables it read are stamped in the figures folder (`report_inputs.json`), published in the same step as
the outputs it describes, so an interrupted run never leaves a stamp without its files. Deleting it only
makes the next run do everything.

This module imports nothing heavy: an identical rerun is decided in milliseconds, before pandas, jieba or
Jupyter are loaded.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.outputs.manifest import code_hash, stage_keys
from analysis.paths import NOTEBOOKS_DIR
from analysis.registry import TABLES, stage_dependencies

STAMP_NAME = "report_inputs.json"
REPORT_NAME = "report.html"
EXECUTED_DIR = "notebooks"
# Code and files that shape what a notebook shows, besides the tables: views, sentences, charts, export.
PRESENTATION_CODE = ("present", "outputs")
# Run parameters that change what a notebook shows (the folders do not).
SHOWN_PARAMETERS = ("YEARS", "FIGURE_WIDTH_CM", "FIGURE_FORMATS")
WORKBOOK_KEY = "workbook"


def notebook_paths(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The report notebooks, in their numbered order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def _hash(parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def output_keys(
    paths: list[Path], parameters: dict[str, object], fingerprint: dict, tables_read: dict[str, list[str] | None]
) -> dict[str, str]:
    """A key per notebook (by file name), one for the workbook and one for the report page.

    `fingerprint` is the tables' inputs (`manifest.input_fingerprint`); `tables_read` the tables each notebook
    read when it last ran (None, or absent: not known, so every table counts).
    """
    stages = stage_keys(fingerprint, stage_dependencies())
    table_keys = {t.name: stages[t.stage] for t in TABLES}
    code = {entry: code_hash(entry) for entry in PRESENTATION_CODE}
    shown = {name: parameters.get(name) for name in SHOWN_PARAMETERS}
    keys = {}
    for path in paths:
        read = tables_read.get(path.name)
        tables = table_keys if read is None else {name: table_keys.get(name) for name in read}
        notebook = hashlib.sha256(path.read_bytes()).hexdigest()
        keys[path.name] = _hash({"notebook": notebook, "tables": tables, "code": code, "parameters": shown})
    keys[WORKBOOK_KEY] = _hash({"tables": table_keys, "code": code})
    keys[REPORT_NAME] = _hash(keys)
    return keys


def recorded_reads(stamp: dict) -> dict[str, list[str] | None]:
    """The tables each output read when it was made, as the stamp records them."""
    reads = {}
    for name, entry in stamp.get("outputs", {}).items():
        read = entry.get("tables") if isinstance(entry, dict) else None
        reads[name] = read if isinstance(read, list) and all(isinstance(t, str) for t in read) else None
    return reads


def read_stamp(figures_dir: Path) -> dict:
    """The stamp of the last published run ({} when there is none or it cannot be read)."""
    try:
        stamp = json.loads((figures_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def reusable(stamp: dict, keys: dict[str, str], folder: Path, name: str) -> list[str] | None:
    """The files an output made last time (relative to `folder`), when its key is unchanged and every one of
    them is still there; else None."""
    entry = stamp.get("outputs", {}).get(name)
    if not isinstance(entry, dict) or entry.get("key") != keys.get(name):
        return None
    files = entry.get("files", [])
    if not all(isinstance(f, str) and (folder / f).is_file() for f in files):
        return None
    return files


def workbook_current(stamp: dict, keys: dict[str, str], workbook: Path) -> bool:
    """Whether the workbook was written from exactly these tables and code, and is still there."""
    return stamp.get("outputs", {}).get(WORKBOOK_KEY, {}).get("key") == keys[WORKBOOK_KEY] and workbook.is_file()


def everything_current(stamp: dict, keys: dict[str, str], figures_dir: Path, workbook: Path) -> bool:
    """Whether the last run made every output from exactly these inputs, and all of them are still there."""
    names = [name for name in keys if name != WORKBOOK_KEY]
    return all(reusable(stamp, keys, figures_dir, name) is not None for name in names) and workbook_current(
        stamp, keys, workbook
    )


def stamp_text(keys: dict[str, str], files: dict[str, list[str]], tables_read: dict[str, list[str] | None]) -> str:
    """The stamp to publish with the outputs: each output's key, the files it made and the tables it read."""
    outputs = {
        name: {"key": key, "files": sorted(files.get(name, []))}
        | ({"tables": sorted(read)} if (read := tables_read.get(name)) is not None else {})
        for name, key in keys.items()
    }
    return json.dumps({"outputs": outputs}, ensure_ascii=False, indent=2) + "\n"
