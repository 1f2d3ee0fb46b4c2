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

from analysis.errors import Interrupted, PlanError, PlanWarning, os_reason
from analysis.paths import DATA_DIR, FIGURES_DIR, MATCH_LABELS_CSV, MATCHER_MODEL_JSON, SEEDS_DIR

EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 1
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
DESCRIPTION = "读取各年的区政府重点工作方案，生成表格、图表与对比报告（出错时只报一行，指明文件和行）。"
DECISIONS_HELP = "分析人员的配对判定文件（默认：方案文件夹中的 match_decisions.csv，如有）"


def _build(args: argparse.Namespace) -> None:
    from analysis.pipeline import build

    build(args.seeds, args.out, args.decisions)
    print(f"表格已写入 {args.out}")


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
    print(f"已写入 {args.out or args.model}")
    for name, figures in metrics.items():
        print(f"{name}: " + ", ".join(f"{k} {v:g}" for k, v in figures.items()))


def _formats(text: str) -> list[str]:
    """`png,svg` → ["png", "svg"], each one a format charts can be saved in."""
    from analysis.outputs.export import FORMATS

    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"不支持的图表格式“{text}”：请从 {'、'.join(FORMATS)} 中选择")
    return chosen


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and --help)."""
    top = argparse.ArgumentParser(prog="python -m analysis", description=DESCRIPTION)
    top.add_argument("--debug", action="store_true", help="出错时显示完整的调用栈（供开发者排查）")
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="读取方案文件夹中的每份方案，写出整理好的表格")
    build.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="方案文件所在的文件夹（默认：seeds/）")
    build.add_argument("--out", type=Path, default=DATA_DIR, help="表格的输出文件夹（默认：data/）")
    build.add_argument("--decisions", type=Path, help=DECISIONS_HELP)
    build.set_defaults(run=_build)
    report = commands.add_parser("report", help="生成表格、运行笔记本，写出图表、工作簿和网页报告")
    report.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="方案文件所在的文件夹（默认：seeds/）")
    report.add_argument("--data", type=Path, default=DATA_DIR, help="表格的输出文件夹（默认：data/）")
    report.add_argument("--figures", type=Path, default=FIGURES_DIR, help="图表和报告的输出文件夹（默认：figures/）")
    report.add_argument("--years", type=int, nargs="+", help="要比较的年份（默认：全部）")
    report.add_argument("--decisions", type=Path, help=DECISIONS_HELP)
    report.add_argument(
        "--figure-width-cm",
        type=float,
        help="图表插入文档时的宽度，单位厘米（默认 16，即 A4 正文宽度）",
    )
    report.add_argument(
        "--formats",
        type=_formats,
        help="图的格式，用逗号分隔，可选 png、svg、pdf（默认：三种都要）",
    )
    report.add_argument("--force", action="store_true", help="全部重新生成，即使已是最新")
    report.set_defaults(run=_report)
    fit = commands.add_parser("fit-matcher", help="用标注好的配对重新拟合配对模型")
    fit.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="方案文件所在的文件夹（默认：seeds/）")
    fit.add_argument("--labels", type=Path, default=MATCH_LABELS_CSV, help="标注好的配对（默认：项目自带的标注样本）")
    fit.add_argument("--model", type=Path, default=MATCHER_MODEL_JSON, help="要重新拟合的模型文件（默认：随附的模型）")
    fit.add_argument("--out", type=Path, help="把重新拟合的模型写到这里，而不是覆盖 --model")
    fit.add_argument("--decisions", type=Path, help=DECISIONS_HELP + "；与 --labels 一起用于拟合")
    fit.set_defaults(run=_fit_matcher)
    return top


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C (the notebook runner handles both itself while kernels run)."""
    raise Interrupted(signum)


def _failure_line(exc: BaseException) -> tuple[str, int]:
    """The one line and the exit status for an expected failure."""
    if isinstance(exc, PlanError):
        return f"错误：{exc}", EXIT_BAD_INPUT
    if isinstance(exc, Interrupted) and exc.signum == signal.SIGTERM:
        return "已终止（SIGTERM）：此前写出的结果未改动", EXIT_TERMINATED
    if isinstance(exc, KeyboardInterrupt | Interrupted):
        return "已中断（Ctrl-C）：此前写出的结果未改动", EXIT_INTERRUPTED
    assert isinstance(exc, OSError)
    where = exc.filename or ""
    reason = os_reason(exc)
    return (f"错误：{where}: {reason}" if where else f"错误：{reason}"), EXIT_ENVIRONMENT


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
                    print(f"警告：{w.message}", file=sys.stderr)
                else:
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return 0
