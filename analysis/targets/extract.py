"""Quantitative targets of every item: numeric, deadline, and headline statements without a number.

Analysts read these plans for their numbers. Targets are found by rule, from what surrounds a number
(governing words, verb, unit, qualifier), never from a list of one year's exceptions: a number with
no unit, inside quotation marks, touching Latin letters or a plus sign is part of a name; a
Chinese-numeral quantity counts only when a verb governs it; a measure followed by the noun it sizes
is a scope, not a target. Text is NFKC-normalized for matching (Chinese punctuation and Roman numerals kept,
`AS_WRITTEN`) while spans still point into the original text. The words the rules read are in `resources/vocabulary.toml` (section `targets`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analysis.registry import make_frame
from analysis.text.numerals import cn_number
from analysis.text.vocabulary import longest_first, vocabulary
from analysis.tidy.chapters import is_headline

WORDS = vocabulary("targets")
THIS_YEAR = "this_year"

# Counting classifiers: the number counts the noun they measure (comparable with each other).
CLASSIFIERS: tuple[str, ...] = tuple(WORDS["classifiers"])
PERSONS: tuple[str, ...] = tuple(WORDS["persons"])
MEASURES: tuple[str, ...] = tuple(WORDS["measures"])
UNITS = longest_first(CLASSIFIERS + PERSONS + MEASURES)
# The one table that scales 万/亿.
MAGNITUDES: dict[str, float] = dict(WORDS["magnitudes"])

NUM = r"\d+(?:\.\d+)?"
CN_DIGITS = "〇零一二两三四五六七八九十百千"
QUANTITY = re.compile(
    rf"(?P<num>(?P<low>{NUM})(?:\s*[-~—–至]\s*(?P<high>{NUM}))?|(?P<cn>[{CN_DIGITS}]+))"
    rf"(?P<mag>[{''.join(MAGNITUDES)}])?(?P<unit>{'|'.join(map(re.escape, UNITS))})(?P<rate>/[日天年])?"
    rf"(?P<suffix>{'|'.join(WORDS['suffix_modifiers'])})?"
)
DEADLINE = re.compile(r"(?P<month>\d{1,2}|[一二三四五六七八九十]+)月(?P<part>底|末|中旬|上旬|下旬)?(?P<before>之?前)")
HORIZON = re.compile(rf"(?:未来|今后)[{CN_DIGITS}\d]+年|到20\d\d年(?:底|末)?")

CLAUSE_END = "，。；：！？,;:!?"
SENTENCE_END = "。；;!?！？"
QUOTES = "“”‘’\"'《》「」"
# Qualifier words written before the number, longest first (all are stripped from the indicator).
PREFIX_QUALIFIERS: tuple[str, ...] = tuple(WORDS["prefix_qualifiers"])
MODIFIER_OF_PREFIX: dict[str, str] = dict(WORDS["prefix_modifiers"])
MODIFIER_OF_SUFFIX: dict[str, str] = dict(WORDS["suffix_modifiers"])
# Verbs that bring an indicator to a level: part of the sentence, not of the indicator's name.
LEVEL_VERBS: tuple[str, ...] = tuple(WORDS["level_verbs"])
CHANGE_VERBS: tuple[str, ...] = tuple(WORDS["change_verbs"])
LEADING_NOISE: tuple[str, ...] = tuple(WORDS["leading_noise"])
VERB_NOISE: tuple[str, ...] = tuple(WORDS["verb_noise"])
VERBS = longest_first(WORDS["verbs"])
PROGRESS_VERBS: tuple[str, ...] = tuple(WORDS["progress_verbs"])
SIZE_MARKS: tuple[str, ...] = longest_first(WORDS["size_marks"])
RESULT_ENDS: tuple[str, ...] = tuple(WORDS["result_ends"])
LIST_END = "等"  # closes a list of names: 恒力、盛虹等243个项目
ZERO_WORDS: tuple[str, ...] = tuple(WORDS["zero_words"])
COVERAGE_WORDS: tuple[str, ...] = tuple(WORDS["coverage_words"])
WHOLE_RE = re.compile(
    rf"(?P<qualifier>{'|'.join(map(re.escape, WORDS['whole_qualifiers']))})?"
    rf"(?P<word>{'|'.join(map(re.escape, ZERO_WORDS + COVERAGE_WORDS))})"
)
ASSIGNED = WORDS["assigned_predicate"]
# Predicates of chapter-one statements given without a number.
QUALITATIVE_PREDICATES: tuple[str, ...] = tuple(WORDS["qualitative_predicates"])
STRIVE = re.compile(r"(?<![全努])力争")  # 力争 "strive for", not 全力争取


@dataclass
class _Found:
    start: int  # in normalized text
    end: int
    record: dict


# Characters kept as the plan writes them: Chinese punctuation and Roman numerals read the same either way, and an
# indicator shown to a reader keeps them (村（社区）, 优于Ⅲ类), where full-width digits and ％ become 5 and %.
AS_WRITTEN = frozenset("（）：；，、") | frozenset(chr(c) for c in range(0x2160, 0x2180))


@lru_cache(maxsize=4096)
def normalize_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """NFKC text plus, for each normalized character, the index of the original character it came from (kept
    for the next reader of the same item: each kind of target reads it)."""
    out, index = [], []
    for i, ch in enumerate(text):
        norm = ch if ch in AS_WRITTEN else unicodedata.normalize("NFKC", ch)
        out.append(norm)
        index += [i] * len(norm)
    return "".join(out), tuple(index)


def unquoted(words: str) -> str:
    """Words without their quotation marks (“智改数转” reads as 智改数转)."""
    return "".join(ch for ch in words if ch not in QUOTES)


def modifier(qualifiers: str) -> str:
    """The structured modifier of a `qualifiers` value ('around:左右' -> 'around')."""
    return str(qualifiers).split(":", 1)[0]


def _span(text: str, index: tuple[int, ...], start: int, end: int) -> str:
    """The original substring behind normalized [start, end)."""
    if start >= end:
        return ""
    return text[index[start] : index[end - 1] + 1]


def _clean_indicator(words: str) -> str:
    words = HORIZON.sub("", unquoted(words)).strip(" 、，,")
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
def leading_verb(words: str) -> str:
    words = unquoted(words)
    for noise in VERB_NOISE:
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


def _describes_what_follows(norm: str, m: re.Match, tail: str, prefix_words: list[str], clause_start: int) -> bool:
    """A number that describes the thing written right after it rather than a result committed to:
    the size of a fund (200亿元规模的基金), how many a named list holds (…产业园等4个集聚区, no verb governing
    it), or what work in progress is about (推进4个集聚区规划建设, 启动6.31公里综合管廊). A qualifier before the
    number (不少于, 超过) always makes it a commitment."""
    after = norm[m.end() : m.end() + max(len(w) for w in SIZE_MARKS)]
    if after.startswith(SIZE_MARKS):
        return True
    if norm[: m.start()].endswith(LIST_END) and not leading_verb(norm[clause_start : m.start()]):
        return True  # 加快盛泽印染产业园等4个集聚区建设: how many the named list holds, governed by no verb
    if not tail or any(w != "力争" for w in prefix_words):
        return False
    return leading_verb(norm[clause_start : m.start()]) in PROGRESS_VERBS


def _row(
    item_id: str,
    year: int,
    indicator: str,
    value: float | None,
    unit: str,
    qualifiers: str,
    kind: str,
    span: str,
    horizon: str = THIS_YEAR,
) -> dict:
    """One target as the targets table holds it (a single value, not a stretch one, in its own unit)."""
    return dict(
        item_id=item_id,
        year=year,
        indicator=indicator,
        value=value,
        value_high=None,
        unit=unit,
        scaled_value=value,
        base_unit=unit,
        qualifiers=qualifiers,
        is_stretch=False,
        horizon=horizon,
        kind=kind,
        span=span,
    )


def _whole_targets(item_id: str, year: int, text: str) -> list[dict]:
    """Bringing something to zero (亩均税收5万元以下企业基本清零, 全面淘汰亩均税收3万元以下工业企业: a target of 0) or
    covering every unit of it (托育机构区镇、街道全覆盖: a target of 100%), with what is cleared or covered.

    A word ending its clause or list entry takes the words before it, from the clause start or the previous
    such entry (实现村（社区）基层社会工作室全覆盖、区镇街道民生档案查询服务全覆盖 is two); a zero verb followed by
    words takes those (全面淘汰X)."""
    norm, index = normalize_with_map(text)
    rows = []
    entry_start = -1
    for m in WHOLE_RE.finditer(norm):
        clause_start, clause_end = clause_bounds(norm, m.start())
        word, ends_entry = m.group("word"), m.end() == clause_end or norm[m.end()] == "、"
        if ends_entry:
            start = max(clause_start, entry_start)
            what, span = norm[start : m.start()], (start, m.end())
            entry_start = m.end() + 1
        elif word in ZERO_WORDS:
            what, span = norm[m.end() : clause_end], (m.start(), clause_end)
        else:
            continue
        what = what.removeprefix("对")  # 对…的喷水织机一律淘汰
        sentence_start, _ = clause_bounds(norm, m.start(), SENTENCE_END)
        horizon = HORIZON.search(norm, sentence_start, m.start())
        covered = word in COVERAGE_WORDS
        rows.append(
            _row(
                item_id,
                year,
                _clean_indicator(what) + ("覆盖率" if covered else ""),
                100.0 if covered else 0.0,
                "%" if covered else "",
                ("point:" if covered else "at_most:") + (m.group("qualifier") or ""),
                "numeric",
                _span(text, index, *span),
                horizon.group(0) if horizon else THIS_YEAR,
            )
        )
    return rows


def _assigned_targets(item_id: str, year: int, text: str) -> list[dict]:
    """Outside chapter one, indicators committed to what the higher level sets (确保A、B、C等完成上级下达目标任务):
    one qualitative target each, worded as chapter one words them, so the same indicator is compared across
    chapters and years."""
    norm, index = normalize_with_map(text)
    rows = []
    for m in re.finditer(re.escape(ASSIGNED), norm):
        clause_start, clause_end = clause_bounds(norm, m.start())
        listed = norm[clause_start : m.start()].removesuffix("目标").removesuffix("等")
        if not listed:
            continue  # 完成上级下达的A、B目标任务 starts a chapter-one statement, read there
        ending = "目标任务" if norm[:clause_end].endswith("目标任务") else "任务"
        for entry in listed.split("、"):
            indicator = _clean_indicator(entry)
            if indicator:
                words = f"qualitative:{ASSIGNED}{ending}"
                span = _span(text, index, clause_start, clause_end)
                rows.append(_row(item_id, year, indicator, None, "", words, "qualitative", span))
    return rows


def clause_bounds(norm: str, pos: int, marks: str = CLAUSE_END) -> tuple[int, int]:
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
        clause_start, clause_end = clause_bounds(norm, m.start())
        if _is_name(norm, m) or _is_scope(norm, m, clause_end):
            continue
        previous = found[-1] if found and found[-1].end > clause_start else None
        seg_start = clause_start
        if previous:
            seg_start = previous.end
            while seg_start < m.start() and norm[seg_start] in "、和及":
                seg_start += 1
        head = norm[seg_start : m.start()]
        if previous is None and "、" in head:
            # 实现农村污水治理自然村全覆盖、村(社区)日间照料中心…覆盖率达100%: an entry before the 、 that is a result
            # of its own is no part of what this number measures
            before, own = head.rsplit("、", 1)
            if before.endswith(RESULT_ENDS) and own:
                seg_start = m.start() - len(own)
                head = own
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
        if _describes_what_follows(norm, m, tail, prefix_words, clause_start):
            continue
        if "等" in core:
            core = leading_verb(core) + core.rsplit("等", 1)[1]
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
        elif previous and not leading_verb(core):
            verb = leading_verb(norm[clause_start : m.start()])
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
        sentence_start, _ = clause_bounds(norm, m.start(), SENTENCE_END)
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
        _, clause_end = clause_bounds(norm, m.end())
        month = m.group("month")
        value = float(month) if month.isdigit() else cn_number(month)
        words = "月" + (m.group("part") or "") + m.group("before")
        indicator = _clean_indicator(norm[m.end() : clause_end])
        span = _span(text, index, m.start(), clause_end)
        rows.append(_row(item_id, year, indicator, value, "月", f"at_most:{words}", "deadline", span))
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
    if not predicate:  # no predicate read: the whole statement is its indicator and its words
        return [base | dict(indicator=_clean_indicator(norm), qualifiers=f"qualitative:{norm}")]
    indicator = _clean_indicator(norm[:pos] if pos else norm)
    return [base | dict(indicator=indicator, qualifiers=f"qualitative:{norm[pos:]}")]


def extract_targets(items: pd.DataFrame) -> pd.DataFrame:
    """Every target of every item (numeric, deadline, and chapter-one qualitative)."""
    headline = is_headline(items)
    rows = []
    for item, head in zip(items.itertuples(index=False), headline, strict=True):
        found = _numeric_targets(item.item_id, item.year, item.text)
        found += _deadline_targets(item.item_id, item.year, item.text)
        found += _whole_targets(item.item_id, item.year, item.text)
        if head and not found:
            found = _qualitative_targets(item.item_id, item.year, item.text)
        elif not head:
            found += _assigned_targets(item.item_id, item.year, item.text)
        rows += found
    return make_frame("targets", rows)
