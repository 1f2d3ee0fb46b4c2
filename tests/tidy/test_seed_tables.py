"""Facts read off the two seed documents by hand, checked against the parsed tables."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import item_by_text


def test_years_come_from_titles_and_counts_match_declared(plans):
    docs = plans.documents.set_index("year")
    assert list(docs.index) == [2022, 2023]
    assert docs.loc[2022, "declared_count"] == docs.loc[2022, "parsed_count"] == 108
    assert docs.loc[2023, "declared_count"] == docs.loc[2023, "parsed_count"] == 118
    assert docs.loc[2023, "title"] == "区政府2023年重点工作目标任务分解落实方案"


def test_item_ids_and_printed_numbers(plans):
    items = plans.items
    y22, y23 = items[items.year == 2022], items[items.year == 2023]
    assert y22["item_id"].tolist()[:2] == ["2022-001", "2022-002"]
    assert y22["item_id"].iloc[-1] == "2022-108"
    assert y22["printed_no"].isna().all()
    # 2023 prints 1. … 118. in document order; the number is kept but removed from the text
    assert y23["printed_no"].tolist() == list(range(1, 119))
    assert y23.iloc[0]["text"] == "地区生产总值增长5%左右。"
    assert items["item_id"].is_unique


@pytest.mark.parametrize(
    ("year", "per_chapter"),
    [
        (2022, [11, 15, 17, 25, 20, 17, 3]),
        (2023, [11, 14, 12, 18, 10, 11, 14, 13, 9, 6]),
    ],
)
def test_items_per_chapter(plans, year, per_chapter):
    items = plans.items[plans.items.year == year]
    assert items.groupby("chapter_no").size().tolist() == per_chapter


def test_chapter_titles(plans):
    titles = plans.items.drop_duplicates(["year", "chapter_no"]).set_index(["year", "chapter_no"])["chapter_title"]
    assert titles[(2022, 1)] == "2022年全区经济社会发展主要预期目标"
    assert titles[(2022, 7)] == "加强政府自身建设，全面增强干事创业本领"
    assert titles[(2023, 10)] == "切实加强政府自身建设，着力提升服务效能，全力打造群众满意的有为政府"


SUBSECTIONS_2022 = [
    (1, 1, "主要预期目标", 11),
    (2, 1, "打造更多标杆性项目", 4),
    (2, 2, "取得更多探索性成果", 4),
    (2, 3, "办成更多合作性事项", 7),
    (3, 1, "汇聚整合创新资源", 6),
    (3, 2, "强化数字全面赋能", 4),
    (3, 3, "推动产业转型升级", 7),
    (4, 1, "优化空间布局", 4),
    (4, 2, "提升城市品质", 13),
    (4, 3, "推进乡村振兴", 8),
    (5, 1, "打造更加优越的自然环境", 7),
    (5, 2, "打造更加优良的人文环境", 7),
    (5, 3, "打造更加优质的营商环境", 6),
    (6, 1, "强化民生基本保障", 8),
    (6, 2, "加大优质服务供给", 4),
    (6, 3, "维护社会安全稳定", 5),
]


def test_subsections_2022_whole_titles_and_sizes(plans):
    items = plans.items[plans.items.year == 2022]
    got = items.groupby(["chapter_no", "subsection_no", "subsection_title"]).size()
    assert [(*key, n) for key, n in got.items()] == SUBSECTIONS_2022
    # chapter 7 has no subsections at all
    ch7 = items[items.chapter_no == 7]
    assert ch7["subsection_no"].isna().all() and ch7["subsection_title"].isna().all()


def test_subsections_2023_by_printed_number(plans):
    items = plans.items[plans.items.year == 2023].set_index("printed_no")
    expected = {
        (16, 20): "打造苏州“未来城市新中心”",
        (72, 76): "积极营造文化氛围",
        (82, 86): "扎实推进重点领域生态环境治理",
        (91, 94): "促进更高质量充分就业",
        (108, 110): "全力防范化解风险",
        (116, 116): "坚持高效务实",
    }
    for (first, last), title in expected.items():
        block = items.loc[first:last]
        assert set(block["subsection_title"]) == {title}, (first, last)
        assert items.loc[first - 1, "subsection_title"] != title
        assert items.loc[last + 1, "subsection_title"] != title if last < 118 else True
    assert items.groupby("chapter_no")["subsection_no"].nunique().tolist() == [1, 3, 3, 4, 3, 3, 3, 4, 3, 3]


def test_rows_before_their_number_row_join_their_own_block(items):
    # a row placed before its block's number row: chapter start, and a row whose wording names the title
    assert item_by_text(items, 2022, "推进乡镇国土空间规划")["subsection_title"] == "优化空间布局"
    assert item_by_text(items, 2022, "实施营商环境5.0版")["subsection_title"] == "打造更加优质的营商环境"
    assert item_by_text(items, 2023, "城镇新增就业1.8万人")["subsection_no"] == 1
    # rows at a block's end stay there even when a neighbouring title shares a word (优良)
    assert item_by_text(items, 2022, "空气质量优良天数")["subsection_title"] == "打造更加优越的自然环境"
    assert item_by_text(items, 2022, "基层社会工作室")["subsection_title"] == "加大优质服务供给"
    assert item_by_text(items, 2022, "数字经济核心产业")["subsection_title"] == "强化数字全面赋能"


def test_leader_names_are_unpadded_and_split(plans):
    leaders = plans.item_leaders
    names = set(leaders["leader"])
    assert {"钱宇", "吉伟", "李红", "王嵘", "陈建忠", "季恒义", "孙俊良", "沈伟江", "郁海成"} <= names
    assert not any(" " in n or "\u3000" in n for n in names)
    by_item = leaders.groupby("item_id")["leader"].apply(list)
    assert by_item["2022-006"] == ["季恒义", "吉伟"]  # second name on its own line after a blank
    assert by_item["2023-097"] == ["陈建忠", "沈伟江", "郁海成"]


def test_two_names_on_one_line(items):
    assert item_by_text(items, 2022, "苏州大学未来校区建设")["leaders"] == "陈建忠、吉伟、许诺"
    assert item_by_text(items, 2022, "推动吴江开发区打造成")["leaders"] == "陈建忠、季恒义"


def test_inherited_leaders(plans, items):
    leaders = plans.item_leaders.set_index(["item_id", "leader"])
    # 一般公共预算收入 has an empty leader cell under 钱宇's GDP row
    assert item_by_text(items, 2022, "一般公共预算收入")["leaders"] == "钱宇"
    assert bool(leaders.loc[("2022-002", "钱宇"), "inherited"])
    assert not bool(leaders.loc[("2022-001", "钱宇"), "inherited"])
    # 2023 item 78 continues both leaders of item 77
    assert items.loc["2023-078", "leaders"] == "王嵘、季恒义"
    assert plans.item_leaders.query("item_id == '2023-078'")["inherited"].all()


def test_leader_item_counts(plans):
    counts = plans.item_leaders.groupby(["year", "leader"]).size()
    assert counts[(2023, "王嵘")] == 8  # items 11, 52, 77, 78 (inherited), 81, 82, 84, 86
    assert counts[(2023, "郁海成")] == 4  # items 97, 111, 112 (inherited), 113
    assert counts[(2022, "李文斌")] == 1 and counts[(2022, "许诺")] == 1
    assert (2022, "王嵘") not in counts and (2023, "李文斌") not in counts


def test_lead_marks_and_district_prefix(plans, items):
    units = plans.item_units
    gdp = units[units.item_id == "2022-001"]
    assert gdp[["unit", "unit_raw", "is_lead"]].values.tolist() == [
        ["区发改委", "区发改委", True],
        ["区统计局", "统计局", False],
    ]
    parallel = item_by_text(items, 2022, "推动吴江开发区打造成")
    assert parallel["lead_units"] == "吴江开发区、吴江高新区"
    assert item_by_text(items, 2023, "农村污水治理自然村全覆盖")["lead_units"] == "区民政局、区交通运输局、区水务局"
    # a bare department after a non-district body is still a district body
    assert item_by_text(items, 2022, "绿水青山就是金山银山")["units"] == "吴江生态环境局、区发改委"
    # bodies already owned keep their names
    assert {"吴江海关", "吴江税务局", "团区委", "汾湖高新区"} <= set(units["unit"])


def test_aliases_applied(plans):
    units = set(plans.item_units["unit"])
    for variant in (
        "吴江生态环境",
        "区人才办",
        "区机关事务中心",
        "供电公司",
        "区宣传部",
        "区突出生态环境问题整治工作专班",
    ):
        assert variant not in units
    raw_to_unit = plans.item_units.drop_duplicates("unit_raw").set_index("unit_raw")["unit"]
    assert raw_to_unit["吴江生态环境"] == "吴江生态环境局"
    assert raw_to_unit["机关事务中心"] == "区机关事务管理中心"
    assert raw_to_unit["宣传部"] == "区委宣传部"
    assert raw_to_unit["突出生态环境问题整治工作专班"] == "区突出生态环境问题整改工作专班"
    applied = plans.normalizations.query("rule == 'alias'")
    assert {"吴江生态环境", "供电公司", "区人才办"} <= set(applied["raw"])


def test_unit_kinds(plans):
    kinds = plans.item_units.drop_duplicates("unit").set_index("unit")["kind"]
    assert kinds["各区镇"] == kinds["区级各预算单位"] == kinds["安委会成员单位"] == "collective"
    assert kinds["各部门"] == kinds["各街道"] == "collective"
    assert kinds["吴江开发区"] == kinds["七都镇"] == kinds["东太湖度假区"] == "town_park"
    assert kinds["城投集团"] == kinds["长三角公司"] == kinds["吴江供电公司"] == "company"
    assert kinds["区发改委"] == kinds["吴江生态环境局"] == "department"


def test_footnote_becomes_data_provider_role_not_a_unit(plans):
    docs = plans.documents.set_index("year")
    assert docs.loc[2022, "data_providers"] == docs.loc[2023, "data_providers"] == "区统计局、吴江海关"
    units = plans.item_units
    stats = units[units.unit == "区统计局"]
    assert set(stats["role"]) == {"data_provider"}
    assert (stats.groupby("year").size() == pd.Series({2022: 13, 2023: 11})).all()
    assert set(units[units.unit == "区发改委"]["role"]) == {"lead", "participant"}


def test_no_footnote_or_page_footer_leaks(plans):
    text_columns = pd.concat(
        [plans.items[c].astype(str) for c in ("text", "leaders", "units", "subsection_title", "chapter_title")]
    )
    assert not text_columns.str.contains("注：|— 7 —|提供数据|牵头单位", regex=True).any()
    assert plans.items.iloc[-1]["units"] == "区财政局、区纪委监委、各区镇"
