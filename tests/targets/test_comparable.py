"""Like with like: targets measured against a careful reading of both seeds, pairs of different indicators or
scopes never compared, the value's and the commitment's direction apart, stretch values with their base,
each year in its own words (tests/fixtures/README.md gives the reading rules)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import load_plans
from analysis.outputs.charts.targets import count_change_data, headline_dumbbell
from analysis.pipeline import analyse
from analysis.targets.judge import judge
from analysis.targets.scope import comparability
from tests.conftest import FIXTURES, write_three_years

COMPARED = {"raised", "lowered", "unchanged", "reworded"}


@pytest.fixture(scope="module")
def tables(plans) -> dict[str, pd.DataFrame]:
    return analyse(plans.as_dict())  # with the shipped matcher, as the main job runs


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> dict[str, pd.DataFrame]:
    return analyse(load_plans(write_three_years(tmp_path_factory.mktemp("three") / "seeds")).as_dict())


def reading(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False)


def _key(item_id: str, value, unit: str, kind: str) -> tuple:
    """A target as both readings can name it: qualitative statements by item, deadlines by their date,
    numbers by value and unit (full-width ％ is %)."""
    if kind == "qualitative":
        return (item_id, kind)
    if kind == "deadline":
        return (item_id, kind, float(value))
    return (item_id, float(value), unicodedata.normalize("NFKC", str(unit)))


def test_targets_agree_with_the_reading(tables):
    ours = Counter(_key(t.item_id, t.value, t.unit, t.kind) for t in tables["targets"].itertuples())
    theirs = Counter(_key(t.item_id, t.value, t.unit, t.kind) for t in reading("targets_reading.csv").itertuples())
    found = sum((ours & theirs).values())
    assert sum(theirs.values()) == 204  # 105 in 2022, 99 in 2023 (the reading's own count)
    precision, recall = found / sum(ours.values()), found / sum(theirs.values())
    assert precision >= 0.98 and recall >= 0.98, (ours - theirs, theirs - ours)


def _number(text: str) -> tuple[float, str]:
    """The leading number of a reading's number text and what follows it (50-100亿元 → 50, 亿元)."""
    match = re.match(r"([\d.]+)(?:-[\d.]+)?(.*)", text)
    assert match, text
    return float(match.group(1)), match.group(2)


def _is_target(targets: pd.DataFrame, item_id: str, value: float, rest: str) -> bool:
    rows = targets[(targets["item_id"] == item_id) & (targets["value"] == value)]
    return any(rest.startswith(unit) for unit in rows["unit"] if unit)


def test_numbers_the_reading_rules_out_are_not_targets(tables):
    """Thresholds and the sizes of named things (亩均税收5万元以下, 200亿元规模的基金, 启动6.31公里管廊) are
    not targets of their own."""
    refused = reading("non_targets_reading.csv")
    refused = refused[refused["reason"].isin(["scope", "attribute"]) & refused["number_text"].str.match(r"[\d.]")]
    assert len(refused) == 19  # read off both plans: 9 thresholds, 10 sizes of named things
    wrong = [
        (r.item_id, r.number_text)
        for r in refused.itertuples()
        if _is_target(tables["targets"], r.item_id, *_number(r.number_text))
    ]
    assert not wrong


@pytest.mark.parametrize(
    ("item_id", "committed", "described"),
    [
        # a threshold names which firms are brought to zero; the commitment is the zero
        ("2023-090", "亩均税收5万元以下企业基本清零", "5万元"),
        # completing a stated length commits to it; starting a project of that length does not
        ("2022-051", "4.54公里", "6.31公里"),
    ],
)
def test_qualifying_numbers_both_ways(tables, plans, item_id, committed, described):
    targets = tables["targets"]
    text = plans.items.set_index("item_id").at[item_id, "text"]
    assert committed in text and described in text
    assert targets.loc[targets["item_id"] == item_id, "span"].str.contains(committed, regex=False).any()
    assert not _is_target(targets, item_id, *_number(described))


def _locate(targets: pd.DataFrame, item_id: str, span: str) -> int:
    """Our target for a span of the reading: the one whose span contains it or is contained in it."""
    rows = targets[targets["item_id"] == item_id]
    found = [i for i, s in rows["span"].items() if s in span or span in s]
    assert found, (item_id, span, rows["span"].tolist())
    exact = [i for i in found if rows.at[i, "span"] == span]
    numbered = [i for i in found if f"{rows.at[i, 'value']:g}" in span]
    return (exact or numbered or found)[0]


def _change_of(changes: pd.DataFrame, targets: pd.DataFrame, a: int, b: int) -> pd.Series | None:
    ta, tb = targets.loc[a], targets.loc[b]
    rows = changes[
        (changes["item_from"] == ta["item_id"])
        & (changes["item_to"] == tb["item_id"])
        & ((changes["span_from"] == ta["span"]) | (changes["value_from"] == ta["value"]))
        & ((changes["span_to"] == tb["span"]) | (changes["stretch_to"] == tb["value"]))
    ]
    return rows.iloc[0] if len(rows) else None


def test_pairs_agree_with_the_reading(tables):
    """Look-alike pairs the reading finds not comparable are never raised / lowered / unchanged; the pairs
    it finds comparable are compared (a stretch value through its base target)."""
    targets, changes = tables["targets"], tables["target_changes"]
    pairs = reading("target_pairs_reading.csv")
    assert (len(pairs), (pairs["comparable"] == "true").sum()) == (53, 27)
    compared_too, missed = [], []
    for p in pairs.itertuples():
        a, b = _locate(targets, p.item_2022, p.span_2022), _locate(targets, p.item_2023, p.span_2023)
        ours = _change_of(changes, targets, a, b)
        if p.comparable == "false":
            if ours is not None and ours["direction"] in COMPARED:
                compared_too.append((p.span_2022, p.span_2023, ours["direction"]))
        elif ours is None or ours["direction"] not in COMPARED:
            missed.append((p.span_2022, p.span_2023))
    assert not compared_too
    assert not missed


def test_look_alikes_of_linked_items_are_shown_side_by_side(tables):
    """A reader puts 有效高新技术企业数量超1100家 beside 新增高新技术企业160家: such pairs of linked items are
    listed as not comparable, with the reason, rather than as one target dropped and another new."""
    targets, changes = tables["targets"], tables["target_changes"]
    pairs = reading("target_pairs_reading.csv")
    shown, same_reason = [], []
    for p in pairs[pairs["comparable"] == "false"].itertuples():
        ours = _change_of(
            changes, targets, _locate(targets, p.item_2022, p.span_2022), _locate(targets, p.item_2023, p.span_2023)
        )
        if ours is not None and ours["direction"] == "not_comparable":
            shown.append(p.span_2022)
            same_reason += [p.span_2022] if ours["reason"] == p.reason else []
    assert len(shown) >= 13  # of the reading's 25 (8 before look-alikes were paired)
    assert len(same_reason) >= 9  # the reading's reason: what is counted comes before the unit it is counted in
    for span_from, span_to, reason in [
        ("有效高新技术企业数量超1100家", "新增高新技术企业160家左右", "indicator_changed"),  # a stock, a flow
        ("支持失业人员、退捕渔民等重点群体自主创业超1800人", "扶持农民自主创业320人", "population_changed"),
        ("完成农产品电商销售超10亿元", "实现农产品电子商务销售同比增长10%以上", "indicator_changed"),
        ("引进、建设独立研发机构8家", "共建研发机构累计超40家", "indicator_changed"),
    ]:
        row = changes[(changes["span_from"] == span_from) & (changes["span_to"] == span_to)]
        assert (row["direction"].item(), row["reason"].item()) == ("not_comparable", reason), span_from
    # 亩均税收5万元以下企业基本清零 (what is left of the firms below a threshold) is no counterpart of the 15万元
    # average 2022 sets, but of 2022's 全面淘汰亩均税收3万元以下工业企业: both bring firms below a threshold to zero,
    # and the threshold moved, so the two stand side by side, not compared
    taxes = changes[changes["span_to"] == "实现亩均税收5万元以下企业基本清零"].iloc[0]
    assert taxes["span_from"] == "全面淘汰亩均税收3万元以下工业企业"
    assert (taxes["direction"], taxes["reason"]) == ("not_comparable", "scope_changed")
    assert taxes["summary"].startswith("统计口径变化（3万元以下→5万元以下），不宜直接比较")


def _target(tables, item_id: str, fragment: str):
    t = tables["targets"]
    rows = t[(t["item_id"] == item_id) & t["span"].str.contains(fragment, regex=False)]
    assert len(rows) == 1, (item_id, fragment, rows["span"].tolist())
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        # 失业人员、退捕渔民等重点群体 → 农民: different people
        (("2022-090", "自主创业超1800人"), ("2023-058", "自主创业320人"), "population_changed"),
        # 营收超亿元文化企业 → 上市文化企业
        (("2022-077", "营收超亿元文化企业"), ("2023-069", "上市文化企业"), "indicator_changed"),
        # 省专精特新小巨人 → 省级以上; a national count that also counted 单项冠军 → 小巨人 only
        (("2022-038", "省专精特新"), ("2023-029", "省级以上专精特新"), "scope_changed"),
        (("2022-038", "单项冠军"), ("2023-029", "其中国家级"), "indicator_changed"),
        # 省、市级示范智能车间 → 省级
        (("2022-034", "省、市级示范智能车间"), ("2023-030", "省级示范智能车间"), "scope_changed"),
        # a five-year horizon against this year's target
        (("2022-030", "每万人高价值专利"), ("2023-035", "高价值发明专利"), "horizon_changed"),
    ],
)
def test_look_alikes_are_not_comparable(tables, a, b, reason):
    ta, tb = _target(tables, *a), _target(tables, *b)
    assert comparability(ta, tb) == reason
    assert judge(ta, None, tb, None).direction == "not_comparable"
    plotted = count_change_data(tables, (2022, 2023), top=1000)
    assert not plotted["indicator"].isin([ta["indicator"], tb["indicator"]]).any()
    c = tables["target_changes"]
    paired = c[(c["span_from"] == ta["span"]) & (c["span_to"] == tb["span"])]
    assert not paired["direction"].isin(COMPARED).any()


def test_scope_changes_say_which_levels(tables):
    c = tables["target_changes"]
    workshops = c[c["span_from"].str.contains("省、市级示范智能车间", na=False)].iloc[0]
    assert workshops["reason"] == "scope_changed"
    assert workshops["summary"].startswith("统计口径变化（省、市级→省级），不宜直接比较")
    little_giants = c[c["span_from"].eq("省专精特新“小巨人”企业20家")].iloc[0]
    assert "（省级→省级以上）" in little_giants["summary"]


def test_a_floor_lowered_is_not_a_firmer_commitment(tables):
    """2022-041 实际使用外资5.8亿美元 → 2023-042 实际利用外资5亿美元以上: 以上 makes 5 a floor, but the floor is
    below the earlier target: firmer in form, looser in what it binds to — mixed, not firmer."""
    c = tables["target_changes"]
    fdi = c[(c["item_from"] == "2022-041") & (c["item_to"] == "2023-042")].iloc[0]
    assert (fdi["value_from"], fdi["value_to"], fdi["direction"]) == (5.8, 5, "lowered")
    assert fdi["commitment"] == "mixed"
    assert fdi["summary"] == "实际利用外资目标由5.8亿美元下调至5亿美元，表述由确定值改为“以上”，约束性有增有减"


def test_same_value_firmer_wording(three):
    """GDP 5%左右 (2023) → 5%以上 (2024): the value holds, the commitment firms up, and the sentence says so."""
    c = three["target_changes"]
    gdp = c[(c["year_to"] == 2024) & (c["item_to"] == "2024-001")].iloc[0]
    assert (gdp["direction"], gdp["commitment"]) == ("unchanged", "firmer")
    assert gdp["summary"].startswith("地区生产总值增速目标维持5%，表述由“左右”改为“以上”")
    budget = c[(c["year_to"] == 2024) & (c["item_to"] == "2024-002")].iloc[0]
    assert (budget["value_from"], budget["stretch_from"], budget["value_to"]) == (5, 5.5, 4.5)
    assert (budget["direction"], budget["commitment"]) == ("lowered", "looser")
    assert "不再提出力争5.5%" in budget["summary"]


def test_stretch_belongs_to_its_base(tables):
    c = tables["target_changes"]
    services = c[c["item_to"] == "2023-047"]
    assert len(services) == 1 and (services["value_to"].item(), services["stretch_to"].item()) == (5, 6)
    assert services["summary"].item().startswith("2023年新列，另提出力争6%")  # 增长5%、力争6％: not only 5%
    h = tables["headline_targets"].set_index("indicator")
    assert h.at["一般公共预算收入增长", "2023"] == "一般公共预算收入增长5%、力争增长5.5%"
    assert "另提出力争5.5%" in h.at["一般公共预算收入增长", "change_2022_2023"]


COMMITMENT_CASES = [
    ("around:左右", "at_least:以上", False, False, "firmer"),
    ("at_least:以上", "around:左右", False, False, "looser"),
    ("point:", "point:", False, True, "firmer"),  # a stretch value added
    ("point:力争", "point:", False, False, "firmer"),  # 力争 dropped from the target itself
    ("at_least:以上", "point:", False, True, "mixed"),  # 5%以上 → 5%、力争5.5%
    ("at_most:控制在+以内", "at_most:控制在+以内", False, False, "same"),
    ("point:", "at_least:以上", False, False, "firmer"),  # 5% → 5%以上
]
# (the verb's part, 建成 → 争创, is read from the seed plans in test_a_striving_verb_loosens_the_commitment)


@pytest.mark.parametrize(("old", "new", "stretch_old", "stretch_new", "expected"), COMMITMENT_CASES)
def test_commitment_direction(old, new, stretch_old, stretch_new, expected):
    def target(qualifiers: str, value: float = 5.0):
        return SimpleNamespace(
            kind="numeric",
            qualifiers=qualifiers,
            value=value,
            value_high=float("nan"),
            scaled_value=value,
            unit="%",
            base_unit="%",
            horizon="this_year",
            indicator="地区生产总值增长",
            span="",
            item_id="x",
        )

    stretch = target("point:力争", 5.5)
    judgement = judge(target(old), stretch if stretch_old else None, target(new), stretch if stretch_new else None)
    assert (judgement.direction, judgement.commitment) == ("unchanged", expected)


def test_a_striving_verb_loosens_the_commitment(tables):
    """2022-064 建成特色康居乡村85个、特色精品乡村3个…，创建省级特色田园乡村3个 → 2023-060 争创省级特色田园乡村2个、
    市级特色精品乡村3个、特色康居乡村65个: 争创 strives where 建成 / 创建 committed; 专项债 is 争取 in both years."""
    c = tables["target_changes"]
    by_span = c.set_index("span_from")
    villages = by_span.loc["建成特色康居乡村85个"]
    assert (villages["direction"], villages["commitment"]) == ("lowered", "looser")
    assert villages["summary"].endswith("目标由85个下调至65个，由“建成”改为“争创”，约束性减弱")
    boutique = by_span.loc["特色精品乡村3个"]
    assert (boutique["direction"], boutique["commitment"]) == ("unchanged", "looser")
    assert "由“创建”改为“争创”" in by_span.loc["创建省级特色田园乡村3个", "summary"]
    same_verb = c[c["item_from"].eq("2022-064") & c["commitment"].eq("same")]
    assert same_verb.empty  # every 2022-064 target compared in 2023 moved from 建成 / 创建 to 争创


def test_statements_compare_their_standard(tables):
    c = tables["target_changes"].set_index("item_to")
    assert c.at["2023-007", "commitment"] == "looser"  # 不低于地区生产总值增幅 → 与经济增长基本同步
    assert c.at["2023-005", "commitment"] == "firmer"  # 保持稳定 → 保持稳定、质效提升
    assert c.at["2023-011", "direction"] == "unchanged"  # 完成上级下达(目标)任务


def test_every_headline_indicator_judged_both_ways(three):
    """Every chapter-one indicator present in both years of a pair has a value direction and, when the two
    can be compared, a commitment direction."""
    c, items = three["target_changes"], three["items"]
    head = set(items.loc[items["chapter_no"] == 1, "item_id"])
    both = c[c["item_from"].isin(head) & c["item_to"].isin(head)]
    assert len(both) >= 20 and set(both["year_to"]) == {2023, 2024}
    assert both["direction"].isin(COMPARED | {"not_comparable"}).all()
    judged = both[(both["reason"] == "") | (both["reason"] == "form_changed")]
    assert judged["commitment"].isin(["firmer", "looser", "mixed", "same", "unclear"]).all()


def test_three_years_in_their_own_words(three):
    h = three["headline_targets"].set_index("indicator")
    assert h.loc["地区生产总值增长", ["2022", "2023", "2024"]].tolist() == [
        "地区生产总值增长6%左右",
        "地区生产总值增长5%左右",
        "地区生产总值增长5%以上",
    ]
    assert h.at["一般公共预算收入增长", "2022"] == "一般公共预算收入增长5%以上"
    assert h.at["一般公共预算收入增长", "2024"] == "一般公共预算收入增长4.5%"


def _overlaps(boxes) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]


def test_headline_chart_across_three_years_has_no_colliding_labels(three):
    fig, data = headline_dumbbell(three, [2022, 2023, 2024])
    assert "2022—2024年" in fig.axes[0].get_title()
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    left, right = fig.axes
    rows = data["indicator"].nunique()
    labels = [t for t in right.get_yticklabels() if t.get_text()]
    assert len(labels) == rows
    # R&D share: every year's own value, in year order
    assert "3.62%以上 → 3.95%以上 → 3.95%以上" in [t.get_text() for t in labels]
    texts = labels + [t for t in left.get_yticklabels() if t.get_text()]
    assert not _overlaps([t.get_window_extent(renderer) for t in texts])
    # values of one indicator on one row, whatever the years
    assert not data.duplicated(["indicator", "year"]).any()


def test_an_indicator_left_out_for_a_year_stays_one_row(tmp_path):
    """城镇登记失业率 is in 2022, not in 2023, and back in 2024: one row with a gap, not two rows."""
    seeds = write_three_years(tmp_path / "seeds")
    plan = seeds / "2024.txt"
    text = plan.read_text(encoding="utf-8")
    assert "11.主要污染物排放总量削减完成上级下达任务。" in text
    plan.write_text(
        text.replace("11.主要污染物排放总量削减完成上级下达任务。", "11.城镇登记失业率控制在3%以内。"), encoding="utf-8"
    )
    h = analyse(load_plans(seeds).as_dict())["headline_targets"]
    rows = h[h["indicator"] == "城镇登记失业率"]
    assert len(rows) == 1
    assert rows.iloc[0][["2022", "2023", "2024"]].tolist() == [
        "城镇登记失业率控制在3%以内",
        "",
        "城镇登记失业率控制在3%以内",
    ]
    assert rows.iloc[0][["change_2022_2023", "change_2023_2024"]].tolist() == ["2023年未列", "2024年新列"]


def test_a_target_of_one_year_says_what_a_linked_item_says_of_it(tables):
    """2022-102 完成剩余55处D级危房解危整治 and 2023-105 10月底前完成危房解危… are one task (the matcher links the
    items) in two forms, a count and a deadline: neither is compared, and each points to the other. 2022-034's
    完成智改数转项目1200个 has no target in 2023, but the linked 2023-030 starts 新一轮“智改数转”: said too, so the
    reader does not take 智改数转 for dropped. The count of such targets is in the conclusions."""
    from analysis.present.targets import conclusions
    from analysis.targets.changes import linked_counterparts

    c = tables["target_changes"]
    houses = c.loc[c["span_from"].eq("完成剩余55处D级危房解危整治")].iloc[0]
    assert houses["summary"] == (
        "2023年未列；2023年对应事项（2023-105）有相关目标：“10月底前完成危房解危和餐饮场所‘瓶改管’‘瓶改电’工作”"
    )
    assert houses["counterpart_item"] == "2023-105"
    back = c.loc[c["item_to"].eq("2023-105") & c["item_from"].isna(), "summary"].item()
    assert back == "2023年新列；2022年对应事项（2022-102）有相关目标：“完成剩余55处D级危房解危整治”"
    smart = c.loc[c["span_from"].eq("完成智改数转项目1200个"), "summary"].item()
    assert smart.startswith("2023年未列；2023年对应事项（2023-030）提及：“启动新一轮‘智改数转’")
    # a place both name (汾湖高新区: 2023-049's 古街区, 2022-016's 争创国家高新区) ties nothing
    assert c.loc[c["item_to"].eq("2023-049"), "counterpart_item"].eq("").all()
    # the related target alone, not the rest of its list: 实现农村污水治理自然村全覆盖、村（社区）日间照料中心…
    sewage = c.loc[c["span_from"].eq("新建78个"), "summary"].item()
    assert sewage.endswith("有相关目标：“实现农村污水治理自然村全覆盖”")
    one_year = c[c["direction"].isin(["only_from", "only_to"])]
    named = one_year[one_year["counterpart_item"] != ""]
    assert 0 < len(named) < len(one_year)
    text = conclusions(c, tables["targets"])
    assert f"（其中{(named['direction'] == 'only_to').sum()}项2022年原文或对应事项仍有提及）" in text
    # no link, no pointer; a link without a shared run of four characters, none either
    targets = pd.DataFrame(
        {
            "item_id": ["a-1", "b-1"],
            "year": [1, 2],
            "span": ["新建口袋公园35个", "建成口袋公园21个"],
            "indicator": ["新建口袋公园", "建成口袋公园"],
        }
    )
    links = pd.DataFrame({"item_from": ["a-1"], "item_to": ["b-1"], "label": ["related"]})
    items = pd.DataFrame(
        {"item_id": ["a-1", "b-1"], "year": [1, 2], "text": ["新建口袋公园35个。", "建成口袋公园21个，打造绿道。"]}
    )
    found = linked_counterparts(targets, links, items)("a-1", 2, "新建口袋公园")
    assert (found.item_id, found.words, found.how) == ("b-1", "建成口袋公园21个", "target")
    assert linked_counterparts(targets, None, items)("a-1", 2, "新建口袋公园") is None
    assert linked_counterparts(targets, links, items)("a-1", 2, "新建公园") is None


def test_a_statement_covering_less_is_not_the_same_statement(tables):
    """2022-075 commits 地表水国省考断面水质优Ⅲ比例 (national and provincial sections) to 完成上级下达目标任务, 2023-086
    only 省考地表水…比例: the same words, a narrower coverage — not 维持. 空气质量优良天数比例 is committed alike both
    years: 维持."""
    c = tables["target_changes"]
    pair = c[c["item_from"].eq("2022-075") & c["item_to"].eq("2023-086")].set_index("indicator")
    water = pair.loc[pair.index.str.contains("地表水")].iloc[0]
    assert (water["direction"], water["reason"]) == ("not_comparable", "scope_changed")
    assert water["summary"].startswith("统计口径变化（国考、省考→省考）")
    assert pair.loc["空气质量优良天数比例", "summary"] == "空气质量优良天数比例维持“完成上级下达任务”"
