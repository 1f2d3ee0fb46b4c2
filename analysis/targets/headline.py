"""The main expected targets (主要预期目标) side by side for every year, with the change in words."""

from __future__ import annotations

import itertools

import pandas as pd

from analysis.targets.compare import direction_of
from analysis.targets.extract import MODIFIER_OF_SUFFIX
from analysis.tidy.chapters import is_headline

DIRECTION_WORDS = {
    "raised": "上调",
    "lowered": "下调",
    "unchanged": "持平",
    "not_comparable": "不可比",
    "only_from": "不再列出",
    "only_to": "新增指标",
}


def as_written(target) -> str:
    """A target's value as the plan writes it, e.g. '6%左右', '超16%', '保持稳定'."""
    words = str(target["qualifiers"]).split(":", 1)[1]
    if target["kind"] == "qualitative":
        return words
    number = f"{target['value']:g}" + (f"-{target['value_high']:g}" if pd.notna(target["value_high"]) else "")
    parts = [w for w in words.split("+") if w]
    before = "".join(w for w in parts if w not in MODIFIER_OF_SUFFIX and w != "力争")
    after = "".join(w for w in parts if w in MODIFIER_OF_SUFFIX)
    return f"{before}{number}{target['unit']}{after}"


def headline_targets(targets: pd.DataFrame, items: pd.DataFrame, pairs: dict, years: list[int]) -> pd.DataFrame:
    """Chapter one side by side: one row per indicator, a column per year (as written), and the change."""
    head = targets[targets["item_id"].isin(set(items.loc[is_headline(items), "item_id"]))]
    chain_of: dict[int, int] = {}
    chains: list[dict[int, int]] = []
    successor = {i: j for found in pairs.values() for i, j, _ in found if i is not None and j is not None}
    for idx in head.sort_values(["year", "item_id"]).index:
        if idx in chain_of:
            continue
        chain_of[idx] = len(chains)
        chains.append({int(head.at[idx, "year"]): idx})
        nxt = successor.get(idx)
        while nxt is not None and nxt in head.index and nxt not in chain_of:
            chain_of[nxt] = chain_of[idx]
            chains[-1][int(head.at[nxt, "year"])] = nxt
            nxt = successor.get(nxt)
    stretch_rows = head[head["is_stretch"]]
    stretches = {item: stretch_rows.loc[index] for index, item in stretch_rows["item_id"].drop_duplicates().items()}
    rows = []
    for chain in chains:
        members = [head.loc[i] for i in chain.values()]
        if all(m["is_stretch"] for m in members):
            continue  # shown next to its base target
        last = members[-1]
        row = {"indicator": last["indicator"], "first_item": members[0]["item_id"]}
        for year in years:
            row[str(year)] = _with_stretch(head.loc[chain[year]], stretches) if year in chain else ""
        for a, b in itertools.pairwise(years):
            ta = head.loc[chain[a]] if a in chain else None
            tb = head.loc[chain[b]] if b in chain else None
            row[f"change_{a}_{b}"] = _change_text(ta, tb, b)
        rows.append(row)
    changes = [f"change_{a}_{b}" for a, b in itertools.pairwise(years)]
    frame = pd.DataFrame.from_records(rows, columns=["indicator", "first_item", *map(str, years), *changes])
    frame = frame.sort_values(["first_item"], kind="stable")
    return frame.drop(columns=["first_item"]).reset_index(drop=True)


def _with_stretch(t: pd.Series, stretches: dict[str, pd.Series]) -> str:
    """A target as written, with its item's stretch value (力争…) beside it."""
    text = as_written(t)
    if not t["is_stretch"] and t["item_id"] in stretches:
        text += f"（力争{as_written(stretches[t['item_id']])}）"
    return text


def _change_text(a: pd.Series | None, b: pd.Series | None, year_b: int) -> str:
    if a is None and b is None:
        return ""
    if a is None:
        return f"{year_b}年新列"
    if b is None:
        return f"{year_b}年未列"
    if (a["kind"] == "qualitative") != (b["kind"] == "qualitative"):
        return f"{year_b}年改为定性表述" if b["kind"] == "qualitative" else f"{year_b}年改为数值目标"
    direction = direction_of(a, b)
    arrow = f"{as_written(a)} → {as_written(b)}"
    if direction == "unchanged" and a["kind"] == "qualitative":
        return "持平（定性）"
    return f"{DIRECTION_WORDS[direction]}：{arrow}"
