"""Workload counts read off the seed documents by hand, checked against the workload tables."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from analysis import load_plans
from analysis.registry import table
from analysis.tidy.chapters import chapter_label, chapter_topic
from analysis.workload.selections import ranked_units, separate_units
from analysis.workload.tables import workload_tables
from tests.conftest import write_three_years


@pytest.fixture(scope="module")
def tables(plans):
    return workload_tables(plans.as_dict())


def row(frame, year, name, role):
    found = frame[(frame["year"] == year) & (frame["name"] == name) & (frame["role"] == role)]
    assert len(found) == 1, (year, name, role, len(found))
    return found.iloc[0]


def test_columns_follow_schema(tables):
    assert list(tables["leader_workload"].columns) == table("leader_workload").column_names
    assert list(tables["unit_workload"].columns) == table("unit_workload").column_names
    assert set(tables["leader_workload"]["kind"]) == {"leader"}
    assert set(tables["leader_workload"]["role"]) == {"lead", "written", "inherited"}
    assert set(tables["unit_workload"]["role"]) == {"lead", "participant", "all", "data_provider"}


@pytest.mark.parametrize(
    ("year", "leader", "lead", "inherited"),
    [
        (2023, "王嵘", 8, 1),  # items 11, 52, 77, 78 (inherited from 77), 81, 82, 84, 86
        (2023, "郁海成", 4, 1),  # items 97, 111, 112 (inherited from 111), 113
        (2023, "孙俊良", 22, 10),  # inherited: 50, 63, 64, 67–71, 74, 76
        (2022, "李红", 11, 3),  # inherited: the three rows under 就业惠民工程
    ],
)
def test_leader_counts_with_and_without_inherited(tables, year, leader, lead, inherited):
    lw = tables["leader_workload"]
    assert row(lw, year, leader, "lead")["count"] == lead
    assert row(lw, year, leader, "inherited")["count"] == inherited
    assert row(lw, year, leader, "written")["count"] == lead - inherited


def test_share_and_change_of_leaders(tables):
    lw = tables["leader_workload"]
    wang = row(lw, 2023, "王嵘", "lead")
    assert wang["share"] == pytest.approx(8 / 118)
    assert wang["change"] == 8  # absent in 2022: change counted from 0
    assert lw[lw["year"] == 2022]["change"].isna().all()  # first plan year: no change
    gone = row(lw, 2023, "李文斌", "lead")  # 2022 only (扫黑除恶 item)
    assert gone["count"] == 0 and gone["change"] == -1
    assert row(lw, 2023, "钱宇", "lead")["change"] == 42 - 30


def test_weighted_counts_split_shared_items(tables, plans):
    lw = tables["leader_workload"]
    # 2023-097 (陈建忠、沈伟江、郁海成) gives 1/3 each; 郁海成's other three items are his alone
    assert row(lw, 2023, "郁海成", "lead")["weighted"] == pytest.approx(3 + 1 / 3)
    # 王嵘: 52 and 82 alone, six items shared with 季恒义 (11, 77, 78, 81, 84, 86)
    assert row(lw, 2023, "王嵘", "lead")["weighted"] == pytest.approx(2 + 6 / 2)
    weighted = lw[lw["role"] == "lead"].groupby("year")["weighted"].sum()
    assert weighted.round(9).to_dict() == {2022: 108, 2023: 118}


def test_department_lead_and_participant_counts(tables):
    uw = tables["unit_workload"]
    # 2023 ★区商务局: items 4, 5, 39, 42, 43, 44, 45, 49, 50, 97; participant in 16 and 53
    assert row(uw, 2023, "区商务局", "lead")["count"] == 10
    assert row(uw, 2023, "区商务局", "participant")["count"] == 2
    assert row(uw, 2023, "区商务局", "all")["count"] == 12
    assert row(uw, 2023, "区商务局", "lead")["change"] == 10 - 6
    # 区科技局: ★ 5 times in 2022 (lines 60, 125, 186, 202, 224), 4 in 2023 (items 6, 35, 36, 37)
    assert row(uw, 2022, "区科技局", "lead")["count"] == 5
    assert row(uw, 2022, "区科技局", "participant")["count"] == 6
    tech = row(uw, 2023, "区科技局", "lead")
    assert (tech["count"], tech["change"], tech["kind"]) == (4, -1, "department")
    # 2023-097 has three parallel ★ leads: 区商务局 gets 1/3 there, 1 in each of its other nine
    assert row(uw, 2023, "区商务局", "lead")["weighted"] == pytest.approx(9 + 1 / 3)


def test_collectives_are_kept_out_of_the_ranking(tables):
    uw = tables["unit_workload"]
    towns = row(uw, 2023, "各区镇", "participant")
    assert towns["kind"] == "collective" and towns["count"] == 79
    ranked = ranked_units(uw, "all")
    assert "各区镇" not in set(ranked["name"]) and "区级各预算单位" not in set(ranked["name"])
    assert ranked.loc[ranked["year"] == 2023].sort_values("count").iloc[-1]["name"] == "区发改委"
    apart = separate_units(uw)
    assert {"各区镇", "各街道", "安委会成员单位", "区统计局", "吴江海关"} <= set(apart["name"])
    assert set(apart["group"]) == {"collective", "data_provider"}


def test_data_providers_are_not_participants(tables):
    uw = tables["unit_workload"]
    stats = uw[uw["name"] == "区统计局"]
    assert set(stats["role"]) == {"data_provider"}
    assert row(uw, 2022, "区统计局", "data_provider")["count"] == 13
    assert row(uw, 2023, "区统计局", "data_provider")["count"] == 11
    assert "区统计局" not in set(ranked_units(uw, "participant")["name"])


def test_leader_chapters_and_changes(tables):
    chapters = tables["leader_chapters"].set_index(["year", "leader", "chapter_no"])
    # 2023 chapter 7 (生态): 王嵘 leads 77, 78, 81, 82, 84, 86
    assert chapters.loc[(2023, "王嵘", 7), "count"] == 6
    assert chapters.loc[(2023, "王嵘", 7), "chapter_label"] == "七、厚植生态绿色底色"  # the plan's words
    changes = tables["leader_changes"]
    new = set(changes.loc[changes["change"] == "new_leader", "leader"])
    gone = set(changes.loc[changes["change"] == "gone_leader", "leader"])
    assert (new, gone) == ({"王嵘", "郁海成"}, {"李文斌", "许诺"})
    # 陈建忠 led 2022's chapter 7 (法治政府建设) but no item of 2023's government chapter
    lost = changes[(changes["leader"] == "陈建忠") & (changes["change"] == "topic_lost")]
    assert bool(lost.set_index("topic").loc["政府建设", "topic_in_both"])


def test_chapter_labels_and_topics():
    """A chapter is labelled in the plan's words (its number and first clause) wherever it is shown; its topic, a
    name stable across years, is for saying what a leader gained or lost."""
    assert chapter_label(3, "打造产业创新集群，全力做优做强实体经济") == "三、打造产业创新集群"
    assert chapter_label(1, "2023年全区经济社会发展主要预期目标") == "一、主要预期目标"
    assert chapter_topic("打造产业创新集群，全力做优做强实体经济") == "产业创新"
    assert chapter_topic("切实加强政府自身建设，着力提升服务效能") == "政府建设"
    assert chapter_topic("推进某某全新工作") == "某某全新工作"  # fallback: first clause, verb dropped
    assert len(chapter_topic("一个从未见过的很长很长的章节标题，第二句")) <= 6


def test_co_leadership_and_leader_lead_units(tables):
    pairs = tables["co_leadership"].set_index(["year", "leader_a", "leader_b"])
    # 2023 items 11, 77, 78 (inherited), 81, 84, 86 are led by 王嵘 and 季恒义 together
    assert pairs.loc[(2023, "季恒义", "王嵘"), "count"] == 6
    assert pairs.loc[(2023, "季恒义", "王嵘"), "inherited"] == 1
    assert pairs.loc[(2023, "沈伟江", "郁海成"), "count"] == 1  # item 97
    units = tables["leader_lead_units"].set_index(["year", "leader", "unit"])["count"]
    assert units[(2023, "王嵘", "区污防攻坚办")] == 3  # items 77, 78, 84
    assert units[(2023, "钱宇", "区发改委")] == 22


def test_handovers_name_who_left_and_who_joined_a_continued_task(plans):
    import pandas as pd

    from analysis.present.tables import without_pair_years
    from analysis.present.workload import handovers_summary
    from analysis.workload.leaders import leader_handovers

    # read by hand: 扎实推进文明典范城市建设 is 钱宇's in 2022, 2023's item 72 (全国文明典范城市创建) 沈伟江's;
    # 扎实推进法治政府建设 is 陈建忠's in 2022, 2023's item 113 郁海成's; 2022-028 (陈建忠、吉伟、许诺) goes on as
    # 2023-031 without 许诺. A related pair is not the same task: no handover.
    def pair(item_from, item_to, label="continued"):
        return dict(year_from=2022, item_from=item_from, year_to=2023, item_to=item_to, label=label)

    civic = plans.items.loc[plans.items["text"] == "扎实推进文明典范城市建设。", "item_id"].item()
    law = plans.items.loc[plans.items["text"].str.startswith("扎实推进法治政府建设"), "item_id"].tolist()
    # 深入实施太浦河“沪湖蓝带”计划 has an empty leader cell in 2022 (季恒义 of the row above carries down); 2023's
    # item 82 names 王嵘
    blue = plans.items.loc[plans.items["text"].str.startswith("深入实施太浦河“沪湖蓝带”计划"), "item_id"].item()
    matches = pd.DataFrame(
        [
            pair(civic, "2023-072"),
            pair(law[0], law[1]),
            pair("2022-028", "2023-031"),
            pair("2022-001", "2023-072", "related"),
            pair(blue, "2023-082"),
        ]
    )
    handovers = leader_handovers(plans.items, plans.item_leaders, matches)
    assert list(handovers.columns) == table("leader_handovers").column_names
    found = handovers.set_index("item_to")
    assert found.loc["2023-072", ["left", "joined"]].tolist() == ["钱宇", "沈伟江"]
    assert found.loc["2023-113", ["leaders_from", "leaders_to"]].tolist() == ["陈建忠", "郁海成"]
    assert found.loc["2023-031", ["left", "joined"]].tolist() == ["许诺", ""]
    assert found.loc["2023-082", ["left", "joined", "inherited_from", "inherited_to"]].tolist() == [
        "季恒义",
        "王嵘",
        True,
        False,
    ]
    assert not found.loc["2023-072", "inherited_from"]  # 钱宇 is written in the 文明典范城市 row
    assert len(found) == 4  # the related pair gives none
    sentence = handovers_summary(handovers)
    assert "更换牵头领导3项" in sentence and "钱宇→沈伟江（2023-072），陈建忠→郁海成（2023-113）" in sentence.replace(
        "\\", ""
    )
    assert "减少领导1项：许诺（2023-031）" in sentence.replace("\\", "")
    assert "其中1项有一年的牵头领导栏为空，沿用上一行（合并单元格或空白栏）" in sentence
    assert (found["through"] == "").all() and "拆分或合并" not in sentence  # no pair here splits or merges
    assert list(without_pair_years(handovers).columns[:2]) == ["item_from", "item_to"]  # the ids carry the years


def test_a_leader_change_that_comes_with_a_split_or_merge_is_said_as_such(plans):
    """Read by hand: 2022-063 (推动“三高一美”提档升级…确保粮食产量稳定在3.1亿斤以上, 钱宇) splits into 2023-064
    (“三高一美”提质增效, leader cell blank: 孙俊良 of the row above) and 2023-065 (粮食产量, 钱宇 and 孙俊良): 钱宇
    keeps a part. 2023-020 (推进吴淞江整治工程…推动东太湖旅游度假区争创国家级, 钱宇 of the row above) merges
    2022-103 (吴淞江整治工程, 季恒义) with 2022-049 (东太湖度假区, 钱宇): 钱宇 comes with his item."""
    import pandas as pd

    from analysis.present.workload import handovers_summary
    from analysis.workload.leaders import leader_handovers

    rows = [
        ("2022-063", "2023-064", "continued"),
        ("2022-063", "2023-065", "related"),
        ("2022-103", "2023-020", "continued"),
        ("2022-049", "2023-020", "related"),
    ]
    matches = pd.DataFrame(
        [dict(year_from=2022, item_from=a, year_to=2023, item_to=b, label=label) for a, b, label in rows]
    )
    found = leader_handovers(plans.items, plans.item_leaders, matches).set_index("item_to")
    assert found.loc["2023-064", ["left", "joined", "through"]].tolist() == ["钱宇", "孙俊良", "split"]
    assert found.loc["2023-020", ["left", "joined", "through"]].tolist() == ["季恒义", "钱宇", "merge"]
    sentence = handovers_summary(found.reset_index()).replace("\\", "")
    assert "2项的变化随拆分或合并而来" in sentence and "2023-020（合并）、2023-064（拆分）" in sentence


def test_a_departed_leaders_work_is_traced_to_who_carries_it_on(plans):
    """Read by hand: 李文斌 leads one 2022 item, 常态化开展扫黑除恶斗争… (2022-105), and is not in 2023's plan;
    2023-111 (深化平安吴江建设…扫黑除恶…) is 郁海成's. Linked, even as related only, the work has a successor."""
    import pandas as pd

    from analysis.present.workload import carried_on_by
    from analysis.workload.leaders import co_leaders, successors

    matches = pd.DataFrame(
        [dict(year_from=2022, item_from="2022-105", year_to=2023, item_to="2023-111", label="related")]
    )
    found = successors(plans.item_leaders, matches, "李文斌", 2022, 2023)
    assert found == {"郁海成": ["2023-111"]}
    assert carried_on_by(found, 2023).replace("\\", "") == "由郁海成（2023-111）接续"
    assert carried_on_by(found, 2023, {"郁海成"}).replace("\\", "") == "仍由原共同牵头的郁海成（2023-111）牵头"
    assert co_leaders(plans.item_leaders, "许诺", 2022) == {"陈建忠", "吉伟"}  # 2022-028: 陈建忠、吉伟、许诺
    assert carried_on_by(successors(plans.item_leaders, matches.iloc[:0], "李文斌", 2022, 2023), 2023) == (
        "其事项在2023年没有对应事项"
    )


def test_a_chapter_lost_says_which_items_only_moved_chapter(plans):
    """With the careful reading's links (the matching fixture): 李红's 跨区域医联体、异地就医 item (2022-022, in
    2022's 示范区 chapter) goes on as 2023-099 (李红 again, in 2023's 民生 chapter). Losing the chapter is not
    losing that work, and the row says so. 2023-099's leader cell is blank in the plan (李红 is the row above's),
    so the row says that too."""
    from analysis.match.quality import read_labels
    from analysis.paths import MATCH_LABELS_CSV
    from analysis.present.workload import leader_changes_summary
    from analysis.workload.leaders import leader_changes, leader_chapters

    labels = read_labels(MATCH_LABELS_CSV)
    links = labels[labels["label"].isin(["continued", "related"])].assign(year_from=2022, year_to=2023)
    chapters = leader_chapters(plans.items, plans.item_leaders)
    changes = leader_changes(plans.items, chapters, links, plans.item_leaders)
    lost = changes[(changes["leader"] == "李红") & (changes["change"] == "topic_lost")].set_index("topic")
    moved = [row for row in lost["moved_items"] if "2022-022→2023-099" in row]
    assert moved, lost
    sentence = leader_changes_summary(changes).replace("\\", "")
    assert (
        "李红不再负责“二、勇担国家战略使命”（2项；其中1项仍由其牵头，只是换了章节：2022-022→2023-099（2023-099领导栏空白，沿用上一行））"
        in sentence
    )
    # a new leader's chapters in the plan's words: 王嵘 signs items in 2023's chapters 一, 四 and 七 (the seed's lines
    # 78, 349 and 516-576)
    assert re.search("王嵘（[0-9]+项，“一、主要预期目标”“四、扩大有效需求”“七、厚植生态绿色底色”）", sentence)
    assert (leader_changes(plans.items, chapters, links)["moved_items"] == "").all()  # no leaders given: none said


def test_three_years(tmp_path):
    plans = load_plans(write_three_years(tmp_path / "seeds"))
    tables = workload_tables(plans.as_dict())
    lw, uw = tables["leader_workload"], tables["unit_workload"]
    assert sorted(lw["year"].unique()) == [2022, 2023, 2024]
    wang = row(lw, 2024, "王嵘", "lead")
    assert (wang["count"], wang["change"]) == (8, 0)  # 2024 repeats 2023's leaders
    assert row(uw, 2024, "区商务局", "lead")["change"] == 0
    assert lw.loc[lw["year"] == 2024, "change"].notna().all()
    # 李文斌 left in 2023 and stays absent: no 2024 row
    assert lw[(lw["year"] == 2024) & (lw["name"] == "李文斌")].empty
    changes = tables["leader_changes"]
    assert set(zip(changes["year_from"], changes["year_to"], strict=True)) == {(2022, 2023)}  # 2023→2024: none
    assert {2022, 2023, 2024} == set(tables["co_leadership"]["year"])


def test_charts_return_the_plotted_data(tables):
    from analysis.outputs.charts.workload import (
        leader_chapter_heatmap,
        leader_unit_heatmap,
        leader_workload_chart,
        top_lead_units_chart,
    )

    fig, data = leader_workload_chart(tables["leader_workload"])
    assert data.set_index(["leader", "year"]).loc[("王嵘", 2023), "lead"] == 8
    # 王嵘 leads nothing in 2022: the bar says 0 rather than nothing
    assert "0" in [label.get_text() for label in fig.axes[0].texts]
    plt.close(fig)
    shades = []
    for year in (2022, 2023):
        fig, data = leader_chapter_heatmap(tables["leader_chapters"], year)
        shades.append(fig.axes[0].collections[0].norm.vmax)
        plt.close(fig)
    assert shades[0] == shades[1] == tables["leader_chapters"]["count"].max()  # one shade, one count, every year
    assert data["count"].sum() == tables["leader_workload"].query("year == 2023 and role == 'lead'")["count"].sum()
    fig, data = top_lead_units_chart(tables["unit_workload"], 2023)
    assert data.iloc[0]["name"] == "区发改委" and "各区镇" not in set(data["name"])
    plt.close(fig)
    fig, data = leader_unit_heatmap(tables["leader_lead_units"], 2023)
    assert set(data["unit"]).isdisjoint({"各区镇", "各街道"})
    plt.close(fig)
