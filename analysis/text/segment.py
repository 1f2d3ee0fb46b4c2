"""Chinese word segmentation with jieba, loaded once per process with the domain dictionary.

jieba's dictionary load costs about a second, so the tokenizer is built lazily
and cached; the domain dictionary (programme names, slogans, bodies) ships in
`resources/domain_dict.txt` and is written without a BOM, which jieba rejects.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

import jieba

from analysis.paths import DOMAIN_DICT

# Part-of-speech tags that carry a topic: nouns, verbal nouns, set phrases, abbreviations.
TOPIC_TAGS = ("n", "vn", "l", "j")

if TYPE_CHECKING:
    import jieba.posseg

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The shared jieba word tokenizer, with the domain dictionary loaded (once)."""
    base = jieba.Tokenizer()
    base.initialize()
    if DOMAIN_DICT.exists():
        with DOMAIN_DICT.open("rb") as handle:  # jieba leaves a path's file open
            base.load_userdict(handle)
    return base


@lru_cache(maxsize=1)
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """Part-of-speech tagging over the shared tokenizer.

    `jieba.posseg` reads the main dictionary's tag table at import (about a second), and its
    constructor would read it again; over the same main dictionary the loaded table is reused.
    """
    import jieba.posseg

    base = tokenizer()
    if base.dictionary != jieba.dt.dictionary:
        return jieba.posseg.POSTokenizer(base)
    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = base
    tagger.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)  # the domain words' tags are added on first cut
    return tagger


@lru_cache(maxsize=4096)
def title_terms(title: str) -> frozenset[str]:
    """Topic words of a short title: nouns and noun phrases, with the parts of compounds.

    `优质服务` also yields `优质` and `服务`, so a row that names only a part still counts.
    """
    terms: set[str] = set()
    for pair in pos_tokenizer().cut(title):
        if pair.flag.startswith(TOPIC_TAGS):
            terms.update(w for w in tokenizer().cut_for_search(pair.word) if len(w) >= 2)
    return frozenset(terms)
