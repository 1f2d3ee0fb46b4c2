"""The report's key points, for each pair of consecutive years, the latest first: what an analyst quotes first
(how many tasks carry on, are new or dropped; how the headline targets moved; how many targets rose or fell; who
leads what now; which units lead more or less), each in the words of the section that says it at length."""

from __future__ import annotations

import itertools
import re

import pandas as pd

from analysis.match.status import LIKELY, status_counts
from analysis.present.html import md
from analysis.present.matching import splits_and_merges, status_summary
from analysis.present.names import value_title
from analysis.present.targets import still_named
from analysis.present.workload import carried_on_by, handover_sentence, lead_units_summary
from analysis.registry import pair_rows
from analysis.tidy.chapters import is_headline
from analysis.workload.highlights import lead_unit_highlights
from analysis.workload.leaders import co_leaders, successors

Tables = dict[str, pd.DataFrame]
HEADLINE_SHOWN = ("raised", "lowered", "reworded", "not_comparable", "only_from", "only_to")
COUNTED = ("raised", "lowered", "unchanged", "reworded", "not_comparable")
ITEMS_NAMED = 20  # new or dropped items named one by one in the key points; a longer list is left to 二（三）
OPENING_CHARS = 16  # characters of an item's first clause that name it there


def key_points(tables: Tables) -> str:
    """Markdown: one block per pair of consecutive years, the latest first (or a sentence when there is one year)."""
    years = sorted(int(y) for y in tables["documents"]["year"])
    if len(years) < 2:
        return md("只收录了{year}年一份方案，没有可比较的年份。", year=years[0]) if years else "没有收录方案。"
    units = lead_unit_highlights(tables["unit_workload"], tables["alias_suggestions"])
    return "\n\n".join(pair_points(tables, units, a, b) for a, b in reversed(list(itertools.pairwise(years))))


def pair_points(tables: Tables, units: pd.DataFrame, year_from: int, year_to: int) -> str:
    """One pair of years' key points as Markdown bullets under a heading (`units`: `lead_unit_highlights`)."""
    changes = tables["target_changes"]
    pair = pair_rows(changes, year_from, year_to)
    moved = _headline(tables, pair)
    headline = md("{n}项有变化", n=len(moved)) if moved else "没有变化"
    points = [
        ("事项", _items(tables, year_from, year_to), "第二部分"),
        ("主要预期目标", headline, "第三部分（一）"),
        ("全部目标", _all_targets(pair, year_from, year_to), "第三部分（五）"),
        ("领导", _leaders(tables, year_from, year_to), "第四部分（二）"),
        *(("牵头单位", lead_units_summary(h), "第四部分（四）") for h in units.itertuples() if h.year == year_to),
    ]
    lines = [md("### {b}年对比{a}年", a=year_from, b=year_to)]
    for name, text, section in points:
        lines.append(f"- **{name}**：{text.rstrip('。')}（详见{section}）。")
        if name == "事项":  # what is new and what was dropped, by name, when the lists are short enough to read
            lines += _listed(tables, year_from, year_to)
        if name == "主要预期目标":  # one line per indicator: the sentences an analyst pastes
            lines += [f"  - {sentence}。" for sentence in moved]
    return "\n".join(lines)


def _listed(tables: Tables, year_from: int, year_to: int) -> list[str]:
    """Sub-bullets naming the new and the dropped items (id and the start of the text), each list only when it
    has at most ITEMS_NAMED items; longer lists are left to 二（三）."""
    status, text = tables["item_status"], tables["items"].set_index("item_id")["text"]
    lines = []
    for word, year, against, kind in (("新增", year_to, year_from, "new"), ("删除", year_from, year_to, "dropped")):
        rows = status[(status["year"] == year) & (status["against_year"] == against) & (status["status"] == kind)]
        if 0 < len(rows) <= ITEMS_NAMED:
            named = "；".join(md("{item}{words}", item=i, words=_opening(text[i])) for i in sorted(rows["item_id"]))
            lines.append(f"  - {word}：{named}。")
    return lines


def _opening(text: str) -> str:
    """The first clause of an item, shortened: （推进新一轮太湖治理工程…）."""
    clause = re.split(r"[，。；]", text, maxsplit=1)[0]
    return "（" + (clause[:OPENING_CHARS] + "…" if len(clause) > OPENING_CHARS else clause) + "）"


def _items(tables: Tables, year_from: int, year_to: int) -> str:
    text = status_summary(tables["item_status"], year_from, year_to)
    counts = status_counts(tables["item_status"], year_from, year_to)
    new, dropped = counts["new"], counts["dropped"]
    text += md(
        "以上只计单独判为有关联的配对；把每对候选配对的关联概率都计入，估计新增约{n}项（{likely}区间{nl}至{nh}项）、"
        "删除约{d}项（{dl}至{dh}项）",
        n=round(new.expected),
        likely=f"{LIKELY:.0%}",
        nl=new.low,
        nh=new.high,
        d=round(dropped.expected),
        dl=dropped.low,
        dh=dropped.high,
    )
    splits, merges = splits_and_merges(tables["matches"], year_from, year_to)
    if splits or merges:
        text += md("；上一年有{s}项拆分到本年的多项、本年有{m}项由上一年的多项合并而成", s=len(splits), m=len(merges))
    review = tables["review_queue"]
    asked = len(pair_rows(review, year_from, year_to))
    return text + (md("；另有{n}对配对待核对", n=asked) if asked else "")


def _headline(tables: Tables, pair: pd.DataFrame) -> list[str]:
    """The sentences of the chapter-one targets that changed (a firmer or looser wording of the same value too)."""
    items = tables["items"]
    headline = set(items.loc[is_headline(items), "item_id"])
    rows = pair[pair["item_from"].isin(headline) | pair["item_to"].isin(headline)]
    place = rows["item_to"].fillna(rows["item_from"]).str.split("-").str[-1]  # in plan order: GDP first
    rows = rows.assign(_order=place).sort_values("_order", kind="stable")
    moved = rows["direction"].isin(HEADLINE_SHOWN) | rows["commitment"].isin(["firmer", "looser", "mixed"])
    one_year = rows["direction"].isin(["only_from", "only_to"])  # 2024年未列: the sentence names no indicator
    return [
        f"{r.indicator}：{r.summary}" if once else r.summary
        for r, once in zip(rows[moved].itertuples(), one_year[moved], strict=True)
    ]


def _all_targets(pair: pd.DataFrame, year_from: int, year_to: int) -> str:
    """How many targets (headline ones included) rose, fell, held, were reworded or cannot be compared, and how
    many are in one year only."""
    counts = pair["direction"].value_counts()
    said = [md("{w}{n}项", w=value_title("direction", d), n=int(counts[d])) for d in COUNTED if counts.get(d, 0)]
    text = "成对比较的目标中" + "、".join(said) if said else "没有成对比较的目标"
    if counts.get("only_from", 0):
        text += md("；{a}年列出、{b}年未再列出的{n}项", a=year_from, b=year_to, n=int(counts["only_from"]))
        text += still_named(pair, "only_from", year_to)
    if counts.get("only_to", 0):
        text += md("；{b}年新列的{n}项", b=year_to, n=int(counts["only_to"]))
        text += still_named(pair, "only_to", year_from)
    return text


def _leaders(tables: Tables, year_from: int, year_to: int) -> str:
    changes = tables["leader_changes"]
    pair = pair_rows(changes, year_from, year_to)
    said = []
    names = pair.loc[pair["change"] == "new_leader", "leader"].tolist()
    if names:
        said.append("新出现的领导" + "、".join(names))
    gone = pair.loc[pair["change"] == "gone_leader", "leader"].tolist()
    if gone:
        leaders, matches = tables["item_leaders"], tables["matches"]
        said.append(
            "不再出现的领导"
            + "、".join(
                md("{name}", name=name)
                + "（"
                + carried_on_by(
                    successors(leaders, matches, name, year_from, year_to),
                    year_to,
                    co_leaders(leaders, name, year_from),
                )
                + "）"
                for name in gone
            )
        )
    handovers = tables["leader_handovers"]
    part = pair_rows(handovers, year_from, year_to)
    return ("；".join(said) + "。" if said else "牵头领导没有增减。") + handover_sentence(part)
