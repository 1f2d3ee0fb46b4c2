"""The target_changes table: every indicator of every consecutive pair of years, judged and put in words."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.registry import make_frame
from analysis.targets.compare import TargetPair, core_of
from analysis.targets.extract import QUOTES, clause_bounds, leading_verb, unquoted
from analysis.targets.judge import DIRECTIONS, Judgement, judge
from analysis.targets.phrases import counterpart_clause, summary

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
    counterpart: str = ""  # for a target of one year only: the other year's item that names it or a related target


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


def _clause_of(text: str, at: int, length: int) -> str:
    """The clause of `text` that holds the words at `at` (新建78个 → 新建78个、提升70个自然村农村生活污水治理设施)."""
    start, _ = clause_bounds(text, max(at, 0))
    _, end = clause_bounds(text, max(at, 0) + length)
    return text[start:end]


def without_verb(indicator: str) -> str:
    """An indicator without the verb it starts with (完成隐性债务化解任务 → 隐性债务化解任务), the words another
    year may name it by; the indicator itself where that leaves too little to be specific."""
    verb = leading_verb(indicator)
    rest = indicator[indicator.find(verb) + len(verb) :] if verb else indicator
    return rest if len(rest) >= MIN_MENTION else indicator


class Counterpart(NamedTuple):
    """Where the year without a target still names it: the item, its words, and how (`mention`: the indicator
    word for word; `target`: a target of a linked item; `text`: a linked item's words)."""

    item_id: str
    words: str
    how: str


def linked_counterparts(
    targets: pd.DataFrame, matches: pd.DataFrame | None, items: pd.DataFrame, names: Collection[str] = ()
) -> Callable[[str, int, str], Counterpart | None]:
    """(item, other year, indicator) → what an item of the other year the matcher links to this one says of the
    indicator, else None: first a target whose indicator shares at least `MIN_SHARED_RUN` characters in a row with
    this one (verbs left out; 55处D级危房解危整治 → 10月底前完成危房解危), quoted as written, or with its clause where
    the shared words are outside it (新建78个 → 新建78个、提升70个自然村农村生活污水治理设施); else words of the linked
    item sharing such a run (完成智改数转项目 → 启动新一轮“智改数转”). The reader is pointed to it, not told it is
    the same target. Words that only name a responsible unit (`names`: 汾湖高新区, a place) tie nothing."""
    linked: dict[str, set[str]] = defaultdict(set)
    if matches is not None and not matches.empty:
        kept = matches[matches["label"].isin(["continued", "related"])]
        for a, b in zip(kept["item_from"], kept["item_to"], strict=True):
            linked[a].add(b)
            linked[b].add(a)
    year_of = dict(zip(items["item_id"], items["year"], strict=True))
    text_of = dict(zip(items["item_id"], items["text"].astype(str), strict=True))
    of_item: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for item_id, span, indicator in zip(targets["item_id"], targets["span"], targets["indicator"], strict=True):
        of_item[item_id].append((span, indicator))

    def ties(shared: str) -> bool:
        return len(shared) >= MIN_SHARED_RUN and not any(shared in name for name in names)

    def near(item_id: str, other_year: int, indicator: str) -> Counterpart | None:
        own = unquoted(core_of(indicator))
        others = [o for o in sorted(linked.get(item_id, ())) if year_of.get(o) == other_year]
        for other in others:
            for span, theirs in of_item[other]:
                shared = _shared_run(own, unquoted(core_of(theirs)))
                if ties(shared):
                    text = text_of[other]
                    words = span if shared in unquoted(span) else _clause_of(text, text.find(span), len(span))
                    return Counterpart(other, words, "target")
        for other in others:
            text = text_of[other]
            kept_at = [i for i, ch in enumerate(text) if ch not in QUOTES]
            bare = "".join(text[i] for i in kept_at)
            shared = _shared_run(own, bare)
            if ties(shared):
                at = bare.find(shared)
                start, end = kept_at[at], kept_at[at + len(shared) - 1] + 1
                return Counterpart(other, _clause_of(text, start, end - start), "text")
        return None

    return near


def _shared_run(a: str, b: str) -> str:
    """The longest run of characters two texts share."""
    run = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[run.a : run.a + run.size]


def judge_pairs(
    targets: pd.DataFrame,
    pairs: dict[tuple[int, int], list[TargetPair]],
    mentioned: Callable[[int, str], tuple[str, str] | None],
    near: Callable[[str, int, str], Counterpart | None] = lambda item_id, year, indicator: None,
) -> list[Change]:
    """Judge and describe every pair; a target set in one year only says where the other year names it, word for
    word, or else what a linked item of the other year says of it (`linked_counterparts`)."""
    row = target_rows(targets)
    found = []
    for (year_from, year_to), year_pairs in pairs.items():
        for p in year_pairs:
            a, sa, b, sb = row(p.base_from), row(p.stretch_from), row(p.base_to), row(p.stretch_to)
            judgement = judge(a, sa, b, sb)
            sentence, counterpart = summary(a, sa, b, sb, judgement, year_to), None
            if (a is None) != (b is None):
                one, other_year = (b, year_from) if a is None else (a, year_to)
                named = without_verb(one.indicator)  # 完成隐性债务化解任务: 2024 says 完成年度隐性债务化解任务
                mention = mentioned(other_year, named)
                if mention is not None:
                    counterpart = Counterpart(*mention, "mention")
                else:
                    counterpart = near(one.item_id, other_year, str(one.indicator))
                sentence += counterpart_clause(other_year, counterpart)
            found.append(
                Change((year_from, year_to), p, judgement, sentence, counterpart.item_id if counterpart else "")
            )
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
                counterpart_item=c.counterpart,
            )
        )
    frame = make_frame("target_changes", records)
    if frame.empty:
        return frame
    order = {d: i for i, d in enumerate(DIRECTIONS)}
    frame = frame.assign(_o=frame["direction"].map(order)).sort_values(["year_from", "_o", "item_to", "item_from"])
    return frame.drop(columns="_o").reset_index(drop=True)
