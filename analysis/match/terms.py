"""What an item is about: its key terms (jieba words minus generic policy words) and its clauses."""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.text.segment import generic_words, tokenizer
from analysis.text.vocabulary import vocabulary

GENERIC_WORDS = generic_words()
# Longest written form first, so 国家级高新技术产业开发区 is not read as 国家级 + 高新技术产业开发区.
ABBREVIATIONS: tuple[tuple[str, str], ...] = tuple(
    sorted(vocabulary("match")["abbreviations"].items(), key=lambda pair: -len(pair[0]))
)
NOT_A_TERM = re.compile(r"[\W_#]+|\w")
MEASURED_NUMBER = re.compile(r"\d+(?:\.\d+)?(?=[%％万亿千百个家项座所条件人套元公里兆瓦亩吨头斤位场户次年月])")
CLAUSE_BREAK = re.compile(r"[。；;，,、：:]")
PHRASE_BREAK = re.compile(r"[。；;，,：:]")  # as CLAUSE_BREAK, but a list joined by 、 stays one phrase
MIN_CLAUSE_CHARS = 4


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
    """Key terms of a text without clause breaks, in order, repeats kept once."""
    seen: dict[str, None] = {}
    for word in tokenizer().cut_for_search(piece):
        word = word.strip()
        if len(word) >= 2 and word not in GENERIC_WORDS and not NOT_A_TERM.fullmatch(word):
            seen.setdefault(word, None)
    return tuple(seen)
