"""Targets read off both seeds by hand, and their year-over-year changes, with and without item matches."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_plans
from analysis.registry import table
from analysis.targets.changes import untargeted_mentions
from analysis.targets.extract import modifier, normalize_with_map
from analysis.targets.judge import DIRECTIONS
from analysis.targets.tables import change_tables, target_tables
from analysis.tidy.chapters import is_headline
from tests.conftest import write_three_years


def all_target_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Both targets stages: the targets, then how they changed."""
    found = target_tables(tables)
    return {**found, **change_tables({**tables, **found})}


@pytest.fixture(scope="module")
def tables(plans) -> dict[str, pd.DataFrame]:
    return all_target_tables(plans.as_dict())  # no matcher: wording, unit and item text decide


@pytest.fixture(scope="module")
def targets(tables) -> pd.DataFrame:
    return tables["targets"]


def one(targets: pd.DataFrame, item_id: str, span: str) -> pd.Series:
    found = targets[(targets["item_id"] == item_id) & (targets["span"] == span)]
    assert len(found) == 1, (
        f"{item_id} {span!r}: {len(found)} rows; spans: {targets[targets.item_id == item_id].span.tolist()}"
    )
    return found.iloc[0]


def test_columns_and_spans_point_into_the_original_text(plans, targets):
    assert list(targets.columns) == table("targets").column_names
    text = plans.items.set_index("item_id")["text"]
    for row in targets.itertuples():
        assert row.span in text[row.item_id], row
    # full-width ％ stays in the span, while the value is read after NFKC
    stretch = one(targets, "2023-047", "力争6％")
    assert stretch["value"] == 6 and stretch["unit"] == "%" and stretch["is_stretch"]


def test_normalize_keeps_a_map_to_the_original():
    norm, index = normalize_with_map("力争６％，Ⅲ类")
    assert norm == "力争6%，Ⅲ类"  # digits and % for reading numbers; Chinese punctuation and Ⅲ kept for the reader
    assert [index[i] for i in range(len(norm))] == [0, 1, 2, 3, 4, 5, 6]
    norm, index = normalize_with_map("ＰＭ２．５")
    assert norm == "PM2.5" and list(index) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("item_id", "span", "indicator", "value", "unit", "mod"),
    [
        ("2022-001", "地区生产总值增长6%左右", "地区生产总值增长", 6, "%", "around"),
        ("2023-001", "地区生产总值增长5%左右", "地区生产总值增长", 5, "%", "around"),
        ("2022-006", "全社会研发投入占地区生产总值比重3.62%以上", "研发投入占地区生产总值比重", 3.62, "%", "at_least"),
        ("2022-008", "城镇登记失业率控制在3%以内", "城镇登记失业率", 3, "%", "at_most"),
        ("2022-039", "新增上市公司4家", "新增上市公司", 4, "家", "point"),
        ("2023-027", "新增上市公司5家", "新增上市公司", 5, "家", "point"),
        ("2022-043", "完成屋顶光伏建设150兆瓦", "完成屋顶光伏建设", 150, "兆瓦", "point"),
        ("2023-087", "新增装机容量约250兆瓦", "新增装机容量", 250, "兆瓦", "around"),
        ("2022-034", "新建5G基站1000个以上", "新建5G基站", 1000, "个", "at_least"),
        ("2023-073", "全年演出及活动不少于200场", "演出及活动", 200, "场", "at_least"),
        ("2022-036", "数字经济核心产业增加值增长超16%", "数字经济核心产业增加值增长", 16, "%", "at_least"),
        # an entry before a 、 that is a result of its own (…布展开放、…全覆盖、) is no part of the indicator
        ("2022-079", "区级文化活动配送超120场", "区级文化活动配送", 120, "场", "at_least"),
        (
            "2023-061",
            "村（社区）日间照料中心提升建设覆盖率达100%",
            "村（社区）日间照料中心提升建设覆盖率",
            100,
            "%",
            "point",
        ),
        # ... where a list of names shares the number, it stays whole
        (
            "2023-028",
            "推动先进材料、高端装备、新一代信息技术产值超4000亿元",
            "先进材料、高端装备、新一代信息技术产值",
            4000,
            "亿元",
            "at_least",
        ),
    ],
)
def test_numeric_targets(targets, item_id, span, indicator, value, unit, mod):
    t = one(targets, item_id, span)
    assert (t["indicator"], t["value"], t["unit"], modifier(t["qualifiers"])) == (indicator, value, unit, mod)
    assert t["kind"] == "numeric" and t["horizon"] == "this_year" and not t["is_stretch"]


def test_stretch_target_is_a_second_row(targets):
    rows = targets[targets["item_id"] == "2023-002"]
    assert rows["span"].tolist() == ["一般公共预算收入增长5%", "力争增长5.5%"]
    assert rows["value"].tolist() == [5, 5.5]
    assert rows["is_stretch"].tolist() == [False, True]
    assert rows["indicator"].nunique() == 1
    assert "力争" in rows.iloc[1]["qualifiers"]


def test_scaled_values_and_magnitudes(targets):
    jobs = one(targets, "2023-091", "城镇新增就业1.8万人以上")
    assert (jobs["value"], jobs["unit"], jobs["scaled_value"], jobs["base_unit"]) == (1.8, "万人", 18000, "人")
    invest = one(targets, "2022-013", "全年完成投资620亿元")
    assert invest["scaled_value"] == pytest.approx(6.2e10) and invest["base_unit"] == "元"
    fdi = one(targets, "2022-041", "实际使用外资5.8亿美元")
    assert fdi["scaled_value"] == pytest.approx(5.8e8) and fdi["base_unit"] == "美元"


def test_size_range_is_the_scope_of_a_count(targets):
    # 50-100亿元 sizes the projects; the target is their number, and the range stays in the indicator
    t = one(targets, "2022-012", "50-100亿元项目2个")
    assert (t["indicator"], t["value"], t["unit"]) == ("引进50-100亿元项目", 2, "个")
    assert one(targets, "2022-012", "引进100亿元以上项目1个")["value"] == 1
    assert not (targets["unit"].eq("亿元") & targets["item_id"].eq("2022-012")).any()


def test_a_range_target_gives_low_and_high():
    items = pd.DataFrame(
        [dict(item_id="2030-001", year=2030, chapter_no=2, chapter_title="x", text="全年完成投资50-100亿元。")]
    )
    from analysis.targets.extract import extract_targets

    t = extract_targets(items).iloc[0]
    assert (t["value"], t["value_high"], t["unit"], t["scaled_value"]) == (50, 100, "亿元", 5e9)
    assert modifier(t["qualifiers"]) == "range"


def test_chinese_numeral_quantity_governed_by_a_verb():
    from analysis.targets.extract import extract_targets

    items = pd.DataFrame(
        [
            dict(
                item_id="2030-001", year=2030, chapter_no=2, chapter_title="x", text="新建三所学校，执行中央八项规定。"
            ),
        ]
    )
    t = extract_targets(items)
    assert t[["indicator", "value", "unit"]].values.tolist() == [["新建学校", 3.0, "所"]]


def test_future_horizon(targets):
    talent = one(targets, "2022-032", "未来五年全区人才总量突破40万人")
    assert (talent["horizon"], talent["scaled_value"], modifier(talent["qualifiers"])) == ("未来五年", 4e5, "at_least")
    # the horizon covers the whole sentence
    assert one(targets, "2022-032", "高层次人才总量达4万人")["horizon"] == "未来五年"
    assert one(targets, "2022-093", "未来五年人均预期寿命超84岁")["horizon"] == "未来五年"
    assert one(targets, "2022-032", "建成示范公寓项目5个")["horizon"] == "this_year"


def test_deadline(targets):
    t = one(targets, "2023-105", "10月底前完成危房解危和餐饮场所“瓶改管”“瓶改电”工作")
    assert t["kind"] == "deadline" and t["value"] == 10 and t["unit"] == "月"
    assert not ((targets["item_id"] == "2023-105") & (targets["kind"] == "numeric")).any()


@pytest.mark.parametrize(
    ("item_id", "name", "number"),
    [
        ("2022-032", "55352", 55352),
        ("2022-102", "1+2+10", 10),
        ("2023-112", "12345", 12345),
        ("2022-034", "5G", 5),
        ("2023-086", "PM2.5", 2.5),
        ("2023-086", "Ⅲ类", 3),
        ("2022-083", "5.0版", 5),
        ("2022-079", "15分钟", 15),
        ("2022-079", "10分钟", 10),
        ("2022-020", "一厅三片", 3),
        ("2022-063", "三高一美", 3),
        ("2022-068", "四好农村路", 4),
        ("2022-105", "二十大", 20),
        ("2022-064", "两大特色田园乡村组团", 2),
        ("2022-108", "八项规定", 8),
        ("2022-094", "3岁以下", 3),
        ("2022-093", "80岁以上", 80),
        ("2023-012", "318国道", 318),
        ("2023-068", "江村1936", 1936),
        ("2023-090", "5万元以下", 5),
    ],
)
def test_numbers_in_names_are_not_targets(plans, targets, item_id, name, number):
    assert name in plans.items.set_index("item_id").at[item_id, "text"]
    rows = targets[targets["item_id"] == item_id]
    assert not rows["span"].str.startswith(name).any()
    named = rows[rows["span"].str.contains(name, regex=False)]
    assert not (named["value"] == number).any()  # e.g. 新建5G基站1000个: the target is 1000, not 5


def test_headline_chapter_is_judged_per_year():
    # 2022 titles the chapter 主要预期目标 as its second; 2023 has no such title, so its chapter one counts.
    items = pd.DataFrame(
        {
            "year": [2022, 2022, 2023, 2023],
            "chapter_no": [1, 2, 1, 2],
            "chapter_title": ["总体要求", "主要预期目标", "经济发展目标", "重点任务"],
        }
    )
    assert is_headline(items).tolist() == [False, True, True, False]


def test_chapter_one_every_indicator_recorded(plans, targets):
    head = plans.items[plans.items["chapter_no"] == 1]
    assert set(head["item_id"]) <= set(targets["item_id"])
    qual = targets[targets["kind"] == "qualitative"].set_index("item_id")
    assert qual.at["2022-005", "indicator"] == "进出口贸易"
    assert qual.at["2022-005", "qualifiers"] == "qualitative:保持稳定"
    assert qual.at["2023-003", "indicator"] == "固定资产投资增速"
    assert qual.at["2023-003", "qualifiers"] == "qualitative:高于全市平均水平"
    assert qual.at["2023-007", "qualifiers"] == "qualitative:与经济增长基本同步"
    # 完成上级下达的A、B目标任务: one row per indicator
    assert targets.loc[targets["item_id"] == "2022-011", "indicator"].tolist() == [
        "单位地区生产总值能耗下降",
        "主要污染物排放削减",
    ]
    # chapter one: 6 statements in 2022, 7 in 2023; outside it, 2022-075 and 2023-086 each commit three
    # environment indicators to 完成上级下达(目标)任务
    assert (targets["kind"] == "qualitative").groupby(targets["year"]).sum().to_dict() == {2022: 9, 2023: 10}
    air = targets[(targets["item_id"] == "2023-086")].set_index("indicator")["qualifiers"]
    assert air["空气质量优良天数比例"] == "qualitative:完成上级下达任务"


def change(changes: pd.DataFrame, item_from: str, item_to: str) -> pd.Series:
    found = changes[(changes["item_from"] == item_from) & (changes["item_to"] == item_to)]
    assert len(found) == 1, (item_from, item_to, found)
    return found.iloc[0]


KEY_PAIRS = [
    ("2022-001", "2023-001", 6, 5, "lowered"),
    ("2022-006", "2023-006", 3.62, 3.95, "raised"),
    ("2022-039", "2023-027", 4, 5, "raised"),
    # rooftop PV built (屋顶光伏建设) and all new capacity (装机容量): look alike, count different things
    ("2022-043", "2023-087", 150, 250, "not_comparable"),
]


@pytest.mark.parametrize(("item_from", "item_to", "old", "new", "direction"), KEY_PAIRS)
def test_key_changes_without_matches(tables, item_from, item_to, old, new, direction):
    c = change(tables["target_changes"], item_from, item_to)
    assert (c["value_from"], c["value_to"], c["direction"]) == (old, new, direction)


@pytest.fixture(scope="module")
def matched(plans) -> dict[str, pd.DataFrame]:
    """Changes with a matcher table: a few links of the hand alignment (label continued)."""
    links = [("2022-001", "2023-001"), ("2022-006", "2023-006"), ("2022-039", "2023-027"), ("2022-043", "2023-087")]
    links += [("2022-014", "2023-040")]  # 专项债: worded too differently for the fallback
    matches = pd.DataFrame(
        [dict(year_from=2022, item_from=a, year_to=2023, item_to=b, score=1.0, label="continued") for a, b in links]
    )
    return all_target_tables({**plans.as_dict(), "matches": matches.reindex(columns=table("matches").column_names)})


@pytest.mark.parametrize(("item_from", "item_to", "old", "new", "direction"), KEY_PAIRS)
def test_key_changes_with_matches(matched, item_from, item_to, old, new, direction):
    c = change(matched["target_changes"], item_from, item_to)
    assert (c["value_from"], c["value_to"], c["direction"]) == (old, new, direction)


def test_matches_link_what_wording_alone_misses(tables, matched):
    # paired thanks to the item link, and then found to count something else (专项债 of both kinds → local only)
    linked = change(matched["target_changes"], "2022-014", "2023-040")
    assert (linked["direction"], linked["reason"]) == ("not_comparable", "indicator_changed")
    unmatched = tables["target_changes"]
    assert (unmatched["item_from"] == "2022-014").sum() == 1
    assert unmatched.loc[unmatched["item_from"] == "2022-014", "direction"].item() == "only_from"
    empty = all_target_tables(
        {**load_plans_once().as_dict(), "matches": pd.DataFrame(columns=table("matches").column_names)}
    )
    pd.testing.assert_frame_equal(empty["target_changes"], unmatched)


_PLANS: list = []


def load_plans_once():
    from tests.conftest import SEEDS

    if not _PLANS:
        _PLANS.append(load_plans(SEEDS))
    return _PLANS[0]


def test_change_directions_and_one_year_only(tables):
    c = tables["target_changes"]
    assert list(c.columns) == table("target_changes").column_names
    assert set(c["direction"]) <= set(DIRECTIONS)
    # 5%以上 -> 5%、力争5.5%: the stretch value travels with its base, it is no indicator of its own
    budget = change(c, "2022-002", "2023-002")
    assert (budget["direction"], budget["stretch_to"], budget["commitment"]) == ("unchanged", 5.5, "mixed")
    assert not ((c["item_to"] == "2023-002") & c["item_from"].isna()).any()
    # numeric -> qualitative, and a five-year horizon against this year's target, are not comparable
    fixed = change(c, "2022-003", "2023-003")
    assert (fixed["direction"], fixed["reason"], fixed["commitment"]) == ("not_comparable", "form_changed", "looser")
    patents = change(c, "2022-030", "2023-035")
    assert (patents["direction"], patents["reason"]) == ("not_comparable", "horizon_changed")
    # a stock (有效高新技术企业数量) is never compared with a flow (新增高新技术企业)
    stock = c[(c["item_from"] == "2022-027") & (c["value_from"] == 1100)]
    assert stock["direction"].item() in ("only_from", "not_comparable")
    # every target appears exactly once on each side
    for side in ("from", "to"):
        paired = c.dropna(subset=[f"item_{side}", f"value_{side}"])  # numbers (one statement may name two)
        assert not paired.duplicated([f"item_{side}", f"span_{side}"]).any()


def test_a_target_of_one_year_says_where_the_other_year_names_it(tables):
    c = tables["target_changes"]
    # 2023-096 sets 1555户; 2022-093 says 实施老年人家庭适老化改造 without a number
    homes = c[c["item_to"] == "2023-096"].set_index("span_to")["summary"]
    assert homes["实施1555户老年人家庭适老化改造"] == (
        "2023年新列；2022年（2022-093）亦提及：“实施老年人家庭适老化改造，开展80岁以上老年人居家一键呼叫服务”"
    )
    # 2022-093 开工建设2个区域性养老服务中心: 2023-096 names 区域性养老服务中心 (验收投用) without a number
    centres = c[c["span_from"].eq("开工建设2个区域性养老服务中心")]["summary"].item()
    assert (
        centres
        == "2023年未列；2023年（2023-096）亦提及：“实现桃源、同里、平望区域性养老服务中心验收投用，完成江陵区域性养…”"
    )
    # 2023 never names 城镇登记失业率; a mention inside a target of the other year is no mention (that target
    # was paired or judged on its own)
    assert c.loc[c["span_from"].str.contains("城镇登记失业率", na=False), "summary"].item() == "2023年未列"
    mentioned = untargeted_mentions(
        pd.DataFrame(
            {"item_id": ["a-1", "b-1"], "year": [1, 2], "text": ["新增省级专精特新企业20家", "新增省级专精特新企业"]}
        ),
        pd.DataFrame({"item_id": ["a-1"], "span": ["新增省级专精特新企业20家"]}),
    )
    assert mentioned(1, "新增省级专精特新企业") is None
    assert mentioned(2, "新增省级专精特新企业") == ("b-1", "新增省级专精特新企业")
    assert mentioned(2, "专精特新") is None  # too short to be more than a theme


def test_conclusions_count_targets_as_read(tables):
    from analysis.present.targets import conclusions

    text = conclusions(tables["target_changes"], tables["targets"])
    # read by hand: 2022 has 96 numeric and 9 qualitative targets; 2023 has 88, 10 and a deadline, two of the 88
    # being stretch values beside their base (一般公共预算收入力争增长5.5%, 服务业增加值力争6%)
    assert "各年抽取的目标数：2022年105项，2023年99项（含力争值2项，与其基本目标合并比较）。" in text


def test_headline_table(tables):
    h = tables["headline_targets"].set_index("indicator")
    # each year in its own words
    assert h.at["地区生产总值增长", "2022"] == "地区生产总值增长6%左右"
    assert h.at["地区生产总值增长", "2023"] == "地区生产总值增长5%左右"
    assert h.at["地区生产总值增长", "change_2022_2023"] == "地区生产总值增速目标由6%左右下调至5%左右"
    assert h.at["一般公共预算收入增长", "2023"] == "一般公共预算收入增长5%、力争增长5.5%"
    assert h.at["研发投入占地区生产总值比重", "2022"] == "全社会研发投入占地区生产总值比重3.62%以上"
    assert h.at["研发投入占地区生产总值比重", "change_2022_2023"].startswith("研发投入占地区生产总值比重目标由3.62%")
    assert h.at["固定资产投资增速", "change_2022_2023"].startswith("固定资产投资增速由数值目标（5%以上）改为定性表述")
    assert h.at["城镇登记失业率", "2023"] == "" and h.at["城镇登记失业率", "change_2022_2023"] == "2023年未列"
    assert h.at["外贸进出口", "2022"] == "进出口贸易保持稳定"
    assert h.at["外贸进出口", "2023"] == "外贸进出口保持稳定、质效提升"
    # new as a headline statement, but 2022-102 already says 生产安全事故起数和死亡人数“双下降”，降幅大于全市平均水平 in
    # an action item: the words are quoted, the value with them
    assert h.at["生产安全事故起数和死亡人数", "change_2022_2023"] == (
        "2023年新列；2022年（2022-102）亦提及：“生产安全事故起数和死亡人数‘双下降’，降幅大于全市平均水平”"
    )
    assert len(h) == 13  # 11 + 11 chapter-one items, two split, paired into 13 indicators


def test_three_years(tmp_path):
    plans = load_plans(write_three_years(tmp_path / "seeds"))
    out = all_target_tables(plans.as_dict())
    c = out["target_changes"]
    assert sorted(set(zip(c["year_from"], c["year_to"], strict=True))) == [(2022, 2023), (2023, 2024)]
    later = c[c["year_to"] == 2024].set_index("indicator")
    assert later.at["新增上市公司", "direction"] == "raised" and later.at["新增上市公司", "value_to"] == 6
    assert later.at["新增装机容量", "direction"] == "raised" and later.at["新增装机容量", "value_to"] == 300
    assert (later["direction"] == "unchanged").sum() > 50  # the rest of 2024 repeats 2023
    h = out["headline_targets"].set_index("indicator")
    assert h.loc["工业增加值率", ["2022", "2023", "2024"]].tolist() == [
        "工业增加值率高于上年",
        "工业增加值率同口径提升",
        "工业增加值率同口径增长",
    ]
    assert h.at["工业增加值率", "change_2023_2024"] == "工业增加值率表述由“同口径提升”调整为“同口径增长”"


def test_charts_return_the_data_plotted(plans):
    from analysis.outputs.charts.targets import count_changes_bar, headline_dumbbell
    from analysis.pipeline import analyse

    tables = analyse(plans.as_dict())  # with the shipped matcher
    for item_from, item_to, old, new, direction in KEY_PAIRS:
        c = change(tables["target_changes"], item_from, item_to)
        assert (c["value_from"], c["value_to"], c["direction"]) == (old, new, direction)
    fig, data = headline_dumbbell(tables, (2022, 2023))
    assert set(data["indicator"]) >= {"地区生产总值增长", "研发投入占地区生产总值比重"}
    assert "2022年→2023年" in fig.axes[0].get_title()
    # 2023 writes 全社会固定资产投资增速高于全市平均水平 where 2022 wrote 增长5%以上: its words, no dot; 城镇登记失业率
    # has no 2023 target at all: 未列
    wording = dict(
        zip(
            (t.get_text() for t in fig.axes[0].get_yticklabels()),
            (t.get_text() for t in fig.axes[1].get_yticklabels()),
            strict=True,
        )
    )
    assert wording["固定资产投资增长"] == "5%以上 → 高于全市平均水平（定性）"
    assert wording["城镇登记失业率"] == "控制在3%以内 → 未列"
    investment = data[data["indicator"] == "固定资产投资增长"].set_index("year")["value"]
    assert investment[2022] == 5 and pd.isna(investment[2023])
    fig, data = count_changes_bar(tables, (2022, 2023))
    assert 0 < len(data) <= 12 and data["relative"].is_monotonic_increasing
    assert "2022年→2023年" in fig.axes[0].get_title()
    # 2022 建成特色康居乡村85个 → 2023 争创…特色康居乡村65个: the bar names both verbs, not only 2023's 争创; values
    # as each plan writes them (完成8座农贸市场改造提升 → 完成5个…)
    bars = data.set_index("values")["label"]
    assert bars["85个→65个"] == "特色康居乡村（建成→争创）"
    assert bars["8座→5个"] == "完成农贸市场改造提升"
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "12个→6所" in labels
    assert "变化最大" not in fig.axes[0].get_title()  # every comparable count target is shown: none left out
    fig, data = count_changes_bar(tables, (2022, 2023), top=5)
    assert len(data) == 5 and "变化最大的5项" in fig.axes[0].get_title()


def test_a_list_member_with_its_own_verb_keeps_it(targets):
    """2022-071 新增造林100亩、更新造林200亩: replanting (更新造林) is no new planting; it does not take 新增."""
    forest = targets[targets["item_id"] == "2022-071"].set_index("span")["indicator"]
    assert forest["新增造林100亩"] == "新增造林" and forest["更新造林200亩"] == "更新造林"
