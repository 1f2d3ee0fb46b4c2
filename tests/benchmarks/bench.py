"""Benchmarks: speed of the build, the main job and matching, and how they grow.

Run with `.venv/bin/python tests/benchmarks/bench.py [--quick] [--only PART]` from the project root.
Not collected by pytest (timings belong in a benchmark, not in a test). Prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PY = sys.executable
# The bare floor of a build: the libraries every build needs and jieba's dictionary, nothing of the work.
FLOOR_CODE = "import pandas, jieba, rapidfuzz, analysis\nfrom analysis.text.segment import tokenizer\ntokenizer()"

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


def alternating(a: list[str], b: list[str], repeat: int, before_a=lambda: None) -> tuple[float, float, float]:
    """Median wall seconds of two commands run in turn (a, b, a, b …), and the median of the pairwise ratios:
    pairing keeps the ratio honest when the machine's speed drifts. `before_a` runs, untimed, before each a."""
    times_a, times_b = [], []
    for _ in range(repeat):
        before_a()
        for args, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    ratios = [x / y for x, y in zip(times_a, times_b, strict=True)]
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def bench_build(repeat: int) -> None:
    """A cold build (no store to reuse) against the floor; then the same build with the store current."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "data"
        build = [PY, "-m", "analysis", "build", "--out", str(out)]
        subprocess.run(build, cwd=ROOT, check=True, capture_output=True)  # warm: files cached by the system
        whole, floor, ratio = alternating(build, [PY, "-c", FLOOR_CODE], max(repeat, 5), lambda: shutil.rmtree(out))
        again = run_seconds(build, max(repeat, 3))
    record("floor: import pandas, jieba, rapidfuzz, analysis + dictionary", f"{floor:.2f} s")
    record("build of the seed years (whole process, cold)", f"{whole:.2f} s", f"{ratio:.2f}× floor (goal ≤ 1.5×)")
    record("build again, nothing changed (stages read back)", f"{again:.2f} s", f"{again / floor:.2f}× floor")


# Prints every module a process has loaded (the last line of its output), to import the same in a baseline.
PRINT_MODULES = "import json as _j, sys as _s; print(_j.dumps(sorted(_s.modules)))"
IMPORT_MODULES = """
import importlib, warnings
warnings.simplefilter("ignore")
for name in {names!r}:
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""


# The baseline process does what the report does, minus the work: it starts the kernels as soon as
# the report would (after `analysis.cli` and `analysis.outputs.notebooks` are imported), imports the rest in
# a background thread meanwhile, and the kernels (warmed up the same way) wait for that.
BASELINE_PROCESS = """
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import analysis.cli
from analysis.outputs.notebooks import execute_notebooks
import IPython.paths  # starting a kernel imports it here; done first, so the background imports cannot race it

def import_all():
{imports}

with ThreadPoolExecutor(max_workers=1) as background:
    execute_notebooks([Path(p) for p in {stubs!r}], {{}}, Path({out!r}), after=background.submit(import_all))
"""


def last_json_line(text: str) -> list[str]:
    return json.loads(text.strip().splitlines()[-1])


def bench_main_job(repeat: int) -> None:
    """The report command, cold, against a baseline that starts the same process and kernels and
    imports in each exactly the modules it had loaded by the end of the real run, and nothing else.

    The baseline kernels run through the same `execute_notebooks` (same concurrency), started at the
    same point and warmed up the same way as the report's (see BASELINE_PROCESS).
    Runs alternate (report, baseline, report, ...) and medians are compared, as timings on a small
    machine vary by a few seconds from run to run.
    """
    import nbformat

    from analysis.outputs.notebooks import execute_notebooks
    from analysis.outputs.report_cache import notebook_paths

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        code = f"import sys\nfrom analysis.cli import main\nstatus = main(sys.argv[1:])\n{PRINT_MODULES}"

        main_times, main_cpu = [], []

        rerun_times: list[float] = []

        def run_report(folder: Path) -> list[str]:
            report = ["report", "--data", str(folder / "d"), "--figures", str(folder / "f")]
            with timed(main_times, main_cpu):
                out = subprocess.run([PY, "-c", code, *report], cwd=ROOT, check=True, capture_output=True, text=True)
            again = time.perf_counter()  # the same command once more: nothing changed
            subprocess.run([PY, "-m", "analysis", *report], cwd=ROOT, check=True, capture_output=True)
            rerun_times.append(time.perf_counter() - again)
            return last_json_line(out.stdout)

        process_modules = run_report(tmp / "run0")

        # untimed: the modules each notebook's kernel ends up with (same notebooks, tables already built)
        probes = []
        for path in notebook_paths():
            nb = nbformat.read(path, as_version=4)
            nb.cells.append(nbformat.v4.new_code_cell(PRINT_MODULES))
            probe = path.parent / f".probe_{path.name}"
            nbformat.write(nb, str(probe))
            probes.append(probe)
        parameters = {"SEEDS_DIR": str(SEEDS), "DATA_DIR": str(tmp / "run0" / "d"), "FIGURES_DIR": str(tmp / "pf")}
        try:
            probed = execute_notebooks(probes, parameters, tmp / "probed")
        finally:
            for probe in probes:
                probe.unlink()
        stubs = []
        for path, nb in zip(notebook_paths(), probed, strict=True):
            names = last_json_line(nb.cells[-1].outputs[0]["text"])
            stub = tmp / "stubs" / path.name
            stub.parent.mkdir(exist_ok=True)
            cell = nbformat.v4.new_code_cell(IMPORT_MODULES.format(names=names))
            nbformat.write(nbformat.v4.new_notebook(cells=[cell]), str(stub))
            stubs.append(stub)

        baseline = BASELINE_PROCESS.format(
            imports=textwrap.indent(IMPORT_MODULES.format(names=process_modules), "    "),
            stubs=[str(p) for p in stubs],
            out=str(tmp / "so"),
        )
        baseline_times, baseline_cpu = [], []
        for run in range(repeat):
            with timed(baseline_times, baseline_cpu):
                subprocess.run([PY, "-c", baseline], cwd=ROOT, check=True)
            if run + 1 < repeat:
                run_report(tmp / f"run{run + 1}")
    main, baseline = statistics.median(main_times), statistics.median(baseline_times)
    cpu, baseline_cpu = statistics.median(main_cpu), statistics.median(baseline_cpu)
    spread = f"runs {', '.join(f'{t:.1f}' for t in main_times)} s; CPU {cpu:.1f} s"
    record("main job end to end (report, cold)", f"{main:.1f} s", spread)
    record(
        "baseline: same process + kernels, imports only",
        f"{baseline:.1f} s",
        f"runs {', '.join(f'{t:.1f}' for t in baseline_times)} s; CPU {baseline_cpu:.1f} s",
    )
    record("main job ÷ baseline", f"{main / baseline:.2f}", f"CPU ratio {cpu / baseline_cpu:.2f}")
    rerun = statistics.median(rerun_times)
    record(
        "main job, identical rerun",
        f"{rerun:.2f} s",
        f"runs {', '.join(f'{t:.2f}' for t in rerun_times)} s (goal ≤ 2 s)",
    )


@contextmanager
def timed(wall: list[float], cpu: list[float]):
    """Append the wall time, and the CPU time of the child processes waited for (kernels included)."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    yield
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall.append(time.perf_counter() - start)
    cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


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
from analysis.match.tables import match_years
from analysis.text.segment import tokenizer
tokenizer()
a, b = synthetic_items({n}, 2022, 1), synthetic_items({n}, 2023, 2)
t = time.perf_counter(); m = match_years(a, b).matches; elapsed = time.perf_counter() - t
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


GROWTH_CHILD = """
import json, resource, sys, tempfile, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {here!r})
from bench import synthetic_tables
from analysis.outputs.store import write_tables
from analysis.pipeline import analyse
from analysis.text.segment import tokenizer
tokenizer()
tidy = synthetic_tables({n}, [2022, 2023])
t = time.perf_counter()
with tempfile.TemporaryDirectory() as out:
    tables = analyse(tidy)
    write_tables(tables, out)
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": elapsed, "peak_mib": peak, "links": len(tables["matches"])}}))
"""


def synthetic_tables(n: int, years: list[int]) -> dict:
    """Tidy tables of `n` items a year, made from the items of one seed plan per year (text perturbed as in
    `synthetic_items`), each with the chapter, leaders and units of the seed item it was made from."""
    import pandas as pd

    from analysis import load_plans
    from analysis.registry import make_frame

    seeds = load_plans(SEEDS).as_dict()
    items, leaders, units = seeds["items"], seeds["item_leaders"], seeds["item_units"]
    rng = random.Random(3)
    made_items, made_leaders, made_units = [], [], []
    seed_years = sorted(items["year"].unique())
    for k, year in enumerate(years):
        texts = synthetic_items(n, year, year)["text"].tolist()
        pool = items[items["year"] == seed_years[k % len(seed_years)]]  # one plan's chapters per year
        for i in range(n):
            source = pool.iloc[rng.randrange(len(pool))]
            item_id = f"{year}-{i + 1:05d}"
            made_items.append(source.to_dict() | {"item_id": item_id, "year": year, "seq": i + 1, "text": texts[i]})
            for frame, made in ((leaders, made_leaders), (units, made_units)):
                rows = frame[frame["item_id"] == source["item_id"]]
                made += [r | {"item_id": item_id, "year": year} for r in rows.to_dict("records")]
    documents = pd.concat([seeds["documents"].iloc[[0]]] * len(years), ignore_index=True).assign(year=years)
    documents["parsed_count"] = n
    return {
        "documents": make_frame("documents", documents.to_dict("records")),
        "items": make_frame("items", made_items),
        "item_leaders": make_frame("item_leaders", made_leaders),
        "item_units": make_frame("item_units", made_units),
        "normalizations": seeds["normalizations"].iloc[0:0],
        "alias_suggestions": seeds["alias_suggestions"].iloc[0:0],
    }


def bench_growth(sizes: list[int], repeat: int = 3) -> None:
    """Every stage after parsing (targets, matching, target changes, workload) and writing the tables, for
    two synthetic years of n items each: time and peak memory, and how they grow."""
    results = {}
    for n in sizes:
        code = GROWTH_CHILD.format(root=str(ROOT), here=str(Path(__file__).parent), n=n)
        runs = []
        for _ in range(repeat if n < 10000 else 1):  # medians: one slow run must not move the growth ratio
            out = subprocess.run([PY, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
        results[n] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        # The synthetic items are remixed seed items: the larger the year, the more near-copies each has.
        note = f"peak {results[n]['peak_mib']:.0f} MiB, {results[n]['links'] / n:.1f} links per item"
        if n != sizes[0]:
            ratio = results[n]["seconds"] / results[sizes[0]]["seconds"]
            note += f"; {ratio:.1f}× the time of 2×{sizes[0]:,} for {n / sizes[0]:.1f}× the items"
        goal = " (goal ≤ 10× the 2×400 time, < 1 GiB)" if n == 3000 else " (goal < 60 s)" if n >= 10000 else ""
        record(f"stages + writing, 2 × {n:,} items", f"{results[n]['seconds']:.1f} s", note + goal)


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
    parser.add_argument("--only", choices=["build", "main", "growth", "matching", "documents"], help="run one part")
    args = parser.parse_args()
    # Timed as on a user's machine, where Python keeps the bytecode of imported modules (some sandboxes and CI
    # images set PYTHONDONTWRITEBYTECODE, and every process then compiles the package again).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.path.insert(0, str(ROOT))
    parts = {
        "build": lambda: bench_build(1 if args.quick else 3),
        "main": lambda: bench_main_job(1 if args.quick else 3),
        "growth": lambda: bench_growth([400, 3000], 1) if args.quick else bench_growth([400, 3000, 10000]),
        "matching": lambda: bench_matching([100, 1000] if args.quick else [100, 1000, 10000]),
        "documents": lambda: bench_many_documents([10, 25] if args.quick else [10, 50, 100]),
    }
    print(f"{'measure':<58} {'time':>22}  note")
    for name, run in parts.items():
        if args.only in (None, name):
            run()


if __name__ == "__main__":
    main()
