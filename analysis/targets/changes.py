"""The target_changes table: every indicator of every consecutive pair of years, judged and put in words."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
import pandas as pd

from analysis.registry import make_frame
from analysis.targets.compare import TargetPair, core_of
from analysis.targets.extract import leading_verb
from analysis.targets.judge import DIRECTIONS, Judgement, judge
from analysis.targets.phrases import linked_clause, mention_clause, summary

MIN_MENTION = 6  # characters an indicator needs before a word-for-word mention of it counts
# Characters in a row two indicators must share (verbs left out) for a target of a linked item to be named beside a
# target set in one year only: 危房解危 (完成剩余55处D级危房解危整治 / 10月底前完成危房解危…), 亩均税收.
MIN_SHARED_RUN = 4


@dataclass(frozen=True)
class Change:
    """One indicator across two years: which targets, what changed, and the sentence that says so."""

    years: tuple[int, int]
    pair: TargetPair
    judgement: Judgement
    summary: str


def target_rows(targets: pd.DataFrame) -> Callable[[int | None], tuple | None]:
    """Row label → the target as a row with attribute access (None → None); the table is read once."""
    rows = {row.Index: row for row in targets.itertuples()}
    return lambda index: rows[index] if index is not None else None


def untargeted_mentions(items: pd.DataFrame, targets: pd.DataFrame) -> Callable[[int, str], tuple[str, str] | None]:
    """(year, indicator) → the first item of that year whose text names the indicator word for word outside
    any of its targets, with the words it is named in, or None: 2022 names 生产安全事故起数和死亡人数 in an action item (not read as a
    target there), so a reader of 2023's new headline statement should know it is not news. Indicators shorter
    than `MIN_MENTION` are too generic to count.

    Each year's texts are joined once and searched with `str.find`: one pass over the year's text per target set
    in one year only. That is the plans' size times the one-year targets, but at about 10^-10 s a character it
    outruns an index of the texts' 4-grams (built in Python, 0.3 s for 2 × 3,000 items) up to some 80,000 items a
    year, where this takes a few seconds."""
    joined: dict[int, tuple[str, list[int], list[str]]] = {}
    for year, part in items.groupby("year", sort=False):
        texts = part["text"].tolist()
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]).tolist()
        joined[int(year)] = ("\n".join(texts), starts, part["item_id"].tolist())
    spans: dict[str, list[str]] = defaultdict(list)
    for item_id, span in zip(targets["item_id"], targets["span"], strict=True):
        spans[item_id].append(span)

    def mentioned(year: int, indicator: str) -> tuple[str, str] | None:
        if len(indicator) < MIN_MENTION or year not in joined:
            return None
        text, starts, item_ids = joined[year]
        position = text.find(indicator)
        while position >= 0:
            item_id = item_ids[bisect.bisect_right(starts, position) - 1]
            if not any(indicator in span for span in spans[item_id]):
                return item_id, _words_around(text, position)
            position = text.find(indicator, position + 1)
        return None

    return mentioned


MENTION_CHARS = 32  # the words quoted around a mention: its clause to the end of the sentence, at most this long


def _words_around(text: str, position: int) -> str:
    """The words a mention is written in: from its clause's start to its sentence's end (生产安全事故起数和死亡人数
    “双下降”，降幅大于全市平均水平), where the value a reader looks for usually is; cut at `MENTION_CHARS`."""
    start = max(text.rfind(mark, 0, position) for mark in "，。；：\n") + 1
    ends = [e for e in (text.find(mark, position) for mark in "。；\n") if e >= 0]
    words = text[start : min(ends, default=len(text))]
    return words if len(words) <= MENTION_CHARS else words[:MENTION_CHARS] + "…"


def _clause_of(text: str, span: str) -> str:
    """The clause of `text` that holds `span` (新建78个 → 新建78个、提升70个自然村农村生活污水治理设施)."""
    at = max(text.find(span), 0)
    start = max(text.rfind(mark, 0, at) for mark in "，。；：\n") + 1
    ends = [e for e in (text.find(mark, at + len(span)) for mark in "，。；\n") if e >= 0]
    return text[start : min(ends, default=len(text))]


def without_verb(indicator: str) -> str:
    """An indicator without the verb it starts with (完成隐性债务化解任务 → 隐性债务化解任务), the words another
    year may name it by; the indicator itself where that leaves too little to be specific."""
    verb = leading_verb(indicator)
    rest = indicator[indicator.find(verb) + len(verb) :] if verb else indicator
    return rest if len(rest) >= MIN_MENTION else indicator


def linked_targets(
    targets: pd.DataFrame, matches: pd.DataFrame | None, items: pd.DataFrame
) -> Callable[[str, int, str], tuple[str, str] | None]:
    """(item, other year, indicator) → the first target, in item order, of an item of the other year the matcher
    links to this one whose indicator shares at least `MIN_SHARED_RUN` characters in a row with this indicator
    (verbs left out), as (its item, the clause it is written in, so a list member such as 新建78个 is read with
    what it counts); else None. A target set in one year only may go on in a linked
    item in another form (55处D级危房解危整治 → 10月底前完成危房解危): the reader is pointed to it, not told it is
    the same target."""
    linked: dict[str, set[str]] = defaultdict(set)
    if matches is not None and not matches.empty:
        kept = matches[matches["label"].isin(["continued", "related"])]
        for a, b in zip(kept["item_from"], kept["item_to"], strict=True):
            linked[a].add(b)
            linked[b].add(a)
    year_of = dict(zip(targets["item_id"], targets["year"], strict=True))
    text_of = dict(zip(items["item_id"], items["text"].astype(str), strict=True))
    of_item: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for item_id, span, indicator in zip(targets["item_id"], targets["span"], targets["indicator"], strict=True):
        of_item[item_id].append((span, indicator))

    def near(item_id: str, other_year: int, indicator: str) -> tuple[str, str] | None:
        own = core_of(indicator)
        for other in sorted(linked.get(item_id, ())):
            if year_of.get(other) != other_year:
                continue
            for span, theirs in of_item[other]:
                core = core_of(theirs)
                run = SequenceMatcher(None, own, core, autojunk=False).find_longest_match(0, len(own), 0, len(core))
                if run.size >= MIN_SHARED_RUN:
                    return other, _clause_of(text_of.get(other, span), span)
        return None

    return near


def judge_pairs(
    targets: pd.DataFrame,
    pairs: dict[tuple[int, int], list[TargetPair]],
    mentioned: Callable[[int, str], tuple[str, str] | None],
    near: Callable[[str, int, str], tuple[str, str] | None] = lambda item_id, year, indicator: None,
) -> list[Change]:
    """Judge and describe every pair; a target set in one year only says where the other year names it, or else
    which target of a linked item of the other year names the same thing (`linked_targets`)."""
    row = target_rows(targets)
    found = []
    for (year_from, year_to), year_pairs in pairs.items():
        for p in year_pairs:
            a, sa, b, sb = row(p.base_from), row(p.stretch_from), row(p.base_to), row(p.stretch_to)
            judgement = judge(a, sa, b, sb)
            sentence = summary(a, sa, b, sb, judgement, year_to)
            if (a is None) != (b is None):
                one, other_year = (b, year_from) if a is None else (a, year_to)
                named = without_verb(one.indicator)  # 完成隐性债务化解任务: 2024 says 完成年度隐性债务化解任务
                mention = mentioned(other_year, named)
                if mention is not None:
                    sentence += mention_clause(other_year, mention)
                else:
                    sentence += linked_clause(other_year, near(one.item_id, other_year, str(one.indicator)))
            found.append(Change((year_from, year_to), p, judgement, sentence))
    return found


def _side(t, stretch, suffix: str) -> dict:
    present = t is not None
    return {
        f"item_{suffix}": t.item_id if present else None,
        f"span_{suffix}": t.span if present else None,
        f"value_{suffix}": t.value if present else np.nan,
        f"unit_{suffix}": t.unit if present else None,
        f"qualifiers_{suffix}": t.qualifiers if present else None,
        f"stretch_{suffix}": stretch.value if stretch is not None else np.nan,
        f"scaled_{suffix}": t.scaled_value if present else np.nan,
    }


def target_changes(targets: pd.DataFrame, changes: list[Change]) -> pd.DataFrame:
    """One row per indicator and pair of years: both sides (base and stretch values, scaled to base units),
    the value's direction, why it cannot be compared, the commitment's direction, and the sentence."""
    row = target_rows(targets)
    records = []
    for c in changes:
        a, b = row(c.pair.base_from), row(c.pair.base_to)
        latest = b if b is not None else a
        records.append(
            dict(indicator=latest.indicator, year_from=c.years[0], year_to=c.years[1], base_unit=latest.base_unit)
            | _side(a, row(c.pair.stretch_from), "from")
            | _side(b, row(c.pair.stretch_to), "to")
            | dict(
                direction=c.judgement.direction,
                reason=c.judgement.reason,
                commitment=c.judgement.commitment,
                summary=c.summary,
            )
        )
    frame = make_frame("target_changes", records)
    if frame.empty:
        return frame
    order = {d: i for i, d in enumerate(DIRECTIONS)}
    frame = frame.assign(_o=frame["direction"].map(order)).sort_values(["year_from", "_o", "item_to", "item_from"])
    return frame.drop(columns="_o").reset_index(drop=True)
