"""What an item is about: its key terms (jieba words minus generic policy words) and its clauses."""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.text.segment import generic_words, tokenizer
from analysis.text.vocabulary import longest_first, vocabulary

GENERIC_WORDS = generic_words()
# Longest written form first, so 国家级高新技术产业开发区 is not read as 国家级 + 高新技术产业开发区.
ABBREVIATIONS: tuple[tuple[str, str], ...] = tuple(
    sorted(vocabulary("match")["abbreviations"].items(), key=lambda pair: -len(pair[0]))
)
# A number followed by a unit the targets module counts in (个, 万, 公里 …), or by 年 / 月 (a date or a span of
# time), is a quantity: masked as #.
_UNITS = vocabulary("targets")
MAGNITUDES = "".join(_UNITS["magnitudes"])
UNITS = "|".join(longest_first([*_UNITS["classifiers"], *_UNITS["persons"], *_UNITS["measures"], "％", "年", "月"]))
MEASURED_NUMBER = re.compile(rf"\d+(?:\.\d+)?(?=[{MAGNITUDES}]|{UNITS})")
# What is left of a quantity once its number is masked (1万个 → 万个, 16亿元 → 亿元) says how much, not what.
NOT_A_TERM = re.compile(rf"[\W_#]+|\w|[{MAGNITUDES}]+(?:{UNITS})?")
CLAUSE_BREAK = re.compile(r"[。；;，,、：:]")
PHRASE_BREAK = re.compile(r"[。；;，,：:]")  # as CLAUSE_BREAK, but a list joined by 、 stays one phrase
MIN_CLAUSE_CHARS = 4
# A numbered abbreviation names a programme by its parts, each a numeral and a character (“一厅三片”: one 厅, three
# 片). Its parts are terms of their own, so the programme is found when its list grows (“一厅、一城、一片、双镇、多园”,
# whose parts jieba keeps). It stands alone, as its quotes set it off: not inside a run of words (长三角一体化).
ABBREVIATION_NUMERALS = "一二两双三四五六七八九十多"
NUMBERED_ABBREVIATION = re.compile(
    rf"(?<![\u4e00-\u9fff])(?:[{ABBREVIATION_NUMERALS}][^\W\d{ABBREVIATION_NUMERALS}]){{2,}}(?![\u4e00-\u9fff])"
)


def as_matched(text: str) -> str:
    """An item's text as the matcher reads it: one form for a name written short or long (`ABBREVIATIONS`)."""
    for written, matched in ABBREVIATIONS:
        if written in text:
            text = text.replace(written, matched)
    return text


def mask_numbers(text: str) -> str:
    """Quantities as '#', so 4家 and 5家 read alike (the change shows in the redline instead).

    Numbers that are names (“55352”工程, 318国道, 5G) are kept: they identify the task.
    """
    return MEASURED_NUMBER.sub("#", text)


def clauses(text: str) -> list[str]:
    """An item's clauses: long items bundle several tasks, and one shared clause can carry a task over."""
    parts = [c for c in CLAUSE_BREAK.split(mask_numbers(text)) if len(c) >= MIN_CLAUSE_CHARS]
    return parts or [mask_numbers(text)]


@lru_cache(maxsize=65536)
def phrases(text: str) -> tuple[str, ...]:
    """An item's clauses as written, numbers kept and lists joined by 、 whole: what a reader quotes."""
    parts = tuple(p.strip() for p in PHRASE_BREAK.split(text) if len(p.strip()) >= MIN_CLAUSE_CHARS)
    return parts or (text.strip(),)


@lru_cache(maxsize=65536)
def key_terms(text: str) -> tuple[str, ...]:
    """Distinct key terms of an item: jieba words and the parts of compounds, minus generic words.

    jieba cuts each run of characters between punctuation on its own, so an item's terms are its clauses'
    terms in order: each clause is cut once, for the item and for the clause comparisons alike.
    """
    seen: dict[str, None] = {}
    for piece in CLAUSE_BREAK.split(mask_numbers(text)):
        seen.update(dict.fromkeys(_piece_terms(piece)))
    return tuple(seen)


@lru_cache(maxsize=65536)
def _piece_terms(piece: str) -> tuple[str, ...]:
    """Key terms of a text without clause breaks, in order, repeats kept once: the parts of a numbered
    abbreviation first, then jieba's words."""
    seen: dict[str, None] = {}
    for match in NUMBERED_ABBREVIATION.finditer(piece):
        name = match.group()
        seen.update(dict.fromkeys(name[k : k + 2] for k in range(0, len(name), 2)))
    for word in tokenizer().cut_for_search(piece):
        word = word.strip()
        if len(word) >= 2 and word not in GENERIC_WORDS and not NOT_A_TERM.fullmatch(word):
            seen.setdefault(word, None)
    return tuple(seen)
