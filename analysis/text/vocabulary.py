"""The words the rules read, from the analyst-editable `resources/vocabulary.toml`, loaded once.

Code asks for a section (`vocabulary("targets")`) and reads its lists; no word list is compiled
into a module, so a district that writes its plans differently edits one file.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from analysis.paths import VOCABULARY_TOML


@cache
def _all() -> dict[str, dict[str, Any]]:
    with VOCABULARY_TOML.open("rb") as handle:
        return tomllib.load(handle)


def vocabulary(section: str) -> dict[str, Any]:
    """One section of the vocabulary file (table, units, chapters, match, targets)."""
    return _all()[section]


def longest_first(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Words ordered longest first (stable), so a pattern or prefix test prefers 个百分点 over 个."""
    return tuple(sorted(words, key=len, reverse=True))
