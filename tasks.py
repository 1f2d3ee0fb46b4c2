#!/usr/bin/env python3
"""Project commands that set up their own environment (stdlib only, Python 3.11+).

    python3 tasks.py report   # 主任务：生成表格、运行笔记本、写出图表和报告 / main job
    python3 tasks.py test     # 代码风格检查与测试 / style checks and the test suite
    python3 tasks.py lab      # 在项目环境中打开 JupyterLab / open JupyterLab
    python3 tasks.py build    # 只生成表格 / tables only (python -m analysis build)

The environment lives in .venv/ and is (re)installed from pyproject.toml whenever
that file changes, so a fresh clone needs nothing but Python and pip. JupyterLab is
the optional `lab` extra, installed the first time `lab` is asked for: the main job
and the tests run the notebooks without it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-from"
# The browser tests drive the system Chromium ($CHROMIUM, else the first of these on PATH).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_path() -> str | None:
    """The system Chromium for the browser tests, or None."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _installed_extras() -> set[str]:
    """The extras installed from the current pyproject.toml (none when it changed since)."""
    if not (STAMP.exists() and PYTHON.exists()):
        return set()
    fingerprint, _, extras = STAMP.read_text().partition(" ")
    return set(extras.split(",")) - {""} if fingerprint == _fingerprint() else set()


def ensure_env(extras: tuple[str, ...] = ("dev",)) -> None:
    """Create .venv and install the project with `extras` (and those installed before), unless current."""
    installed = _installed_extras()
    if set(extras) <= installed:
        return
    if not PYTHON.exists():
        print("正在创建 .venv ……", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("正在把依赖安装到 .venv（首次运行需要几分钟）……", flush=True)
    wanted = sorted(installed | set(extras))
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[{','.join(wanted)}]"], check=True)
    STAMP.write_text(f"{_fingerprint()} {','.join(wanted)}")


def run(*args: str) -> int:
    """Run a command with the environment's Python; returns its exit status."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT)}
    return subprocess.run([str(PYTHON), *args], cwd=ROOT, env=env).returncode


def test() -> int:
    """Lint, format check, then the tests (which execute the notebooks headless)."""
    for step in (("-m", "ruff", "check", "."), ("-m", "ruff", "format", "--check", ".")):
        status = run(*step)
        if status:
            print("代码风格检查未通过：请运行 `.venv/bin/python -m ruff format .`，并修正 `ruff check` 报告的问题")
            return status
    if chromium_path() is None:
        print("跳过浏览器检查：找不到 Chromium（Debian：apt-get install chromium，或设置 CHROMIUM）")
    return run("-m", "pytest", *sys.argv[2:])


COMMANDS = {
    "report": lambda: run("-m", "analysis", "report", *sys.argv[2:]),
    "build": lambda: run("-m", "analysis", "build", *sys.argv[2:]),
    "test": test,
    # the report notebooks (notebooks/) and their executed copies (figures/notebooks/) side by side
    "lab": lambda: run("-m", "jupyterlab", "--notebook-dir", str(ROOT), *sys.argv[2:]),
}

# Extras each command needs beyond the core (`dev`: tests and style checks).
EXTRAS = {"lab": ("dev", "lab")}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    ensure_env(EXTRAS.get(sys.argv[1], ("dev",)))
    return COMMANDS[sys.argv[1]]()


if __name__ == "__main__":
    sys.exit(main())
