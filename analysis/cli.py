"""Command line: `python -m analysis build|report|fit-matcher`.

Bad input ends with one line naming the file and line, and exit status 2;
`--debug` shows the traceback instead. Heavy modules are imported by the command that needs them.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

from analysis.errors import Interrupted, PlanError, PlanWarning
from analysis.paths import DATA_DIR, FIGURES_DIR, MATCH_LABELS_CSV, MATCHER_MODEL_JSON, SEEDS_DIR

EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 1
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
DECISIONS_HELP = "the analyst's matching decisions (default: match_decisions.csv beside the plans, if there)"


def _build(args: argparse.Namespace) -> None:
    from analysis.pipeline import build

    build(args.seeds, args.out, args.decisions)
    print(f"wrote the tables and their manifest to {args.out}")


def _report(args: argparse.Namespace) -> None:
    from analysis.report import report

    report(args)


def _fit_matcher(args: argparse.Namespace) -> None:
    from analysis.inputs import decisions_file
    from analysis.match.decisions import read_decisions
    from analysis.match.fit import refit
    from analysis.targets.tables import target_tables
    from analysis.tidy.tables import load_plans

    decisions = read_decisions(decisions_file(args.seeds, args.decisions))
    plans = load_plans(args.seeds)
    targets = target_tables(plans.as_dict())["targets"]
    _, metrics = refit(plans.items, args.labels, args.model, args.out, decisions, targets)
    print(f"wrote {args.out or args.model}")
    for name, figures in metrics.items():
        print(f"{name}: " + ", ".join(f"{k} {v:g}" for k, v in figures.items()))


def _formats(text: str) -> list[str]:
    """`png,svg` → ["png", "svg"], each one a format charts can be saved in."""
    from analysis.outputs.export import FORMATS

    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose among {', '.join(FORMATS)} (got {text!r})")
    return chosen


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and --help)."""
    top = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    top.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="parse every plan in the seeds folder and write the tidy tables")
    build.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of plan files (default: seeds/)")
    build.add_argument("--out", type=Path, default=DATA_DIR, help="folder for the tables (default: data/)")
    build.add_argument("--decisions", type=Path, help=DECISIONS_HELP)
    build.set_defaults(run=_build)
    report = commands.add_parser(
        "report", help="build the tables, execute the notebooks, write figures, workbook and HTML report"
    )
    report.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of plan files (default: seeds/)")
    report.add_argument("--data", type=Path, default=DATA_DIR, help="folder for the tables (default: data/)")
    report.add_argument("--figures", type=Path, default=FIGURES_DIR, help="folder for figures (default: figures/)")
    report.add_argument("--years", type=int, nargs="+", help="years to compare (default: all present)")
    report.add_argument("--decisions", type=Path, help=DECISIONS_HELP)
    report.add_argument(
        "--figure-width-cm",
        type=float,
        help="width of the figures in the document they go into, in cm (default: an A4 text column, 16 cm)",
    )
    report.add_argument(
        "--formats",
        type=_formats,
        help="figure formats, comma-separated, among png, svg, pdf (default: all three)",
    )
    report.add_argument("--force", action="store_true", help="make everything again, even what is up to date")
    report.set_defaults(run=_report)
    fit = commands.add_parser("fit-matcher", help="refit the matcher's model from labelled pairs")
    fit.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of plan files (default: seeds/)")
    fit.add_argument("--labels", type=Path, default=MATCH_LABELS_CSV, help="labelled pairs (default: the fixture)")
    fit.add_argument("--model", type=Path, default=MATCHER_MODEL_JSON, help="model file to refit (default: shipped)")
    fit.add_argument("--out", type=Path, help="write the refitted model here instead of over --model")
    fit.add_argument("--decisions", type=Path, help=DECISIONS_HELP + "; fitted on together with --labels")
    fit.set_defaults(run=_fit_matcher)
    return top


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C (the notebook runner handles both itself while kernels run)."""
    raise Interrupted(signum)


def _failure_line(exc: BaseException) -> tuple[str, int]:
    """The one line and the exit status for an expected failure."""
    if isinstance(exc, PlanError):
        return f"error: {exc}", EXIT_BAD_INPUT
    if isinstance(exc, Interrupted) and exc.signum == signal.SIGTERM:
        return "terminated (SIGTERM): outputs written before are unchanged", EXIT_TERMINATED
    if isinstance(exc, KeyboardInterrupt | Interrupted):
        return "interrupted (Ctrl-C): outputs written before are unchanged", EXIT_INTERRUPTED
    assert isinstance(exc, OSError)
    where = exc.filename or ""
    reason = exc.strerror or str(exc)
    return (f"error: {where}: {reason}" if where else f"error: {reason}"), EXIT_ENVIRONMENT


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit status.

    Every expected failure ends with one line: bad input (a plan, the alias table, the decisions file)
    with exit status 2, the environment (an output folder that cannot be written, a full disk) with 1,
    Ctrl-C with 130 and SIGTERM with 143. `--debug` shows the traceback instead.
    """
    args = parser().parse_args(argv)
    previous = (
        signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() else None
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            args.run(args)
        except (PlanError, OSError, KeyboardInterrupt, Interrupted) as exc:
            if args.debug:
                raise
            line, status = _failure_line(exc)
            print(line, file=sys.stderr)
            return status
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
            for w in caught:
                if issubclass(w.category, PlanWarning):
                    print(f"warning: {w.message}", file=sys.stderr)
                else:
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return 0
