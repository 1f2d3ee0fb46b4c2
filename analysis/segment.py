"""Chinese word segmentation with jieba, loaded once per process with the domain dictionary.

jieba's dictionary load costs about a second, so the tokenizer is built lazily
and cached; the domain dictionary (programme names, slogans, bodies) ships in
`resources/domain_dict.txt` and is written without a BOM, which jieba rejects.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg

from analysis.paths import RESOURCES_DIR

DOMAIN_DICT = RESOURCES_DIR / "domain_dict.txt"
# Part-of-speech tags that carry a topic: nouns, verbal nouns, set phrases, abbreviations.
TOPIC_TAGS = ("n", "vn", "l", "j")

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.posseg.POSTokenizer:
    """The shared jieba tokenizer, with the domain dictionary loaded (once)."""
    base = jieba.Tokenizer()
    base.initialize()
    if DOMAIN_DICT.exists():
        with DOMAIN_DICT.open("rb") as handle:  # jieba leaves a path's file open
            base.load_userdict(handle)
    return jieba.posseg.POSTokenizer(base)


def words(text: str) -> list[str]:
    """Segment text into words (no filtering)."""
    return list(tokenizer().tokenizer.cut(text))


@lru_cache(maxsize=4096)
def title_terms(title: str) -> frozenset[str]:
    """Topic words of a short title: nouns and noun phrases, with the parts of compounds.

    `优质服务` also yields `优质` and `服务`, so a row that names only a part still counts.
    """
    tok = tokenizer()
    terms: set[str] = set()
    for pair in tok.cut(title):
        if pair.flag.startswith(TOPIC_TAGS):
            terms.update(w for w in tok.tokenizer.cut_for_search(pair.word) if len(w) >= 2)
    return frozenset(terms)
