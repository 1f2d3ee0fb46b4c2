"""The table store: every table validated against the registry, then written as CSV and Parquet,
with a manifest of the inputs; and reading it back for notebooks, only when it is current.

Everything is computed before anything is written, and each file is written through a temporary
file, so bad input never leaves `data/` half-updated.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.errors import PlanError
from analysis.outputs.files import write_atomic
from analysis.outputs.manifest import MANIFEST_NAME, differences, input_fingerprint, read_manifest
from analysis.outputs.table_docs import README_NAME, data_readme
from analysis.registry import BY_NAME, validate

CSV_ENCODING = "utf-8-sig"  # with BOM, so Excel opens the Chinese correctly


class StaleTables(PlanError):
    """Tables in a data folder that were not built from the current inputs."""


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path, fingerprint: dict | None = None) -> list[Path]:
    """Validate every table, then write each as CSV (UTF-8 with BOM) and Parquet, and the manifest last.

    Returns the paths written. A table that does not match its declaration raises ValueError
    before any file is written.
    """
    for name, frame in tables.items():
        validate(name, frame)
    out_dir = Path(out_dir)
    written = []
    for name, frame in tables.items():
        csv_path, parquet_path = out_dir / f"{name}.csv", out_dir / f"{name}.parquet"
        write_atomic(csv_path, lambda tmp, f=frame: f.to_csv(tmp, index=False, encoding=CSV_ENCODING))
        write_atomic(parquet_path, lambda tmp, f=frame: f.to_parquet(tmp, index=False))
        written += [csv_path, parquet_path]
    readme = out_dir / README_NAME
    write_atomic(readme, lambda tmp: tmp.write_text(data_readme(), encoding="utf-8"))
    written.append(readme)
    if fingerprint is not None:
        manifest = {
            "built": datetime.now(UTC).isoformat(timespec="seconds"),
            "inputs": fingerprint,
            "tables": list(tables),
        }
        path = out_dir / MANIFEST_NAME
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        written.append(path)
    return written


def read_table(data_dir: str | Path, name: str) -> pd.DataFrame:
    """Read a table written by `write_tables` (Parquet keeps the dtypes)."""
    return pd.read_parquet(Path(data_dir) / f"{name}.parquet")


def _recorded_decisions(manifest: dict, decisions: str | Path | None) -> str | Path | None:
    """The decisions file to check: the one given, else the one the build recorded."""
    return decisions or next(iter(manifest["inputs"].get("decisions", {})), None)


def is_current(seeds_dir: str | Path, data_dir: str | Path, decisions: str | Path | None = None) -> bool:
    """Whether the data folder holds every table of the manifest, built from exactly the current inputs."""
    manifest = read_manifest(data_dir)
    if manifest is None:
        return False
    if differences(manifest["inputs"], input_fingerprint(seeds_dir, _recorded_decisions(manifest, decisions))):
        return False
    return all((Path(data_dir) / f"{name}.parquet").exists() for name in manifest["tables"])


def load_tables(
    seeds_dir: str | Path, data_dir: str | Path, decisions: str | Path | None = None
) -> dict[str, pd.DataFrame]:
    """Every table of the data folder, when it was built from the current inputs (what notebooks call).

    Raises StaleTables with what changed (a plan added, a resource edited …) and the command to
    run otherwise: a notebook never shows tables of other inputs, and never rebuilds them itself.
    """
    manifest = read_manifest(data_dir)
    how = "run `python3 tasks.py build` (or `python3 tasks.py report`) first"
    if manifest is None:
        raise StaleTables(data_dir, f"no tables built yet: {how}")
    changed = differences(manifest["inputs"], input_fingerprint(seeds_dir, _recorded_decisions(manifest, decisions)))
    if changed:
        raise StaleTables(data_dir, f"tables were built from other inputs ({'; '.join(changed)}): {how}")
    return {name: read_table(data_dir, name) for name in manifest["tables"] if name in BY_NAME}
