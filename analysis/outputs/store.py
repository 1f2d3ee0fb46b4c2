"""The table store: every table validated against the registry, then written as CSV and Parquet,
with a manifest of the inputs; and reading it back for notebooks, only when it is current.

Everything is computed before anything is written, and each file is written through a temporary
file, so bad input never leaves `data/` half-updated.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.errors import PlanError
from analysis.outputs.files import staged_folder, swap_in, write_atomic
from analysis.outputs.manifest import MANIFEST_NAME, differences, input_fingerprint, read_manifest, recorded_decisions
from analysis.outputs.table_docs import README_NAME, data_readme
from analysis.registry import BY_NAME, TABLES, validate
from analysis.tablesets import LazyTables

CSV_ENCODING = "utf-8-sig"  # with BOM, so Excel opens the Chinese correctly
BUILT_SUFFIXES = (".csv", ".parquet")  # every table file the build writes; older ones are not kept
PAUSE_VARIABLE = "PLAN_ANALYSIS_PAUSE_S"


class StaleTables(PlanError):
    """Tables in a data folder that were not built from the current inputs."""


def write_tables(
    tables: dict[str, pd.DataFrame],
    out_dir: str | Path,
    fingerprint: dict | None = None,
    stage_keys: dict[str, str] | None = None,
    stage_warnings: dict[str, list[str]] | None = None,
) -> list[Path]:
    """Validate every table, then write the whole set — each table as CSV (UTF-8 with BOM, text that a
    spreadsheet would run as a formula neutralised) and Parquet, the folder's README and the manifest —
    into a staging folder, and swap it in as one: an interrupted or failed build leaves the previous set
    whole. Files the build does not make (the workbook, a user's notes) are kept. Returns the paths.

    A table that does not match its declaration raises ValueError before any file is written.
    """
    for name, frame in tables.items():
        validate(name, frame)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(20, "不是文件夹", str(out_dir))
    names = []
    with staged_folder(out_dir) as staging:
        for name, frame in tables.items():
            write_atomic(
                staging / f"{name}.csv",
                lambda tmp, f=frame: safe_for_spreadsheets(f).to_csv(tmp, index=False, encoding=CSV_ENCODING),
            )
            _pause_for_tests()
            write_atomic(staging / f"{name}.parquet", lambda tmp, f=frame: f.to_parquet(tmp, index=False))
            _pause_for_tests()
            names += [f"{name}.csv", f"{name}.parquet"]
        write_atomic(staging / README_NAME, lambda tmp: tmp.write_text(data_readme(), encoding="utf-8"))
        names.append(README_NAME)
        if fingerprint is not None:
            manifest = {
                "built": datetime.now(UTC).isoformat(timespec="seconds"),
                "inputs": fingerprint,
                "stages": stage_keys or {},
                "warnings": stage_warnings or {},
                "tables": list(tables),
            }
            text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
            write_atomic(staging / MANIFEST_NAME, lambda tmp: tmp.write_text(text, encoding="utf-8"))
            names.append(MANIFEST_NAME)
        swap_in(staging, out_dir, produced=lambda relative: relative.suffix in BUILT_SUFFIXES or relative.name in names)
    return [out_dir / name for name in names]


def _pause_for_tests() -> None:
    """A pause between files when PLAN_ANALYSIS_PAUSE_S is set: the interruption tests use it to send a
    signal while a build is writing."""
    seconds = os.environ.get(PAUSE_VARIABLE)
    if seconds:
        time.sleep(float(seconds))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first),
    prefixed with an apostrophe, as OWASP advises against CSV injection; numbers are left alone."""
    columns = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object:  # text mixed with other values
            risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
        elif pd.api.types.is_string_dtype(values):
            risky = values.str.startswith(FORMULA_START, na=False)
        else:
            continue
        if risky.any():
            columns[column] = values.where(~risky, "'" + values.astype(str))
    return frame.assign(**columns) if columns else frame


def read_table(data_dir: str | Path, name: str) -> pd.DataFrame:
    """Read a table written by `write_tables` (Parquet keeps the dtypes)."""
    return pd.read_parquet(Path(data_dir) / f"{name}.parquet")


def reusable_stages(data_dir: str | Path, keys: dict[str, str]) -> dict[str, tuple[dict[str, pd.DataFrame], list[str]]]:
    """Every stage whose key is the one the store recorded, all its tables present: the tables read back,
    with the warnings its computation gave."""
    manifest = read_manifest(data_dir) or {}
    recorded, said = manifest.get("stages", {}), manifest.get("warnings", {})
    found = {}
    for stage, key in keys.items():
        names = [t.name for t in TABLES if t.stage == stage]
        if recorded.get(stage) == key and all((Path(data_dir) / f"{name}.parquet").exists() for name in names):
            found[stage] = ({name: read_table(data_dir, name) for name in names}, [str(m) for m in said.get(stage, [])])
    return found


# Every table this process has read through `load_tables`: the report asks each notebook's kernel for it, so
# a notebook reruns only when a table it read changed.
_TABLES_READ: set[str] = set()


def tables_read() -> list[str]:
    """The tables this process has read through `load_tables`, by name."""
    return sorted(_TABLES_READ)


def _read_unless_rebuilt(data_dir: Path, manifest: dict, name: str) -> pd.DataFrame:
    """A table of the build `manifest` describes (StaleTables if the folder was rebuilt since: two builds are
    never mixed), recorded as read."""
    if read_manifest(data_dir) != manifest:
        raise StaleTables(data_dir, "本笔记本读取表格后，表格又重新生成了：请从头重新运行本笔记本")
    _TABLES_READ.add(name)
    return read_table(data_dir, name)


def load_tables(seeds_dir: str | Path, data_dir: str | Path, decisions: str | Path | None = None) -> LazyTables:
    """Every table of the data folder, when it was built from the current inputs (what notebooks call);
    each is read when first used.

    Raises StaleTables with what changed (a plan added, a resource edited …) and the command to
    run otherwise: a notebook never shows tables of other inputs, and never rebuilds them itself.
    """
    manifest = read_manifest(data_dir)
    how = "请运行 python3 tasks.py build（或 python3 tasks.py report）"
    if manifest is None:
        raise StaleTables(data_dir, f"还没有生成表格：{how}")
    changed = differences(manifest["inputs"], input_fingerprint(seeds_dir, recorded_decisions(manifest, decisions)))
    if changed:
        raise StaleTables(data_dir, f"生成表格后输入有了变化（{'；'.join(changed)}）：{how}")
    names = [name for name in manifest["tables"] if name in BY_NAME]
    return LazyTables(names, lambda name: _read_unless_rebuilt(Path(data_dir), manifest, name))
