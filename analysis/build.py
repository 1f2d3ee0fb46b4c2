"""Build every tidy table from the seeds folder and write them to the data folder.

Everything is computed before anything is written, and each file is written
through a temporary file, so bad input never leaves `data/` half-updated.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.load import PlanTables, load_plans
from analysis.textio import write_atomic

CSV_ENCODING = "utf-8-sig"  # with BOM, so Excel opens the Chinese correctly


def tables_from_plans(plans: PlanTables) -> dict[str, pd.DataFrame]:
    """All tidy tables, by file name stem, in the order they are written.

    Each analysis adds its tables; later ones may read earlier ones (targets use matches).
    """
    from analysis import match, targets, workload

    tables = {
        "documents": plans.documents,
        "items": plans.items,
        "item_leaders": plans.item_leaders,
        "item_units": plans.item_units,
        "normalizations": plans.normalizations,
    }
    tables.update(match.match_tables(plans))
    tables.update(targets.target_tables(plans, tables))
    tables.update(workload.workload_tables(plans))
    return tables


def build_tables(seeds_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Parse every plan in the folder and compute every table."""
    return tables_from_plans(load_plans(seeds_dir))


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write each table as CSV (UTF-8 with BOM) and Parquet; returns the paths written."""
    out_dir = Path(out_dir)
    written = []
    for name, frame in tables.items():
        csv_path, parquet_path = out_dir / f"{name}.csv", out_dir / f"{name}.parquet"
        write_atomic(csv_path, lambda tmp, f=frame: f.to_csv(tmp, index=False, encoding=CSV_ENCODING))
        write_atomic(parquet_path, lambda tmp, f=frame: f.to_parquet(tmp, index=False))
        written += [csv_path, parquet_path]
    return written


def read_table(data_dir: str | Path, name: str) -> pd.DataFrame:
    """Read a table written by `write_tables` (Parquet keeps the dtypes)."""
    return pd.read_parquet(Path(data_dir) / f"{name}.parquet")
