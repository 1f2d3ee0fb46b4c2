"""What a target counts, and whether two targets count the same thing — so only like is compared with like.

A target's indicator is read as: the verb that brings it about (新增, 完成 …, set aside), the level of
what is counted (国家级, 省级, 省级以上, 省、市级 …), and the rest — the counted thing with its
population or threshold (营收超亿元文化企业, 失业人员……自主创业). Two paired targets are comparable when
the unit kind, horizon, level and the rest agree; otherwise the reason says what changed:

* `form_changed`: a number one year, a statement without a number the other (增长5%以上 → 高于全市平均);
* `unit_changed`, `horizon_changed`: 个 → 位, this year → 未来五年;
* `scope_changed`: the level differs (省、市级 → 省级; 省级 → 省级以上; for statements too: 国省考断面 → 省考), or
  the threshold of what is counted (亩均税收3万元以下 → 5万元以下);
* `population_changed`: a count of people, of different people (失业人员、退捕渔民 → 农民);
* `indicator_changed`: a different counted thing (营收超亿元 → 上市 文化企业; 单项冠军和小巨人 → 小巨人).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from analysis.targets.extract import CLASSIFIERS, PERSONS, WORDS, leading_verb, unquoted

# Level words (anywhere) and bare level prefixes (where the counted thing starts), longest first.
LEVELS: dict[str, str] = dict(WORDS["levels"])
LEVEL_RE = re.compile("|".join(map(re.escape, sorted(LEVELS, key=len, reverse=True))))
PREFIXES: dict[str, str] = dict(WORDS["level_prefixes"])
NOT_LEVEL: tuple[str, ...] = tuple(WORDS["not_level_prefixes"])
SUBSET_MARK = "：其中"  # 新增省级以上…企业：其中国家级 — the national part of the count before it
LIST_MARKS = ("和", "及", "、", "与")  # a counted thing with one of these joins several: a different count
# What remains of two indicators, level and verb set aside, must read this alike to be one thing.
SAME_THING = 0.75
STOCK_MARKS: tuple[str, ...] = tuple(WORDS["stock_marks"])
FLOW_VERBS: tuple[str, ...] = tuple(WORDS["flow_verbs"])


@lru_cache(maxsize=16384)
def _stock_or_flow(indicator: str) -> tuple[bool, bool]:
    """Whether an indicator counts a stock (有效…数量) and whether it counts a flow (新增…)."""
    return any(m in indicator for m in STOCK_MARKS), indicator.startswith(FLOW_VERBS)


def stock_and_flow(a: str, b: str) -> bool:
    """One indicator counts a stock, the other a flow: never the same indicator."""
    (stock_a, flow_a), (stock_b, flow_b) = _stock_or_flow(a), _stock_or_flow(b)
    return (stock_a and flow_b) or (stock_b and flow_a)


def unit_kind(base_unit: str) -> str:
    """Units whose numbers can be compared: every counting classifier counts things."""
    return "count" if base_unit in CLASSIFIERS else base_unit


@lru_cache(maxsize=16384)
def counted(indicator: str) -> tuple[str, str]:
    """(level, counted thing) of an indicator: 新增省级以上专精特新小巨人企业 → (省级以上, 专精特新小巨人企业)."""
    text = unquoted(indicator)
    subset_level = ""
    if SUBSET_MARK in text:
        text, subset = text.split(SUBSET_MARK, 1)
        subset_level = LEVELS.get(subset.strip(), PREFIXES.get(subset.strip(), subset.strip()))
    while (verb := leading_verb(text)) and len(text) > len(verb):
        text = text[len(verb) :]
    match = LEVEL_RE.search(text)
    if match:
        return subset_level or LEVELS[match.group(0)], text[: match.start()] + text[match.end() :]
    prefix = next((p for p in sorted(PREFIXES, key=len, reverse=True) if text.startswith(p)), None)
    if prefix and not text.startswith(NOT_LEVEL) and len(text) > len(prefix):
        return subset_level or PREFIXES[prefix], text[len(prefix) :]
    return subset_level, text


def _same_thing(a: str, b: str) -> bool:
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if shorter and shorter in longer:
        extra = longer.replace(shorter, "", 1)
        return not any(mark in extra for mark in LIST_MARKS)
    return fuzz.ratio(a, b) / 100 >= SAME_THING


# A threshold written into what is counted (亩均税收3万元以下工业企业, 营收超亿元文化企业): the count is of a
# different set when it moves (3万元以下 → 5万元以下).
THRESHOLD = re.compile(r"[超]?\d+(?:\.\d+)?[万亿千百]?[^\d，、]{0,3}?(?:以下|以上|以内)")


@lru_cache(maxsize=16384)
def thresholds(indicator: str) -> tuple[str, ...]:
    """The thresholds an indicator's counted thing is written with (亩均税收3万元以下工业企业 → 3万元以下)."""
    return tuple(THRESHOLD.findall(indicator))


def comparability(a, b) -> str:
    """Why two paired targets (rows with kind, base_unit, horizon, indicator) cannot be compared, or ""."""
    if (a.kind == "qualitative") != (b.kind == "qualitative"):
        return "form_changed"
    (level_a, thing_a), (level_b, thing_b) = counted(a.indicator), counted(b.indicator)
    if a.kind == "qualitative":  # statements compare whatever their wording, unless what they cover changed
        return "scope_changed" if level_a and level_b and level_a != level_b else ""
    if a.horizon != b.horizon:
        return "horizon_changed"
    if level_a and level_b and level_a != level_b:
        return "scope_changed"
    if thresholds(a.indicator) != thresholds(b.indicator):
        return "scope_changed"
    # what is counted before the unit it is counted in: 电商销售超10亿元 against 电子商务销售增长10% is another
    # indicator, whatever its unit (a careful reading names it so)
    if stock_and_flow(a.indicator, b.indicator) or not _same_thing(thing_a, thing_b):
        return "population_changed" if a.base_unit in PERSONS else "indicator_changed"
    if unit_kind(a.base_unit) != unit_kind(b.base_unit):
        return "unit_changed"
    return ""
