"""How each target changed from one year to the next: pairing the same indicator across two years.

Evidence for a pair: the matcher's item links (continued/related) when present, the indicator's
wording, the unit, and the wording of the whole items; without a matcher the last three decide alone.
A stretch value (力争…) travels with the base target it follows, so one indicator is one pair.
Pairing reads only the two years it compares, whatever the corpus size; `judge` then says what changed.
"""

from __future__ import annotations

import difflib
import itertools
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from analysis.registry import pair_rows
from analysis.targets.extract import leading_verb
from analysis.targets.scope import comparability, stock_and_flow, unit_kind
from analysis.tidy.chapters import is_headline


@dataclass(frozen=True)
class TargetPair:
    """One indicator across two years: row labels in `targets` of its base and stretch values, None where
    absent (a target of one year only has no partner)."""

    base_from: int | None
    base_to: int | None
    stretch_from: int | None = None
    stretch_to: int | None = None


def stretch_bases(targets: pd.DataFrame) -> dict[int, int]:
    """Stretch target → the base target it raises (一般公共预算收入增长5%、力争增长5.5%): the nearest
    earlier target of the same item, not itself a stretch, counted in the same kind of unit."""
    bases: dict[int, int] = {}
    last: dict[tuple[str, str], int] = {}
    for row in targets.itertuples():
        key = (row.item_id, unit_kind(row.base_unit))
        if row.is_stretch and key in last and row.kind == "numeric":
            bases[row.Index] = last[key]
        elif not row.is_stretch and row.kind == "numeric":
            last[key] = row.Index
    return bases


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _links(matches: pd.DataFrame | None, year_from: int, year_to: int) -> dict[tuple[str, str], float]:
    """Item links from the matcher: 1 for continued, 0.5 for related (empty when there is no matcher)."""
    if matches is None or matches.empty or not {"item_from", "item_to", "label"} <= set(matches.columns):
        return {}
    pair = matches
    if {"year_from", "year_to"} <= set(matches.columns):
        pair = pair_rows(matches, year_from, year_to)
    weight = {"continued": 1.0, "related": 0.5}
    return {(r.item_from, r.item_to): weight.get(r.label, 0.0) for r in pair.itertuples(index=False)}


def _pair_score(a, b, link: float, context: float, one_each: bool, unit_rare: bool) -> float | None:
    """Score of pairing two targets, or None when they are not the same indicator."""
    if (a.kind == "deadline") != (b.kind == "deadline"):
        return None
    if stock_and_flow(a.indicator, b.indicator):
        return None
    words = wording_similarity(a.indicator, b.indicator)
    same_unit = a.kind == "qualitative" or b.kind == "qualitative" or unit_kind(a.base_unit) == unit_kind(b.base_unit)
    headline = a.headline and b.headline
    accepted = (
        words >= 0.9
        or (same_unit and words >= 0.65)
        or (same_unit and headline and words >= 0.5)
        or (same_unit and link >= 1.0 and words >= 0.4)
        or (same_unit and link >= 1.0 and one_each and "qualitative" not in (a.kind, b.kind))
        or (same_unit and unit_rare and one_each and context >= 0.15)
    )
    if not accepted:
        return None
    return words + 0.5 * link + 0.5 * context + (0.1 if same_unit else 0.0)


# Targets of linked items that no pairing accepts, yet share a term of this many characters and read at least
# this alike, are shown side by side as not comparable: a reader puts 有效高新技术企业数量超1100家 beside
# 新增高新技术企业160家 anyway, and should read why the two cannot be compared. A target of bringing something to
# zero is shown beside another such target only.
LOOK_ALIKE_CHARS = 4
LOOK_ALIKE_WORDING = 0.4
LONE_WORDING = 0.3  # the looser likeness asked of the one target each linked item has left (新型职业农民 / 高素质农民)


def _brings_to_zero(t) -> bool:
    """A target of bringing something to zero (…企业基本清零): the count of what is left, not a level."""
    return t.kind == "numeric" and t.value == 0 and not t.base_unit


def _look_alike(a, b) -> tuple[int, float] | None:
    """(shared term length, wording similarity) of two targets that look alike but cannot be compared, or None."""
    if _brings_to_zero(a) != _brings_to_zero(b):  # 亩均税收5万元以下企业清零 is no counterpart of 亩均税收15万元
        return None
    words = wording_similarity(a.indicator, b.indicator)
    if words < LOOK_ALIKE_WORDING:
        return None
    core_a, core_b = core_of(a.indicator), core_of(b.indicator)
    shared = difflib.SequenceMatcher(None, core_a, core_b, autojunk=False).find_longest_match().size
    if shared < LOOK_ALIKE_CHARS or not comparability(a, b):
        return None
    return shared, words


@lru_cache(maxsize=16384)
def core_of(indicator: str) -> str:
    """An indicator without the verbs it starts with (新增建成口袋公园 → 口袋公园)."""
    core = indicator
    while (verb := leading_verb(core)) and len(core) > len(verb):
        core = core[len(verb) :]
    return core


@lru_cache(maxsize=65536)
def wording_similarity(a: str, b: str) -> float:
    """Similarity of two indicators' wording (0-1), ignoring the leading verb.

    新增/完成/建成 are shared by most count targets, so they would make unrelated indicators look alike;
    a flow (新增高新技术企业) and a stock (有效高新技术企业数量) differ, so a verb on one side only costs. Punctuation
    and numerals written as the plans write them (村（社区）, Ⅲ类) are compared in one form (NFKC).
    """
    a, b = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
    score = fuzz.ratio(core_of(a), core_of(b)) / 100
    if bool(leading_verb(a)) != bool(leading_verb(b)):
        score *= 0.8
    return score


def pair_targets(
    targets: pd.DataFrame, items: pd.DataFrame, matches: pd.DataFrame | None, year_from: int, year_to: int
) -> list[TargetPair]:
    """Pair each target of one year with the same indicator of the next (one-to-one, best first), each
    with its stretch value; every target of the two years is in exactly one pair.

    Evidence: the matcher's item links (continued/related) when present, the indicator's wording, the
    unit, and the wording of the whole items; without a matcher the last three decide alone.
    """
    items = items[items["year"].isin((year_from, year_to))]  # per pair of years, whatever the corpus size
    headline_ids = set(items.loc[is_headline(items), "item_id"])
    texts = {r.item_id: _bigrams(r.text) for r in items.itertuples(index=False)}
    side, stretch_of = {}, {}
    for year in (year_from, year_to):
        year_targets = targets[targets["year"] == year]
        bases = stretch_bases(year_targets)
        stretch_of |= {base: stretch for stretch, base in bases.items()}
        year_targets = year_targets.drop(index=list(bases))  # compared with their base, not on their own
        side[year] = year_targets.assign(headline=lambda t: t["item_id"].isin(headline_ids))
    a_all, b_all = side[year_from], side[year_to]
    links = _links(matches, year_from, year_to)
    per_item_a, per_item_b = a_all["item_id"].value_counts().to_dict(), b_all["item_id"].value_counts().to_dict()
    units_a, units_b = a_all["unit"].value_counts().to_dict(), b_all["unit"].value_counts().to_dict()
    rows_a, rows_b = list(a_all.itertuples()), list(b_all.itertuples())
    contexts: dict[tuple[str, str], float] = {}  # items hold several targets: one Jaccard per item pair
    candidates, look_alikes = [], []
    for ia, ib in _candidate_pairs(rows_a, rows_b, links, units_a, units_b):
        a, b = rows_a[ia], rows_b[ib]
        key = (a.item_id, b.item_id)
        link = links.get(key, 0.0)
        if key not in contexts:
            contexts[key] = _jaccard(texts[a.item_id], texts[b.item_id])
        context = contexts[key]
        one_each = per_item_a[a.item_id] == 1 and per_item_b[b.item_id] == 1
        unit_rare = bool(a.unit) and a.unit == b.unit and units_a[a.unit] == 1 and units_b[b.unit] == 1
        score = _pair_score(a, b, link, context, one_each, unit_rare)
        if score is not None:
            candidates.append((-score, a.Index, b.Index))  # sorted as is: best first, then by position
        elif link > 0 and (alike := _look_alike(a, b)) is not None:
            look_alikes.append((-alike[0], -alike[1], a.Index, b.Index))
    used_a, used_b, found = set(), set(), []
    for ranked in (candidates, look_alikes):  # look-alikes pair only among targets left unpaired
        for *_, i, j in sorted(ranked):
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            found.append((i, j))
    found += _lone_leftovers(a_all, b_all, links, used_a, used_b)
    found += [(i, None) for i in a_all.index if i not in used_a]
    found += [(None, j) for j in b_all.index if j not in used_b]
    return [TargetPair(i, j, stretch_of.get(i), stretch_of.get(j)) for i, j in found]


def _lone_leftovers(
    a_all: pd.DataFrame, b_all: pd.DataFrame, links: dict, used_a: set, used_b: set
) -> list[tuple[int, int]]:
    """Linked items each left with one unpaired target, governed by the same verb, in the same unit and worded
    at least LONE_WORDING alike, that cannot be compared (培训新型职业农民超800人次 / 培训高素质农民超1000人次: the population is named anew): shown
    side by side, as look-alikes are, not as one target dropped and another new. Strongest link first; `used_a`
    and `used_b` are updated."""
    lone_a = _lone(a_all, used_a)
    lone_b = _lone(b_all, used_b)
    found = []
    for (item_a, item_b), _ in sorted(links.items(), key=lambda link: (-link[1], link[0])):
        i, j = lone_a.get(item_a), lone_b.get(item_b)
        if i is None or j is None or i in used_a or j in used_b:
            continue
        a, b = a_all.loc[i], b_all.loc[j]
        verb = leading_verb(a["indicator"])
        alike = wording_similarity(a["indicator"], b["indicator"]) >= LONE_WORDING
        if alike and verb and verb == leading_verb(b["indicator"]) and a["unit"] == b["unit"] and comparability(a, b):
            used_a.add(i)
            used_b.add(j)
            found.append((i, j))
    return found


def _lone(targets: pd.DataFrame, used: set) -> dict[str, int]:
    """item_id -> the index of its one target left unpaired, for items with exactly one left."""
    left = targets[~targets.index.isin(used)]
    counts = left["item_id"].value_counts()
    lone = left[left["item_id"].isin(counts[counts == 1].index)]
    return dict(zip(lone["item_id"], lone.index, strict=True))


# Indicators whose cores read at least this alike (rapidfuzz ratio, 0-100) may be one indicator: the
# lowest wording similarity `_pair_score` accepts without an item link or a headline pair.
MIN_WORDING_RATIO = 65
MIN_HEADLINE_RATIO = 50  # two headline targets: the lowest wording similarity accepted
CDIST_ROWS = 1024  # targets of the earlier year compared at once: bounded memory for large plans


def _candidate_pairs(rows_a: list, rows_b: list, links: dict, units_a: dict, units_b: dict) -> set[tuple[int, int]]:
    """The (position in rows_a, position in rows_b) pairs that `_pair_score` could accept, found without
    scoring every pair: targets of items the matcher links, the one target each year of a rare unit, any two
    headline targets (a handful), and indicators whose wording reads alike (rapidfuzz over the cores, in
    blocks). So pairing grows with the targets and their near-namesakes, not with their product."""
    pairs: set[tuple[int, int]] = set()
    by_item_a, by_item_b, by_unit_b = {}, {}, {}
    for i, a in enumerate(rows_a):
        by_item_a.setdefault(a.item_id, []).append(i)
    for j, b in enumerate(rows_b):
        by_item_b.setdefault(b.item_id, []).append(j)
        by_unit_b.setdefault(b.unit, []).append(j)
    for (item_a, item_b), weight in links.items():
        if weight > 0:
            pairs |= {(i, j) for i in by_item_a.get(item_a, []) for j in by_item_b.get(item_b, [])}
    for i, a in enumerate(rows_a):
        if a.unit and units_a.get(a.unit) == 1 and units_b.get(a.unit) == 1:
            pairs |= {(i, j) for j in by_unit_b[a.unit]}
    cores_a, cores_b = [core_of(a.indicator) for a in rows_a], [core_of(b.indicator) for b in rows_b]
    head_a = [i for i, a in enumerate(rows_a) if a.headline]
    head_b = [j for j, b in enumerate(rows_b) if b.headline]
    pairs |= _alike(cores_a, cores_b, head_a, head_b, MIN_HEADLINE_RATIO)
    return pairs | _alike(cores_a, cores_b, range(len(cores_a)), range(len(cores_b)), MIN_WORDING_RATIO)


def _alike(cores_a: list[str], cores_b: list[str], only_a, only_b, cutoff: int) -> set[tuple[int, int]]:
    """Pairs (among the given positions) whose cores read at least `cutoff` alike, found in blocks of rows."""
    from rapidfuzz import fuzz, process

    only_a, only_b = list(only_a), list(only_b)
    pairs: set[tuple[int, int]] = set()
    if not only_a or not only_b:
        return pairs
    choices = [cores_b[j] for j in only_b]
    for start in range(0, len(only_a), CDIST_ROWS):
        block = only_a[start : start + CDIST_ROWS]
        scores = process.cdist(
            [cores_a[i] for i in block], choices, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8, workers=-1
        )
        rows, columns = np.nonzero(scores)
        pairs |= {(block[r], only_b[c]) for r, c in zip(rows.tolist(), columns.tolist(), strict=True)}
    return pairs


def all_pairs(
    targets: pd.DataFrame, items: pd.DataFrame, matches: pd.DataFrame | None, years: list[int]
) -> dict[tuple[int, int], list[TargetPair]]:
    """Target pairs of every consecutive pair of years present."""
    return {(a, b): pair_targets(targets, items, matches, a, b) for a, b in itertools.pairwise(years)}
