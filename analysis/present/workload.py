"""Notebook 04 (workload) in words: the facts of `analysis.workload.highlights`, phrased.

Names sit in the sentence without spaces; a fact that is empty (no collective entry, nobody gone)
is left out rather than stated as zero.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analysis.present.html import md
from analysis.registry import pair_rows
from analysis.text.display_names import table_title, value_title
from analysis.workload.highlights import (
    collective_highlights,
    leader_highlights,
    main_chapters,
    reassigned_topics,
    weighting_ranks,
)
from analysis.workload.leaders import CHAPTER_SEPARATOR, MOVED_SEPARATOR, co_leaders, successors

CHANGE_VERBS = {"topic_gained": "新增负责", "topic_lost": "不再负责"}


def pivot_counts(
    frame: pd.DataFrame, index: str | list[str], columns: str = "year", values: str = "count"
) -> pd.DataFrame:
    """Wide table (e.g. name × year) with zeros where a pair has no row."""
    return frame.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)


def _each(names: str) -> str:
    """各 before a count shared by tied names (区住建局、区政府办（各少2项））."""
    return "各" if "、" in names else ""


def _names(names: list[str]) -> str:
    return "、".join(names)


def leaders_summary(leader_workload: pd.DataFrame, items_per_year: pd.Series) -> str:
    """Per year: who leads, who leads most, the biggest moves, who is gone, how much was inherited."""
    lines = []
    for h in leader_highlights(leader_workload).itertuples():
        text = md(
            "- **{year}年**：{leaders}位领导共牵头{items}项工作，其中{top}牵头最多，共{count}项（占{share:.0%}）。",
            year=h.year,
            leaders=h.leaders,
            items=items_per_year[h.year],
            top=h.top,
            count=h.top_count,
            share=h.top_share,
        )
        if h.inherited:
            text += md("有{n}个“领导—事项”对是原表中空白、沿用上一行的领导。", n=h.inherited)
        # one paragraph per year: a line break inside a list item would show as a space after the 。
        if h.has_previous and h.up_change > 0:
            text += md("较上一年增加最多的是{name}（{each}多{n}项", name=h.up, each=_each(h.up), n=h.up_change)
            carried = [(name, n) for name, n in zip(h.up.split("、"), h.up_inherited, strict=True) if n > 0]
            if carried:
                text += "，其中领导栏空白、沿用上一行的：" + "、".join(
                    md("{name}多{n}项", name=name, n=n) for name, n in carried
                )
            text += "）。"
        if h.has_previous and h.down_change < 0:
            text += md("减少最多的是{name}（{each}少{n}项）。", name=h.down, each=_each(h.down), n=-h.down_change)
        if h.gone:
            text += md("上一年牵头、本年不再出现的领导：{names}。", names=_names(h.gone))
        lines.append(text)
    return "\n".join(lines)


def weighting_summary(leader_workload: pd.DataFrame, year: int) -> str:
    """What the 1/k weighting changes in a year: who shares most, who leads alone, ranks that move."""
    ranks = weighting_ranks(leader_workload, year)
    most_shared = ranks.sort_values("solo_share", kind="stable").iloc[0]
    alone = ranks.loc[ranks["solo_share"] == 1, "name"].tolist()
    moved = ranks[ranks["rank_by_count"] != ranks["rank_by_weighted"]]
    text = md(
        "{year}年，{name}的加权事项数只有事项数的{share:.0%}，与他人共同牵头的比例最高；",
        year=year,
        name=most_shared["name"],
        share=most_shared["solo_share"],
    )
    text += (
        md("{names}牵头的事项全部独自牵头。", names=_names(alone)) if alone else "每位领导都有与他人共同牵头的事项。"
    )
    if len(moved):
        text += "改用加权口径后排名变化的领导：" + "、".join(
            md("{name}（第{a}名→第{b}名）", name=r.name, a=r.rank_by_count, b=r.rank_by_weighted)
            for r in moved.itertuples()
        )
        text += "。"
    else:
        text += "改用加权口径后领导排名不变。"
    return text


def main_chapters_summary(leader_chapters: pd.DataFrame, year: int) -> str:
    """Each leader's main chapter(s) in a year."""
    best = main_chapters(leader_chapters, year)
    return (
        md("{year}年各位领导牵头最多的章节：", year=year)
        + "；".join(
            md(
                "{leader}—{chapters}（{each}{count}项）",
                leader=r.leader,
                chapters="，".join(r.chapters),
                each="各" if len(r.chapters) > 1 else "",
                count=r.count,
            )
            for r in best.itertuples()
        )
        + "。"
    )


def _quoted(chapters: str) -> str:
    """A leader's chapters as the plans title them, each quoted (“一、主要预期目标”“四、扩大有效需求”): the numerals'
    own 、 would run into a list joined by 、."""
    return "".join(f"“{c}”" for c in chapters.split(CHAPTER_SEPARATOR) if c)


def _reassigned(r) -> str:
    """陈建忠新增负责“五、坚持农业农村优先发展”（10项）, with the items that only changed chapter (钱宇不再负责
    “六、增进群众生活福祉”（2项；其中1项仍由其牵头，只是换了章节：2022-102→2023-010、2023-107）); 钱宇在
    “二、勇担国家战略使命”牵头的事项由5项增至12项（其中7项领导栏空白、沿用上一行）: chapters in the plans' words,
    the larger count's blank cells said."""
    if r.change in CHANGE_VERBS:
        n = r.count_to if r.change == "topic_gained" else r.count_from
        moved = r.moved_items.split(MOVED_SEPARATOR) if r.moved_items else []
        kept = md("；其中{k}项仍由其牵头，只是换了章节：{items}", k=len(moved), items="；".join(moved)) if moved else ""
        return md(
            "{leader}{verb}“{chapter}”（{n}项", leader=r.leader, verb=CHANGE_VERBS[r.change], chapter=r.chapter, n=n
        ) + (kept + "）")
    verb = "增至" if r.change == "topic_grew" else "减至"
    carried = r.inherited_to if r.change == "topic_grew" else r.inherited_from
    return md(
        "{leader}在“{chapter}”牵头的事项由{a}项{verb}{b}项",
        leader=r.leader,
        chapter=r.chapter,
        a=r.count_from,
        verb=verb,
        b=r.count_to,
    ) + (md("（其中{n}项领导栏空白、沿用上一行）", n=carried) if carried else "")


def carried_on_by(found: dict[str, list[str]], year_to: int, co_led: Collection[str] = ()) -> str:
    """由郁海成（2023-111）接续: who leads the later items a departed leader's items are linked to (`successors`),
    leaders with the same items named together; those who led the earlier items with the departed leader
    (`co_led`) are said to go on, not to take over (仍由原共同牵头的吉伟、陈建忠（2023-031）牵头)."""
    if not found:
        return md("其事项在{y}年没有对应事项", y=year_to)
    parts = []
    for together, words in ((False, "由{said}接续"), (True, "仍由原共同牵头的{said}牵头")):
        by_items: dict[tuple[str, ...], list[str]] = {}
        for name, item_ids in found.items():
            if (name in co_led) == together:
                by_items.setdefault(tuple(item_ids), []).append(name)
        if by_items:
            said = "，".join(
                md("{names}", names="、".join(names)) + md("（{items}）", items="、".join(item_ids))
                for item_ids, names in by_items.items()
            )
            parts.append(words.format(said=said))
    return "；".join(parts)


def leader_changes_summary(
    changes: pd.DataFrame, item_leaders: pd.DataFrame | None = None, matches: pd.DataFrame | None = None
) -> str:
    """Per pair of years: leaders new and gone (with who carries on a departed leader's items, given the
    leaders and the matches), and topics that changed hands although in both plans."""
    reassigned = reassigned_topics(changes)
    lines = []
    for (y0, y1), part in changes.groupby(["year_from", "year_to"]):
        new = part[part["change"] == "new_leader"]
        gone = part[part["change"] == "gone_leader"]
        moved = pair_rows(reassigned, y0, y1)
        lines.append(md("- **{a}年→{b}年**：", a=y0, b=y1))
        if len(new):
            lines[-1] += "新出现的领导" + "、".join(
                md("{leader}（{n}项，{chapters}）", leader=r.leader, n=r.count_to, chapters=_quoted(r.chapter))
                for r in new.itertuples()
            )
            lines[-1] += "；"
        if len(gone):
            lines[-1] += "不再出现的领导" + "、".join(
                md("{leader}（上一年{n}项，{chapters}", leader=r.leader, n=r.count_from, chapters=_quoted(r.chapter))
                + (
                    "；"
                    + carried_on_by(
                        successors(item_leaders, matches, r.leader, y0, y1),
                        y1,
                        co_leaders(item_leaders, r.leader, y0),
                    )
                    if item_leaders is not None and matches is not None
                    else ""
                )
                + "）"
                for r in gone.itertuples()
            )
            lines[-1] += "；"
        if not len(new) and not len(gone):
            lines[-1] += "牵头领导没有变化；"
        lines[-1] = lines[-1].rstrip("；") + "。"
        if len(moved):
            lines.append(
                "  在两年相互对应的章节中，分工调整如下："
                + "；".join(_reassigned(r) for r in moved.itertuples())
                + "。"
            )
    return "\n".join(lines) or "所选年份之间没有领导变化。"


def co_leadership_summary(pairs: pd.DataFrame) -> str:
    """Per year: how many leader pairs share items, and the most frequent pair."""
    lines = []
    for r in pairs.groupby("year").head(1).itertuples():
        text = md(
            "- **{year}年**：{n}对领导有共同牵头的事项，最常合作的是{a}与{b}，共{count}项",
            year=r.year,
            n=int((pairs["year"] == r.year).sum()),
            a=r.leader_a,
            b=r.leader_b,
            count=r.count,
        )
        text += md("（其中{n}项为沿用上一行的领导）。", n=r.inherited) if r.inherited else "。"
        lines.append(text)
    return "\n".join(lines) or "没有共同牵头的事项。"


def lead_units_summary(h) -> str:
    """One year's lead-unit facts (a row of `lead_unit_highlights`)."""
    text = md(
        "{year}年共有{units}个单位作为★牵头单位，{top}牵头最多（{count}项）。",
        year=h.year,
        units=h.units,
        top=h.top,
        count=h.top_count,
    )
    if h.has_previous:
        if h.up_change > 0:
            text += md("较上一年增加最多的是{name}（{each}多{n}项）", name=h.up, each=_each(h.up), n=h.up_change)
        if h.down_change < 0:
            text += ("，" if h.up_change > 0 else "") + md(
                "减少最多的是{name}（{each}少{n}项）", name=h.down, each=_each(h.down), n=-h.down_change
            )
        if h.up_change > 0 or h.down_change < 0:
            text += "。"
        if h.new:
            text += md("首次作为牵头单位的有{n}个：{names}。", n=len(h.new), names=_names(h.new))
        if h.gone:
            text += md("不再牵头的有{n}个：{names}。", n=len(h.gone), names=_names(h.gone))
        if h.renamed:
            pairs = "、".join(md("{new}与{old}", new=new, old=old) for new, old in h.renamed)
            text += pairs + md(
                "可能是同一单位改名（见“{sheet}”），以上增减未计入；确认后在单位别名表中登记即可合并。",
                sheet=table_title("alias_suggestions"),
            )
    return text


def collective_summary(unit_workload: pd.DataFrame) -> str:
    """Per year: the largest collective entry and the data providers (empty facts left out)."""
    lines = []
    for h in collective_highlights(unit_workload).itertuples():
        parts = []
        if h.collective is not None and h.collective_count:
            parts.append(
                md(
                    "统称“{name}”参与{n}项（占{share:.0%}）",
                    name=h.collective,
                    n=h.collective_count,
                    share=h.collective_share,
                )
            )
        if h.providers:
            parts.append("提供数据的单位：" + "、".join(md("{name}{n}项", name=name, n=n) for name, n in h.providers))
        if parts:
            lines.append(md("- **{year}年**：", year=h.year) + "；".join(parts) + "。")
    return "\n".join(lines) or "所选年份没有统称或提供数据的单位。"


HANDOVERS_LISTED = 8  # who-to-whom entries named per kind of change; more are left to the table
HANDOVER_ITEMS_LISTED = 3  # items named per entry


def handovers_summary(handovers: pd.DataFrame) -> str:
    """Per pair of years: continued tasks that changed hands, gained or lost a leader (`handover_sentence`)."""
    lines = [
        md("- **{a}年→{b}年**：", a=y0, b=y1) + handover_sentence(part)
        for (y0, y1), part in handovers.groupby(["year_from", "year_to"])
    ]
    return "\n".join(lines) or "延续的工作中牵头领导没有变化。"


def handover_sentence(part: pd.DataFrame) -> str:
    """One pair of years' handovers, grouped by who to whom (陈建忠→孙俊良18项（2024-004、2024-005、2024-026等）:
    a swap of portfolios reads as one entry per direction). Changes that come with a split or a merge (column
    `through`) and leaders carried down from the row above are named as the caveats they are."""
    if part.empty:
        return "延续的工作中牵头领导没有变化。"
    left, joined = part["left"] != "", part["joined"] != ""
    part = part.assign(who=part["left"] + "→" + part["joined"])
    kinds = (("更换牵头领导", part[left & joined], "who"), ("增加领导", part[joined & ~left], "joined"))
    kinds += (("减少领导", part[left & ~joined], "left"),)
    said = [f"{word}{len(rows)}项：{_by_whom(rows, column)}" for word, rows, column in kinds if len(rows)]
    carried = int((part["inherited_from"] | part["inherited_to"]).sum())
    note = (
        md("其中{k}项有一年的牵头领导栏为空，沿用上一行（合并单元格或空白栏），宜对照原文。", k=carried)
        if carried
        else ""
    )
    through = part[part["through"] != ""].sort_values("item_to")
    if len(through):
        note += md(
            "其中{k}项的变化随拆分或合并而来（原领导仍牵头拆出的另一部分，或新领导随并入的事项而来），未必是工作交接：",
            k=len(through),
        )
        note += "、".join(
            md("{item}（{how}）", item=r.item_to, how=value_title("through", r.through)) for r in through.itertuples()
        )
        note += "。"
    text = md("延续的工作中有{n}项牵头领导有变化", n=len(part))
    return text + _swaps(part[left & joined]) + "。" + "；".join(said) + "。" + note


def _swaps(changed_hands: pd.DataFrame) -> str:
    """，其中陈建忠与孙俊良互换了工作（孙俊良→陈建忠19项，陈建忠→孙俊良13项）: two leaders each taking over tasks
    of the other, the largest exchange first."""
    counts = changed_hands.groupby(["left", "joined"]).size().to_dict()
    pairs = sorted(
        ((a, b) for a, b in counts if a < b and (b, a) in counts), key=lambda p: -(counts[p] + counts[p[::-1]])
    )
    if not pairs:
        return ""
    told = "；".join(
        md("{a}与{b}互换了工作（{b}→{a}{m}项，{a}→{b}{n}项）", a=a, b=b, m=counts[(b, a)], n=counts[(a, b)])
        for a, b in pairs
    )
    return "，其中" + told


def _by_whom(rows: pd.DataFrame, column: str) -> str:
    """季恒义→钱宇（2023-020）, or 陈建忠→孙俊良18项（2024-004、2024-005、2024-026等）: one entry per name in
    `column`, the largest first: the first HANDOVERS_LISTED entries, the first HANDOVER_ITEMS_LISTED items of each."""
    groups = sorted(rows.groupby(column)["item_to"].agg(list).items(), key=lambda g: (-len(g[1]), g[0]))
    entries = []
    for name, item_ids in groups[:HANDOVERS_LISTED]:
        shown = "、".join(item_ids[:HANDOVER_ITEMS_LISTED]) + ("等" if len(item_ids) > HANDOVER_ITEMS_LISTED else "")
        count = md("{n}项", n=len(item_ids)) if len(item_ids) > 1 else ""
        named = name if column == "who" else name.replace("、", "和")  # 陈建忠和沈伟江 (one item), not a list
        entries.append(md("{name}", name=named) + count + md("（{items}）", items=shown))
    return "，".join(entries) + ("等" if len(groups) > HANDOVERS_LISTED else "")  # 、 joins names within an entry


def leader_unit_reach_summary(h) -> str:
    """One year's leader × lead-unit facts (a row of `leader_unit_reach`)."""
    text = md(
        "{year}年，{leader}对应的★牵头单位最多（{n}个）；{shared}个单位向两位及以上领导负责（含几位领导共同牵头同一事项），"
        "其中{units}对应的领导最多（{each}{leaders}位）。",
        year=h.year,
        leader=h.top_leader,
        n=h.top_leader_units,
        shared=h.shared_units,
        units="、".join(h.most_shared),
        each="各" if len(h.most_shared) > 1 else "",
        leaders=h.most_shared_leaders,
    )
    if h.open_items:
        text += md(
            "另有{k}项事项由多位领导与多个★牵头单位共同牵头，看不出哪个单位对应哪位领导，不计入以上统计（热力图仍计入）。",
            k=h.open_items,
        )
    return text
