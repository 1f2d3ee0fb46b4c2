"""Shared fixtures: the real seed documents, parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import load_plans
from analysis.tidy.tables import PlanTables

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def plans() -> PlanTables:
    return load_plans(SEEDS)


@pytest.fixture(scope="session")
def items(plans: PlanTables):
    return plans.items.set_index("item_id")


def item_by_text(items, year: int, fragment: str):
    """The single item of a year whose text contains the fragment."""
    found = items[(items["year"] == year) & items["text"].str.contains(fragment, regex=False)]
    assert len(found) == 1, f"{fragment!r} matches {len(found)} items of {year}"
    return found.iloc[0]


def write_three_years(folder: Path) -> Path:
    """A seeds folder with 2022, 2023 and a synthetic 2024 derived from 2023.

    2024 changes numbers (GDP 5% -> 4.5%, listed companies 5 -> 6, photovoltaics
    250 -> 300 兆瓦) and swaps the wording of two items of chapter three, so a
    new year and a new consecutive pair flow through every table.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("2022.txt", "2023.txt"):
        (folder / name).write_bytes((SEEDS / name).read_bytes())
    text = (SEEDS / "2023.txt").read_text(encoding="utf-8")
    replacements = {
        "区政府2023年重点工作目标任务分解落实方案": "区政府2024年重点工作目标任务分解落实方案",
        "一、2023年全区经济社会发展主要预期目标": "一、2024年全区经济社会发展主要预期目标",
        "地区生产总值增长5%左右": "地区生产总值增长4.5%左右",
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
