"""Exploring: one task across the years, a keyword, a leader's and a unit's items — checked against the
seed text — and the explore notebook run headless with parameters other than its defaults."""

from __future__ import annotations

import nbformat
import pytest

from analysis.outputs.notebooks import execute_notebooks
from analysis.outputs.report_cache import notebook_paths
from analysis.pipeline import analyse
from analysis.present.explore import items_mentioning, items_of, task_history


@pytest.fixture(scope="module")
def tables(plans):
    return analyse(plans.as_dict())


def test_task_history_follows_the_listed_companies_target(tables):
    history = task_history(tables, "2023-027")  # 27.新增上市公司5家。 (2022: 新增上市公司4家。)
    assert history["year"].tolist() == [2022, 2023]
    assert "新增上市公司4家" in history["text"].iloc[0] and "新增上市公司5家" in history["text"].iloc[1]
    assert history["link"].tolist() == ["first", "continued"]
    assert "4家→5家" in history["redline"].iloc[1] and "5家" in history["targets"].iloc[1]
    assert task_history(tables, "2099-001").empty


def test_items_mentioning_a_keyword_by_year_with_status(tables):
    found = items_mentioning(tables, "光伏")  # 2022: 整县光伏 150兆瓦; 2023: 迈为光伏 (项目), 分布式光伏 250兆瓦
    assert found.groupby("year").size().to_dict() == {2022: 1, 2023: 2}
    solar = found[found["text"].str.contains("250兆瓦")]
    assert solar["status"].item() == "continued"
    assert found.loc[found["year"] == 2022, "status"].item() == ""  # no year before 2022
    # but it says what became of it: 2022's 屋顶分布式光伏 goes on in 2023's 分布式光伏开发试点 (chapter three of
    # 2022, 打造产业创新集群); 2023 is the last year, nothing after it
    first = found[found["year"] == 2022].iloc[0]
    assert (first["status_next"], first["partner_next"]) == ("continued", "2023-087")  # 87.…全域分布式光伏开发试点
    assert first["chapter_label"] == "三、打造产业创新集群"
    assert solar["partner"].item() == first["item_id"]
    assert set(found.loc[found["year"] == 2023, "status_next"]) == {""}
    assert set(found.loc[found["year"] == 2023, "partner_next"]) == {""}
    # 2023's items 51-55 stand under the subsection 持续优化营商环境; only item 51 repeats 营商环境 in its text
    business = items_mentioning(tables, "营商环境")
    assert business.loc[business["year"] == 2023, "item_id"].tolist() == [f"2023-0{n}" for n in range(51, 56)]


def test_items_of_a_leader_and_of_a_unit(tables):
    vocational = "职普融通"  # 2023 item 32: led by 李红 and 吉伟, ★区教育局; new in 2023
    led = items_of(tables, leader="李红")
    row = led[led["text"].str.contains(vocational)]
    assert row["year"].item() == 2023 and row["status"].item() == "new" and row["partner"].item() == ""
    assert led["text"].str.contains("城镇登记失业率控制在3%以内").any()  # 2022 headline item 8, 李红
    involved = items_of(tables, unit="区教育局")
    assert involved["text"].str.contains(vocational).any()
    assert items_of(tables).empty


def test_explore_notebook_with_other_parameters(report_run, tmp_path):
    path = next(p for p in notebook_paths() if p.name.startswith("05_"))
    parameters = {
        "SEEDS_DIR": str(report_run.seeds),
        "DATA_DIR": str(report_run.data),
        "FIGURES_DIR": str(tmp_path),
        "YEARS": None,
        "FIGURE_WIDTH_CM": None,
        "ITEM_ID": "2023-027",
        "KEYWORD": "光伏",
        "LEADER": "李红",
        "UNIT": "区教育局",
    }
    (executed,) = execute_notebooks([path], parameters, tmp_path)
    text = nbformat.writes(executed)
    assert "2023\\\\-027这项工作贯穿3个年份" in text  # 2022, 2023 and the synthetic 2024 (its item 28)
    assert "2023年（2023\\\\-027，延续）" in text
    assert "提到“光伏”的事项（原文或所在分项的标题中）：2022年1项，2023年2项，2024年2项" in text
    assert "“李红”的事项：" in text and "“区教育局”的事项：" in text
    assert "职普融通" in text
