"""Notebook 02 (matching) in words: status counts per pair of years, chapter moves, most reworded pairs."""

from __future__ import annotations

import difflib
import html

import pandas as pd

from analysis.present.html import redline_html


def status_summary(item_status: pd.DataFrame, year_from: int, year_to: int) -> str:
    """How many later-year items continue, relate or are new, and how many earlier items were dropped."""
    later = item_status[(item_status["year"] == year_to) & (item_status["against_year"] == year_from)]
    counts = later["status"].value_counts()
    dropped = (
        (item_status["year"] == year_from)
        & (item_status["against_year"] == year_to)
        & (item_status["status"] == "dropped")
    ).sum()
    return (
        f"{year_to}年共{counts.sum()}项：延续{counts.get('continued', 0)}项、仅相关{counts.get('related-only', 0)}项、"
        f"新增{counts.get('new', 0)}项；{year_from}年有{dropped}项在{year_to}年没有对应事项。"
    )


def chapter_moves(flow: pd.DataFrame, year_to: int) -> str:
    """How many continued pairs changed chapter (from the chapter-flow chart's data)."""
    moved = flow.loc[flow["chapter_from"] != flow["chapter_to"], "pairs"].sum()
    return f"{year_to}年的延续配对中，有{moved}对（共{flow['pairs'].sum()}对）换了章节。"


def new_or_dropped(item_status: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """New and dropped items with their chapter and text."""
    texts = items[["item_id", "chapter_title", "text"]]
    listed = item_status[item_status["status"].isin(["new", "dropped"])].merge(texts, on="item_id")
    return listed[["item_id", "year", "against_year", "status", "chapter_title", "text"]]


def most_changed(matches: pd.DataFrame, items: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Continued pairs whose wording changed most (lowest character similarity), with both texts."""
    cont = matches[matches["label"] == "continued"].copy()
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
    rows = "".join(
        f"<tr><td>{html.escape(r.item_from)}→{html.escape(r.item_to)}</td><td>{r.similarity:.2f}</td>"
        f"<td>{redline_html(r.redline)}</td></tr>"
        for r in changed.itertuples()
    )
    return f"<table><tr><th>事项</th><th>文字相似度</th><th>修订对照</th></tr>{rows}</table>"
