"""Compare two output folders table by table (and figure by figure): are they the same?

    python tests/tools/compare_outputs.py DATA_A DATA_B [--figures FIG_A FIG_B]

Kept for refactors and speed work, whose rule is "identical outputs before and after":
every Parquet table is compared frame by frame (values, dtypes, column order), every figure's
CSV of plotted data byte by byte and every PNG pixel by pixel. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd


def compare_tables(a: Path, b: Path) -> list[str]:
    """Differences between the Parquet tables of two data folders, one line each."""
    problems = []
    names_a = {p.stem for p in a.glob("*.parquet")}
    names_b = {p.stem for p in b.glob("*.parquet")}
    for name in sorted(names_a ^ names_b):
        problems.append(f"{name}: only in {a if name in names_a else b}")
    for name in sorted(names_a & names_b):
        frame_a, frame_b = pd.read_parquet(a / f"{name}.parquet"), pd.read_parquet(b / f"{name}.parquet")
        try:
            pd.testing.assert_frame_equal(frame_a, frame_b)
        except AssertionError as exc:
            problems.append(f"{name}: {' '.join(str(exc).split())[:400]}")
    return problems


def compare_figures(a: Path, b: Path) -> list[str]:
    """Differences between two figure folders: CSVs byte by byte, PNGs pixel by pixel."""
    import numpy as np
    from PIL import Image

    problems = []
    for suffix in ("csv", "png"):
        names_a = {p.name for p in a.glob(f"*.{suffix}")}
        names_b = {p.name for p in b.glob(f"*.{suffix}")}
        for name in sorted(names_a ^ names_b):
            problems.append(f"{name}: only in {a if name in names_a else b}")
        for name in sorted(names_a & names_b):
            if suffix == "csv":
                same = (a / name).read_bytes() == (b / name).read_bytes()
            else:
                with Image.open(a / name) as pa, Image.open(b / name) as pb:
                    same = pa.size == pb.size and np.array_equal(np.asarray(pa), np.asarray(pb))
            if not same:
                problems.append(f"{name}: differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_a", type=Path)
    parser.add_argument("data_b", type=Path)
    parser.add_argument("--figures", type=Path, nargs=2, metavar=("FIG_A", "FIG_B"))
    args = parser.parse_args(argv)
    problems = compare_tables(args.data_a, args.data_b)
    if args.figures:
        problems += compare_figures(*args.figures)
    for line in problems:
        print(line)
    print("identical" if not problems else f"{len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
