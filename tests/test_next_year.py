"""Adding a next year as the district publishes it: the constructed 2024 plan (a Word file) beside the two seed
plans, checked against the changes its answer key lists (`tests/fixtures/plan_2024_constructed.md`)."""

from __future__ import annotations

import re
import shutil

import pytest

from analysis import load_plans
from analysis.outputs.charts.targets import headline_percent_data
from analysis.pipeline import analyse
from analysis.present.matching import chapter_moves, most_changed, new_or_dropped, review_summary, splits_and_merges
from analysis.present.summary import key_points
from analysis.present.workload import handovers_summary, lead_units_summary, leader_changes_summary
from analysis.tidy.chapters import same_chapters
from analysis.workload.highlights import lead_unit_highlights
from tests.conftest import FIXTURES, SEEDS


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("next_year")
    for name in ("2022.txt", "2023.txt"):
        shutil.copy(SEEDS / name, seeds / name)
    shutil.copy(FIXTURES / "plan_2024_constructed.docx", seeds / "2024.docx")
    return analyse(load_plans(seeds).as_dict())


def test_the_word_file_reads_as_the_key_says(tables):
    items = tables["items"]
    assert (items["year"] == 2024).sum() == 118  # （共118项）
    chapters = items[items["year"] == 2024].groupby("chapter_no").size()
    assert len(chapters) == 10


def test_a_statement_in_quotation_marks_keeps_its_words(tables):
    """2023-010 全区生产安全事故起数和死亡人数降幅大于全市平均水平 → 2024-009 …实现“双下降”: the key's
    qualitative rewording; the sentence quotes both statements (never an empty “”) and names the indicator
    without the 2024 wording."""
    c = tables["target_changes"]
    safety = c[c["item_to"] == "2024-009"].iloc[0]
    assert safety["indicator"] == "生产安全事故起数和死亡人数"
    assert safety["summary"] == "生产安全事故起数和死亡人数表述由“降幅大于全市平均水平”调整为“实现‘双下降’”"
    assert not c["summary"].str.contains("“”", regex=False).any()


def test_a_statement_kept_the_next_year_stays_on_its_chart_row(tables):
    """固定资产投资: 5%以上 (2022) → 高于全市平均水平 (2023, and 2024 unchanged); 外贸: 进出口贸易保持稳定 (2022) →
    保持稳定、质效提升 (2023) → 3%左右 (2024). Every year is on the row; none reads 未列."""
    data = headline_percent_data(tables, [2022, 2023, 2024])
    rows = {
        indicator: dict(zip(part["year"], part["label"], strict=True)) for indicator, part in data.groupby("indicator")
    }
    investment = next(v for k, v in rows.items() if "固定资产投资" in k)
    assert investment == {2022: "5%以上", 2023: "高于全市平均水平（定性）", 2024: "高于全市平均水平（定性）"}
    trade = next(v for k, v in rows.items() if "外贸" in k)
    assert trade == {2022: "保持稳定（定性）", 2023: "保持稳定、质效提升（定性）", 2024: "3%左右"}


def test_a_unit_written_in_full_is_suggested_as_the_short_name_renamed(tables):
    """The key: 区科技局 → 区科学技术局 everywhere in 2024, an alias suggestion expected; 区数据局 is a new unit
    beside 区大数据管理局, which 2024 keeps (so no suggestion)."""
    suggestions = tables["alias_suggestions"]
    assert suggestions[["year", "field", "new_name", "old_name", "reason"]].values.tolist() == [
        [2024, "unit", "区科学技术局", "区科技局", "abbreviation"]
    ]


def test_a_suggested_rename_is_no_rise_or_fall_of_workload(tables):
    """Until the analyst decides, 区科学技术局's items are not its gain nor 区科技局's loss."""
    highlights = lead_unit_highlights(tables["unit_workload"], tables["alias_suggestions"])
    year = next(h for h in highlights.itertuples() if h.year == 2024)
    assert year.renamed == [("区科学技术局", "区科技局")]
    assert "区科学技术局" not in (year.up, *year.new) and "区科技局" not in (year.down, *year.gone)
    assert "区数据局" in year.new  # lead of 2024-056
    text = lead_units_summary(year)
    assert "区科学技术局与区科技局可能是同一单位改名（见“待核对的名称变化”）" in text


def test_items_moved_to_another_chapter_are_named(tables):
    """The key's four chapter moves: 2023-088 (七→三, 2024-030), 2023-052 (四→十, 2024-116), 2023-061 (五→八,
    2024-098), 2023-100 (八→六, 2024-076); every other continued item stays in its chapter, whose title 2024
    may reword (三、五、九、十)."""
    text = chapter_moves(tables["items"], tables["matches"], 2023, 2024)
    moved = re.findall(r"(2023\\-\d+)→(2024\\-\d+)（", text)
    assert sorted(moved) == [
        ("2023\\-052", "2024\\-116"),
        ("2023\\-061", "2024\\-098"),
        ("2023\\-088", "2024\\-030"),
        ("2023\\-100", "2024\\-076"),
    ]
    assert same_chapters(tables["items"], tables["matches"], 2023, 2024) == {n: n for n in range(1, 11)}


def test_a_portfolio_swap_reads_as_one_and_reworded_chapters_as_no_change(tables):
    """The key: 陈建忠 and 孙俊良 swap every item (陈建忠 now agriculture, culture and tourism; 孙俊良 commerce,
    civil affairs); 周敏 new, 沈春荣 gone. Chapters 三、五、九、十 are only retitled: nobody gains or loses
    them for that."""
    changes = tables["leader_changes"]
    later = changes[changes["year_to"] == 2024]
    assert later["topic_in_both"].dropna().all()  # every 2024 chapter has its 2023 counterpart
    said = set(zip(later["leader"], later["change"], later["count_from"], later["count_to"], strict=True))
    # 六、活化利用特色资源 (江南文化): 孙俊良's 10 items go to 陈建忠
    assert {("孙俊良", "topic_lost", 10, 0), ("陈建忠", "topic_gained", 0, 10)} <= said
    # 五、坚持农业农村优先发展 (retitled): 陈建忠 1 → 7 as 孙俊良 7 → 1
    assert {("陈建忠", "topic_grew", 1, 7), ("孙俊良", "topic_shrank", 7, 1)} <= said
    arrivals = later[later["change"].isin(["new_leader", "gone_leader"])]
    assert set(zip(arrivals["leader"], arrivals["change"], strict=True)) == {
        ("周敏", "new_leader"),
        ("沈春荣", "gone_leader"),
    }


def test_each_pair_of_years_has_its_own_most_reworded_and_queue_count(tables):
    changed = most_changed(tables["matches"], tables["items"], 2023, 2024, n=10)
    assert len(changed) == 10 and set(changed["year_to"]) == {2024}
    text = review_summary(tables["review_queue"], tables["match_decisions"], tables["item_status"])
    per_pair = tables["review_queue"].groupby("year_to").size()
    assert f"（2023年对比2022年{per_pair[2023]}对，2024年对比2023年{per_pair[2024]}对）" in text


def test_a_portfolio_swap_is_one_line_per_direction(tables):
    """The key: 陈建忠 ↔ 孙俊良 on every item, 李红 → 周敏 on two education items (2024-034, 2024-094),
    钱宇 → 季恒义 on 2024-014 (split) and 2024-086, 郁海成 → 王嵘 on 2024-111; 钱宇 added on 2024-023."""
    sentence = handovers_summary(tables["leader_handovers"]).replace("\\", "")
    later = sentence[sentence.index("2023年→2024年") :]
    assert re.search(r"孙俊良→陈建忠\d+项（", later) and re.search(r"陈建忠→孙俊良\d+项（", later)
    assert "李红→周敏2项（2024-034、2024-094）" in later and "钱宇→季恒义2项（2024-014、2024-086）" in later
    assert "郁海成→王嵘（2024-111）" in later and "增加领导1项：钱宇（2024-023）" in later
    assert re.search(r"其中孙俊良与陈建忠互换了工作（陈建忠→孙俊良\d+项，孙俊良→陈建忠\d+项）", later)
    # a chapter only retitled is named one way in one sentence: as 2024 names it
    said = leader_changes_summary(tables["leader_changes"])
    latest = said[said.index("2023年→2024年") :]
    assert "农业农村优先" in latest and "乡村振兴" not in latest


def test_a_number_dropped_for_words_says_where_the_next_year_still_names_it(tables):
    """The key: 2023-109 完成100亿元隐性债务化解任务 → 2024-107 完成年度隐性债务化解任务 (number → statement). A
    statement outside chapter one is no target, so the 100亿元 is 2024年未列, but not as if the task were gone."""
    c = tables["target_changes"]
    debt = c[c["span_from"].eq("完成100亿元隐性债务化解任务") & c["year_to"].eq(2024)].iloc[0]
    assert debt["summary"] == "2024年未列；2024年（2024-107）亦提及：“完成年度隐性债务化解任务”"


def test_targets_of_the_next_year_read_as_the_key_says(tables):
    """The key: 2024-100 新增认知障碍照护床位100张 is a new target (张 counts beds); 2024-079 keeps 2023's
    盛泽印染产业园等4个集聚区 (the size of a named list, no target either year); 2023-061 → 2024-098
    日间照料中心…覆盖率 达100% → 保持100% is one indicator, unchanged."""
    t = tables["targets"]
    beds = t[t["item_id"].eq("2024-100") & t["span"].str.contains("床位", regex=False)]
    assert beds[["value", "unit"]].values.tolist() == [[100, "张"]]
    assert not t["span"].str.contains("集聚区", regex=False).any()
    c = tables["target_changes"]
    care = c[c["item_to"].eq("2024-098") & c["span_to"].str.contains("日间照料", na=False, regex=False)].iloc[0]
    assert (care["span_from"], care["direction"]) == ("村（社区）日间照料中心提升建设覆盖率达100%", "unchanged")


def test_a_renamed_population_is_shown_beside_its_predecessor(tables):
    """The key: 2023-058 培训新型职业农民超800人次 → 2024-058 培训高素质农民超1000人次 (the population named anew),
    beside 扶持农民自主创业 320 → 300 (lowered). One pair that cannot be compared, not one dropped and one new."""
    c = tables["target_changes"]
    farmers = c[c["span_from"].eq("培训新型职业农民超800人次")].iloc[0]
    assert (farmers["span_to"], farmers["direction"], farmers["reason"]) == (
        "培训高素质农民超1000人次",
        "not_comparable",
        "population_changed",
    )
    note = tables["matches"].set_index(["item_from", "item_to"]).loc[("2023-058", "2024-058"), "redline"]
    assert "培训新型职业农民超800人次→培训高素质农民超1000人次" in note  # the redline names both
    business = c[c["span_from"].eq("扶持农民自主创业320人")].iloc[0]
    assert (business["span_to"], business["direction"]) == ("扶持农民自主创业300人", "lowered")


def test_the_key_points_put_the_latest_year_first_and_say_what_the_key_says(tables):
    text = key_points(tables).replace("\\", "")
    assert text.index("### 2024年对比2023年") < text.index("### 2023年对比2022年")
    latest = text[: text.index("### 2023年对比2022年")]
    assert "新增15项" in latest  # the key's 15 new items
    assert "地区生产总值增速目标维持5%，表述由“左右”改为“以上”，约束性增强" in latest  # 2024-001
    assert "新出现的领导周敏" in latest and "不再出现的领导沈春荣" in latest
    assert "李红→周敏2项（2024-034、2024-094）" in latest
    assert "区科学技术局与区科技局可能是同一单位改名" in latest
    # the new items named one by one: exactly the key's 15 (its table's rows marked new)
    new_line = next(line for line in latest.splitlines() if line.startswith("  - 新增："))
    key = ["011", "031", "032", "044", "047", "056", "062", "085", "087", "099", "100", "102", "109", "112", "117"]
    assert re.findall(r"(2024-\d+)（", new_line) == [f"2024-{n}" for n in key]


def test_splits_and_merges_are_named(tables):
    """The key: 2023-013 split into 2024-013 and 2024-014, 2023-096 into 2024-095 and 2024-096; 2023-104 and
    2023-107 merged into 2024-106, 2023-113 and 2023-114 into 2024-113. Each names its one continued partner."""
    splits, merges = (
        [phrase.replace("\\", "") for phrase in found] for found in splits_and_merges(tables["matches"], 2023, 2024)
    )
    assert {s.split(" → ")[0] for s in splits} == {"2023-013", "2023-096"}
    merged = {m.split(" → ")[1]: m.split(" → ")[0] for m in merges}
    assert {"2024-106", "2024-113"} <= merged.keys()
    assert set(re.findall(r"2023-\d+", merged["2024-106"])) == {"2023-104", "2023-107"}
    assert set(re.findall(r"2023-\d+", merged["2024-113"])) == {"2023-113", "2023-114"}
    assert all(phrase.count("（延续）") == 1 for phrase in splits + merges)


def test_the_newly_added_year_comes_first_where_the_analyst_works(tables):
    """The review queue (answered in the workbook) and the new / dropped list open on 2024, the year just added."""
    queue = tables["review_queue"]
    assert queue["year_to"].iloc[0] == 2024 and queue["year_to"].is_monotonic_decreasing
    listed = new_or_dropped(tables["item_status"], tables["items"])
    assert listed["year"].iloc[0] == 2024 and listed["year"].is_monotonic_decreasing
