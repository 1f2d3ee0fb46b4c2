"""Notebook 02 (matching) in words: status counts per pair of years, chapter moves, most reworded pairs."""

from __future__ import annotations

import difflib
import html
import itertools

import pandas as pd

from analysis.match.decisions import ANSWER_COLUMNS
from analysis.match.status import LIKELY, status_counts
from analysis.present.html import md, redline_html
from analysis.present.names import value_title
from analysis.present.tables import without_pair_years
from analysis.registry import pair_rows
from analysis.tidy.chapters import chapter_counterparts, chapter_flow, chapter_labels


def status_summary(item_status: pd.DataFrame, year_from: int, year_to: int) -> str:
    """How many later-year items continue, relate or are new, and how many earlier items were dropped."""
    later = item_status[(item_status["year"] == year_to) & (item_status["against_year"] == year_from)]
    counts = later["status"].value_counts()
    earlier = item_status[(item_status["year"] == year_from) & (item_status["against_year"] == year_to)]
    dropped = int((earlier["status"] == "dropped").sum())
    parts = [
        md("{word}{n}项", word=word, n=int(counts.get(status, 0)))
        for status, word in (("continued", "延续"), ("related-only", "仅部分相关"), ("new", "新增"))
        if counts.get(status, 0)
    ]
    text = md("{year}年共{total}项，其中", year=year_to, total=int(counts.sum())) + "，".join(parts) + "；"
    if dropped:
        text += md(
            "{year_from}年的{earlier}项中有{dropped}项在{year_to}年没有对应事项（删除）。",
            year_from=year_from,
            earlier=len(earlier),
            dropped=dropped,
            year_to=year_to,
        )
    else:
        text += md(
            "{year_from}年的{earlier}项在{year_to}年都有对应事项。",
            year_from=year_from,
            earlier=len(earlier),
            year_to=year_to,
        )
    return text


FLOWS_NAMED = 3  # the chapter-to-chapter flows of continued items named in the sentence under the chart
MOVES_NAMED = 8  # the items that moved to another chapter, named one by one


def chapter_moves(items: pd.DataFrame, matches: pd.DataFrame, year_from: int, year_to: int) -> str:
    """Where the continued items went: how many stayed in the corresponding chapter (chapters are renumbered
    and retitled from year to year, so each later chapter corresponds to the earlier one most of its continued
    items come from, `tidy.chapters.chapter_counterparts`), the largest of those flows by title, and the
    items that moved to another chapter, one by one."""
    pairs = pair_rows(matches, year_from, year_to)
    pairs = pairs[pairs["label"] == "continued"].sort_values(["item_from", "item_to"])
    if pairs.empty:
        return md("{year_from}年与{year_to}年之间没有延续的事项。", year_from=year_from, year_to=year_to)
    chapter = items.set_index("item_id")["chapter_no"]
    counterpart = chapter_counterparts(items, matches, year_from, year_to)
    moved = [
        (a, b, chapter[a], chapter[b])
        for a, b in zip(pairs["item_from"], pairs["item_to"], strict=True)
        if counterpart.get(chapter[b]) != chapter[a]
    ]
    flow = chapter_flow(items, matches, year_from, year_to)
    kept = flow[[counterpart.get(b) == a for a, b in zip(flow["chapter_from"], flow["chapter_to"], strict=True)]]
    kept = kept.sort_values(["pairs", "chapter_from"], ascending=[False, True], kind="stable").head(FLOWS_NAMED)
    labels = {
        (year, no): label
        for year, no, label in zip(items["year"], items["chapter_no"], chapter_labels(items), strict=True)
    }
    text = md(
        "{year_from}年→{year_to}年的{total}对延续事项中，{kept}对留在相应的章节（后一年的章节对应其延续事项多数来自的上一年章节），主要为",
        year_from=year_from,
        year_to=year_to,
        total=len(pairs),
        kept=len(pairs) - len(moved),
    )
    text += "、".join(
        md(
            "“{a}”→“{b}”（{n}对）",
            a=labels[(year_from, r.chapter_from)],
            b=labels[(year_to, r.chapter_to)],
            n=int(r.pairs),
        )
        for r in kept.itertuples()
    )
    if not moved:
        return text + "；没有事项换到别的章节。"
    text += md("；{n}对换到了别的章节：", n=len(moved))
    text += "、".join(
        md("{a}→{b}（{ca}→{cb}）", a=a, b=b, ca=labels[(year_from, ca)], cb=labels[(year_to, cb)])
        for a, b, ca, cb in moved[:MOVES_NAMED]
    )
    return text + ("等。" if len(moved) > MOVES_NAMED else "。")


NO_CANDIDATE = "（无候选）"  # an item the model finds nothing in the other year to compare with


def new_or_dropped(item_status: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """New and dropped items with their chapter (number and short title) and text and the model's probability
    that they have no partner, beside the other year's closest item (its text and the model's probability of a
    link), so each listing can be checked at a glance, the least certain first."""
    texts = items[["item_id", "chapter_no", "chapter_title", "text"]]
    listed = item_status[item_status["status"].isin(["new", "dropped"])].merge(texts, on="item_id")
    listed["chapter_label"] = chapter_labels(listed)
    listed["closest_text"] = listed["closest_item"].map(items.set_index("item_id")["text"]).fillna("")
    listed["closest_item"] = listed["closest_item"].replace("", NO_CANDIDATE)
    columns = ["item_id", "year", "against_year", "status", "p_unlinked", "chapter_label", "text"]
    listed = listed.sort_values(  # the latest year first: what a newly added plan brings
        ["year", "status", "p_unlinked", "item_id"],
        ascending=[False, True, True, True],
        kind="stable",
        ignore_index=True,
    )
    return listed[[*columns, "closest_item", "closest_p_related", "closest_text"]]


def most_changed(matches: pd.DataFrame, items: pd.DataFrame, year_from: int, year_to: int, n: int = 10) -> pd.DataFrame:
    """Continued pairs of two years whose wording changed most (lowest character similarity), with both texts."""
    pair = pair_rows(matches, year_from, year_to)
    cont = pair[pair["label"] == "continued"].copy()
    text = items.set_index("item_id")["text"].astype(str)
    cont["text_from"] = text[cont["item_from"]].to_numpy()
    cont["text_to"] = text[cont["item_to"]].to_numpy()
    cont["similarity"] = [
        round(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 3)
        for a, b in zip(cont["text_from"], cont["text_to"], strict=True)
    ]
    return cont.sort_values("similarity").head(n).reset_index(drop=True)


def most_changed_html(changed: pd.DataFrame) -> str:
    """The most reworded pairs as an HTML table: ids, character similarity, and the redline."""
    cell = '<td style="text-align:left;vertical-align:top">'
    rows = "".join(
        f"<tr>{cell}{html.escape(r.item_from)}→{html.escape(r.item_to)}</td>{cell}{r.similarity:.0%}</td>"
        f"{cell}{redline_html(r.redline)}</td></tr>"
        for r in changed.itertuples()
    )
    head = '<th style="text-align:left">'
    return (
        f'<table class="redlines"><thead><tr>{head}事项（前一年→后一年）</th>{head}文字相似度</th>'
        f"{head}修订对照</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def review_queue_view(review: pd.DataFrame) -> pd.DataFrame:
    """The queue as the report shows it: the answer columns are left to the workbook, where they are filled
    in (in the report they are always empty, their headers squeezed to a character a line), and the years,
    which the item numbers carry, are left out, so the texts have room."""
    return without_pair_years(review.drop(columns=list(ANSWER_COLUMNS)))


def review_summary(review: pd.DataFrame, decisions: pd.DataFrame, item_status: pd.DataFrame) -> str:
    """How sure the new and dropped counts are: for each pair of years the model's counts, the interval they
    likely fall in and the expected counts (`match.status.status_counts`); then how many pairs await the
    analyst and how many were decided."""
    years = sorted(int(y) for y in item_status["year"].unique())
    paragraphs = []
    for year_from, year_to in itertools.pairwise(years):
        counts = status_counts(item_status, year_from, year_to)
        figures = {
            f"{status}{end}": value
            for status, count in counts.items()
            for end, value in zip(
                ("", "_expected", "_low", "_high"),
                (count.listed, round(count.expected), count.low, count.high),
                strict=True,
            )
        }
        paragraphs.append(
            md(
                "{year_to}年对比{year_from}年：模型判定新增{new}项、删除{dropped}项（只计模型判为有关联的配对）。"
                "把每一对候选配对的关联概率都计入，新增的期望值约为{new_expected}项、删除约为{dropped_expected}项，"
                "{likely}区间分别为{new_low}至{new_high}项和{dropped_low}至{dropped_high}项。",
                year_to=year_to,
                year_from=year_from,
                likely=f"{LIKELY:.0%}",
                **figures,
            )
        )
    asked = review[review["question"] == "link_or_none"]
    if review.empty:
        queue = "模型对全部配对都有把握，没有待核对的配对"
    else:
        queue = md(
            "另有{n}对配对待核对：{links}对需判定有无关联（改判可能改变新增、删除的数目），"
            "{kinds}对需判定是延续还是部分相关（不影响新增、删除的数目）",
            n=len(review),
            links=len(asked),
            kinds=len(review) - len(asked),
        )
    per_pair = review.groupby(["year_from", "year_to"]).size()
    if len(per_pair) > 1:
        queue += (
            "（" + "，".join(md("{b}年对比{a}年{n}对", a=a, b=b, n=int(n)) for (a, b), n in per_pair.items()) + "）"
        )
    if len(decisions):
        queue += md("；分析人员已判定{n}对，已计入上述数字", n=len(decisions))
    return "\n\n".join([*paragraphs, queue + "。"])


def splits_and_merges(matches: pd.DataFrame, year_from: int, year_to: int) -> tuple[list[str], list[str]]:
    """Items carried on into several (split) and items carrying several on (merged), as the definitions read
    them: one continued partner, which keeps the task's core, and related partners, which carry on a part
    (2023-013 → 2024-014（延续）、2024-013（部分相关）). Each as a phrase, in plan order."""
    pair = pair_rows(matches, year_from, year_to)
    found: tuple[list[str], list[str]] = ([], [])
    for side, other, phrases in (("item_from", "item_to", found[0]), ("item_to", "item_from", found[1])):
        for item_id, links in pair.groupby(side, sort=True):
            if len(links) < 2 or not (links["label"] == "continued").any():
                continue
            ranked = links.sort_values(["label", other])  # continued before related
            partners = "、".join(
                md("{p}（{how}）", p=p, how=value_title("label", label))
                for p, label in zip(ranked[other], ranked["label"], strict=True)
            )
            phrases.append(
                md("{item} → ", item=item_id) + partners
                if side == "item_from"
                else partners + md(" → {item}", item=item_id)
            )
    return found


def splits_summary(matches: pd.DataFrame, years: list[int]) -> str:
    """Per pair of years: the items split in two or more and the items merged from two or more."""
    lines = []
    for year_from, year_to in itertools.pairwise(years):
        splits, merges = splits_and_merges(matches, year_from, year_to)
        said = [
            md("{word}{n}项：", word=word, n=len(found)) + "；".join(found)
            for word, found in (("拆分（上一年一项→本年多项）", splits), ("合并（上一年多项→本年一项）", merges))
            if found
        ]
        text = "。".join(said) + "。" if said else "没有拆分或合并的事项。"
        lines.append(md("- **{a}年→{b}年**：", a=year_from, b=year_to) + text)
    return "\n".join(lines) or "只有一个年份，没有拆分或合并可言。"
