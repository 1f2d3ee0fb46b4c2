"""How a continued or related pair reads side by side: shared key terms, a word-level redline, and
the numbers that changed (paired by what they count).

The redline is stored as text markup, `[-removed-]{+added+}` then `（数字：地区生产总值增长6%→5%）`; `parse_redline`
reads it back into runs, so every view (HTML, workbook rich text) shows exactly the stored redline.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from analysis.match.terms import CLAUSE_BREAK, PHRASE_BREAK, key_terms
from analysis.targets.extract import HORIZON, PREFIX_QUALIFIERS, UNITS, leading_verb
from analysis.targets.scope import counted, stock_and_flow, unit_kind
from analysis.text.segment import tokenizer

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A number with the unit written after it (the targets' units): 6%、4家、150兆瓦、5.8亿美元.
QUANTITY = re.compile(r"\d+(?:\.\d+)?(?:%|％|[万亿千百]?(?:" + "|".join(map(re.escape, UNITS)) + "))?")
# The redline markup: [-removed-] and {+added+}.
REDLINE_MARK = re.compile(r"\[-(?P<old>.*?)-\]|\{\+(?P<new>.*?)\+\}", re.DOTALL)
CONTEXT_CHARS = 16  # characters before a quantity that say what it counts (never across a clause break)
LIST_CHARS = 64  # how far back a 、 list's verb is looked for (新增高新技术企业160家左右、…、“瞪羚”企业50家)
THRESHOLD_MARKS = ("以下", "以上")  # 3万元以下工业企业: a measure then one of these then a noun sizes that noun
QUOTE_MARKS = str.maketrans("", "", '“”‘’"')
BARE_CHARS = 2  # words before a quantity this short (推动, 完成) name nothing: the words after it do
MIN_CONTEXT_SIMILARITY = 50  # rapidfuzz ratio (0–100) for two quantities to count the same thing


def shared_terms(text_from: str, text_to: str) -> str:
    """Key terms both texts contain, longest first, parts of a longer shared term left out."""
    common = set(key_terms(text_from)) & set(key_terms(text_to))
    kept: list[str] = []
    for term in sorted(common, key=lambda t: (-len(t), t)):
        if not any(term in longer for longer in kept):
            kept.append(term)
    return "、".join(kept)


class _Quantity(NamedTuple):
    text: str  # 35个
    counts: str  # the words just before it, back to the clause break or quantity before: 新建“口袋公园”
    phrase: str  # the same back to the phrase break, so a verb before a 、 list stays: 引进、建设独立研发机构
    follows: str  # the words after it, to the clause break: 完成8座农贸市场改造提升 → 农贸市场改造提升
    threshold: str  # 以下 / 以上 when the measure says which things are meant (3万元以下工业企业), else ""
    list_verb: str  # the verb a 、 list it stands in starts with, when its own words have none: 新增 for 瞪羚企业50家
    name: str  # the words that name it: back to the clause break or the quantity before, however far


@lru_cache(maxsize=65536)
def _quantities(text: str) -> tuple[_Quantity, ...]:
    """Each quantity with what it counts (建成特色康居乡村85个、特色精品乡村3个: 特色精品乡村), and whether it
    is a threshold (淘汰亩均税收3万元以下工业企业: the 3万元 says which firms, it is no result). Read once per
    text, however many pairs it is in."""
    found, previous_end = [], 0
    for m in QUANTITY.finditer(text):
        before = text[max(previous_end, m.start() - CONTEXT_CHARS) : m.start()]
        after = text[m.end() : m.end() + 3]  # 以下 / 以上 and the character after it
        sizes_a_noun = len(after) == 3 and after.startswith(THRESHOLD_MARKS) and not CLAUSE_BREAK.match(after[2])
        threshold = after[:2] if sizes_a_noun and unit_kind(NUMBER.sub("", m.group(0))) != "count" else ""
        follows = CLAUSE_BREAK.split(text[m.end() : m.end() + CONTEXT_CHARS])[0]
        counts, phrase = (part.split(before)[-1] for part in (CLAUSE_BREAK, PHRASE_BREAK))
        whole_list = PHRASE_BREAK.split(text[max(0, m.start() - LIST_CHARS) : m.start()])[-1]
        list_verb = leading_verb(whole_list) if "、" in whole_list and not leading_verb(counts) else ""
        name = CLAUSE_BREAK.split(text[previous_end : m.start()])[-1]
        found.append(_Quantity(m.group(0), counts, phrase, follows, threshold, list_verb, name))
        previous_end = m.end()
    return tuple(found)


def _same_unit(old_quantity: str, new_quantity: str) -> bool:
    """Whether two quantities are in one unit; counting words count alike (学校12个 → 6所, 农贸市场8座 → 5个)."""
    old_unit, new_unit = NUMBER.sub("", old_quantity), NUMBER.sub("", new_quantity)
    return unit_kind(old_unit) == unit_kind(new_unit)


def _same_scope(old_context: str, new_context: str) -> bool:
    """Whether two quantities count at the same level (省级, 省级以上 …), over the same horizon (this year,
    未来五年), and both a stock or both a flow (有效高新技术企业数量 is not 新增高新技术企业): the targets
    section's reading of what a target counts."""
    return (
        counted(old_context)[0] == counted(new_context)[0]
        and bool(HORIZON.search(old_context)) == bool(HORIZON.search(new_context))
        and not stock_and_flow(old_context, new_context)
    )


def number_changes(text_from: str, text_to: str) -> list[str]:
    """Quantities that changed, each named by what it counts in the later text: ['地区生产总值增长6%→5%',
    '争创省级特色田园乡村3个→2个'].

    An old and a new quantity pair up only if they share a unit and what they count reads alike
    (the words before them), best-matching first; a long item's 35个 口袋公园 is thus compared
    with 21个 口袋公园, not with 17个 老旧小区 that happens to come first. Quantities that stayed the same
    pair up too (精品乡村3个 with 精品乡村3个), so an unchanged 3个 is not read as the old value of another. Two
    quantities of different levels or horizons never pair (省专精特新企业20家 is not the old value of 省级以上…
    60家), nor a stock with a flow (引进、建设…8家 is not the old value of 累计超40家), as the targets section
    judges them not comparable; a threshold pairs only with a threshold (亩均税收3万元以下 → 5万元以下 企业).
    """
    old, new = _quantities(text_from), _quantities(text_to)
    candidates = sorted(
        (
            (fuzz.ratio(a.counts, b.counts), i, j)
            for i, a in enumerate(old)
            for j, b in enumerate(new)
            if a.threshold == b.threshold and _same_unit(a.text, b.text) and _same_scope(a.phrase, b.phrase)
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    paired: dict[int, int] = {}
    for similarity, i, j in candidates:
        if similarity >= MIN_CONTEXT_SIMILARITY and i not in paired and j not in paired.values():
            paired[i] = j
    return [_named(old[i], new[j]) for i, j in sorted(paired.items()) if old[i].text != new[j].text]


def _named(old: _Quantity, new: _Quantity) -> str:
    """'新建便民健身步道20公里→10公里', named by the later text's words before the quantity; where those are only
    a verb, the words after it name the thing (完成5个农贸市场改造提升: '完成农贸市场改造提升8座→5个'). Where the
    two texts name different things, each is named ('培训新型职业农民超800人次→培训高素质农民超1000人次'); a
    verb alone changing is the redline's to show. A threshold reads with what it sizes:
    '实现亩均税收3万元以下→5万元以下企业基本清零'; a member of a 、 list takes the list's verb: '新增“瞪羚”企业30家→50家'."""
    if new.threshold:
        return f"{new.counts}{old.text}{old.threshold}→{new.text}{new.follows}"
    named_old, named_new = _name(old), _name(new)
    if _thing(named_old) != _thing(named_new):
        return f"{named_old}{old.text}→{named_new}{new.text}"
    return f"{named_new}{old.text}→{new.text}"


def _name(q: _Quantity) -> str:
    """What a quantity counts, in its text's words (a bare verb, qualifiers aside, takes the words after it)."""
    bare = q.name
    for word in PREFIX_QUALIFIERS:
        bare = bare.removesuffix(word)
    says_little = len(bare) <= BARE_CHARS or leading_verb(bare) == bare  # 推动不少于60处学校…: the words after
    words = bare + q.follows if bare and says_little else q.name
    return q.list_verb + words


def _thing(name: str) -> str:
    """A name without its verbs, qualifiers and quotation marks: what two names must share to be one thing."""
    core = name.translate(QUOTE_MARKS)
    while (verb := leading_verb(core)) and len(core) > len(verb):
        core = core[core.find(verb) + len(verb) :]
    for word in PREFIX_QUALIFIERS:
        core = core.removesuffix(word)
    return core


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    """jieba words of a text, segmented once however many pairs it appears in."""
    return tuple(tokenizer().cut(text))


@lru_cache(maxsize=1024)
def _matcher_to(text_to: str) -> difflib.SequenceMatcher:
    """A word-level matcher with the later text's index built once, for every earlier text it is paired with."""
    return difflib.SequenceMatcher(None, (), _words(text_to), autojunk=False)


def _diff_ops(text_from: str, text_to: str) -> list[tuple[str, str, str]]:
    """(op, old, new) runs of a word-level diff (jieba words, so numbers and names change whole)."""
    a, b = _words(text_from), _words(text_to)
    matcher = _matcher_to(text_to)
    matcher.set_seq1(a)
    return [(op, "".join(a[i1:i2]), "".join(b[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def redline(text_from: str, text_to: str) -> str:
    """Wording change as text, `[-removed-]{+added+}`, then the numbers that changed, each named
    ('数字：地区生产总值增长6%→5%')."""
    parts = []
    for op, old, new in _diff_ops(text_from, text_to):
        if op == "equal":
            parts.append(old)
            continue
        parts.append((f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else ""))
    text = "".join(parts)
    changes = number_changes(text_from, text_to)
    return text + (f"（数字：{'，'.join(changes)}）" if changes else "")


def parse_redline(markup: str) -> list[tuple[str, str]]:
    """The runs of a stored redline: ('same' | 'removed' | 'added', text), in order, empty runs left out."""
    runs: list[tuple[str, str]] = []
    position = 0
    for mark in REDLINE_MARK.finditer(markup):
        runs.append(("same", markup[position : mark.start()]))
        runs.append(("removed", mark.group("old")) if mark.group("old") is not None else ("added", mark.group("new")))
        position = mark.end()
    runs.append(("same", markup[position:]))
    return [(kind, text) for kind, text in runs if text]
