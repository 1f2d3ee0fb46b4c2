"""Shared fixtures: the real seed documents, parsed once per test session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pytest

from analysis import load_plans
from analysis.tidy.tables import PlanTables
from tasks import chromium_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def plans() -> PlanTables:
    return load_plans(SEEDS)


@pytest.fixture(scope="session")
def items(plans: PlanTables):
    return plans.items.set_index("item_id")


class ReportRun(NamedTuple):
    status: int
    seeds: Path
    data: Path
    figures: Path


@pytest.fixture(scope="session")
def report_run(tmp_path_factory) -> ReportRun:
    """The main job, once per session, on 2022, 2023 and a synthetic 2024 (see `write_three_years`)."""
    from analysis.cli import main

    root = tmp_path_factory.mktemp("report")
    seeds, data, figures = write_three_years(root / "seeds"), root / "data", root / "figures"
    status = main(["report", "--seeds", str(seeds), "--data", str(data), "--figures", str(figures)])
    return ReportRun(status, seeds, data, figures)


# Browser checks: the system Chromium driven by Playwright. Where CI sets REQUIRE_BROWSER, a missing
# browser fails the tests; elsewhere they are skipped (tasks.py says so in one line).
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "tests" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "no Chromium found (Debian: apt-get install chromium; or set CHROMIUM)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=BROWSER_ARGS)
        yield launched
        launched.close()


def item_by_text(items, year: int, fragment: str):
    """The single item of a year whose text contains the fragment."""
    found = items[(items["year"] == year) & items["text"].str.contains(fragment, regex=False)]
    assert len(found) == 1, f"{fragment!r} matches {len(found)} items of {year}"
    return found.iloc[0]


def write_three_years(folder: Path) -> Path:
    """A seeds folder with 2022, 2023 and a synthetic 2024 derived from 2023.

    2024 keeps the GDP target and firms up its wording (5%左右 -> 5%以上), lowers the
    budget revenue target and drops its stretch value (5%、力争5.5% -> 4.5%), rewords
    a statement (工业增加值率同口径提升 -> 同口径增长), changes numbers (listed companies
    5 -> 6, photovoltaics 250 -> 300 兆瓦) and swaps the wording of two items of chapter
    three, so a new year and a new consecutive pair flow through every table.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("2022.txt", "2023.txt"):
        (folder / name).write_bytes((SEEDS / name).read_bytes())
    text = (SEEDS / "2023.txt").read_text(encoding="utf-8")
    replacements = {
        "区政府2023年重点工作目标任务分解落实方案": "区政府2024年重点工作目标任务分解落实方案",
        "一、2023年全区经济社会发展主要预期目标": "一、2024年全区经济社会发展主要预期目标",
        "地区生产总值增长5%左右": "地区生产总值增长5%以上",
        "一般公共预算收入增长5%、力争增长5.5%": "一般公共预算收入增长4.5%",
        "工业增加值率同口径提升": "工业增加值率同口径增长",
        "新增上市公司5家": "新增上市公司6家",
        "新增装机容量约250兆瓦": "新增装机容量约300兆瓦",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    first = "27.新增上市公司6家。"
    second = "28.推动先进材料、高端装备、新一代信息技术产值超4000亿元，实现制造业增加值占GDP比重达46%以上。"
    assert first in text and second in text
    text = text.replace(first, "\0").replace(second, "28." + first[3:]).replace("\0", "27." + second[3:])
    (folder / "2024.txt").write_text(text, encoding="utf-8")
    return folder
