"""The key points at the top of the report, checked against the seed plans."""

from __future__ import annotations

import pytest

from analysis.pipeline import analyse
from analysis.present.summary import key_points


@pytest.fixture(scope="module")
def tables(plans):
    return analyse(plans.as_dict())


def test_key_points_of_the_seed_plans(tables):
    text = key_points(tables).replace("\\", "")
    assert text.startswith("### 2023年对比2022年\n- **事项**：2023年共118项，其中")  # 118 items in 2023's plan
    # chapter one, read from the plans: GDP 6%左右 → 5%左右; R&D share 3.62%以上 → 3.95%以上; 固定资产投资
    # 5%以上 → 高于全市平均水平; 城镇登记失业率 (2022 item 8) has no 2023 counterpart
    for sentence in (
        "  - 地区生产总值增速目标由6%左右下调至5%左右。",
        "  - 研发投入占地区生产总值比重目标由3.62%以上上调至3.95%以上。",
        "  - 固定资产投资增速由数值目标（5%以上）改为定性表述（高于全市平均水平），约束性减弱。",
        "  - 城镇登记失业率：2023年未列。",
    ):
        assert sentence in text.splitlines(), sentence
    assert "新出现的领导王嵘、郁海成" in text and "不再出现的领导李文斌（" in text
    # 李文斌's 扫黑除恶 item (2022-105) goes on under 郁海成 in 2023-111; 许诺's (2022-028, 陈建忠、吉伟、许诺 in the
    # plan) as 2023-031 under the two who led it with 许诺: they go on, they take nothing over
    assert "李文斌（由郁海成（2023-111）接续）" in text
    assert "许诺（仍由原共同牵头的吉伟、陈建忠（2023-031）牵头）" in text
    assert "陈建忠→郁海成（2023-113）" in text  # 法治政府建设: 2022-106 陈建忠, 2023-113 郁海成
    assert "  - 新增：" not in text  # the model lists 30 (the careful reading 22): too many to name here
    # beside the listed counts, the estimate and its range, which the reading's 22 new items fall in
    assert "以上只计单独判为有关联的配对；把每对候选配对的关联概率都计入，估计新增约" in text


def test_one_year_has_nothing_to_compare(tables):
    one = {name: frame[frame["year"] == 2023] if "year" in frame else frame for name, frame in tables.items()}
    assert key_points(one) == "只收录了2023年一份方案，没有可比较的年份。"


def test_reading_notes_are_said_in_the_overview(tables):
    from analysis.present.overview import reading_notes_summary
    from analysis.registry import make_frame

    assert reading_notes_summary(tables["reading_notes"]).startswith("读取各年方案时没有发现需要提示的问题")
    notes = make_frame(
        "reading_notes",
        [(2024, 1, "2024.docx", 64, "2024-058", "number_out_of_order", "序号57排在57之后（重复或跳号？）")],
    )
    text = reading_notes_summary(notes).replace("\\", "")  # Markdown escapes the dot
    assert "- 2024年（文件“2024.docx”，第64行，事项2024-058）：序号57排在57之后（重复或跳号？）" in text
