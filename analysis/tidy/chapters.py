"""Chapters as readers name them: short labels, topics stable across years, the headline chapter."""

from __future__ import annotations

import re

import pandas as pd

from analysis.registry import pair_rows
from analysis.text.numerals import cn_numeral
from analysis.text.vocabulary import vocabulary

CHAPTER_TOPICS: list[tuple[str, str]] = [tuple(pair) for pair in vocabulary("chapters")["topics"]]
HEADLINE_MARK: str = vocabulary("table")["headline_chapter"]
TOPIC_MAX_CHARS = 6
SAME_CHAPTER_SHARE = 0.5  # of an earlier chapter's items continued into one later chapter, to call them one


def chapter_label(chapter_no: int, title: str, max_chars: int = 10) -> str:
    """Axis label for a chapter: `三、打造产业创新集群`, its number and first clause, shortened.

    The year-prefixed headline chapter (`2023年全区经济社会发展主要预期目标`) becomes `主要预期目标`.
    """
    clause = re.split(r"[，,、；;]", str(title))[0]
    clause = re.sub(r"^\d{4}年(全区)?(经济社会发展)?", "", clause)
    if len(clause) > max_chars:
        clause = clause[: max_chars - 1] + "…"
    return f"{cn_numeral(chapter_no)}、{clause}"


def chapter_labels(frame: pd.DataFrame) -> list[str]:
    """`chapter_label` of each row of a table with chapter_no and chapter_title."""
    return [chapter_label(no, title) for no, title in zip(frame["chapter_no"], frame["chapter_title"], strict=True)]


def chapter_topic(title: str) -> str:
    """A few-character topic for a chapter title (keyword table, else its shortened first clause)."""
    for keyword, topic in CHAPTER_TOPICS:
        if keyword in title:
            return topic
    clause = re.split(r"[，,；;]", re.sub(r"^\d{4}年(全区)?", "", title))[0]
    if len(clause) > TOPIC_MAX_CHARS:  # drop the leading verb (打造, 推进, 加强 …)
        clause = clause[2:]
    return clause[:TOPIC_MAX_CHARS]


def chapter_flow(items: pd.DataFrame, matches: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """Continued pairs of two years counted by (chapter_from, chapter_to), as `pairs`: where each chapter's
    carried-on work went (chapters are renumbered and retitled from year to year, items rarely move)."""
    pairs = pair_rows(matches, year_from, year_to)
    pairs = pairs[pairs["label"] == "continued"]
    chapter = items.set_index("item_id")["chapter_no"]
    frame = pd.DataFrame(
        {"chapter_from": chapter[pairs["item_from"]].to_numpy(), "chapter_to": chapter[pairs["item_to"]].to_numpy()}
    )
    return frame.groupby(["chapter_from", "chapter_to"]).size().rename("pairs").reset_index()


def chapter_counterparts(
    items: pd.DataFrame, matches: pd.DataFrame | None, year_from: int, year_to: int, forward: bool = False
) -> dict[int, int]:
    """Each later chapter's counterpart the year before: the earlier chapter most of its continued items come
    from (on a tie, the first in plan order), so 坚持农业农村优先发展，深入推进乡村振兴 and its reworded title the next
    year are one chapter; a later chapter carrying nothing on has none. `forward`: each earlier chapter's
    counterpart the year after, where most of its continued items went. Without matches, chapters of the same
    topic (`chapter_topic`) are counterparts."""
    if matches is None:
        titles = items.drop_duplicates(["year", "chapter_no"])
        topics = {
            year: {
                chapter_topic(t): int(n)
                for n, t in titles.loc[titles["year"] == year, ["chapter_no", "chapter_title"]].values
            }
            for year in (year_from, year_to)
        }
        source, target = (topics[year_from], topics[year_to]) if forward else (topics[year_to], topics[year_from])
        return {n: target[topic] for topic, n in source.items() if topic in target}
    own, other = ("chapter_from", "chapter_to") if forward else ("chapter_to", "chapter_from")
    flow = chapter_flow(items, matches, year_from, year_to)
    best = flow.sort_values([own, "pairs", other], ascending=[True, False, True]).drop_duplicates(own)
    return {int(a): int(b) for a, b in zip(best[own], best[other], strict=True)}


def same_chapters(items: pd.DataFrame, matches: pd.DataFrame | None, year_from: int, year_to: int) -> dict[int, int]:
    """Earlier chapter -> later chapter, where the two are one chapter carried on: each the other's counterpart,
    and at least SAME_CHAPTER_SHARE of the earlier chapter's items continued into the later one (2022's 城乡融合
    sent 4 of its 25 items on to 2023's 乡村振兴 and left the rest: not one chapter). Without matches, chapters of
    the same topic. A chapter titled word for word the same both years is one chapter whatever its items did
    (2022's and 2023's 二、勇担国家战略使命: most of 2022's went on in 2023's 扩大有效需求, yet a reader compares the
    two chapters of that title)."""
    onward = chapter_counterparts(items, matches, year_from, year_to, forward=True)
    back = chapter_counterparts(items, matches, year_from, year_to)
    mutual = {earlier: later for earlier, later in onward.items() if back.get(later) == earlier}
    if matches is None:
        return mutual
    flow = chapter_flow(items, matches, year_from, year_to).set_index(["chapter_from", "chapter_to"])["pairs"]
    sizes = items[items["year"] == year_from].groupby("chapter_no").size()
    same = {e: c for e, c in mutual.items() if flow[(e, c)] >= SAME_CHAPTER_SHARE * sizes[e]}
    titled = _same_titles(items, year_from, year_to)
    kept = {e: c for e, c in same.items() if e not in titled and c not in titled.values()}
    return kept | titled


def _same_titles(items: pd.DataFrame, year_from: int, year_to: int) -> dict[int, int]:
    """Earlier chapter -> later chapter of the same title, word for word (spaces aside)."""
    titles = items.drop_duplicates(["year", "chapter_no"])
    by_title = {
        year: {
            "".join(str(t).split()): int(n)
            for n, t in titles.loc[titles["year"] == year, ["chapter_no", "chapter_title"]].values
        }
        for year in (year_from, year_to)
    }
    return {n: by_title[year_to][t] for t, n in by_title[year_from].items() if t and t in by_title[year_to]}


def is_headline(items: pd.DataFrame) -> pd.Series:
    """Items of the chapter of main expected targets (主要预期目标), by title, else chapter one.

    Each year's plan is judged on its own: one plan that titles the chapter differently does not
    change which items are headline in the others.
    """
    by_title = items["chapter_title"].fillna("").str.contains(HEADLINE_MARK)
    titled_year = by_title.groupby(items["year"]).transform("any")
    return by_title.where(titled_year, items["chapter_no"] == 1)
