"""The facts the workload notebook states, checked against counts taken straight from the parsed items."""

from __future__ import annotations

import pytest

from analysis.present.workload import leader_unit_reach_summary
from analysis.workload.highlights import (
    collective_highlights,
    lead_unit_highlights,
    leader_highlights,
    leader_unit_reach,
    main_chapters,
    reassigned_topics,
    weighting_ranks,
)
from analysis.workload.tables import workload_tables


@pytest.fixture(scope="module")
def tables(plans):
    return workload_tables(plans.as_dict())


@pytest.fixture(scope="module")
def led(plans):
    """Items led per (year, leader), counted from item_leaders directly."""
    pairs = plans.item_leaders.drop_duplicates(["item_id", "leader"])
    return pairs.groupby(["year", "leader"]).size()


def by_year(frame, year):
    return frame.set_index("year").loc[year]


def test_leader_highlights_match_direct_counts(plans, tables, led):
    highlights = leader_highlights(tables["leader_workload"])
    assert list(highlights["year"]) == [2022, 2023]
    for year in (2022, 2023):
        h, counts = by_year(highlights, year), led[year]
        assert h["leaders"] == len(counts) == 10
        assert (h["top"], h["top_count"]) == (counts.idxmax(), counts.max())
        assert h["top_share"] == pytest.approx(counts.max() / (plans.items["year"] == year).sum())
        inherited = plans.item_leaders[(plans.item_leaders["year"] == year) & plans.item_leaders["inherited"]]
        assert h["inherited"] == len(inherited.drop_duplicates(["item_id", "leader"]))
    assert (by_year(highlights, 2023)["top"], by_year(highlights, 2023)["top_count"]) == ("钱宇", 42)
    assert not by_year(highlights, 2022)["has_previous"]
    later = by_year(highlights, 2023)
    assert sorted(later["gone"]) == sorted(set(led[2022].index) - set(led[2023].index)) == ["李文斌", "许诺"]
    change = led[2023].sub(led[2022], fill_value=0)[led[2023].index]
    # 钱宇 30 → 42 and 孙俊良 both gain 12: a tie, both named
    assert set(later["up"].split("、")) == set(change[change == change.max()].index) == {"钱宇", "孙俊良"}
    assert later["up_change"] == 12
    assert (later["down"], later["down_change"]) == (change.idxmin(), change.min()) == ("沈伟江", -7)


def test_weighting_ranks_mark_leaders_who_never_share(plans, tables):
    ranks = weighting_ranks(tables["leader_workload"], 2023).set_index("name")
    leaders = plans.item_leaders[plans.item_leaders["year"] == 2023].drop_duplicates(["item_id", "leader"])
    shared_items = leaders.groupby("item_id")["leader"].transform("size") > 1
    never_shares = set(leaders["leader"]) - set(leaders.loc[shared_items, "leader"])
    assert set(ranks.index[ranks["solo_share"] == 1]) == never_shares == {"沈春荣"}
    assert ranks["solo_share"].idxmin() == "吉伟" and ranks.loc["吉伟", "solo_share"] == pytest.approx(0.5)
    assert (ranks.loc["孙俊良", "rank_by_count"], ranks.loc["孙俊良", "rank_by_weighted"]) == (3, 2)


def test_main_chapters_list_every_tied_chapter(tables):
    best = main_chapters(tables["leader_chapters"], 2022).set_index("leader")
    assert (
        best.loc["钱宇", "chapters"] == ["四、推进城乡融合发展", "五、厚植生态人文优势"]
        and best.loc["钱宇", "count"] == 6
    )
    assert best.index[0] == "沈伟江" and best.loc["沈伟江", "count"] == 13
    assert list(best["count"]) == sorted(best["count"], reverse=True)


def test_reassigned_topics_are_topics_present_in_both_years(tables):
    moved = reassigned_topics(tables["leader_changes"])
    assert set(moved["change"]) <= {"topic_gained", "topic_lost", "topic_grew", "topic_shrank"}
    # 2022's 加强政府自身建设 (items 106-108: 钱宇 107, 108) is 2023's chapter ten (items 113-118: 钱宇 114 and
    # 116, and 115, 117, 118 under his name carried down): one chapter, 钱宇 2 → 5
    grew = moved[moved["change"] == "topic_grew"]
    # both plans title chapter two 勇担国家战略使命 (示范区建设), though most of 2022's items went on elsewhere: one
    # chapter by its title, and 钱宇 leads 5 of its items in 2022 and 12 in 2023
    assert {("钱宇", "政府建设", 2, 5), ("钱宇", "示范区建设", 5, 12)} <= set(
        zip(grew["leader"], grew["topic"], grew["count_from"], grew["count_to"], strict=True)
    )
    # of 2023's five in 政府建设, 115, 117 and 118 are his only through blank cells: the growth says so
    carried = grew.set_index(["leader", "topic"])["inherited_to"]
    assert carried[("钱宇", "政府建设")] == 3
    # each row names its chapter in the plan's words, the topic being a name of the tool's
    chapter = moved.set_index(["leader", "change", "topic"])["chapter"]
    assert chapter[("李红", "topic_gained", "产业创新")] == "三、发挥民营经济领先优势"
    assert chapter[("钱宇", "topic_grew", "政府建设")] == "七、加强政府自身建设→十、切实加强政府自身建设"
    assert chapter[("钱宇", "topic_grew", "示范区建设")] == "二、勇担国家战略使命"  # titled alike: named once
    assert ("李红", "topic_gained", "产业创新") in set(
        zip(moved["leader"], moved["change"], moved["topic"], strict=True)
    )
    assert moved["topic_in_both"].all()


def test_lead_unit_highlights_match_direct_counts(plans, tables):
    highlights = lead_unit_highlights(tables["unit_workload"])
    units = plans.item_units[(plans.item_units["role"] == "lead") & (plans.item_units["kind"] != "collective")]
    counts = units.drop_duplicates(["item_id", "unit"]).groupby(["year", "unit"]).size()
    for year in (2022, 2023):
        h = by_year(highlights, year)
        assert (h["units"], h["top"], h["top_count"]) == (len(counts[year]), counts[year].idxmax(), counts[year].max())
    first, later = by_year(highlights, 2022), by_year(highlights, 2023)
    assert not first["has_previous"] and first["new"] == [] and first["gone"] == []
    assert (later["units"], later["top"], later["top_count"]) == (38, "区发改委", 22)
    assert sorted(later["new"]) == sorted(set(counts[2023].index) - set(counts[2022].index))
    assert sorted(later["gone"]) == sorted(set(counts[2022].index) - set(counts[2023].index))
    assert "区疫情防控指挥部办公室" in later["gone"] and "区大数据管理局" in later["new"]


def test_collective_highlights_name_the_towns_and_the_data_providers(tables):
    highlights = collective_highlights(tables["unit_workload"])
    first = by_year(highlights, 2022)
    assert (first["collective"], first["collective_count"]) == ("各区镇", 71)
    assert first["collective_share"] == pytest.approx(71 / 108)
    assert first["providers"] == [("区统计局", 13), ("吴江海关", 2)]


def test_leader_unit_reach(plans, tables):
    pairs = tables["leader_lead_units"]
    found = leader_unit_reach(pairs, plans.item_leaders, plans.item_units)
    reach = by_year(found, 2023)
    # 2023's ★区商务局 answers to 陈建忠 (alone on most of its items), 季恒义 (item 39, with 陈建忠) and 孙俊良
    # (items 49 and 50); 沈伟江 and 郁海成 only share item 97 with it, whose three leaders oversee three ★ units
    # (区公安局、住建局、商务局) without saying which: no clear pair
    commerce = pairs[(pairs["year"] == 2023) & (pairs["unit"] == "区商务局")].set_index("leader")["clear"]
    assert set(commerce[commerce > 0].index) == {"陈建忠", "季恒义", "孙俊良"}
    assert commerce["沈伟江"] == commerce["郁海成"] == 0
    assert "区商务局" in reach["most_shared"] and reach["most_shared_leaders"] == 3
    # several leaders over several ★ units: 2023's items 61 (民政、交通运输、水务) and 97 among them
    assert reach["open_items"] == 6
    part = pairs[(pairs["year"] == 2023) & (pairs["kind"] != "collective") & (pairs["clear"] > 0)]
    assert reach["shared_units"] == (part.groupby("unit")["leader"].nunique() >= 2).sum()
    sentence = leader_unit_reach_summary(next(h for h in found.itertuples() if h.year == 2023))
    assert "对应的领导最多（各3位）" in sentence and "另有6项事项由多位领导与多个★牵头单位共同牵头" in sentence


def test_the_sentences_read_as_one_paragraph_a_year(plans, tables):
    from analysis.present.workload import leaders_summary, main_chapters_summary
    from analysis.workload.counting import items_per_year

    lines = leaders_summary(tables["leader_workload"], items_per_year(plans.items)).splitlines()
    assert [line[:11] for line in lines] == ["- **2022年**", "- **2023年**"]  # no line breaks inside a year
    assert not [line for line in lines if "。 " in line]  # so no stray space after a full stop
    # 李文斌 and 许 诺 lead items in the 2022 plan and none in 2023
    assert "上一年牵头、本年不再出现的领导：李文斌、许诺。" in lines[1]
    # 钱宇 and 孙俊良 gain 12 items each; of those, empty leader cells carried down from the row above: 钱宇 9 → 18,
    # 孙俊良 6 → 10 (counted again from the plan text by an independent reading)
    assert (
        "较上一年增加最多的是钱宇、孙俊良（各多12项，其中领导栏空白、沿用上一行的：钱宇多9项、孙俊良多4项）。"
        in lines[1]
    )
    chapters = main_chapters_summary(tables["leader_chapters"], 2022)
    tied = [part for part in chapters.split("；") if "，" in part.split("（")[0]]
    assert tied and all("（各" in part for part in tied)  # a leader with two main chapters leads so many in each
