"""Benchmarks: speed of the build, the main job and matching, and how they grow.

Run with `.venv/bin/python tests/benchmarks/bench.py [--quick] [--only PART]` from the project root.
Not collected by pytest (timings belong in a benchmark, not in a test). Prints a table.
"""

from __future__ import annotations

import argparse
import json
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
LIBS = "import pandas, pyarrow, numpy, scipy, sklearn, rapidfuzz, jieba, jieba.posseg"
FLOOR_CODE = f"{LIBS}\nfrom analysis.text.segment import tokenizer\ntokenizer()"

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
        from analysis.outputs.store import write_tables
        from analysis.pipeline import build_tables
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

        def run_report(folder: Path) -> list[str]:
            report = ["report", "--data", str(folder / "d"), "--figures", str(folder / "f")]
            with timed(main_times, main_cpu):
                out = subprocess.run([PY, "-c", code, *report], cwd=ROOT, check=True, capture_output=True, text=True)
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
    record("main job ÷ baseline", f"{main / baseline:.2f}", f"goal < 1.5; CPU ratio {cpu / baseline_cpu:.2f}")


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
    parser.add_argument("--only", choices=["build", "main", "matching", "documents"], help="run one part")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    parts = {
        "build": lambda: bench_build(1 if args.quick else 3),
        "main": lambda: bench_main_job(1 if args.quick else 3),
        "matching": lambda: bench_matching([100, 1000] if args.quick else [100, 1000, 10000]),
        "documents": lambda: bench_many_documents([10, 25] if args.quick else [10, 50, 100]),
    }
    print(f"{'measure':<58} {'time':>22}  note")
    for name, run in parts.items():
        if args.only in (None, name):
            run()


if __name__ == "__main__":
    main()
