"""Chinese word segmentation with jieba, loaded once per process with the domain dictionary.

jieba's dictionary load costs about a second, so the tokenizer is built lazily
and cached; the domain dictionary (programme names, slogans, bodies) ships in
`resources/domain_dict.txt` and is written without a BOM, which jieba rejects.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
from collections.abc import Iterator
from functools import lru_cache

from analysis.paths import DOMAIN_DICT
from analysis.text.vocabulary import vocabulary


@contextlib.contextmanager
def _not_installed(module: str) -> Iterator[None]:
    """Imports inside find `module` missing (None in sys.modules reads as "not installed"); afterwards it
    can be imported again. Nothing changes when it is loaded already."""
    if module in sys.modules:
        yield
        return
    sys.modules[module] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        del sys.modules[module]


# jieba imports setuptools' deprecated pkg_resources (up to a quarter of a second) only to open its own dictionary
# files, and opens them by path when that import fails.
with _not_installed("pkg_resources"):
    import jieba

MODIFIER_MARK = "的"  # 更加优越的自然环境: what precedes it qualifies what follows

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The shared jieba word tokenizer, with the domain dictionary loaded (once)."""
    base = jieba.Tokenizer()
    base.initialize()
    if DOMAIN_DICT.exists():
        with DOMAIN_DICT.open("rb") as handle:  # jieba leaves a path's file open
            base.load_userdict(handle)
    # The dictionary is half a million long-lived objects: leave them out of every later garbage collection.
    gc.freeze()
    return base


@lru_cache(maxsize=4096)
def title_terms(title: str) -> frozenset[str]:
    """Topic words of a short title: the words of what it is about — the phrase after its last 的
    (打造更加优越的自然环境 is about 自然环境), else the whole title — with the parts of compounds, generic
    policy words (推进, 加快 …, the list the matcher ignores) left out.

    `优质服务` also yields `优质` and `服务`, so a row that names only a part still counts. (This replaces
    part-of-speech tagging, whose tag table cost a third of a second to load, with the same choices here.)
    """
    topic = title.rsplit(MODIFIER_MARK, 1)[-1] or title
    generic = generic_words()
    return frozenset(w for w in tokenizer().cut_for_search(topic) if len(w) >= 2 and w not in generic)


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Policy verbs, intensifiers and counters nearly every item carries (resources/vocabulary.toml)."""
    return frozenset(vocabulary("match")["generic_words"].split())
