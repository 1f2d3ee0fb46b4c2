"""How a continued or related pair reads side by side: shared key terms, a word-level redline, and
the numbers that changed (paired by what they count).

The redline is stored as text markup, `[-removed-]{+added+}` then `（数字：6%→5%）`; `parse_redline`
reads it back into runs, so every view (HTML, workbook rich text) shows exactly the stored redline.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from rapidfuzz import fuzz

from analysis.match.terms import CLAUSE_BREAK, key_terms
from analysis.targets.extract import HORIZON
from analysis.targets.scope import counted, stock_and_flow, unit_kind
from analysis.text.segment import tokenizer

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A number with the unit written after it: 6%、4家、150兆瓦、5.8亿美元.
QUANTITY = re.compile(
    r"\d+(?:\.\d+)?(?:%|％|[万亿千百]?(?:元|美元|人次|人|家|个|项|座|所|条|片|套|场|户|吨|斤|亩|公里|兆瓦|件|位|头))?"
)
# The redline markup: [-removed-] and {+added+}.
REDLINE_MARK = re.compile(r"\[-(?P<old>.*?)-\]|\{\+(?P<new>.*?)\+\}", re.DOTALL)
CONTEXT_CHARS = 16  # characters before a quantity that say what it counts (never across a clause break)
MIN_CONTEXT_SIMILARITY = 50  # rapidfuzz ratio (0–100) for two quantities to count the same thing


def shared_terms(text_from: str, text_to: str) -> str:
    """Key terms both texts contain, longest first, parts of a longer shared term left out."""
    common = set(key_terms(text_from)) & set(key_terms(text_to))
    kept: list[str] = []
    for term in sorted(common, key=lambda t: (-len(t), t)):
        if not any(term in longer for longer in kept):
            kept.append(term)
    return "、".join(kept)


def _quantities(text: str) -> list[tuple[str, str]]:
    """Each quantity with the words just before it, what it counts: [('35个', '新建“口袋公园”'), ...]. The words
    stop at a clause break or at the quantity before (建成特色康居乡村85个、特色精品乡村3个: 特色精品乡村)."""
    found, previous_end = [], 0
    for m in QUANTITY.finditer(text):
        before = text[max(previous_end, m.start() - CONTEXT_CHARS) : m.start()]
        found.append((m.group(0), CLAUSE_BREAK.split(before)[-1]))
        previous_end = m.end()
    return found


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
    """Quantities that changed: ['6%→5%', '35个→21个'].

    An old and a new quantity pair up only if they share a unit and what they count reads alike
    (the words before them), best-matching first; a long item's 35个 口袋公园 is thus compared
    with 21个 口袋公园, not with 17个 老旧小区 that happens to come first. Quantities that stayed the same
    pair up too (精品乡村3个 with 精品乡村3个), so an unchanged 3个 is not read as the old value of another. Two
    quantities of different levels or horizons never pair (省专精特新企业20家 is not the old value of 省级以上…
    60家), nor a stock with a flow, as the targets section judges them not comparable.
    """
    old, new = _quantities(text_from), _quantities(text_to)
    candidates = sorted(
        (
            (fuzz.ratio(old_context, new_context), i, j)
            for i, (old_q, old_context) in enumerate(old)
            for j, (new_q, new_context) in enumerate(new)
            if _same_unit(old_q, new_q) and _same_scope(old_context, new_context)
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    paired: dict[int, int] = {}
    for similarity, i, j in candidates:
        if similarity >= MIN_CONTEXT_SIMILARITY and i not in paired and j not in paired.values():
            paired[i] = j
    return [f"{old[i][0]}→{new[j][0]}" for i, j in sorted(paired.items()) if old[i][0] != new[j][0]]


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
    """Wording change as text, `[-removed-]{+added+}`, then the numbers that changed ('数字：6%→5%')."""
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
