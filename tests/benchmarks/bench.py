"""Benchmarks: speed of the build, the main job and matching, and how they grow.

Run with `.venv/bin/python tests/benchmarks/bench.py [--quick]` from the project root.
Not collected by pytest (timings belong in a benchmark, not in a test). Prints a table.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PY = sys.executable
LIBS = "import pandas, pyarrow, numpy, scipy, sklearn, rapidfuzz, jieba, jieba.posseg"
FLOOR_CODE = f"{LIBS}\nfrom analysis.segment import tokenizer\ntokenizer()"
NOTEBOOK_LIBS = f"{LIBS}, matplotlib.pyplot, seaborn, itables, IPython.display"

rows: list[tuple[str, str, str]] = []


def record(what: str, measured: str, note: str = "") -> None:
    rows.append((what, measured, note))
    print(f"{what:<58} {measured:>22}  {note}", flush=True)


def run_seconds(args: list[str], repeat: int = 3) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_build(repeat: int) -> None:
    floor = run_seconds([PY, "-c", FLOOR_CODE], repeat)
    with tempfile.TemporaryDirectory() as out:
        whole = run_seconds([PY, "-m", "analysis", "build", "--out", out], repeat)
    record("floor: import libraries + load jieba (process)", f"{floor:.2f} s")
    record("build of the seed years (whole process)", f"{whole:.2f} s", f"{whole / floor:.2f}× floor (goal ≤ 1.5×)")
    code = textwrap.dedent(
        f"""
        import time, tempfile, statistics
        from analysis.build import build_tables, write_tables
        with tempfile.TemporaryDirectory() as out:
            write_tables(build_tables({str(SEEDS)!r}), out)
            times = []
            for _ in range({max(repeat, 3)}):
                t = time.perf_counter(); write_tables(build_tables({str(SEEDS)!r}), out)
                times.append(time.perf_counter() - t)
        print(statistics.median(times))
        """
    )
    warm = float(subprocess.run([PY, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    record("build in-process after warm-up (parse→tables→files)", f"{warm:.3f} s", "goal < 1 s")


def bench_main_job() -> None:
    import nbformat

    from analysis.notebooks import execute_notebook, notebook_paths

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        subprocess.run(
            [PY, "-m", "analysis", "report", "--data", str(tmp / "d"), "--figures", str(tmp / "f")],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        main = time.perf_counter() - start
        # baseline: start the same number of kernels, each importing the same libraries
        start = time.perf_counter()
        subprocess.run([PY, "-c", f"{LIBS}\nimport analysis.build"], cwd=ROOT, check=True)
        for path in notebook_paths():
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NOTEBOOK_LIBS)])
            nb_path = tmp / path.name
            nbformat.write(nb, str(nb_path))
            execute_notebook(nb_path, {}, tmp / f"out_{path.name}")
        baseline = time.perf_counter() - start
    record("main job end to end (report)", f"{main:.1f} s")
    record(
        "baseline: same kernels + imports, no work", f"{baseline:.1f} s", f"ratio {main / baseline:.2f} (goal < 1.5)"
    )


def synthetic_items(n: int, year: int, seed: int):
    """n items built from the seed items: clauses shuffled and dropped, numbers changed."""
    import pandas as pd

    from analysis import load_plans

    base = load_plans(SEEDS).items
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        text = base["text"].iloc[rng.randrange(len(base))]
        clauses = [c for c in re.split(r"[，。；]", text) if c]
        rng.shuffle(clauses)
        if len(clauses) > 2:
            clauses.pop(rng.randrange(len(clauses)))
        text = "，".join(clauses) + "。"
        text = re.sub(r"\d+(\.\d+)?", lambda m: str(round(float(m.group()) * rng.uniform(0.8, 1.3), 1)), text)
        texts.append(f"{text}（{i}）")
    return pd.DataFrame(
        {
            "item_id": [f"{year}-{i + 1:05d}" for i in range(n)],
            "year": year,
            "chapter_no": [rng.randint(1, 8) for _ in range(n)],
            "chapter_title": "",
            "text": texts,
        }
    )


MATCH_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {here!r})
from bench import synthetic_items
from analysis.match import match_years
from analysis.segment import tokenizer
tokenizer()
a, b = synthetic_items({n}, 2022, 1), synthetic_items({n}, 2023, 2)
t = time.perf_counter(); m = match_years(a, b); elapsed = time.perf_counter() - t
print(json.dumps({{"seconds": elapsed, "pairs": len(m), "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def naive_seconds(n: int, sample: int) -> float:
    """difflib SequenceMatcher over every pair, in Python loops (sample rows, scaled up)."""
    from difflib import SequenceMatcher

    a, b = synthetic_items(n, 2022, 1)["text"].tolist(), synthetic_items(n, 2023, 2)["text"].tolist()
    start = time.perf_counter()
    for x in a[:sample]:
        for y in b:
            SequenceMatcher(None, x, y).ratio()
    return (time.perf_counter() - start) * n / sample


def bench_matching(sizes: list[int]) -> None:
    for n in sizes:
        code = MATCH_CHILD.format(root=str(ROOT), here=str(Path(__file__).parent), n=n)
        out = subprocess.run([PY, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        note = f"peak {result['peak_mib']:.0f} MiB (process), {result['pairs']} pairs"
        if n <= 1000:
            naive = naive_seconds(n, sample=min(n, 100))
            note += f"; difflib loops {naive:.1f} s{' (extrapolated)' if n > 100 else ''}"
            note += f" → speed-up {naive / result['seconds']:.0f}×"
        goal = " (goal < 60 s, < 2 GiB)" if n >= 10000 else ""
        record(f"matching {n:,} × {n:,} items", f"{result['seconds']:.2f} s", note + goal)


def bench_many_documents(counts: list[int]) -> None:
    template = (SEEDS / "2023.txt").read_text(encoding="utf-8")
    rng = random.Random(7)
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            seeds = Path(tmp) / "seeds"
            seeds.mkdir()
            for i in range(count):
                year = 2100 + i
                text = template.replace("2023年", f"{year}年")
                text = re.sub(r"(\d+)(%|家|个)", lambda m: f"{int(m.group(1)) + rng.randint(0, 3)}{m.group(2)}", text)
                (seeds / f"{year}.txt").write_text(text, encoding="utf-8")
            seconds = run_seconds([PY, "-m", "analysis", "build", "--seeds", str(seeds), "--out", tmp + "/d"], 1)
            record(f"build of {count} plan documents (one command)", f"{seconds:.1f} s", f"{seconds / count:.3f} s/doc")
            shutil.rmtree(seeds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one repetition")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"{'measure':<58} {'time':>22}  note")
    bench_build(1 if args.quick else 3)
    bench_main_job()
    bench_matching([100, 1000] if args.quick else [100, 1000, 10000])
    bench_many_documents([10, 25] if args.quick else [10, 50, 100])


if __name__ == "__main__":
    main()
