"""Quantitative targets of every item, and how each changed from one year to the next.

Analysts read these plans for their numbers. Targets are found by rule, from what
surrounds a number (governing words, verb, unit, qualifier), never from a list of one
year's exceptions: a number with no unit, inside quotation marks, touching Latin letters
or a plus sign is part of a name; a Chinese-numeral quantity counts only when a verb
governs it; a measure followed by the noun it sizes is a scope, not a target.
Text is NFKC-normalized for matching while spans still point into the original text.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from analysis import schema
from analysis.labels import cn_number
from analysis.load import PlanTables

HEADLINE_MARK = "主要预期目标"
THIS_YEAR = "this_year"

# Counting classifiers: the number counts the noun they measure (comparable with each other).
CLASSIFIERS = ("个", "家", "所", "座", "条", "项", "件", "套", "处", "片", "场", "户", "辆", "台", "批")
PERSONS = ("人次", "人", "位", "名")
MEASURES = ("个百分点", "兆瓦", "千瓦", "公里", "平方米", "美元", "元", "亩", "斤", "吨", "头", "岁", "米", "倍", "%")
UNITS = sorted(CLASSIFIERS + PERSONS + MEASURES, key=len, reverse=True)
MAGNITUDES = {"万": 1e4, "亿": 1e8}

NUM = r"\d+(?:\.\d+)?"
CN_DIGITS = "〇零一二两三四五六七八九十百千"
QUANTITY = re.compile(
    rf"(?P<num>(?P<low>{NUM})(?:\s*[-~—–至]\s*(?P<high>{NUM}))?|(?P<cn>[{CN_DIGITS}]+))"
    rf"(?P<mag>[万亿])?(?P<unit>{'|'.join(map(re.escape, UNITS))})(?P<rate>/[日天年])?"
    r"(?P<suffix>左右|以上|以内|以下)?"
)
DEADLINE = re.compile(r"(?P<month>\d{1,2}|[一二三四五六七八九十]+)月(?P<part>底|末|中旬|上旬|下旬)?(?P<before>之?前)")
HORIZON = re.compile(rf"(?:未来|今后)[{CN_DIGITS}\d]+年|到20\d\d年(?:底|末)?")

CLAUSE_END = "，。；：！？,;:!?"
SENTENCE_END = "。；;!?！？"
QUOTES = "“”‘’\"'《》「」"
# Qualifier words written before the number, longest first (all are stripped from the indicator).
PREFIX_QUALIFIERS = ("不低于", "不少于", "不超过", "控制在", "超过", "突破", "达到", "力争", "约", "超", "达")
MODIFIER_OF_PREFIX = {
    "不低于": "at_least",
    "不少于": "at_least",
    "超过": "at_least",
    "突破": "at_least",
    "超": "at_least",
    "不超过": "at_most",
    "控制在": "at_most",
    "约": "around",
}
MODIFIER_OF_SUFFIX = {"左右": "around", "以上": "at_least", "以内": "at_most", "以下": "at_most"}
# Verbs that bring an indicator to a level: part of the sentence, not of the indicator's name.
LEVEL_VERBS = ("稳定在", "保持", "提升至", "提高至", "提升到", "提高到", "至", "的")
CHANGE_VERBS = ("增长", "下降", "降低", "提升", "提高", "削减")
LEADING_NOISE = (
    "进一步",
    "全力",
    "大力",
    "积极",
    "加快",
    "确保",
    "力争",
    "推动",
    "实现",
    "努力",
    "持续",
    "全年",
    "全区",
    "全社会",
    "其中",
    "并",
)
VERBS = tuple(
    sorted(
        (
            "新增",
            "新建",
            "新开",
            "新改扩建",
            "新落地",
            "建成",
            "建设",
            "完成",
            "引进",
            "培育",
            "创建",
            "争创",
            "创成",
            "改造提升",
            "改造",
            "改建",
            "提升",
            "打造",
            "开工建设",
            "开工",
            "削减",
            "整治",
            "发放",
            "支持",
            "扶持",
            "培训",
            "提供",
            "签约",
            "招引",
            "引育",
            "共建",
            "组建",
            "落地",
            "盘活",
            "实施",
            "推进",
            "启动",
        ),
        key=len,
        reverse=True,
    )
)
# Predicates of chapter-one statements given without a number.
QUALITATIVE_PREDICATES = ("保持", "降幅大于", "高于", "不低于", "与", "同口径", "完成上级下达")
STRIVE = re.compile(r"(?<![全努])力争")  # 力争 "strive for", not 全力争取


@dataclass
class _Found:
    start: int  # in normalized text
    end: int
    record: dict


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC text plus, for each normalized character, the index of the original character it came from."""
    out, index = [], []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        index += [i] * len(norm)
    return "".join(out), index


def modifier(qualifiers: str) -> str:
    """The structured modifier of a `qualifiers` value ('around:左右' -> 'around')."""
    return str(qualifiers).split(":", 1)[0]


def _span(text: str, index: list[int], start: int, end: int) -> str:
    """The original substring behind normalized [start, end)."""
    if start >= end:
        return ""
    return text[index[start] : index[end - 1] + 1]


def _clean_indicator(words: str) -> str:
    words = HORIZON.sub("", "".join(ch for ch in words if ch not in QUOTES)).strip(" 、，,")
    changed = True
    while changed:
        changed = False
        for noise in LEADING_NOISE:
            if words.startswith(noise) and len(words) > len(noise):
                words, changed = words[len(noise) :], True
        for tail in (*PREFIX_QUALIFIERS, *LEVEL_VERBS):
            if words.endswith(tail) and len(words) > len(tail):
                words, changed = words[: -len(tail)], True
    return words.strip(" 、，,")


@lru_cache(maxsize=16384)
def _leading_verb(words: str) -> str:
    words = "".join(ch for ch in words if ch not in QUOTES)
    for noise in ("力争", "全年", "确保", "积极", "加快", "大力", "全力"):
        words = words.removeprefix(noise)
    return next((v for v in VERBS if words.startswith(v)), "")


def _is_quoted(norm: str, pos: int) -> bool:
    before = norm[:pos]
    return before.count("“") > before.count("”") or before.count("‘") > before.count("’")


def _is_name(norm: str, m: re.Match) -> bool:
    """A number that belongs to a name: quoted, touching Latin letters or '+', or a bare Chinese numeral."""
    s = m.start()
    if _is_quoted(norm, s):
        return True
    if s > 0 and (norm[s - 1].isascii() and (norm[s - 1].isalpha() or norm[s - 1] in "+.")):
        return True
    if m.group("cn"):
        # Chinese numerals are common in slogans and names; count them only when a verb governs them.
        head = norm[max(0, s - 6) : s]
        for q in PREFIX_QUALIFIERS:
            head = head.removesuffix(q)
        return not any(head.endswith(v) for v in VERBS)
    return False


def _is_scope(norm: str, m: re.Match, clause_end: int) -> bool:
    """A measure sizing the noun after it (100亿元以上项目1个, 80岁以上老年人): a scope, not a target."""
    if m.group("unit") in CLASSIFIERS + PERSONS:
        return False
    after = norm[m.end() : clause_end]
    if not after or after[0] in "、" + CLAUSE_END:
        return False
    if m.group("suffix") in ("以上", "以下"):
        return True
    later = [q for q in QUANTITY.finditer(norm, m.end(), clause_end) if q.group("unit") in CLASSIFIERS + PERSONS]
    return bool(later)


def _clause_bounds(norm: str, pos: int, marks: str = CLAUSE_END) -> tuple[int, int]:
    start = max((norm.rfind(c, 0, pos) for c in marks), default=-1) + 1
    ends = [i for i in (norm.find(c, pos) for c in marks) if i >= 0]
    return start, min(ends, default=len(norm))


def _qualifiers(prefix_words: list[str], suffix: str | None, high: str | None) -> str:
    words = [*prefix_words, suffix] if suffix else list(prefix_words)
    if high:
        kind = "range"
    elif suffix:
        kind = MODIFIER_OF_SUFFIX[suffix]
    else:
        kind = next((MODIFIER_OF_PREFIX[w] for w in prefix_words if w in MODIFIER_OF_PREFIX), "point")
    return f"{kind}:{'+'.join(words)}"


def _numeric_targets(item_id: str, year: int, text: str) -> list[dict]:
    norm, index = normalize_with_map(text)
    found: list[_Found] = []
    for m in QUANTITY.finditer(norm):
        clause_start, clause_end = _clause_bounds(norm, m.start())
        if _is_name(norm, m) or _is_scope(norm, m, clause_end):
            continue
        previous = found[-1] if found and found[-1].end > clause_start else None
        seg_start = clause_start
        if previous:
            seg_start = previous.end
            while seg_start < m.start() and norm[seg_start] in "、和及":
                seg_start += 1
        head = norm[seg_start : m.start()]
        # qualifier words written before the number
        prefix_words, core = [], head
        stripped = True
        while stripped:
            stripped = False
            for q in PREFIX_QUALIFIERS:
                if core.endswith(q):
                    prefix_words.insert(0, q)
                    core, stripped = core[: -len(q)], True
        if STRIVE.search(core) and "力争" not in prefix_words:
            prefix_words.insert(0, "力争")
        # the noun counted after a classifier, up to the end of the clause or list entry
        tail_end = m.end()
        while tail_end < clause_end and norm[tail_end] not in "、":
            tail_end += 1
        tail = norm[m.end() : tail_end]
        if not tail and previous is None:
            # 新建219座、改建131座农村公厕: the noun is written once, after the last entry
            nxt = QUANTITY.search(norm, m.end(), clause_end)
            between = norm[m.end() : nxt.start()] if nxt else ""
            if nxt and between.startswith("、") and between[1:] in ("", *VERBS) and nxt["unit"] == m["unit"]:
                nxt_end = next((i for i in range(nxt.end(), clause_end) if norm[i] == "、"), clause_end)
                tail = norm[nxt.end() : nxt_end]
        tail = tail.lstrip("规模的")
        if "等" in core:
            core = _leading_verb(core) + core.rsplit("等", 1)[1]
        indicator = _clean_indicator(core + tail)
        bare = _clean_indicator(core.replace("力争", ""))
        is_stretch = False
        if previous and (not bare or bare in CHANGE_VERBS) and not _clean_indicator(tail):
            # 增长5%、力争增长5.5% / 172亿元、增长8%: the subject is carried over from the entry before
            subject = previous.record["indicator"]
            for verb in CHANGE_VERBS:
                subject = subject.removesuffix(verb)
            indicator = subject + bare if bare else previous.record["indicator"]
            is_stretch = "力争" in prefix_words and indicator == previous.record["indicator"]
        elif core.startswith("其中") and found:
            indicator = f"{found[-1].record['indicator']}：其中{_clean_indicator(core[2:] + tail)}"
        elif previous and not _leading_verb(core):
            verb = _leading_verb(norm[clause_start : m.start()])
            if verb and not indicator.startswith(verb):
                indicator = verb + indicator
            if "力争" in norm[clause_start : previous.start] and "力争" not in prefix_words:
                prefix_words.insert(0, "力争")
        if norm[seg_start:].lstrip("实现推动").startswith(("沿", "距")):
            continue  # 沿太湖5公里村庄: a distance bounding a place
        if m.group("cn"):
            low, high = cn_number(m.group("cn")), None
        else:
            low = float(m.group("low"))
            high = float(m.group("high")) if m.group("high") else None
        unit = (m.group("mag") or "") + m.group("unit") + (m.group("rate") or "")
        scale = MAGNITUDES.get(m.group("mag") or "", 1.0)
        sentence_start, _ = _clause_bounds(norm, m.start(), SENTENCE_END)
        horizon = HORIZON.search(norm, sentence_start, m.start())
        span_start = seg_start
        while span_start < m.start() and norm[span_start] in " 、，":
            span_start += 1
        span_end = m.end() + (len(norm[m.end() : tail_end]) if norm[m.end() : tail_end] else 0)
        record = dict(
            item_id=item_id,
            year=year,
            indicator=indicator,
            value=low,
            value_high=high,
            unit=unit,
            scaled_value=low * scale if low is not None else None,
            base_unit=m.group("unit") + (m.group("rate") or ""),
            qualifiers=_qualifiers(prefix_words, m.group("suffix"), m.group("high")),
            is_stretch=is_stretch,
            horizon=horizon.group(0) if horizon else THIS_YEAR,
            kind="numeric",
            span=_span(text, index, span_start, span_end),
        )
        found.append(_Found(m.start(), max(span_end, m.end()), record))
    return [f.record for f in found]


def _deadline_targets(item_id: str, year: int, text: str) -> list[dict]:
    norm, index = normalize_with_map(text)
    rows = []
    for m in DEADLINE.finditer(norm):
        _, clause_end = _clause_bounds(norm, m.end())
        month = m.group("month")
        value = float(month) if month.isdigit() else cn_number(month)
        words = "月" + (m.group("part") or "") + m.group("before")
        rows.append(
            dict(
                item_id=item_id,
                year=year,
                indicator=_clean_indicator(norm[m.end() : clause_end]),
                value=value,
                value_high=None,
                unit="月",
                scaled_value=value,
                base_unit="月",
                qualifiers=f"at_most:{words}",
                is_stretch=False,
                horizon=THIS_YEAR,
                kind="deadline",
                span=_span(text, index, m.start(), clause_end),
            )
        )
    return rows


def _qualitative_targets(item_id: str, year: int, text: str) -> list[dict]:
    """A chapter-one statement without a number: recorded with its words, so no indicator is lost."""
    norm, index = normalize_with_map(text.rstrip("。"))
    hits = [(norm.find(p), p) for p in QUALITATIVE_PREDICATES if norm.find(p) > 0 or norm.startswith(p)]
    pos, predicate = min(hits, default=(len(norm), ""))
    base = dict(item_id=item_id, year=year, value=None, value_high=None, unit="", scaled_value=None, base_unit="")
    base |= dict(is_stretch=False, horizon=THIS_YEAR, kind="qualitative", span=_span(text, index, 0, len(norm)))
    if predicate == "完成上级下达" and pos == 0:
        # 完成上级下达的A、B目标任务: one statement per indicator
        body = norm[len(predicate) :].lstrip("的").removesuffix("目标任务").removesuffix("任务")
        words = f"qualitative:{predicate}{'目标任务' if norm.endswith('目标任务') else '任务'}"
        return [base | dict(indicator=_clean_indicator(p), qualifiers=words) for p in body.split("、")]
    indicator = _clean_indicator(norm[:pos] if pos else norm)
    return [base | dict(indicator=indicator, qualifiers=f"qualitative:{norm[pos:]}")]


def is_headline(items: pd.DataFrame) -> pd.Series:
    """Items of the chapter of main expected targets (主要预期目标), by title, else chapter one.

    Each year's plan is judged on its own: one plan that titles the chapter differently does not
    change which items are headline in the others.
    """
    by_title = items["chapter_title"].fillna("").str.contains(HEADLINE_MARK)
    titled_year = by_title.groupby(items["year"]).transform("any")
    return by_title.where(titled_year, items["chapter_no"] == 1)


def extract_targets(items: pd.DataFrame) -> pd.DataFrame:
    """Every target of every item (numeric, deadline, and chapter-one qualitative)."""
    headline = is_headline(items)
    rows = []
    for item, head in zip(items.itertuples(index=False), headline, strict=True):
        found = _numeric_targets(item.item_id, item.year, item.text)
        found += _deadline_targets(item.item_id, item.year, item.text)
        if head and not found:
            found = _qualitative_targets(item.item_id, item.year, item.text)
        rows += found
    frame = pd.DataFrame.from_records(rows, columns=schema.TARGETS)
    for col in ("value", "value_high", "scaled_value"):
        frame[col] = frame[col].astype(float)
    frame["is_stretch"] = frame["is_stretch"].astype(bool)
    return frame


# --- comparison -------------------------------------------------------------------------------

DIRECTIONS = ("raised", "lowered", "unchanged", "not_comparable", "only_from", "only_to")


def _unit_class(base_unit: str) -> str:
    """Units whose numbers can be compared: every counting classifier counts things."""
    return "count" if base_unit in CLASSIFIERS else base_unit


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
        pair = matches[(matches["year_from"] == year_from) & (matches["year_to"] == year_to)]
    weight = {"continued": 1.0, "related": 0.5}
    return {(r.item_from, r.item_to): weight.get(r.label, 0.0) for r in pair.itertuples(index=False)}


def _pair_score(a, b, link: float, context: float, one_each: bool, unit_rare: bool) -> float | None:
    """Score of pairing two targets, or None when they are not the same indicator."""
    if a.is_stretch != b.is_stretch:
        return None
    if (a.kind == "deadline") != (b.kind == "deadline"):
        return None
    if _stock_and_flow(a.indicator, b.indicator):
        return None
    words = wording_similarity(a.indicator, b.indicator)
    same_unit = (
        a.kind == "qualitative" or b.kind == "qualitative" or _unit_class(a.base_unit) == _unit_class(b.base_unit)
    )
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


STOCK_MARKS = ("数量", "总量", "拥有量", "保有量", "有效", "累计")
FLOW_VERBS = ("新增", "新建", "新开", "新落地", "引进")


@lru_cache(maxsize=16384)
def _core(indicator: str) -> str:
    core = indicator
    while (verb := _leading_verb(core)) and len(core) > len(verb):
        core = core[len(verb) :]
    return core


@lru_cache(maxsize=16384)
def _stock_or_flow(indicator: str) -> tuple[bool, bool]:
    """Whether an indicator counts a stock (有效…数量) and whether it counts a flow (新增…)."""
    return any(m in indicator for m in STOCK_MARKS), indicator.startswith(FLOW_VERBS)


def _stock_and_flow(a: str, b: str) -> bool:
    """One indicator counts a stock, the other a flow: never the same indicator."""
    (stock_a, flow_a), (stock_b, flow_b) = _stock_or_flow(a), _stock_or_flow(b)
    return (stock_a and flow_b) or (stock_b and flow_a)


@lru_cache(maxsize=65536)
def wording_similarity(a: str, b: str) -> float:
    """Similarity of two indicators' wording (0-1), ignoring the leading verb.

    新增/完成/建成 are shared by most count targets, so they would make unrelated indicators look alike;
    a flow (新增高新技术企业) and a stock (有效高新技术企业数量) differ, so a verb on one side only costs.
    """
    score = fuzz.ratio(_core(a), _core(b)) / 100
    if bool(_leading_verb(a)) != bool(_leading_verb(b)):
        score *= 0.8
    return score


def _direction(a, b) -> str:
    if a.kind == "qualitative" or b.kind == "qualitative":
        return "unchanged" if a.kind == b.kind and a.qualifiers == b.qualifiers else "not_comparable"
    if _unit_class(a.base_unit) != _unit_class(b.base_unit) or a.horizon != b.horizon:
        return "not_comparable"
    old = (a.scaled_value, a.value_high if pd.notna(a.value_high) else a.value)
    new = (b.scaled_value, b.value_high if pd.notna(b.value_high) else b.value)
    if np.isclose(old[0], new[0]) and np.isclose(old[1], new[1]):
        return "unchanged"
    return "raised" if (new[0], new[1]) > (old[0], old[1]) else "lowered"


def pair_targets(
    targets: pd.DataFrame, items: pd.DataFrame, matches: pd.DataFrame | None, year_from: int, year_to: int
) -> list[tuple[int | None, int | None, str]]:
    """Pair each target of one year with the same indicator of the next (one-to-one, best first).

    Returns (index in `targets` or None, same, direction). Evidence: the matcher's item links
    (continued/related) when present, the indicator's wording, the unit, and the wording of the
    whole items; without a matcher the last three decide alone.
    """
    items = items[items["year"].isin((year_from, year_to))]  # per pair of years, whatever the corpus size
    headline_ids = set(items.loc[is_headline(items), "item_id"])
    texts = {r.item_id: _bigrams(r.text) for r in items.itertuples(index=False)}
    side = {}
    for year in (year_from, year_to):
        side[year] = targets[targets["year"] == year].assign(headline=lambda t: t["item_id"].isin(headline_ids))
    a_all, b_all = side[year_from], side[year_to]
    links = _links(matches, year_from, year_to)
    per_item_a, per_item_b = a_all["item_id"].value_counts().to_dict(), b_all["item_id"].value_counts().to_dict()
    units_a, units_b = a_all["unit"].value_counts().to_dict(), b_all["unit"].value_counts().to_dict()
    rows_a, rows_b = list(a_all.itertuples()), list(b_all.itertuples())
    by_index = {row.Index: row for row in rows_a + rows_b}
    contexts: dict[tuple[str, str], float] = {}  # items hold several targets: one Jaccard per item pair
    candidates = []
    for a in rows_a:
        for b in rows_b:
            key = (a.item_id, b.item_id)
            link = links.get(key, 0.0)
            if key not in contexts:
                contexts[key] = _jaccard(texts[a.item_id], texts[b.item_id])
            context = contexts[key]
            one_each = per_item_a[a.item_id] == 1 and per_item_b[b.item_id] == 1
            unit_rare = bool(a.unit) and a.unit == b.unit and units_a[a.unit] == 1 and units_b[b.unit] == 1
            score = _pair_score(a, b, link, context, one_each, unit_rare)
            if score is not None:
                candidates.append((score, a.Index, b.Index))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j, _direction(by_index[i], by_index[j])))
    pairs += [(i, None, "only_from") for i in a_all.index if i not in used_a]
    pairs += [(None, j, "only_to") for j in b_all.index if j not in used_b]
    return pairs


def _change_row(a, b, direction: str) -> dict:
    row = dict(indicator=(b if b is not None else a)["indicator"], direction=direction)
    for suffix, t in (("from", a), ("to", b)):
        row[f"item_{suffix}"] = t["item_id"] if t is not None else None
        row[f"value_{suffix}"] = t["value"] if t is not None else np.nan
        row[f"unit_{suffix}"] = t["unit"] if t is not None else None
        row[f"qualifiers_{suffix}"] = t["qualifiers"] if t is not None else None
    return row


def all_pairs(
    targets: pd.DataFrame, items: pd.DataFrame, matches: pd.DataFrame | None, years: list[int]
) -> dict[tuple[int, int], list[tuple[int | None, int | None, str]]]:
    """Target pairs of every consecutive pair of years present."""
    return {(a, b): pair_targets(targets, items, matches, a, b) for a, b in itertools.pairwise(years)}


def target_changes(targets: pd.DataFrame, pairs: dict) -> pd.DataFrame:
    """One row per paired target (with its direction) and per target present in one year only."""
    records = targets.to_dict("index")  # one lookup per target, not a Series built per row
    rows = []
    for (year_from, year_to), found in pairs.items():
        for i, j, direction in found:
            a = records[i] if i is not None else None
            b = records[j] if j is not None else None
            rows.append(_change_row(a, b, direction) | dict(year_from=year_from, year_to=year_to))
    frame = pd.DataFrame.from_records(rows, columns=schema.TARGET_CHANGES)
    if frame.empty:
        return frame
    order = {d: i for i, d in enumerate(DIRECTIONS)}
    frame = frame.assign(_o=frame["direction"].map(order)).sort_values(["year_from", "_o", "item_to", "item_from"])
    return frame.drop(columns="_o").reset_index(drop=True)


# --- headline table ---------------------------------------------------------------------------

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
    rows = []
    for chain in chains:
        members = [head.loc[i] for i in chain.values()]
        if all(m["is_stretch"] for m in members):
            continue  # shown next to its base target
        last = members[-1]
        row = {"indicator": last["indicator"], "first_item": members[0]["item_id"]}
        for year in years:
            row[str(year)] = _with_stretch(head.loc[chain[year]], head) if year in chain else ""
        for a, b in itertools.pairwise(years):
            ta = head.loc[chain[a]] if a in chain else None
            tb = head.loc[chain[b]] if b in chain else None
            row[f"change_{a}_{b}"] = _change_text(ta, tb, b)
        rows.append(row)
    changes = [f"change_{a}_{b}" for a, b in itertools.pairwise(years)]
    frame = pd.DataFrame.from_records(rows, columns=["indicator", "first_item", *map(str, years), *changes])
    frame = frame.sort_values(["first_item"], kind="stable")
    return frame.drop(columns=["first_item"]).reset_index(drop=True)


def _with_stretch(t: pd.Series, head: pd.DataFrame) -> str:
    text = as_written(t)
    stretch = head[(head["item_id"] == t["item_id"]) & head["is_stretch"]]
    if not t["is_stretch"] and len(stretch):
        text += f"（力争{as_written(stretch.iloc[0])}）"
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
    direction = _direction(a, b)
    arrow = f"{as_written(a)} → {as_written(b)}"
    if direction == "unchanged" and a["kind"] == "qualitative":
        return "持平（定性）"
    return f"{DIRECTION_WORDS[direction]}：{arrow}"


def target_tables(plans: PlanTables, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables of the targets analysis, by name; `tables` holds those built before (matches)."""
    targets = extract_targets(plans.items)
    pairs = all_pairs(targets, plans.items, tables.get("matches"), plans.years)
    return {
        "targets": targets,
        "target_changes": target_changes(targets, pairs),
        "headline_targets": headline_targets(targets, plans.items, pairs, plans.years),
    }


# --- notebook helpers -------------------------------------------------------------------------


def change_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """Per pair of years: how many targets rose, fell, held, could not be compared, or appear in one year only."""
    counts = changes.groupby(["year_from", "year_to", "direction"]).size().unstack(fill_value=0)
    return counts.reindex(columns=list(DIRECTIONS), fill_value=0).reset_index()
