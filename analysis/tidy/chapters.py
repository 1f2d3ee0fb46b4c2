"""Chapters as readers name them: short labels, topics stable across years, the headline chapter."""

from __future__ import annotations

import re

import pandas as pd

from analysis.text.numerals import cn_numeral
from analysis.text.vocabulary import vocabulary

CHAPTER_TOPICS: list[tuple[str, str]] = [tuple(pair) for pair in vocabulary("chapters")["topics"]]
HEADLINE_MARK: str = vocabulary("table")["headline_chapter"]
TOPIC_MAX_CHARS = 6


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


def chapter_topic_label(chapter_no: int, title: str) -> str:
    """Axis label by topic, such as `三、产业创新`, for charts that compare chapters across years."""
    return f"{cn_numeral(chapter_no)}、{chapter_topic(title)}"


def is_headline(items: pd.DataFrame) -> pd.Series:
    """Items of the chapter of main expected targets (主要预期目标), by title, else chapter one.

    Each year's plan is judged on its own: one plan that titles the chapter differently does not
    change which items are headline in the others.
    """
    by_title = items["chapter_title"].fillna("").str.contains(HEADLINE_MARK)
    titled_year = by_title.groupby(items["year"]).transform("any")
    return by_title.where(titled_year, items["chapter_no"] == 1)
